// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/payloaddecoder.h"
#include "util/expected.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace minato::fleet {

// One series of a Prometheus range query: its labels (with __name__) and its points by time.
struct PrometheusSeries
{
    QMap<QString, QString> labels;
    QList<qint64> timesMs;
    QList<double> values; // NaN, +Inf and -Inf as Prometheus writes them
};

// The data of a successful query_range answer (resultType "matrix").
struct PrometheusMatrix
{
    QList<PrometheusSeries> series;
    QStringList warnings; // Prometheus' "warnings" (a partial answer, say)
};

// Prometheus' HTTP API answers, bytes to values, with no I/O: what a query_range returns, and
// what its error JSON says. Pure, so the unit test feeds it answers captured from a real server.
class PrometheusDecoder
{
public:
    // {"status":"success","data":{"resultType":"matrix","result":[…]}} → the matrix. Prometheus'
    // {"status":"error","errorType":…,"error":…} becomes a Server error carrying its text, and
    // anything that is not such an answer a Parse error; never throws.
    static Expected<PrometheusMatrix> decodeMatrix(const QByteArray& body);
    // The "error" text of an error answer ("bad_data: invalid parameter \"query\": …"); empty when
    // the body is not Prometheus' error JSON (a proxy's HTML page, a Kubernetes Status …).
    static QString errorText(const QByteArray& body);
};

// decodeMatrix() in the transport's I/O thread, so the thread that receives the answer does not
// parse large JSON.
class PrometheusMatrixDecoder : public kube::PayloadDecoder
{
public:
    class Payload : public kube::DecodedPayload
    {
    public:
        explicit Payload(Expected<PrometheusMatrix> matrix)
            : matrix(std::move(matrix))
        { }
        Expected<PrometheusMatrix> matrix;
    };

    kube::DecodedPayloadPtr decodeBody(const QByteArray& body) override;
    kube::DecodedPayloadPtr decodeStreamLines(const QByteArray& lines) override;
};

} // namespace minato::fleet
