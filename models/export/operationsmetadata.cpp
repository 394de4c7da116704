// SPDX-License-Identifier: Apache-2.0
#include "operationsmetadata.h"

#include "export/operations.h"

#include <QRegularExpression>

namespace minato::changes {

namespace {

    // apimachinery validation: IsQualifiedName and IsValidLabelValue.
    bool isQualifiedName(const QString& key)
    {
        static const QRegularExpression name(QStringLiteral("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$"));
        static const QRegularExpression prefix(
            QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        const QString local = slash < 0 ? key : key.mid(slash + 1);
        if (local.isEmpty() || local.size() > 63 || !name.match(local).hasMatch())
            return false;
        if (slash < 0)
            return true;
        const QString domain = key.left(slash);
        return !domain.isEmpty() && domain.size() <= 253 && prefix.match(domain).hasMatch();
    }

    bool isLabelValue(const QString& value)
    {
        static const QRegularExpression pattern(QStringLiteral("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"));
        return value.size() <= 63 && pattern.match(value).hasMatch();
    }

    Expected<Change> metadataChange(const QString& operation, const QLatin1String field, bool labels,
        const QString& cluster, const QJsonObject& before, const QStringList& edits)
    {
        if (edits.isEmpty())
            return operationRefused(QStringLiteral("%1 needs at least one KEY=VALUE or KEY- argument").arg(operation));
        const QJsonObject current = before.value(QLatin1String("metadata")).toObject().value(field).toObject();
        const QString noun = labels ? QStringLiteral("label") : QStringLiteral("annotation");
        QJsonObject changes;
        QStringList removed;
        QStringList warnings;
        for (const QString& edit : edits) {
            const qsizetype equals = edit.indexOf(QLatin1Char('='));
            const bool removal = equals < 0 && edit.endsWith(QLatin1Char('-'));
            const QString key = equals >= 0 ? edit.left(equals) : removal ? edit.chopped(1) : edit;
            if (equals < 0 && !removal)
                return operationRefused(
                    QStringLiteral("\"%1\": %2 arguments are KEY=VALUE or KEY-").arg(edit, operation));
            if (!isQualifiedName(key))
                return operationRefused(QStringLiteral("\"%1\" is not a valid %2 key").arg(key, noun));
            if (changes.contains(key) || removed.contains(key))
                return operationRefused(QStringLiteral("%1 \"%2\" is given twice").arg(noun, key));
            if (removal) {
                // kubectl warns and leaves a missing key out of its patch.
                if (current.contains(key))
                    changes.insert(key, QJsonValue::Null);
                else
                    warnings << QStringLiteral("%1 \"%2\" not found").arg(noun, key);
                removed << key;
                continue;
            }
            const QString value = edit.mid(equals + 1);
            if (labels && !isLabelValue(value))
                return operationRefused(QStringLiteral("\"%1\" is not a valid label value").arg(value));
            if (current.contains(key) && current.value(key).toString() != value)
                warnings << QStringLiteral("%1 \"%2\" overwritten (was \"%3\")")
                                .arg(noun, key, current.value(key).toString());
            changes.insert(key, value);
        }
        const QJsonObject patch { { QStringLiteral("metadata"), QJsonObject { { QString(field), changes } } } };
        Change change = patchChange(operation, cluster, before, patch, edits.join(QLatin1Char(' ')));
        change.warnings = warnings;
        return change;
    }

} // namespace

Expected<Change> labelChange(const QString& cluster, const QJsonObject& before, const QStringList& edits)
{
    return metadataChange(QStringLiteral("label"), QLatin1String("labels"), true, cluster, before, edits);
}

Expected<Change> annotateChange(const QString& cluster, const QJsonObject& before, const QStringList& edits)
{
    return metadataChange(QStringLiteral("annotate"), QLatin1String("annotations"), false, cluster, before, edits);
}

} // namespace minato::changes
