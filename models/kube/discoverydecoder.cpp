// SPDX-License-Identifier: Apache-2.0
#include "discoverydecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace minato::kube {

namespace {

QLatin1StringView modeName(DiscoveryDecoder::Mode mode)
{
    switch (mode) {
    case DiscoveryDecoder::Mode::Version:
        return QLatin1StringView("version information");
    case DiscoveryDecoder::Mode::CoreVersions:
        return QLatin1StringView("APIVersions");
    case DiscoveryDecoder::Mode::GroupList:
        return QLatin1StringView("APIGroupList");
    case DiscoveryDecoder::Mode::ResourceList:
        return QLatin1StringView("APIResourceList");
    }
    return QLatin1StringView("discovery document");
}

// "27+" and "27-eks" are real minor versions; only the leading digits count.
int leadingNumber(const QString& text)
{
    qsizetype digits = 0;
    while (digits < text.size() && text.at(digits).isDigit())
        ++digits;
    return text.left(digits).toInt();
}

QStringList strings(const QJsonValue& value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array)
        out << item.toString();
    return out;
}

void decodeVersion(const QJsonObject& object, DiscoveryPayload& out)
{
    out.version.gitVersion = object.value(QLatin1String("gitVersion")).toString();
    out.version.major = leadingNumber(object.value(QLatin1String("major")).toString());
    out.version.minor = leadingNumber(object.value(QLatin1String("minor")).toString());
    out.version.platform = object.value(QLatin1String("platform")).toString();
    // Some distributions leave major/minor empty; gitVersion "v1.29.4" still says it.
    if (out.version.major == 0 && out.version.gitVersion.startsWith(QLatin1Char('v'))) {
        const QStringList parts = out.version.gitVersion.mid(1).split(QLatin1Char('.'));
        if (parts.size() >= 2) {
            out.version.major = leadingNumber(parts.at(0));
            out.version.minor = leadingNumber(parts.at(1));
        }
    }
}

void decodeGroups(const QJsonObject& object, DiscoveryPayload& out)
{
    const QJsonArray groups = object.value(QLatin1String("groups")).toArray();
    for (const QJsonValue& value : groups) {
        const QJsonObject group = value.toObject();
        ApiGroupInfo info;
        info.name = group.value(QLatin1String("name")).toString();
        const QJsonArray versions = group.value(QLatin1String("versions")).toArray();
        for (const QJsonValue& version : versions)
            info.versions << version.toObject().value(QLatin1String("version")).toString();
        info.preferredVersion
            = group.value(QLatin1String("preferredVersion")).toObject().value(QLatin1String("version")).toString();
        if (!info.name.isEmpty())
            out.groups << info;
    }
}

void decodeResources(const QJsonObject& object, DiscoveryPayload& out)
{
    out.groupVersion = object.value(QLatin1String("groupVersion")).toString();
    const QJsonArray resources = object.value(QLatin1String("resources")).toArray();
    for (const QJsonValue& value : resources) {
        const QJsonObject resource = value.toObject();
        ApiResourceInfo info;
        info.name = resource.value(QLatin1String("name")).toString();
        if (info.name.isEmpty() || info.name.contains(QLatin1Char('/')))
            continue; // subresources
        info.kind = resource.value(QLatin1String("kind")).toString();
        info.singularName = resource.value(QLatin1String("singularName")).toString();
        info.shortNames = strings(resource.value(QLatin1String("shortNames")));
        info.namespaced = resource.value(QLatin1String("namespaced")).toBool();
        info.verbs = strings(resource.value(QLatin1String("verbs")));
        out.resources << info;
    }
}

} // namespace

DiscoveryPayload DiscoveryDecoder::decode(Mode mode, const QByteArray& body)
{
    DiscoveryPayload out;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        const QString why = parseError.error != QJsonParseError::NoError
            ? parseError.errorString() + QStringLiteral(" at byte %1").arg(parseError.offset)
            : QStringLiteral("not a JSON object");
        out.error
            = KubeError::make(ErrorKind::Parse, QStringLiteral("Cannot read the %1: %2").arg(modeName(mode), why));
        return out;
    }
    const QJsonObject object = document.object();
    switch (mode) {
    case Mode::Version:
        decodeVersion(object, out);
        break;
    case Mode::CoreVersions:
        out.coreVersions = strings(object.value(QLatin1String("versions")));
        break;
    case Mode::GroupList:
        decodeGroups(object, out);
        break;
    case Mode::ResourceList:
        decodeResources(object, out);
        break;
    }
    return out;
}

DecodedPayloadPtr DiscoveryDecoder::decodeBody(const QByteArray& body)
{
    return std::make_shared<const DiscoveryPayload>(decode(m_mode, body));
}

DecodedPayloadPtr DiscoveryDecoder::decodeStreamLines(const QByteArray&)
{
    auto payload = std::make_shared<DiscoveryPayload>();
    payload->error = KubeError::make(ErrorKind::Parse, QStringLiteral("Discovery documents are not streamed"));
    return payload;
}

} // namespace minato::kube
