// SPDX-License-Identifier: Apache-2.0
#include "atomicfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>

namespace minato::changes {

namespace {

    KubeError failure(const QString& message, const QString& detail = {})
    {
        return KubeError::make(ErrorKind::Config, message, detail);
    }

    bool isSafeRelativePath(const QString& path)
    {
        if (path.isEmpty() || QDir::isAbsolutePath(path))
            return false;
        const QStringList parts = path.split(QLatin1Char('/'));
        return std::none_of(parts.begin(), parts.end(), [](const QString& part) {
            return part.isEmpty() || part == QLatin1String(".") || part == QLatin1String("..");
        });
    }

    Expected<bool> writeFiles(const QString& root, const QMap<QString, QByteArray>& files)
    {
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            if (!isSafeRelativePath(it.key()))
                return failure(QStringLiteral("refusing to write %1: not a plain relative path").arg(it.key()));
            const QString path = root + QLatin1Char('/') + it.key();
            if (!QDir().mkpath(QFileInfo(path).absolutePath()))
                return failure(QStringLiteral("cannot create the folder of %1").arg(it.key()));
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(it.value()) != it.value().size() || !file.commit())
                return failure(QStringLiteral("cannot write %1").arg(it.key()), file.errorString());
        }
        return true;
    }

} // namespace

Expected<QString> writeFolderAtomically(
    const QString& parentDir, const QString& name, const QMap<QString, QByteArray>& files, bool overwrite)
{
    if (!isSafeRelativePath(name) || name.contains(QLatin1Char('/')))
        return failure(QStringLiteral("refusing to export into %1: not a plain folder name").arg(name));
    if (!QDir().mkpath(parentDir))
        return failure(QStringLiteral("cannot create %1").arg(parentDir));
    const QDir parent(parentDir);
    const QString target = parent.absoluteFilePath(name);
    if (QFileInfo::exists(target) && !overwrite)
        return failure(QStringLiteral("%1 already exists; choose another title or ask to overwrite it").arg(target));

    QTemporaryDir staging(parent.absoluteFilePath(QLatin1Char('.') + name + QLatin1String(".tmp-XXXXXX")));
    if (!staging.isValid())
        return failure(QStringLiteral("cannot create a temporary folder in %1").arg(parentDir), staging.errorString());
    // QTemporaryDir is private to its owner; an exported folder is an ordinary one.
    QFile::setPermissions(staging.path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
            | QFile::ExeOther);
    if (const Expected<bool> written = writeFiles(staging.path(), files); !written)
        return written.error();

    // QDir::rename never replaces an existing target, so a folder created meanwhile is not lost.
    if (!QFileInfo::exists(target)) {
        if (!QDir().rename(staging.path(), target))
            return failure(QStringLiteral("cannot move the export into %1").arg(target));
        staging.setAutoRemove(false);
        return target;
    }
    const QString aside = staging.path() + QLatin1String(".old");
    if (!QDir().rename(target, aside))
        return failure(QStringLiteral("cannot move the existing %1 aside").arg(target));
    if (!QDir().rename(staging.path(), target)) {
        QDir().rename(aside, target);
        return failure(QStringLiteral("cannot move the export into %1; the old folder is unchanged").arg(target));
    }
    staging.setAutoRemove(false);
    QDir(aside).removeRecursively();
    return target;
}

} // namespace minato::changes
