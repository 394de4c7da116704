// SPDX-License-Identifier: Apache-2.0
#include "secretplaceholders.h"

#include "jsonedit.h"

#include <QJsonArray>

#include <algorithm>

namespace minato::changes {

namespace {

    bool isList(const QJsonObject& object)
    {
        return object.value(QLatin1String("kind")).toString().endsWith(QLatin1String("List"))
            && object.value(QLatin1String("items")).isArray();
    }

    QString objectName(const QJsonObject& object)
    {
        const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
        const QString ns = meta.value(QLatin1String("namespace")).toString();
        const QString name = meta.value(QLatin1String("name")).toString();
        return ns.isEmpty() ? name : ns + QLatin1Char('/') + name;
    }

    QJsonObject secretWithPlaceholders(QJsonObject secret, QStringList* warnings)
    {
        QStringList keys = secret.value(QLatin1String("data")).toObject().keys()
            + secret.value(QLatin1String("stringData")).toObject().keys();
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        secret.remove(QLatin1String("data"));
        secret.remove(QLatin1String("stringData"));
        // kubectl's copy of the last applied Secret holds every value in clear.
        json::editObject(secret, QLatin1String("metadata"), [](QJsonObject& meta) {
            json::editObject(meta, QLatin1String("annotations"), [](QJsonObject& annotations) {
                annotations.remove(QLatin1String("kubectl.kubernetes.io/last-applied-configuration"));
            });
        });
        if (keys.isEmpty())
            return secret;
        QJsonObject placeholders;
        for (const QString& key : std::as_const(keys))
            placeholders.insert(key, secretPlaceholder(key));
        secret.insert(QLatin1String("stringData"), placeholders);
        if (warnings) {
            warnings->append(QStringLiteral("Secret %1: the values of %2 are not exported; replace each "
                                            "\"<set-me: KEY>\" placeholder before applying, or leave the Secret out")
                                 .arg(objectName(secret), keys.join(QLatin1String(", "))));
        }
        return secret;
    }

} // namespace

QString secretPlaceholder(const QString& key)
{
    return QStringLiteral("<set-me: %1>").arg(key);
}

QJsonObject withSecretPlaceholders(const QJsonObject& object, QStringList* warnings)
{
    if (isList(object)) {
        // Items of a typed list (SecretList from a list GET) carry no kind of their own.
        const QString listKind = object.value(QLatin1String("kind")).toString();
        QJsonArray items = object.value(QLatin1String("items")).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject item = items.at(i).toObject();
            if (!item.contains(QLatin1String("kind")) && listKind != QLatin1String("List"))
                item.insert(QLatin1String("kind"), listKind.chopped(4));
            items.replace(i, withSecretPlaceholders(item, warnings));
        }
        QJsonObject list = object;
        list.insert(QLatin1String("items"), items);
        return list;
    }
    if (object.value(QLatin1String("kind")).toString() == QLatin1String("Secret"))
        return secretWithPlaceholders(object, warnings);
    return object;
}

QJsonObject withSecretPlaceholders(const QString& kind, const QJsonObject& patch)
{
    if (kind != QLatin1String("Secret"))
        return patch;
    QJsonObject typed = patch;
    typed.insert(QLatin1String("kind"), kind);
    typed = withSecretPlaceholders(typed);
    typed.remove(QLatin1String("kind"));
    return typed;
}

} // namespace minato::changes
