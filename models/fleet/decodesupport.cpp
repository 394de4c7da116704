// SPDX-License-Identifier: Apache-2.0
#include "decodesupport.h"

#include "util/quantity.h"

#include <QLatin1StringView>

namespace minato::fleet::detail {

QUuid uidFromText(std::string_view text)
{
    if (text.empty())
        return {};
    const QLatin1StringView latin(text.data(), qsizetype(text.size()));
    const QUuid uuid = QUuid::fromString(latin);
    if (!uuid.isNull())
        return uuid;
    // Not a UUID (synthetic objects): a stable stand-in derived from the text.
    static const QUuid Namespace(QStringLiteral("{4f0c5b36-9a49-4c1f-8a3e-6d1f1d0c7a11}"));
    return QUuid::createUuidV5(Namespace, QByteArray(text.data(), qsizetype(text.size())));
}

ConditionScratch readCondition(od::value& value)
{
    ConditionScratch c;
    forEachField(value, [&](std::string_view key, od::value& member) {
        if (key == "type")
            c.type = stringOf(member);
        else if (key == "status")
            c.status = stringOf(member);
        else if (key == "reason")
            c.reason = stringOf(member);
        else if (key == "message")
            c.message = stringOf(member);
        else if (key == "lastTransitionTime")
            c.lastTransitionTime = timeOf(member);
    });
    return c;
}

ConditionStatus conditionStatusOf(std::string_view status)
{
    if (status == "True")
        return ConditionStatus::True;
    if (status == "False")
        return ConditionStatus::False;
    if (status == "Unknown")
        return ConditionStatus::Unknown;
    return ConditionStatus::Absent;
}

void fillCondition(ConditionInfo& out, const ConditionScratch& in, DecodeContext& ctx)
{
    out.status = conditionStatusOf(in.status);
    out.reason = ctx.pool.intern(in.reason);
    out.lastTransitionTime = in.lastTransitionTime;
}

void fillCondition(DetailedCondition& out, const ConditionScratch& in, DecodeContext& ctx)
{
    fillCondition(static_cast<ConditionInfo&>(out), in, ctx);
    out.message = toQString(in.message);
}

LabelSet readLabelSet(od::value& value, DecodeContext& ctx)
{
    auto& scratch = ctx.labelScratch;
    scratch.clear();
    forEachField(value, [&](std::string_view key, od::value& member) {
        std::string_view text;
        if (accepted(member.get_string().get(text)))
            scratch.emplace_back(key, text);
    });
    return ctx.pool.internLabels(scratch);
}

qint64 milliQuantityOf(od::value& value)
{
    std::string_view text;
    if (accepted(value.get_string().get(text)))
        return Quantity::parseMilli(text);
    // Quantities are strings on the wire, but a hand-written CRD may hold a bare number.
    double number;
    if (!accepted(value.get_double().get(number)))
        return 0;
    const double milli = number * 1000.0;
    return milli >= 9.2e18 ? std::numeric_limits<qint64>::max()
        : milli <= -9.2e18 ? std::numeric_limits<qint64>::min()
                           : qint64(milli);
}

qint64 unitQuantityOf(od::value& value)
{
    const qint64 milli = milliQuantityOf(value);
    return milli / 1000 + (milli % 1000 > 0 ? 1 : 0);
}

} // namespace minato::fleet::detail
