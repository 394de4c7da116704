// SPDX-License-Identifier: Apache-2.0
// The production credential path end to end: a real exec plugin (a shell script) run by
// ExecCredentialSource/ExecCredentialProvider, its token sent by the ApiClient, and on a 401
// the plugin run again and the request retried once.
#include "kube/apiclient.h"
#include "kube/execcredentialsource.h"

#include "testapifixture.h"
#include "testhttpresponder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::kube;
using namespace testapi;

namespace {

// Prints token-1, token-2 … on successive runs, counting in a file beside it.
bool writeCountingPlugin(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("#!/bin/sh\n"
               "dir=$(dirname \"$0\")\n"
               "n=$(cat \"$dir/runs\" 2>/dev/null || echo 0)\n"
               "n=$((n + 1))\n"
               "echo \"$n\" > \"$dir/runs\"\n"
               "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
               "\"status\":{\"token\":\"token-%s\"}}\\n' \"$n\"\n");
    file.close();
    return file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

} // namespace

class TestExecCredentialSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ApiReply>(); }

    void pluginTokenIsSentAndRefreshedOn401()
    {
        QTemporaryDir dir;
        const QString plugin = dir.filePath(QStringLiteral("credential-plugin"));
        QVERIFY(writeCountingPlugin(plugin));

        TestHttpResponder server;
        QVERIFY(server.listen());
        // The first token the plugin hands out has "expired" on the server.
        server.setHandler([](const TestHttpResponder::Request& request, QTcpSocket* socket) {
            if (request.header("Authorization") == "Bearer token-2")
                socket->write(TestHttpResponder::response(200, R"({"kind":"PodList","items":[]})"));
            else
                socket->write(TestHttpResponder::response(401, UnauthorizedStatus));
        });

        ExecCredentialSource source;
        ApiClient client;
        client.setCredentialSource(&source);
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Exec;
        endpoint.exec = fakePlugin();
        endpoint.exec->command = plugin;
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);

        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QVERIFY(reply.retriedAfterAuthRefresh);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().at(0).header("Authorization"), QByteArray("Bearer token-1"));
        QCOMPARE(server.requests().at(1).header("Authorization"), QByteArray("Bearer token-2"));

        // Cached from now on: no third plugin run.
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        QVERIFY(onlyReply(replies).isOk());
        QFile runs(dir.filePath(QStringLiteral("runs")));
        QVERIFY(runs.open(QIODevice::ReadOnly));
        QCOMPARE(runs.readAll().trimmed(), QByteArray("2"));
    }

    void missingPluginIsCredentialsError()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        ExecCredentialSource source;
        ApiClient client;
        client.setCredentialSource(&source);
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Exec;
        endpoint.exec = fakePlugin();
        endpoint.exec->command = QStringLiteral("/nonexistent/minato-test-plugin");
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Credentials);
        QCOMPARE(server.connectionCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestExecCredentialSource)
#include "tst_execcredentialsource.moc"
