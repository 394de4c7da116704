// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

namespace minato::kube {

// The bearer tokens behind kubeconfig tokenFile entries. Projected service-account tokens are
// rotated on disk while we run, so the file is checked before every request, but read again
// only when its modification time or size changed: one stat() per request, not one read.
class ApiTokenFile
{
public:
    // The token in `path`, whitespace-trimmed; a Credentials error when it is missing,
    // unreadable or empty. The error never contains the token.
    Expected<QByteArray> token(const QString& path);

    // How often a file was actually read, for tests.
    int readCount() const { return m_reads; }

private:
    struct Entry
    {
        QDateTime modified;
        qint64 size = -1;
        QByteArray token;
    };
    QHash<QString, Entry> m_entries;
    int m_reads = 0;
};

} // namespace minato::kube
