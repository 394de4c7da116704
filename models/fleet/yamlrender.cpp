// SPDX-License-Identifier: Apache-2.0
#include "yamlrender.h"

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace minato::fleet {

namespace {

    namespace dom = simdjson::dom;

    bool isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    // Numbers of YAML 1.1 and 1.2 (ints in any base, base 60, floats, exponents) all start with a
    // digit or a dot and use only these characters; quoting every such string is a superset of
    // what is needed, and harmless for the rest ("1.2.3" comes out as "1.2.3" in quotes).
    bool looksNumeric(std::string_view s)
    {
        if (!s.empty() && (s[0] == '-' || s[0] == '+'))
            s.remove_prefix(1);
        if (s.empty())
            return false;
        static constexpr std::array<std::string_view, 6> Specials = { ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN" };
        if (std::find(Specials.begin(), Specials.end(), s) != Specials.end())
            return true;
        if (!isDigit(s[0]) && !(s[0] == '.' && s.size() > 1 && isDigit(s[1])))
            return false;
        return std::all_of(s.begin(), s.end(), [](char c) {
            return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'x' || c == 'X' || c == 'o'
                || c == 'O' || c == '_' || c == '.' || c == ':' || c == '+' || c == '-';
        });
    }

    bool needsQuotes(std::string_view s)
    {
        if (s.empty())
            return true;
        static constexpr std::array<std::string_view, 30> Words
            = { "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True",
                  "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "=", "<<", "-", "?" };
        if (std::find(Words.begin(), Words.end(), s) != Words.end())
            return true;
        if (looksNumeric(s))
            return true;
        // Timestamps (YAML 1.1): 2024-01-31, 2024-1-31T10:00:00Z …
        return s.size() >= 8 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) && s[4] == '-';
    }

    // A literal block (|) keeps the text exactly when it ends in one newline (the default "clip"
    // chomping), its first line does not start with a space (that would change the detected
    // indentation) and it holds nothing a block cannot carry. yaml-cpp writes no chomping or
    // indentation indicators, so everything else goes double-quoted.
    bool literalRoundTrips(std::string_view s)
    {
        if (s.size() < 2 || s.back() != '\n' || s[s.size() - 2] == '\n')
            return false;
        if (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')
            return false;
        return std::none_of(s.begin(), s.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7f;
        });
    }

    enum class Level
    {
        Object,
        Metadata,
        Items,
        SecretData,
        Nested
    };

    int objectRank(std::string_view key)
    {
        static constexpr std::array<std::string_view, 5> Order = { "apiVersion", "kind", "metadata", "spec", "status" };
        const auto it = std::find(Order.begin(), Order.end(), key);
        return it == Order.end() ? int(Order.size()) : int(it - Order.begin());
    }

    int metadataRank(std::string_view key)
    {
        static constexpr std::array<std::string_view, 13> Order = { "name", "generateName", "namespace", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers" };
        if (key == "managedFields")
            return int(Order.size()) + 1;
        const auto it = std::find(Order.begin(), Order.end(), key);
        return it == Order.end() ? int(Order.size()) : int(it - Order.begin());
    }

    class Renderer
    {
    public:
        Renderer(YAML::Emitter& emitter, const YamlRenderOptions& options)
            : m_emitter(emitter)
            , m_options(options)
        { }

        void value(dom::element element, Level level)
        {
            switch (element.type()) {
            case dom::element_type::OBJECT:
                object(dom::object(element), level);
                break;
            case dom::element_type::ARRAY:
                array(dom::array(element), level);
                break;
            case dom::element_type::STRING:
                string(std::string_view(element));
                break;
            case dom::element_type::INT64:
                m_emitter << std::to_string(int64_t(element));
                break;
            case dom::element_type::UINT64:
                m_emitter << std::to_string(uint64_t(element));
                break;
            case dom::element_type::DOUBLE:
                m_emitter << formatDouble(double(element));
                break;
            case dom::element_type::BOOL:
                m_emitter << (bool(element) ? "true" : "false");
                break;
            case dom::element_type::NULL_VALUE:
                m_emitter << YAML::Null;
                break;
            }
        }

    private:
        void object(dom::object object, Level level)
        {
            std::vector<std::pair<std::string_view, dom::element>> fields;
            bool isSecret = false;
            for (const dom::key_value_pair field : object) {
                if (level == Level::Metadata && m_options.dropManagedFields && field.key == "managedFields")
                    continue;
                if (level == Level::Object && field.key == "kind" && field.value.is_string()
                    && std::string_view(field.value) == "Secret")
                    isSecret = true;
                fields.emplace_back(field.key, field.value);
            }
            if (fields.empty()) {
                m_emitter << YAML::Flow << YAML::BeginMap << YAML::EndMap;
                return;
            }
            std::stable_sort(fields.begin(), fields.end(), [level](const auto& a, const auto& b) {
                const int ra = level == Level::Object ? objectRank(a.first)
                    : level == Level::Metadata        ? metadataRank(a.first)
                                                      : 0;
                const int rb = level == Level::Object ? objectRank(b.first)
                    : level == Level::Metadata        ? metadataRank(b.first)
                                                      : 0;
                return ra != rb ? ra < rb : a.first < b.first;
            });
            m_emitter << YAML::BeginMap;
            for (const auto& [key, child] : fields) {
                m_emitter << YAML::Key;
                string(key, true);
                m_emitter << YAML::Value;
                if (level == Level::SecretData && child.is_string()) {
                    m_emitter << "<redacted>";
                    continue;
                }
                value(child, childLevel(level, key, isSecret));
            }
            m_emitter << YAML::EndMap;
        }

        Level childLevel(Level level, std::string_view key, bool isSecret) const
        {
            if (level != Level::Object)
                return Level::Nested;
            if (key == "metadata")
                return Level::Metadata;
            if (key == "items")
                return Level::Items;
            if (isSecret && m_options.redactSecretData && (key == "data" || key == "stringData"))
                return Level::SecretData;
            return Level::Nested;
        }

        void array(dom::array array, Level level)
        {
            if (array.size() == 0) {
                m_emitter << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
                return;
            }
            m_emitter << YAML::BeginSeq;
            for (const dom::element item : array)
                value(item, level == Level::Items ? Level::Object : Level::Nested);
            m_emitter << YAML::EndSeq;
        }

        void string(std::string_view text, bool isKey = false)
        {
            if (text.find('\n') != std::string_view::npos) {
                m_emitter << (!isKey && literalRoundTrips(text) ? YAML::Literal : YAML::DoubleQuoted);
            } else if (needsQuotes(text)) {
                m_emitter << YAML::DoubleQuoted;
            }
            m_emitter << std::string(text);
        }

        // The shortest text that reads back as the same double, always with a '.' or an exponent
        // so that it stays a float and does not turn into an int.
        static std::string formatDouble(double d)
        {
            char buffer[32];
            const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
            std::string text(buffer, result.ptr);
            if (text.find_first_of(".eE") == std::string::npos)
                text += ".0";
            return text;
        }

        YAML::Emitter& m_emitter;
        const YamlRenderOptions& m_options;
    };

} // namespace

bool yamlNeedsQuotes(QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    return needsQuotes(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

Expected<QString> renderYaml(const QByteArray& json, const YamlRenderOptions& options)
{
    dom::parser parser;
    dom::element root;
    const simdjson::error_code error = parser.parse(json.constData(), std::size_t(json.size())).get(root);
    if (error != simdjson::SUCCESS) {
        return KubeError::make(ErrorKind::Parse,
            QStringLiteral("cannot render YAML: %1").arg(QString::fromUtf8(simdjson::error_message(error))));
    }
    YAML::Emitter emitter;
    emitter.SetIndent(2);
    emitter.SetNullFormat(YAML::LowerNull);
    try {
        Renderer(emitter, options).value(root, Level::Object);
    } catch (const std::exception& e) {
        return KubeError::make(
            ErrorKind::Parse, QStringLiteral("cannot render YAML: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!emitter.good()) {
        return KubeError::make(ErrorKind::Parse,
            QStringLiteral("cannot render YAML: %1").arg(QString::fromStdString(emitter.GetLastError())));
    }
    QString text = QString::fromUtf8(emitter.c_str(), qsizetype(emitter.size()));
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    return text;
}

} // namespace minato::fleet
