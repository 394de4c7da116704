// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apiclient.h"
#include "kube/credentialsource.h"

#include "testhttpresponder.h"

#include <QSignalSpy>
#include <QTimer>

// Shared by the transport tests: an endpoint for a local responder, a credential source that
// hands out scripted tokens instead of running a plugin, and a way to wait for one reply.
namespace testapi {

// What an API server answers to a bad bearer token.
inline const QByteArray UnauthorizedStatus = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
                                             R"("message":"Unauthorized","reason":"Unauthorized","code":401})";

inline minato::kube::ClusterEndpoint endpointFor(
    const QByteArray& baseUrl, const QString& name = QStringLiteral("local"))
{
    minato::kube::ClusterEndpoint endpoint;
    endpoint.name = name;
    endpoint.credentialKey = name;
    endpoint.server = QUrl(QString::fromLatin1(baseUrl));
    return endpoint;
}

inline minato::kube::ExecConfig fakePlugin()
{
    minato::kube::ExecConfig config;
    config.command = QStringLiteral("/usr/local/bin/fake-credential-plugin");
    config.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
    config.interactiveMode = QStringLiteral("Never");
    return config;
}

// Answers the n-th request with tokens[n] (the last one repeats), later, from the event loop.
class FakeCredentialSource : public minato::kube::CredentialSource
{
    Q_OBJECT
public:
    QList<QByteArray> tokens;
    std::optional<minato::KubeError> failure;
    int requests = 0;
    QStringList invalidated;

    void request(const QString& key, const minato::kube::ExecConfig&, const minato::kube::ClusterEntry&) override
    {
        const qsizetype index = std::min<qsizetype>(requests, tokens.size() - 1);
        ++requests;
        const QByteArray token = tokens.value(index);
        QTimer::singleShot(0, this, [this, key, token] {
            if (failure) {
                Q_EMIT credentialFailed(key, *failure);
                return;
            }
            minato::kube::ExecCredential credential;
            credential.token = token;
            Q_EMIT credentialAvailable(key, credential);
        });
    }
    void invalidate(const QString& key) override { invalidated << key; }
};

// The single reply a spy caught, after waiting for it.
inline minato::kube::ApiReply onlyReply(QSignalSpy& spy)
{
    if (spy.isEmpty() && !spy.wait(10000))
        return {};
    return spy.takeFirst().at(0).value<minato::kube::ApiReply>();
}

inline QString describe(const minato::kube::ApiReply& reply)
{
    if (!reply.error)
        return QStringLiteral("ok, HTTP %1").arg(reply.httpStatus);
    return minato::errorKindName(reply.error->kind) + QStringLiteral(": ") + reply.error->message + QStringLiteral(" (")
        + reply.error->detail + QLatin1Char(')');
}

} // namespace testapi
