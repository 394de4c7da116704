// SPDX-License-Identifier: Apache-2.0
#include "kube/apierror.h"

#include <QFile>
#include <QTest>

#include <curl/curl.h>

using namespace minato;
using namespace minato::kube;

namespace {

QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(MINATO_TEST_DATA_DIR "/apistatus/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}

const QDateTime Now = QDateTime(QDate(2025, 3, 14), QTime(12, 0, 0), Qt::UTC);

} // namespace

class TestApiError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void success_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("200") << 200;
        QTest::newRow("201") << 201;
        QTest::newRow("204") << 204;
    }
    void success()
    {
        QFETCH(int, status);
        TransferOutcome outcome;
        outcome.httpStatus = status;
        outcome.body = R"({"kind":"PodList","items":[]})";
        QVERIFY(!toKubeError(outcome, Now));
    }

    void httpStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QByteArray>("retryAfterHeader");
        QTest::addColumn<ErrorKind>("kind");
        QTest::addColumn<QString>("messageStart");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<int>("retryAfter");

        QTest::newRow("401") << 401 << "unauthorized.json" << QByteArray() << ErrorKind::Unauthorized << "Unauthorized"
                             << "Unauthorized" << 0;
        QTest::newRow("403") << 403 << "forbidden.json" << QByteArray() << ErrorKind::Forbidden
                             << "pods is forbidden: User \"system:serviceaccount:default:viewer\""
                             << "Forbidden" << 0;
        QTest::newRow("404-object") << 404 << "notfound.json" << QByteArray() << ErrorKind::NotFound
                                    << "pods \"nginx-7c5ddbdf54-x2x8q\" not found"
                                    << "NotFound" << 0;
        QTest::newRow("404-group") << 404 << "notfound-group.json" << QByteArray() << ErrorKind::NotFound
                                   << "the server could not find the requested resource"
                                   << "NotFound" << 0;
        QTest::newRow("404-plain-text") << 404 << "notfound-plain.txt" << QByteArray() << ErrorKind::NotFound
                                        << "The API server answered HTTP 404"
                                        << "404 page not found" << 0;
        QTest::newRow("410-continue-expired") << 410 << "expired-continue.json" << QByteArray() << ErrorKind::Gone
                                              << "The provided continue parameter is too old"
                                              << "Expired" << 0;
        QTest::newRow("429-header-wins") << 429 << "toomanyrequests.json" << QByteArray("7") << ErrorKind::Throttled
                                         << "Too many requests"
                                         << "TooManyRequests" << 7;
        QTest::newRow("429-details") << 429 << "toomanyrequests.json" << QByteArray() << ErrorKind::Throttled
                                     << "Too many requests"
                                     << "TooManyRequests" << 4;
        QTest::newRow("429-http-date") << 429 << "toomanyrequests.json" << QByteArray("Fri, 14 Mar 2025 12:00:30 GMT")
                                       << ErrorKind::Throttled << "Too many requests"
                                       << "TooManyRequests" << 30;
        QTest::newRow("429-garbage-header")
            << 429 << "toomanyrequests.json" << QByteArray("soon") << ErrorKind::Throttled << "Too many requests"
            << "TooManyRequests" << 4;
        QTest::newRow("500") << 500 << "internalerror.json" << QByteArray() << ErrorKind::Server
                             << "Internal error occurred"
                             << "InternalError" << 0;
        QTest::newRow("503-retry-after") << 503 << "serviceunavailable.json" << QByteArray("3") << ErrorKind::Server
                                         << "the server is currently unable to handle the request"
                                         << "ServiceUnavailable" << 3;
        QTest::newRow("504") << 504 << "timeout.json" << QByteArray() << ErrorKind::Server << "Timeout: request did not"
                             << "Timeout" << 0;
        QTest::newRow("502-html") << 502 << "badgateway.html" << QByteArray() << ErrorKind::Server
                                  << "The API server answered HTTP 502"
                                  << "<html><head><title>502 Bad Gateway" << 0;
        QTest::newRow("400") << 400 << "badrequest.json" << QByteArray() << ErrorKind::Server
                             << "unable to parse requirement"
                             << "BadRequest" << 0;
        QTest::newRow("401-empty-body") << 401 << QString() << QByteArray() << ErrorKind::Unauthorized
                                        << "The API server answered HTTP 401" << QString() << 0;
        // A watch ERROR event: no HTTP status of its own, the Status object carries the code.
        QTest::newRow("watch-error-event") << 0 << "watch-error-expired.json" << QByteArray() << ErrorKind::Gone
                                           << "too old resource version: 12345 (67890)"
                                           << "Expired" << 0;
    }
    void httpStatus()
    {
        QFETCH(int, status);
        QFETCH(QString, fixture);
        QFETCH(QByteArray, retryAfterHeader);
        QFETCH(ErrorKind, kind);
        QFETCH(QString, messageStart);
        QFETCH(QString, detail);
        QFETCH(int, retryAfter);

        TransferOutcome outcome;
        outcome.httpStatus = status;
        outcome.body = fixture.isEmpty() ? QByteArray() : ::fixture(fixture);
        outcome.retryAfter = retryAfterHeader;
        const std::optional<KubeError> error = toKubeError(outcome, Now);
        QVERIFY(error);
        QCOMPARE(error->kind, kind);
        QVERIFY2(error->message.startsWith(messageStart), qPrintable(error->message));
        QVERIFY2(error->detail.startsWith(detail), qPrintable(error->detail));
        QCOMPARE(error->retryAfterSeconds, retryAfter);
        QCOMPARE(error->httpStatus, status == 0 ? 410 : status);
    }

    void curlCodes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<ErrorKind>("kind");
        QTest::newRow("couldnt-connect") << int(CURLE_COULDNT_CONNECT) << ErrorKind::Network;
        QTest::newRow("couldnt-resolve") << int(CURLE_COULDNT_RESOLVE_HOST) << ErrorKind::Network;
        QTest::newRow("couldnt-resolve-proxy") << int(CURLE_COULDNT_RESOLVE_PROXY) << ErrorKind::Network;
        QTest::newRow("recv-error") << int(CURLE_RECV_ERROR) << ErrorKind::Network;
        QTest::newRow("got-nothing") << int(CURLE_GOT_NOTHING) << ErrorKind::Network;
        QTest::newRow("http2-stream") << int(CURLE_HTTP2_STREAM) << ErrorKind::Network;
        QTest::newRow("proxy") << int(CURLE_PROXY) << ErrorKind::Network;
        QTest::newRow("peer-verification") << int(CURLE_PEER_FAILED_VERIFICATION) << ErrorKind::Tls;
        QTest::newRow("ssl-connect") << int(CURLE_SSL_CONNECT_ERROR) << ErrorKind::Tls;
        QTest::newRow("cacert-badfile") << int(CURLE_SSL_CACERT_BADFILE) << ErrorKind::Tls;
        QTest::newRow("client-cert-problem") << int(CURLE_SSL_CERTPROBLEM) << ErrorKind::Tls;
        QTest::newRow("timeout") << int(CURLE_OPERATION_TIMEDOUT) << ErrorKind::Timeout;
        QTest::newRow("aborted") << int(CURLE_ABORTED_BY_CALLBACK) << ErrorKind::Cancelled;
        QTest::newRow("write-error") << int(CURLE_WRITE_ERROR) << ErrorKind::Cancelled;
        QTest::newRow("malformed-url") << int(CURLE_URL_MALFORMAT) << ErrorKind::Config;
    }
    void curlCodes()
    {
        QFETCH(int, code);
        QFETCH(ErrorKind, kind);
        TransferOutcome outcome;
        outcome.curlCode = code;
        const std::optional<KubeError> error = toKubeError(outcome, Now);
        QVERIFY(error);
        QCOMPARE(error->kind, kind);
        QVERIFY(!error->message.isEmpty());
        QVERIFY(!error->detail.isEmpty()); // falls back to curl_easy_strerror
    }

    // A transfer that broke off after the status line is a transport error, not a success.
    void curlErrorWinsOverStatus()
    {
        TransferOutcome outcome;
        outcome.curlCode = CURLE_PARTIAL_FILE;
        outcome.curlMessage = QStringLiteral("transfer closed with 100 bytes remaining to read");
        outcome.httpStatus = 200;
        const std::optional<KubeError> error = toKubeError(outcome, Now);
        QVERIFY(error);
        QCOMPARE(error->kind, ErrorKind::Network);
        QCOMPARE(error->detail, outcome.curlMessage);
        QCOMPARE(error->httpStatus, 200);
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
