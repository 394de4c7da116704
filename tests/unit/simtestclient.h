// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include <chrono>
#include <memory>

// A deliberately separate HTTP client for the simulator's tests (Beast, not Minato's own
// client), so a server bug and a client bug cannot cancel out. Every call has a deadline.
class SimTestClient
{
public:
    struct Response
    {
        int status = 0; // 0: no HTTP response (connection or TLS failure)
        QByteArray body;
        QMap<QByteArray, QByteArray> headers; // lower-case names
        QString error;
        QJsonObject json() const;
    };

    // caPem empty: plain HTTP. Otherwise TLS, verifying the server against caPem only.
    SimTestClient(quint16 port, QByteArray caPem, QByteArray token);
    ~SimTestClient();

    Response get(const QByteArray& target, const QList<QPair<QByteArray, QByteArray>>& headers = {});
    Response request(const QByteArray& method, const QByteArray& target, const QByteArray& body = {});

    // A watch stream: open() returns the response head; next() the following event.
    class Watch
    {
    public:
        ~Watch();
        int status() const;
        // The next event, or an empty object when the stream ended or the deadline passed.
        QJsonObject next(std::chrono::milliseconds timeout = std::chrono::seconds(10));
        bool ended() const; // the server finished the chunked body (terminal chunk seen)
        QByteArray rawChunks() const; // chunk payloads as received, for framing checks
        int chunkCount() const;

    private:
        friend class SimTestClient;
        struct State;
        std::unique_ptr<State> d;
    };
    std::unique_ptr<Watch> watch(const QByteArray& target);

    static std::chrono::milliseconds defaultTimeout() { return std::chrono::seconds(20); }

private:
    quint16 m_port;
    QByteArray m_ca;
    QByteArray m_token;
};
