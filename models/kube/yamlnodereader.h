// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to minato_core: only .cpp files include this, so yaml-cpp stays a private
// dependency and no public header exposes it.

#include "kube/kubeconfigtypes.h"

#include <QJsonValue>

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>

namespace minato::kube {

// Typed access to a yaml-cpp tree that turns every surprise (wrong type, bad base64, unknown
// key) into a Diagnostic with file and line instead of an exception, so one bad field never
// costs the rest of the entry. `what` names the owner in messages, e.g. `cluster "prod"`.
class YamlNodeReader
{
public:
    explicit YamlNodeReader(QString file);

    const QString& file() const { return m_file; }
    SourceLocation at(const YAML::Node& node) const;
    static int lineOf(const YAML::Node& node); // 1-based; 0 when the node carries no mark

    void report(Severity severity, const QString& code, const QString& message, const SourceLocation& where);
    void report(Severity severity, const QString& code, const QString& message, const YAML::Node& where);
    QList<Diagnostic> takeDiagnostics();

    // The value under `key`, or an undefined node when `map` is not a map or lacks the key.
    static YAML::Node child(const YAML::Node& map, const char* key);
    static bool isPresent(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }
    static QString typeName(const YAML::Node& node);

    // Absent or null values give nullopt silently; a value of the wrong type is reported.
    std::optional<QString> string(const YAML::Node& map, const char* key, const QString& what);
    std::optional<bool> boolean(const YAML::Node& map, const char* key, const QString& what);
    std::optional<QStringList> stringList(const YAML::Node& map, const char* key, const QString& what);
    std::optional<QMap<QString, QString>> stringMap(const YAML::Node& map, const char* key, const QString& what);
    std::optional<QMap<QString, QStringList>> stringListMap(
        const YAML::Node& map, const char* key, const QString& what);
    // Strict standard base64 as Go decodes []byte fields (padding required, newlines ignored).
    std::optional<QByteArray> base64(const YAML::Node& map, const char* key, const QString& what);

    // The child if it has the wanted shape; otherwise reports wrong-type and returns undefined.
    YAML::Node mapping(const YAML::Node& map, const char* key, const QString& what);
    YAML::Node sequence(const YAML::Node& map, const char* key, const QString& what);
    bool expectMapping(const YAML::Node& node, const QString& what);

    // Info "field-unknown" for keys client-go would silently ignore: usually a typo.
    void checkKeys(const YAML::Node& map, std::initializer_list<const char*> known, const QString& what);

    static QString scalarText(const YAML::Node& node); // the scalar as UTF-8 text; empty for non-scalars
    static bool isPlainScalar(const YAML::Node& node);
    static std::optional<bool> yamlBoolean(const YAML::Node& node); // YAML 1.1 spellings, as go-yaml v2
    static QJsonValue toJson(const YAML::Node& node);
    static std::optional<QByteArray> decodeBase64Strict(const QByteArray& text);

private:
    void reportWrongType(const YAML::Node& node, const QString& what, const char* key, const char* expected);

    QString m_file;
    QList<Diagnostic> m_diagnostics;
};

} // namespace minato::kube
