// SPDX-License-Identifier: Apache-2.0
#include "testhttpresponder.h"

#include <QHostAddress>
#include <QSslCertificate>
#include <QSslServer>
#include <QSslSocket>

QByteArray TestHttpResponder::Request::header(const QByteArray& name) const
{
    const QList<QByteArray> values = headerValues(name);
    return values.isEmpty() ? QByteArray() : values.first();
}

QList<QByteArray> TestHttpResponder::Request::headerValues(const QByteArray& name) const
{
    QList<QByteArray> values;
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            values << value;
    }
    return values;
}

bool TestHttpResponder::Request::hasHeader(const QByteArray& name) const
{
    return !headerValues(name).isEmpty();
}

QByteArray TestHttpResponder::Request::path() const
{
    const qsizetype question = target.indexOf('?');
    return question < 0 ? target : target.left(question);
}

TestHttpResponder::TestHttpResponder(QObject* parent)
    : QObject(parent)
    , m_server(std::make_unique<QTcpServer>())
{
    m_handler = [](const Request&, QTcpSocket* socket) { socket->write(response(404, "{}")); };
}

TestHttpResponder::~TestHttpResponder()
{
    // The sockets are the server's children; close them while the bookkeeping still exists.
    for (const QPointer<QTcpSocket>& socket : std::as_const(m_sockets)) {
        if (socket) {
            socket->disconnect(this);
            delete socket.data();
        }
    }
}

bool TestHttpResponder::listen()
{
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &TestHttpResponder::onNewConnection);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool TestHttpResponder::listenTls(const QSslConfiguration& configuration)
{
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(configuration);
    m_server = std::move(server);
    m_tls = true;
    return listen();
}

QByteArray TestHttpResponder::baseUrl() const
{
    return (m_tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + QByteArray::number(port());
}

int TestHttpResponder::openConnectionCount() const
{
    int open = 0;
    for (const QPointer<QTcpSocket>& socket : m_sockets) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            ++open;
    }
    return open;
}

QByteArray TestHttpResponder::response(
    int status, const QByteArray& body, const QByteArray& contentType, const QList<QByteArray>& extraHeaders)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " Test\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const QByteArray& header : extraHeaders)
        out += header + "\r\n";
    out += "\r\n" + body;
    return out;
}

QByteArray TestHttpResponder::chunk(const QByteArray& data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

QByteArray TestHttpResponder::streamHead(int status, const QByteArray& contentType)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Test\r\nContent-Type: " + contentType
        + "\r\nTransfer-Encoding: chunked\r\n\r\n";
}

void TestHttpResponder::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        ++m_connections;
        m_connectionNumbers.insert(socket, m_connections);
        m_sockets << socket;
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
            Q_EMIT connectionClosed();
        });
        Q_EMIT connectionAccepted();
    }
}

void TestHttpResponder::onReadyRead(QTcpSocket* socket)
{
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        Request request;
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        request.version = requestLine.value(2);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
        }
        const qsizetype length = request.header("Content-Length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        request.connection = m_connectionNumbers.value(socket);
        if (auto* ssl = qobject_cast<QSslSocket*>(socket))
            request.peerCommonName = ssl->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
        m_requests << request;
        Q_EMIT requestReceived(request);
        m_handler(request, socket);
    }
}
