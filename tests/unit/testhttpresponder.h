// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <memory>

// A minimal HTTP/1.1 server for transport tests, on 127.0.0.1 only, plain or over TLS: parses
// request heads (and Content-Length bodies), hands each to a handler that writes whatever
// bytes the test wants, and records connections and requests. Keep-alive works as long as the
// handler answers with a Content-Length or chunked body.
class TestHttpResponder : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // as on the request line: path and query, or an absolute URI via a proxy
        QByteArray version;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        int connection = 0; // 1-based, in accept order
        QString peerCommonName; // TLS: the CN of the client certificate, if one was presented

        QByteArray header(const QByteArray& name) const; // first value, case-insensitive
        QList<QByteArray> headerValues(const QByteArray& name) const;
        bool hasHeader(const QByteArray& name) const;
        QByteArray path() const; // target without the query
    };
    using Handler = std::function<void(const Request& request, QTcpSocket* socket)>;

    explicit TestHttpResponder(QObject* parent = nullptr);
    ~TestHttpResponder() override;

    bool listen(); // 127.0.0.1, a port the system picks
    bool listenTls(const QSslConfiguration& configuration); // the same, behind a TLS handshake
    quint16 port() const { return m_server->serverPort(); }
    QByteArray baseUrl() const; // "http://127.0.0.1:<port>" or https://
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    int connectionCount() const { return m_connections; }
    int openConnectionCount() const;
    const QList<Request>& requests() const { return m_requests; }

    // Ready-made answers.
    static QByteArray response(int status, const QByteArray& body,
        const QByteArray& contentType = QByteArrayLiteral("application/json"),
        const QList<QByteArray>& extraHeaders = {});
    static QByteArray chunk(const QByteArray& data); // one chunk of a chunked body
    static QByteArray streamHead(
        int status = 200, const QByteArray& contentType = QByteArrayLiteral("application/json;stream=watch"));

Q_SIGNALS:
    void requestReceived(const TestHttpResponder::Request& request);
    void connectionAccepted();
    void connectionClosed();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    Handler m_handler;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QHash<QTcpSocket*, int> m_connectionNumbers;
    QList<Request> m_requests;
    QList<QPointer<QTcpSocket>> m_sockets;
    int m_connections = 0;
};
