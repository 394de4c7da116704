// SPDX-License-Identifier: Apache-2.0
#include "apidocuments.h"

#include "util/yamljson.h"

#include "util/logging.h"

#include <QDir>
#include <QFile>

// The resource lives in a static library, so the linker needs an explicit reference to keep it.
static int registerSimulatorResources()
{
    Q_INIT_RESOURCE(simapi);
    return 0;
}

static void initSimulatorResources()
{
    static const int once = registerSimulatorResources();
    Q_UNUSED(once);
}

namespace minato::sim {

namespace {

    QByteArray readResource(const QString& path)
    {
        initSimulatorResources();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcSim) << "missing built-in resource" << path;
            return {};
        }
        return file.readAll();
    }

    QList<QJsonObject> loadDefinitions()
    {
        initSimulatorResources();
        QList<QJsonObject> result;
        const QDir dir(QStringLiteral(":/minato-sim/crds"));
        for (const QString& name : dir.entryList({ QStringLiteral("*.yaml") }, QDir::Files, QDir::Name)) {
            const auto documents = YamlJson::documents(readResource(dir.filePath(name)), name);
            if (!documents) {
                qCWarning(lcSim) << documents.error().message;
                continue;
            }
            for (const QJsonValue& document : *documents) {
                if (document.isObject())
                    result.append(document.toObject());
            }
        }
        return result;
    }

} // namespace

const QByteArray& ApiDocuments::openApiV2()
{
    static const QByteArray document = readResource(QStringLiteral(":/minato-sim/openapi/swagger-v1.20.2.json"));
    return document;
}

QList<QJsonObject> ApiDocuments::customResourceDefinitions(const QString& group)
{
    static const QList<QJsonObject> all = loadDefinitions();
    QList<QJsonObject> result;
    for (const QJsonObject& definition : all) {
        if (definition.value(QStringLiteral("spec")).toObject().value(QStringLiteral("group")).toString() == group)
            result.append(definition);
    }
    return result;
}

} // namespace minato::sim
