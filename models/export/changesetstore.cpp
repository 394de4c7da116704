// SPDX-License-Identifier: Apache-2.0
#include "changesetstore.h"

#include "changesetjson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace minato::changes {

ChangeSetStore::ChangeSetStore(QString filePath)
    : m_filePath(std::move(filePath))
{ }

QString ChangeSetStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/open-change-set.json");
}

QString ChangeSetStore::filePath() const
{
    return m_filePath;
}

QString ChangeSetStore::asidePath() const
{
    // Never replace an earlier corrupt copy: each one may be someone's only record.
    QString candidate = m_filePath + QLatin1String(".corrupt");
    for (int n = 1; QFileInfo::exists(candidate); ++n)
        candidate = m_filePath + QStringLiteral(".corrupt-%1").arg(n);
    return candidate;
}

Expected<ChangeSet> ChangeSetStore::load()
{
    QFile file(m_filePath);
    if (!file.exists())
        return ChangeSet {};
    if (!file.open(QIODevice::ReadOnly)) {
        return KubeError::make(ErrorKind::Config, QStringLiteral("cannot read the open change set %1").arg(m_filePath),
            file.errorString());
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.close();
    Expected<ChangeSet> set = document.isObject()
        ? changeSetFromJson(document.object())
        : Expected<ChangeSet>(KubeError::make(ErrorKind::Parse, parseError.errorString()));
    if (set)
        return set;
    const QString aside = asidePath();
    const bool moved = QFile::rename(m_filePath, aside);
    return KubeError::make(ErrorKind::Parse,
        moved ? QStringLiteral("the open change set could not be read and was moved to %1; a new one was started")
                    .arg(aside)
              : QStringLiteral("the open change set %1 could not be read (and not be moved aside)").arg(m_filePath),
        set.error().message);
}

Expected<bool> ChangeSetStore::save(const ChangeSet& set) const
{
    if (!QDir().mkpath(QFileInfo(m_filePath).absolutePath()))
        return KubeError::make(ErrorKind::Config, QStringLiteral("cannot create the folder of %1").arg(m_filePath));
    QSaveFile file(m_filePath);
    const QByteArray bytes = QJsonDocument(changeSetToJson(set)).toJson(QJsonDocument::Indented);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return KubeError::make(ErrorKind::Config,
            QStringLiteral("cannot save the open change set to %1").arg(m_filePath), file.errorString());
    }
    return true;
}

Expected<bool> ChangeSetStore::clear() const
{
    if (QFile::exists(m_filePath) && !QFile::remove(m_filePath))
        return KubeError::make(ErrorKind::Config, QStringLiteral("cannot remove %1").arg(m_filePath));
    return true;
}

} // namespace minato::changes
