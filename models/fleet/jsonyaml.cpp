// SPDX-License-Identifier: Apache-2.0
#include "jsonyaml.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace minato::fleet {

namespace {

bool looksLikeNonString(const QString& text)
{
    // A plain scalar YAML would read back as bool, null or number must be quoted.
    static const QRegularExpression special(QStringLiteral(
        "^(|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|"
        "[-+]?[0-9][0-9_]*(\\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$"));
    return special.match(text).hasMatch();
}

void emitYaml(YAML::Emitter& out, const QJsonValue& value, const JsonYamlStyle& style)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        QStringList keys = object.keys();
        const QStringList& order = style.keyOrder;
        std::stable_sort(keys.begin(), keys.end(), [&order](const QString& a, const QString& b) {
            const qsizetype ra = order.indexOf(a);
            const qsizetype rb = order.indexOf(b);
            if (ra != rb)
                return (ra < 0 ? order.size() : ra) < (rb < 0 ? order.size() : rb);
            return a < b;
        });
        out << YAML::BeginMap;
        for (const QString& key : std::as_const(keys)) {
            out << YAML::Key << key.toStdString() << YAML::Value;
            emitYaml(out, object.value(key), style);
        }
        out << YAML::EndMap;
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::BeginSeq;
        for (const QJsonValue& item : array)
            emitYaml(out, item, style);
        out << YAML::EndSeq;
        return;
    }
    case QJsonValue::String: {
        const QString text = value.toString();
        if (style.quoteEveryString || looksLikeNonString(text))
            out << YAML::DoubleQuoted;
        out << text.toStdString();
        return;
    }
    case QJsonValue::Bool:
        out << value.toBool();
        return;
    case QJsonValue::Double:
        out << value.toInteger();
        return;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out << YAML::Null;
        return;
    }
}

} // namespace

QString jsonToYaml(const QJsonValue& value, const JsonYamlStyle& style)
{
    YAML::Emitter out;
    out.SetIndent(2);
    emitYaml(out, value, style);
    return QString::fromUtf8(out.c_str()) + QLatin1Char('\n');
}

} // namespace minato::fleet
