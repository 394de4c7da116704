// SPDX-License-Identifier: Apache-2.0
#include "sim/yamlreader.h"

#include "sim/cidr.h"
#include "sim/quantity.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace minato::sim {

namespace {

    int editDistance(const QString& a, const QString& b)
    {
        QList<int> row(b.size() + 1);
        for (int j = 0; j <= b.size(); ++j)
            row[j] = j;
        for (int i = 1; i <= a.size(); ++i) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.size(); ++j) {
                const int above = row[j];
                const bool same = a[i - 1].toLower() == b[j - 1].toLower();
                row[j] = std::min({ row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1) });
                diagonal = above;
            }
        }
        return row[b.size()];
    }

    QString field(const QString& path, const char* key)
    {
        const QString k = QString::fromLatin1(key);
        return path.isEmpty() ? k : path + QLatin1Char('.') + k;
    }

} // namespace

YamlReader::YamlReader(QString fileName)
    : m_fileName(std::move(fileName))
{ }

int YamlReader::lineOf(const YAML::Node& node)
{
    if (!node.IsDefined())
        return 0;
    const YAML::Mark mark = node.Mark();
    return mark.line < 0 ? 0 : mark.line + 1;
}

int YamlReader::lineOfKey(const YAML::Node& map, const char* key) const
{
    if (map.IsMap()) {
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (it->first.IsScalar() && it->first.Scalar() == key)
                return lineOf(it->first);
        }
    }
    return lineOf(map);
}

void YamlReader::error(int line, const QString& what)
{
    m_errors.append(m_fileName + QLatin1Char(':') + QString::number(line) + QStringLiteral(": ") + what);
}

void YamlReader::error(const QString& file, int line, const QString& what)
{
    m_errors.append(file + QLatin1Char(':') + QString::number(line) + QStringLiteral(": ") + what);
}

QString YamlReader::where(const QString& path, const char* key) const
{
    return field(path, key);
}

bool YamlReader::expectMap(const YAML::Node& node, const QString& path, int line)
{
    if (node.IsMap())
        return true;
    error(node.IsDefined() ? lineOf(node) : line, path + QStringLiteral(": expected a mapping"));
    return false;
}

bool YamlReader::expectList(const YAML::Node& node, const QString& path, int line)
{
    if (node.IsSequence())
        return true;
    error(node.IsDefined() ? lineOf(node) : line, path + QStringLiteral(": expected a list"));
    return false;
}

bool YamlReader::has(const YAML::Node& map, const char* key)
{
    if (!map.IsMap())
        return false;
    const YAML::Node value = map[key];
    return value.IsDefined() && !value.IsNull();
}

void YamlReader::checkKeys(const YAML::Node& map, const QString& path, std::initializer_list<const char*> known)
{
    if (!map.IsMap())
        return;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString key = scalarText(it->first);
        bool found = false;
        QString nearest;
        int best = 3;
        for (const char* k : known) {
            const QString candidate = QString::fromLatin1(k);
            if (candidate == key) {
                found = true;
                break;
            }
            const int d = editDistance(key, candidate);
            if (d < best) {
                best = d;
                nearest = candidate;
            }
        }
        if (found)
            continue;
        QString message = path + QStringLiteral(": unknown key '") + key + QLatin1Char('\'');
        if (!nearest.isEmpty())
            message += QStringLiteral(" (did you mean '") + nearest + QStringLiteral("'?)");
        error(lineOf(it->first), message);
    }
}

QString YamlReader::scalarText(const YAML::Node& node)
{
    if (!node.IsScalar())
        return {};
    return QString::fromStdString(node.Scalar());
}

std::optional<QString> YamlReader::scalar(const YAML::Node& map, const char* key, const QString& path, bool required)
{
    const YAML::Node value = map.IsMap() ? map[key] : YAML::Node();
    if (!value.IsDefined() || value.IsNull()) {
        if (required)
            error(lineOf(map), where(path, key) + QStringLiteral(": required"));
        return std::nullopt;
    }
    if (!value.IsScalar()) {
        error(lineOf(value),
            where(path, key) + QStringLiteral(": expected a single value, not a ")
                + (value.IsMap() ? QStringLiteral("mapping") : QStringLiteral("list")));
        return std::nullopt;
    }
    return scalarText(value);
}

QString YamlReader::string(
    const YAML::Node& map, const char* key, const QString& path, const QString& fallback, bool required)
{
    const auto text = scalar(map, key, path, required);
    if (!text)
        return fallback;
    if (text->isEmpty() && required) {
        error(lineOf(map[key]), where(path, key) + QStringLiteral(": must not be empty"));
        return fallback;
    }
    return *text;
}

qint64 YamlReader::integer64(
    const YAML::Node& map, const char* key, const QString& path, qint64 fallback, qint64 min, qint64 max)
{
    const auto text = scalar(map, key, path, false);
    if (!text)
        return fallback;
    bool ok = false;
    const qint64 value = text->toLongLong(&ok);
    const int line = lineOf(map[key]);
    if (!ok) {
        error(line, where(path, key) + QStringLiteral(": expected a whole number, got '") + *text + QLatin1Char('\''));
        return fallback;
    }
    if (value < min || value > max) {
        error(line, where(path, key) + QStringLiteral(": %1 is out of range [%2, %3]").arg(value).arg(min).arg(max));
        return fallback;
    }
    return value;
}

int YamlReader::integer(
    const YAML::Node& map, const char* key, const QString& path, int fallback, int min, int max, bool required)
{
    const auto text = scalar(map, key, path, required);
    if (!text)
        return fallback;
    bool ok = false;
    const int value = text->toInt(&ok);
    const int line = lineOf(map[key]);
    if (!ok) {
        error(line, where(path, key) + QStringLiteral(": expected a whole number, got '") + *text + QLatin1Char('\''));
        return fallback;
    }
    if (value < min) {
        error(line,
            where(path, key)
                + (min == 0 ? QStringLiteral(": must not be negative (got %1)").arg(value)
                            : QStringLiteral(": must be at least %1 (got %2)").arg(min).arg(value)));
        return fallback;
    }
    if (value > max) {
        error(line, where(path, key) + QStringLiteral(": must be at most %1 (got %2)").arg(max).arg(value));
        return fallback;
    }
    return value;
}

double YamlReader::number(
    const YAML::Node& map, const char* key, const QString& path, double fallback, double min, double max, bool required)
{
    const auto text = scalar(map, key, path, required);
    if (!text)
        return fallback;
    bool ok = false;
    const double value = text->toDouble(&ok);
    const int line = lineOf(map[key]);
    if (!ok || !std::isfinite(value)) {
        error(line, where(path, key) + QStringLiteral(": expected a number, got '") + *text + QLatin1Char('\''));
        return fallback;
    }
    if (value < min || value > max) {
        error(line, where(path, key) + QStringLiteral(": %1 is out of range [%2, %3]").arg(value).arg(min).arg(max));
        return fallback;
    }
    return value;
}

bool YamlReader::boolean(const YAML::Node& map, const char* key, const QString& path, bool fallback)
{
    const auto text = scalar(map, key, path, false);
    if (!text)
        return fallback;
    const QString t = text->toLower();
    if (t == QLatin1String("true"))
        return true;
    if (t == QLatin1String("false"))
        return false;
    error(lineOf(map[key]),
        where(path, key) + QStringLiteral(": expected true or false, got '") + *text + QLatin1Char('\''));
    return fallback;
}

std::optional<Millis> YamlReader::parseDuration(QStringView text)
{
    // Go's time.ParseDuration units, plus a bare number meaning seconds.
    const QStringView t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double bare = t.toDouble(&ok);
    if (ok)
        return bare < 0 ? std::nullopt : std::optional<Millis>(Millis(std::llround(bare * 1000)));
    static const QRegularExpression part(QStringLiteral("^(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)"));
    double total = 0;
    qsizetype pos = 0;
    while (pos < t.size()) {
        const auto match = part.match(t.mid(pos));
        if (!match.hasMatch())
            return std::nullopt;
        const double value = match.capturedView(1).toDouble();
        const QStringView unit = match.capturedView(2);
        double factor = 1;
        if (unit == QLatin1String("ms"))
            factor = 1;
        else if (unit == QLatin1String("s"))
            factor = 1000;
        else if (unit == QLatin1String("m"))
            factor = 60 * 1000;
        else if (unit == QLatin1String("h"))
            factor = 3600 * 1000;
        else
            factor = 24 * 3600 * 1000;
        total += value * factor;
        pos += match.capturedLength(0);
    }
    return Millis(std::llround(total));
}

Millis YamlReader::duration(const YAML::Node& map, const char* key, const QString& path, Millis fallback, bool required)
{
    const auto text = scalar(map, key, path, required);
    if (!text)
        return fallback;
    const auto d = parseDuration(*text);
    if (!d) {
        error(lineOf(map[key]),
            where(path, key) + QStringLiteral(": expected a duration such as 90s, 5m or 1h30m, got '") + *text
                + QLatin1Char('\''));
        return fallback;
    }
    return *d;
}

QStringList YamlReader::stringList(const YAML::Node& map, const char* key, const QString& path)
{
    QStringList out;
    const YAML::Node value = map.IsMap() ? map[key] : YAML::Node();
    if (!value.IsDefined() || value.IsNull())
        return out;
    if (value.IsScalar()) // a single value is a list of one
        return { scalarText(value) };
    if (!value.IsSequence()) {
        error(lineOf(value), where(path, key) + QStringLiteral(": expected a list of values"));
        return out;
    }
    for (const YAML::Node& item : value) {
        if (!item.IsScalar()) {
            error(lineOf(item), where(path, key) + QStringLiteral(": expected a list of values"));
            continue;
        }
        out.append(scalarText(item));
    }
    return out;
}

QMap<QString, QString> YamlReader::stringMap(const YAML::Node& map, const char* key, const QString& path)
{
    QMap<QString, QString> out;
    const YAML::Node value = map.IsMap() ? map[key] : YAML::Node();
    if (!value.IsDefined() || value.IsNull())
        return out;
    if (!value.IsMap()) {
        error(lineOf(value), where(path, key) + QStringLiteral(": expected a mapping of names to values"));
        return out;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (!it->second.IsScalar() && !it->second.IsNull()) {
            error(lineOf(it->second),
                where(path, key) + QLatin1Char('.') + scalarText(it->first)
                    + QStringLiteral(": expected a single value"));
            continue;
        }
        out.insert(scalarText(it->first), it->second.IsNull() ? QString() : scalarText(it->second));
    }
    return out;
}

int YamlReader::choice(
    const YAML::Node& map, const char* key, const QString& path, const QStringList& names, int fallback)
{
    const auto text = scalar(map, key, path, false);
    if (!text)
        return fallback;
    const int index = int(names.indexOf(*text));
    if (index >= 0)
        return index;
    error(lineOf(map[key]),
        where(path, key) + QStringLiteral(": unknown value '") + *text + QStringLiteral("' (expected one of: ")
            + names.join(QStringLiteral(", ")) + QLatin1Char(')'));
    return fallback;
}

QString YamlReader::quantity(const YAML::Node& map, const char* key, const QString& path)
{
    const auto text = scalar(map, key, path, false);
    if (!text)
        return {};
    const auto value = Quantity::parse(*text);
    if (!value || *value < 0) {
        error(lineOf(map[key]),
            where(path, key) + QStringLiteral(": not a Kubernetes quantity: '") + *text + QLatin1Char('\''));
        return {};
    }
    return *text;
}

QString YamlReader::cidr(
    const YAML::Node& map, const char* key, const QString& path, const QString& fallback, bool required)
{
    const auto text = scalar(map, key, path, required);
    if (!text)
        return fallback;
    QString problem;
    if (!Cidr::parse(*text, &problem)) {
        error(lineOf(map[key]), where(path, key) + QStringLiteral(": ") + problem);
        return fallback;
    }
    return *text;
}

QJsonValue YamlReader::toJson(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar: {
        const QString text = scalarText(node);
        if (node.Tag() == "!")
            return text; // quoted
        static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
        static const QRegularExpression floating(
            QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
        if (text == QLatin1String("true") || text == QLatin1String("True") || text == QLatin1String("TRUE"))
            return true;
        if (text == QLatin1String("false") || text == QLatin1String("False") || text == QLatin1String("FALSE"))
            return false;
        if (text == QLatin1String("null") || text == QLatin1String("~") || text == QLatin1String("Null"))
            return QJsonValue::Null;
        if (integer.match(text).hasMatch()) {
            bool ok = false;
            const qint64 v = text.toLongLong(&ok);
            if (ok)
                return v;
        }
        if (floating.match(text).hasMatch())
            return text.toDouble();
        return text;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node& item : node)
            array.append(toJson(item));
        return array;
    }
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (auto it = node.begin(); it != node.end(); ++it)
            object.insert(scalarText(it->first), toJson(it->second));
        return object;
    }
    }
    return QJsonValue::Null;
}

} // namespace minato::sim
