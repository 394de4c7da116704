// SPDX-License-Identifier: Apache-2.0
#include "manifestyaml.h"

#include "fleet/yamlrender.h"
#include "secretplaceholders.h"

#include <QJsonDocument>

namespace minato::changes {

QByteArray manifestYaml(const QJsonObject& object)
{
    // Placeholders instead of the renderer's "<redacted>": whatever the caller passed, no Secret
    // value is written, and the key names stay reviewable.
    const QJsonObject safe = withSecretPlaceholders(object);
    fleet::YamlRenderOptions options;
    options.dropManagedFields = true;
    options.redactSecretData = false;
    const Expected<QString> yaml = fleet::renderYaml(QJsonDocument(safe).toJson(QJsonDocument::Compact), options);
    // QJsonDocument always writes valid JSON, so this only fails on a renderer bug; say so in
    // the file rather than writing an empty one that would apply as nothing.
    if (!yaml)
        return QByteArrayLiteral("# ") + yaml.error().message.toUtf8() + '\n';
    return yaml->toUtf8();
}

QByteArray patchYaml(const Change& change)
{
    return manifestYaml(withSecretPlaceholders(change.target.kind, change.patch));
}

} // namespace minato::changes
