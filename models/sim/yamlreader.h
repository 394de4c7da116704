// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/scenario.h"

#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <climits>
#include <initializer_list>
#include <optional>

namespace minato::sim {

// Typed access to a yaml-cpp tree that never throws and never stops at the first problem:
// every mistake is collected as "file:line: path: what", so a scenario author sees them all.
class YamlReader
{
public:
    explicit YamlReader(QString fileName);

    const QString& fileName() const { return m_fileName; }
    static int lineOf(const YAML::Node& node); // 1-based, 0 when unknown
    int lineOfKey(const YAML::Node& map, const char* key) const;

    void error(int line, const QString& what);
    void error(const QString& file, int line, const QString& what); // a problem in an included file
    const QStringList& errors() const { return m_errors; }

    bool expectMap(const YAML::Node& node, const QString& path, int line);
    bool expectList(const YAML::Node& node, const QString& path, int line);
    // Reports keys outside `known`, suggesting the nearest known one.
    void checkKeys(const YAML::Node& map, const QString& path, std::initializer_list<const char*> known);
    static bool has(const YAML::Node& map, const char* key);

    QString string(const YAML::Node& map, const char* key, const QString& path, const QString& fallback = {},
        bool required = false);
    int integer(const YAML::Node& map, const char* key, const QString& path, int fallback, int min = INT_MIN,
        int max = INT_MAX, bool required = false);
    qint64 integer64(
        const YAML::Node& map, const char* key, const QString& path, qint64 fallback, qint64 min, qint64 max);
    double number(const YAML::Node& map, const char* key, const QString& path, double fallback, double min, double max,
        bool required = false);
    bool boolean(const YAML::Node& map, const char* key, const QString& path, bool fallback);
    Millis duration(
        const YAML::Node& map, const char* key, const QString& path, Millis fallback, bool required = false);
    QStringList stringList(const YAML::Node& map, const char* key, const QString& path);
    QMap<QString, QString> stringMap(const YAML::Node& map, const char* key, const QString& path);
    // The index of the value among `names`, or fallback (with an error) when it is not one of them.
    int choice(const YAML::Node& map, const char* key, const QString& path, const QStringList& names, int fallback);
    // A Kubernetes quantity kept as written; empty when absent.
    QString quantity(const YAML::Node& map, const char* key, const QString& path);
    // An IPv4 CIDR "a.b.c.d/n" with host bits clear.
    QString cidr(const YAML::Node& map, const char* key, const QString& path, const QString& fallback = {},
        bool required = false);

    static std::optional<Millis> parseDuration(QStringView text);
    static QString scalarText(const YAML::Node& node);
    // YAML 1.2 core schema resolution of plain scalars; quoted scalars stay strings.
    static QJsonValue toJson(const YAML::Node& node);

private:
    std::optional<QString> scalar(const YAML::Node& map, const char* key, const QString& path, bool required);
    QString where(const QString& path, const char* key) const;

    QString m_fileName;
    QStringList m_errors;
};

} // namespace minato::sim
