// SPDX-License-Identifier: Apache-2.0
#include "yamlnodereader.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <utility>

namespace minato::kube {

YamlNodeReader::YamlNodeReader(QString file)
    : m_file(std::move(file))
{ }

int YamlNodeReader::lineOf(const YAML::Node& node)
{
    // Node::Mark() throws on an invalid (zombie) node; IsDefined() is the safe probe.
    if (!node.IsDefined())
        return 0;
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

SourceLocation YamlNodeReader::at(const YAML::Node& node) const
{
    SourceLocation where { m_file, lineOf(node), 0 };
    if (where.line > 0)
        where.column = node.Mark().column + 1;
    return where;
}

void YamlNodeReader::report(Severity severity, const QString& code, const QString& message, const SourceLocation& where)
{
    m_diagnostics.append(Diagnostic { severity, code, message, where, {} });
}

void YamlNodeReader::report(Severity severity, const QString& code, const QString& message, const YAML::Node& where)
{
    report(severity, code, message, at(where));
}

QList<Diagnostic> YamlNodeReader::takeDiagnostics()
{
    return std::exchange(m_diagnostics, {});
}

YAML::Node YamlNodeReader::child(const YAML::Node& map, const char* key)
{
    if (!map.IsDefined() || !map.IsMap())
        return YAML::Node(YAML::NodeType::Undefined);
    // The const overload never inserts; it yields an undefined node for a missing key.
    return map[key];
}

QString YamlNodeReader::typeName(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return QStringLiteral("a map");
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Scalar:
        return QStringLiteral("a scalar");
    case YAML::NodeType::Null:
        return QStringLiteral("null");
    case YAML::NodeType::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString YamlNodeReader::scalarText(const YAML::Node& node)
{
    if (!node.IsDefined() || !node.IsScalar())
        return {};
    return QString::fromStdString(node.Scalar());
}

bool YamlNodeReader::isPlainScalar(const YAML::Node& node)
{
    // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
    return node.IsDefined() && node.IsScalar() && node.Tag() == "?";
}

void YamlNodeReader::reportWrongType(const YAML::Node& node, const QString& what, const char* key, const char* expected)
{
    report(Severity::Error, QStringLiteral("wrong-type"),
        QStringLiteral("%1: \"%2\" must be %3, not %4")
            .arg(what, QString::fromUtf8(key), QString::fromUtf8(expected), typeName(node)),
        node);
}

std::optional<QString> YamlNodeReader::string(const YAML::Node& map, const char* key, const QString& what)
{
    const YAML::Node node = child(map, key);
    if (!isPresent(node))
        return std::nullopt;
    if (!node.IsScalar()) {
        reportWrongType(node, what, key, "a string");
        return std::nullopt;
    }
    return scalarText(node);
}

std::optional<bool> YamlNodeReader::yamlBoolean(const YAML::Node& node)
{
    if (!isPlainScalar(node))
        return std::nullopt;
    // sigs.k8s.io/yaml reads YAML 1.1 through go-yaml v2, so "yes" and "on" are booleans too.
    static const QStringList truths = { QStringLiteral("y"), QStringLiteral("Y"), QStringLiteral("yes"),
        QStringLiteral("Yes"), QStringLiteral("YES"), QStringLiteral("true"), QStringLiteral("True"),
        QStringLiteral("TRUE"), QStringLiteral("on"), QStringLiteral("On"), QStringLiteral("ON") };
    static const QStringList falsehoods = { QStringLiteral("n"), QStringLiteral("N"), QStringLiteral("no"),
        QStringLiteral("No"), QStringLiteral("NO"), QStringLiteral("false"), QStringLiteral("False"),
        QStringLiteral("FALSE"), QStringLiteral("off"), QStringLiteral("Off"), QStringLiteral("OFF") };
    const QString text = scalarText(node);
    if (truths.contains(text))
        return true;
    if (falsehoods.contains(text))
        return false;
    return std::nullopt;
}

std::optional<bool> YamlNodeReader::boolean(const YAML::Node& map, const char* key, const QString& what)
{
    const YAML::Node node = child(map, key);
    if (!isPresent(node))
        return std::nullopt;
    const std::optional<bool> value = yamlBoolean(node);
    if (!value)
        reportWrongType(node, what, key, "true or false");
    return value;
}

std::optional<QStringList> YamlNodeReader::stringList(const YAML::Node& map, const char* key, const QString& what)
{
    const YAML::Node node = child(map, key);
    if (!isPresent(node))
        return std::nullopt;
    if (!node.IsSequence()) {
        reportWrongType(node, what, key, "a list of strings");
        return std::nullopt;
    }
    QStringList values;
    for (const YAML::Node& item : node) {
        if (!item.IsScalar()) {
            reportWrongType(item, what, key, "a list of strings");
            return std::nullopt;
        }
        values << scalarText(item);
    }
    return values;
}

std::optional<QMap<QString, QString>> YamlNodeReader::stringMap(
    const YAML::Node& map, const char* key, const QString& what)
{
    const YAML::Node node = child(map, key);
    if (!isPresent(node))
        return std::nullopt;
    if (!node.IsMap()) {
        reportWrongType(node, what, key, "a map of strings");
        return std::nullopt;
    }
    QMap<QString, QString> values;
    for (const auto& item : node) {
        if (!item.first.IsScalar() || !(item.second.IsScalar() || item.second.IsNull())) {
            reportWrongType(item.second, what, key, "a map of strings");
            return std::nullopt;
        }
        values.insert(scalarText(item.first), scalarText(item.second));
    }
    return values;
}

std::optional<QMap<QString, QStringList>> YamlNodeReader::stringListMap(
    const YAML::Node& map, const char* key, const QString& what)
{
    const YAML::Node node = child(map, key);
    if (!isPresent(node))
        return std::nullopt;
    if (!node.IsMap()) {
        reportWrongType(node, what, key, "a map of string lists");
        return std::nullopt;
    }
    QMap<QString, QStringList> values;
    for (const auto& item : node) {
        QStringList list;
        bool ok = item.first.IsScalar() && (item.second.IsSequence() || item.second.IsNull());
        if (ok && item.second.IsSequence()) {
            for (const YAML::Node& value : item.second) {
                ok = ok && value.IsScalar();
                list << scalarText(value);
            }
        }
        if (!ok) {
            reportWrongType(item.second, what, key, "a map of string lists");
            return std::nullopt;
        }
        values.insert(scalarText(item.first), list);
    }
    return values;
}

std::optional<QByteArray> YamlNodeReader::decodeBase64Strict(const QByteArray& text)
{
    // Go's encoding/base64 skips CR and LF but nothing else, and insists on padding.
    QByteArray compact;
    compact.reserve(text.size());
    for (const char c : text) {
        if (c != '\n' && c != '\r')
            compact.append(c);
    }
    if (compact.size() % 4 != 0)
        return std::nullopt;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < compact.size(); ++i) {
        const char c = compact.at(i);
        const bool alphabet
            = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '=') {
            ++padding;
        } else if (!alphabet || padding > 0) {
            return std::nullopt;
        }
    }
    if (padding > 2)
        return std::nullopt;
    return QByteArray::fromBase64(compact);
}

std::optional<QByteArray> YamlNodeReader::base64(const YAML::Node& map, const char* key, const QString& what)
{
    const std::optional<QString> text = string(map, key, what);
    if (!text || text->isEmpty())
        return std::nullopt;
    std::optional<QByteArray> decoded = decodeBase64Strict(text->toLatin1());
    if (!decoded) {
        // Never echo the value: it may be a private key.
        report(Severity::Error, QStringLiteral("base64-invalid"),
            QStringLiteral("%1: \"%2\" is not valid base64").arg(what, QString::fromUtf8(key)), child(map, key));
    }
    return decoded;
}

YAML::Node YamlNodeReader::mapping(const YAML::Node& map, const char* key, const QString& what)
{
    const YAML::Node node = child(map, key);
    if (!isPresent(node))
        return YAML::Node(YAML::NodeType::Undefined);
    if (!node.IsMap()) {
        reportWrongType(node, what, key, "a map");
        return YAML::Node(YAML::NodeType::Undefined);
    }
    return node;
}

YAML::Node YamlNodeReader::sequence(const YAML::Node& map, const char* key, const QString& what)
{
    const YAML::Node node = child(map, key);
    if (!isPresent(node))
        return YAML::Node(YAML::NodeType::Undefined);
    if (!node.IsSequence()) {
        reportWrongType(node, what, key, "a list");
        return YAML::Node(YAML::NodeType::Undefined);
    }
    return node;
}

bool YamlNodeReader::expectMapping(const YAML::Node& node, const QString& what)
{
    if (node.IsDefined() && node.IsMap())
        return true;
    report(Severity::Error, QStringLiteral("wrong-type"),
        QStringLiteral("%1 must be a map, not %2").arg(what, typeName(node)), node);
    return false;
}

void YamlNodeReader::checkKeys(const YAML::Node& map, std::initializer_list<const char*> known, const QString& what)
{
    if (!map.IsDefined() || !map.IsMap())
        return;
    for (const auto& item : map) {
        const QString key = scalarText(item.first);
        const bool isKnown
            = std::any_of(known.begin(), known.end(), [&](const char* name) { return key == QLatin1String(name); });
        if (!isKnown) {
            report(Severity::Info, QStringLiteral("field-unknown"),
                QStringLiteral("%1: unknown field \"%2\" is ignored").arg(what, key), item.first);
        }
    }
}

QJsonValue YamlNodeReader::toJson(const YAML::Node& node)
{
    if (!node.IsDefined() || node.IsNull())
        return QJsonValue(QJsonValue::Null);
    if (node.IsSequence()) {
        QJsonArray array;
        for (const YAML::Node& item : node)
            array.append(toJson(item));
        return array;
    }
    if (node.IsMap()) {
        QJsonObject object;
        for (const auto& item : node)
            object.insert(scalarText(item.first), toJson(item.second));
        return object;
    }
    const QString text = scalarText(node);
    if (!isPlainScalar(node))
        return text;
    if (text == QLatin1String("~") || text == QLatin1String("null") || text == QLatin1String("Null")
        || text == QLatin1String("NULL"))
        return QJsonValue(QJsonValue::Null);
    if (const std::optional<bool> flag = yamlBoolean(node))
        return *flag;
    bool ok = false;
    const qlonglong integer = text.toLongLong(&ok);
    if (ok)
        return integer;
    const double real = text.toDouble(&ok);
    if (ok)
        return real;
    return text;
}

} // namespace minato::kube
