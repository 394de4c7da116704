// SPDX-License-Identifier: Apache-2.0
#include "apitokenfile.h"

#include <QFile>
#include <QFileInfo>

namespace minato::kube {

namespace {

// A token is a few kilobytes at most; a huge file is a misconfiguration, not a token.
constexpr qint64 MaxTokenFileSize = 1024 * 1024;

} // namespace

Expected<QByteArray> ApiTokenFile::token(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile()) {
        m_entries.remove(path);
        return KubeError::make(ErrorKind::Credentials, QStringLiteral("The token file does not exist"), path);
    }
    const QDateTime modified = info.lastModified();
    const qint64 size = info.size();
    auto it = m_entries.find(path);
    if (it != m_entries.end() && it->modified == modified && it->size == size)
        return it->token;

    if (size > MaxTokenFileSize)
        return KubeError::make(
            ErrorKind::Credentials, QStringLiteral("The token file is too large to hold a token"), path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return KubeError::make(ErrorKind::Credentials, QStringLiteral("Cannot read the token file"), path);
    ++m_reads;
    const QByteArray token = file.readAll().trimmed();
    if (token.isEmpty()) {
        m_entries.remove(path);
        return KubeError::make(ErrorKind::Credentials, QStringLiteral("The token file is empty"), path);
    }
    m_entries.insert(path, Entry { modified, size, token });
    return token;
}

} // namespace minato::kube
