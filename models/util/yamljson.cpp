// SPDX-License-Identifier: Apache-2.0
#include "util/yamljson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace minato {

namespace {

    QJsonValue scalar(const YAML::Node& node)
    {
        const QString text = QString::fromStdString(node.Scalar());
        // A non-plain (quoted) scalar carries the "!" tag; it is always a string.
        if (node.Tag() == "!")
            return text;
        if (text == QLatin1String("true") || text == QLatin1String("True") || text == QLatin1String("TRUE"))
            return true;
        if (text == QLatin1String("false") || text == QLatin1String("False") || text == QLatin1String("FALSE"))
            return false;
        if (text.isEmpty() || text == QLatin1String("~") || text == QLatin1String("null")
            || text == QLatin1String("Null") || text == QLatin1String("NULL"))
            return QJsonValue::Null;
        static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
        static const QRegularExpression real(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
        if (integer.match(text).hasMatch()) {
            bool ok = false;
            const qint64 value = text.toLongLong(&ok);
            if (ok)
                return value;
        }
        if (real.match(text).hasMatch())
            return text.toDouble();
        return text;
    }

    QJsonValue convert(const YAML::Node& node)
    {
        switch (node.Type()) {
        case YAML::NodeType::Sequence: {
            QJsonArray array;
            for (const YAML::Node& item : node)
                array.append(convert(item));
            return array;
        }
        case YAML::NodeType::Map: {
            QJsonObject object;
            for (const auto& item : node)
                object.insert(QString::fromStdString(item.first.Scalar()), convert(item.second));
            return object;
        }
        case YAML::NodeType::Scalar:
            return scalar(node);
        default:
            return QJsonValue::Null;
        }
    }

} // namespace

Expected<QList<QJsonValue>> YamlJson::documents(const QByteArray& yaml, const QString& fileName)
{
    try {
        QList<QJsonValue> result;
        for (const YAML::Node& document : YAML::LoadAll(yaml.toStdString())) {
            if (document.IsDefined() && !document.IsNull())
                result.append(convert(document));
        }
        return result;
    } catch (const YAML::Exception& e) {
        return KubeError::make(
            ErrorKind::Parse, QStringLiteral("%1: %2").arg(fileName, QString::fromStdString(e.what())));
    }
}

} // namespace minato::sim
