// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private to the projection decoders: the only headers that see simdjson. Nothing outside
// models/fleet/*decoder*.cpp includes this file, so simdjson stays a private dependency.
//
// Leniency rule: a scalar of an unexpected type (a number where a string belongs, a null)
// reads as absent, and an object or array of the wrong type is skipped, so one odd field
// in a CRD-backed object cannot drop a whole list. Broken JSON (truncated, invalid) throws
// simdjson_error, which the public entry points turn into a Parse error.

#include "fleet/objectmeta.h"
#include "fleet/stringpool.h"
#include "util/rfc3339.h"

#include <simdjson.h>

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minato::fleet::detail {

namespace od = simdjson::ondemand;

struct DecodeContext
{
    StringPool& pool;
    od::parser& nestedParser; // for JSON embedded in strings (annotations, net-conf.json)
    std::string_view kindHint; // from the List's kind when items carry none ("Deployment")
    std::string_view apiVersionHint; // likewise from the List's apiVersion
    std::vector<std::pair<std::string_view, std::string_view>> labelScratch;
    std::string keyScratch; // for StringPool::internShared keys
};

// True on success; false when the value has another type (read as absent); throws for broken
// JSON (a malformed number, an invalid literal), which the entry points report as Parse errors.
inline bool accepted(simdjson::error_code error)
{
    if (error == simdjson::SUCCESS)
        return true;
    if (error == simdjson::INCORRECT_TYPE)
        return false;
    throw simdjson::simdjson_error(error);
}

inline bool isOfType(od::value& value, od::json_type wanted)
{
    od::json_type actual;
    return value.type().get(actual) == simdjson::SUCCESS && actual == wanted;
}

inline std::string_view stringOf(od::value& value)
{
    std::string_view text;
    if (!accepted(value.get_string().get(text)))
        return {};
    return text;
}

inline QString qstringOf(od::value& value)
{
    const std::string_view text = stringOf(value);
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

inline QByteArray bytesOf(od::value& value)
{
    const std::string_view text = stringOf(value);
    return QByteArray(text.data(), qsizetype(text.size()));
}

inline QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

inline InternedString internedOf(od::value& value, DecodeContext& ctx)
{
    return ctx.pool.intern(stringOf(value));
}

inline qint64 integerOf(od::value& value, qint64 fallback = 0)
{
    int64_t number;
    const simdjson::error_code error = value.get_int64().get(number);
    if (error == simdjson::SUCCESS)
        return number;
    if (error != simdjson::INCORRECT_TYPE && error != simdjson::NUMBER_OUT_OF_RANGE)
        throw simdjson::simdjson_error(error);
    double real; // 2.0, or beyond int64
    if (!accepted(value.get_double().get(real)))
        return fallback;
    constexpr double Limit = 9.2e18;
    return real >= Limit ? std::numeric_limits<qint64>::max()
        : real <= -Limit ? std::numeric_limits<qint64>::min()
                         : qint64(real);
}

inline qint32 int32Of(od::value& value, qint32 fallback = 0)
{
    return qint32(integerOf(value, fallback));
}

inline bool boolOf(od::value& value, bool fallback = false)
{
    bool flag;
    if (accepted(value.get_bool().get(flag)))
        return flag;
    // On-demand checks literals only when asked: "tru" looks boolean but does not parse.
    if (isOfType(value, od::json_type::boolean))
        throw simdjson::simdjson_error(simdjson::T_ATOM_ERROR);
    return fallback;
}

// A timestamp as epoch seconds; 0 for null, absent or unparsable.
inline qint64 timeOf(od::value& value)
{
    return parseRfc3339(stringOf(value)).value_or(0);
}

// Calls f(key, value) for each field when `value` is an object; does nothing otherwise.
template <typename F> void forEachField(od::value& value, F&& f)
{
    od::object object;
    if (!accepted(value.get_object().get(object)))
        return;
    for (auto field : object) {
        const std::string_view key = field.unescaped_key();
        od::value member = field.value();
        f(key, member);
    }
}

template <typename F> void forEachField(od::object& object, F&& f)
{
    for (auto field : object) {
        const std::string_view key = field.unescaped_key();
        od::value member = field.value();
        f(key, member);
    }
}

// Calls f(element) for each element when `value` is an array; does nothing otherwise.
template <typename F> void forEachElement(od::value& value, F&& f)
{
    od::array array;
    if (!accepted(value.get_array().get(array)))
        return;
    for (auto element : array) {
        od::value item = element.value();
        f(item);
    }
}

// A string list such as accessModes; non-strings are skipped.
template <typename F> void forEachString(od::value& value, F&& f)
{
    forEachElement(value, [&](od::value& item) {
        std::string_view text;
        if (accepted(item.get_string().get(text)))
            f(text);
    });
}

QUuid uidFromText(std::string_view text);

// A condition array entry: type, status, reason, message, lastTransitionTime.
struct ConditionScratch
{
    std::string_view type;
    std::string_view status;
    std::string_view reason;
    std::string_view message;
    qint64 lastTransitionTime = 0;
};
ConditionScratch readCondition(od::value& value);
ConditionStatus conditionStatusOf(std::string_view status);
void fillCondition(ConditionInfo& out, const ConditionScratch& in, DecodeContext& ctx);
void fillCondition(DetailedCondition& out, const ConditionScratch& in, DecodeContext& ctx);

// Iterates a "conditions" array, calling f(ConditionScratch).
template <typename F> void forEachCondition(od::value& value, F&& f)
{
    forEachElement(value, [&](od::value& item) { f(readCondition(item)); });
}

// Collects a string map (labels, nodeSelector, matchLabels) into an interned LabelSet.
LabelSet readLabelSet(od::value& value, DecodeContext& ctx);

// Reads `metadata`. Labels are kept only when keepLabels; each annotation is offered to
// onAnnotation(key, value) (a string_view pair valid while the document is parsed).
template <typename OnAnnotation>
void decodeMetadata(
    od::value& value, ObjectMeta& meta, DecodeContext& ctx, bool keepLabels, OnAnnotation&& onAnnotation)
{
    forEachField(value, [&](std::string_view key, od::value& member) {
        if (key == "name") {
            meta.name = qstringOf(member);
        } else if (key == "namespace") {
            meta.namespaceName = internedOf(member, ctx);
        } else if (key == "uid") {
            meta.uid = uidFromText(stringOf(member));
        } else if (key == "resourceVersion") {
            meta.resourceVersion = ResourceVersion::fromText(stringOf(member));
        } else if (key == "creationTimestamp") {
            meta.creationTimestamp = timeOf(member);
        } else if (key == "deletionTimestamp") {
            meta.deletionTimestamp = timeOf(member);
        } else if (key == "generation") {
            meta.generation = integerOf(member);
        } else if (key == "labels") {
            if (keepLabels)
                meta.labels = readLabelSet(member, ctx);
        } else if (key == "annotations") {
            forEachField(member, [&](std::string_view annotation, od::value& text) {
                std::string_view content;
                if (accepted(text.get_string().get(content)))
                    onAnnotation(annotation, content);
            });
        } else if (key == "ownerReferences") {
            bool haveController = false;
            forEachElement(member, [&](od::value& ref) {
                std::string_view kind, name;
                bool controller = false;
                forEachField(ref, [&](std::string_view refKey, od::value& refValue) {
                    if (refKey == "kind")
                        kind = stringOf(refValue);
                    else if (refKey == "name")
                        name = stringOf(refValue);
                    else if (refKey == "controller")
                        controller = boolOf(refValue);
                });
                if (haveController || (meta.owner.isSet() && !controller))
                    return;
                meta.owner.kind = ctx.pool.intern(kind);
                meta.owner.name = ctx.pool.intern(name);
                haveController = controller;
            });
        }
    });
}

inline void decodeMetadata(od::value& value, ObjectMeta& meta, DecodeContext& ctx, bool keepLabels)
{
    decodeMetadata(value, meta, ctx, keepLabels, [](std::string_view, std::string_view) {});
}

// Parses JSON held in a string (an annotation, a ConfigMap value) with the nested parser and
// hands the root value to f. Returns false (and leaves error text) when it is not valid JSON.
template <typename F> bool parseEmbeddedJson(std::string_view json, DecodeContext& ctx, F&& f, QString* error = nullptr)
{
    const simdjson::padded_string padded(json);
    try {
        od::document doc = ctx.nestedParser.iterate(padded);
        od::value root = doc.get_value();
        f(root);
        return true;
    } catch (const simdjson::simdjson_error& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

// Quantities as milli-units (cpu) and whole units rounded up (bytes, counts).
qint64 milliQuantityOf(od::value& value);
qint64 unitQuantityOf(od::value& value);

} // namespace minato::fleet::detail
