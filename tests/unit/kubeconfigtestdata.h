// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the kubeconfig and fleet tests: where the fixtures are, a fixed clock, and small
// lookups that keep assertions readable.

#include "kube/kubeconfigfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>

namespace testdata {

inline QString messy(const QString& relative = {})
{
    return QDir::cleanPath(QStringLiteral(MINATO_TEST_DATA_DIR "/kubeconfig/") + relative);
}

inline QString upstream(const QString& relative)
{
    return QDir::cleanPath(QStringLiteral(MINATO_UPSTREAM_FIXTURES_DIR "/") + relative);
}

// The messy set in precedence order (see tests/data/kubeconfig/README.md).
inline QStringList messyFiles()
{
    return { messy(QStringLiteral("01-base.yaml")), messy(QStringLiteral("team-b/02-team.yaml")),
        messy(QStringLiteral("03-auth.yaml")), messy(QStringLiteral("04-broken-entries.yaml")),
        messy(QStringLiteral("05-malformed.yaml")), messy(QStringLiteral("06-empty.yaml")) };
}

// A fixed "now" (after the headlamp client certificates expired, before the test certs do) and
// an exec search path that holds nothing, so results never depend on the machine.
inline minato::kube::KubeconfigLoadOptions fixedOptions(const QString& emptySearchDir)
{
    minato::kube::KubeconfigLoadOptions options;
    options.now = QDateTime(QDate(2025, 6, 1), QTime(0, 0), Qt::UTC);
    options.execSearchPath = { emptySearchDir };
    return options;
}

// 1-based line in `file` of `anchor`, 0 if absent. The anchor is text the line contains, or
// "=text" for a line that is exactly `text` once trimmed; a trailing "@N" picks the N-th such
// line. Lets assertions name the YAML they point at instead of a bare number.
inline int lineOf(const QString& file, const QString& anchor)
{
    QString needle = anchor;
    int occurrence = 1;
    const qsizetype at = needle.lastIndexOf(QLatin1Char('@'));
    if (at > 0 && needle.mid(at + 1).toInt() > 0) {
        occurrence = needle.mid(at + 1).toInt();
        needle.truncate(at);
    }
    const bool exact = needle.startsWith(QLatin1Char('='));
    if (exact)
        needle.remove(0, 1);
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const bool hit = exact ? lines.at(i).trimmed() == needle : lines.at(i).contains(needle);
        if (hit && --occurrence == 0)
            return static_cast<int>(i) + 1;
    }
    return 0;
}

inline QList<minato::kube::Diagnostic> withCode(const QList<minato::kube::Diagnostic>& all, const QString& code)
{
    QList<minato::kube::Diagnostic> found;
    std::copy_if(all.cbegin(), all.cend(), std::back_inserter(found),
        [&](const minato::kube::Diagnostic& d) { return d.code == code; });
    return found;
}

inline bool hasDiagnostic(const QList<minato::kube::Diagnostic>& all, const QString& code, const QString& file,
    int line, const QString& context)
{
    return std::any_of(all.cbegin(), all.cend(), [&](const minato::kube::Diagnostic& d) {
        return d.code == code && d.where.file == file && d.where.line == line && d.context == context;
    });
}

// For failure messages: every diagnostic, one per line.
inline QByteArray dump(const QList<minato::kube::Diagnostic>& all)
{
    QByteArray text;
    for (const minato::kube::Diagnostic& d : all) {
        text += (minato::kube::severityName(d.severity) + QLatin1Char(' ') + d.code + QLatin1Char(' ')
                    + d.where.toString() + QLatin1Char(' ') + d.context + QStringLiteral(": ") + d.message)
                    .toUtf8()
            + '\n';
    }
    return text;
}

} // namespace testdata
