// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "fleetsourceoptions.h"
#include "demofleet.h"

#include "items/changeplanner.h"
#include "export/changesetexporter.h"
#include "export/manifestyaml.h"
#include "export/operations.h"
#include "fleet/reportrun.h"
#include "kinds/kindregistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTextStream>

#include <map>
#include <optional>

using namespace minato::changes;
using minato::items::ChangePlanner;

namespace {

struct PlanArguments
{
    OperationRequest request;
    QList<ObjectRef> targets; // cluster left empty: every selected context
};

// "deployment/web", "deploy/web", "node/x"; a bare name is a node for the node operations, as
// kubectl cordon NODE takes it.
std::optional<ObjectRef> parseTarget(const minato::kinds::KindRegistry& kinds, const QString& text,
    OperationKind operation, const QString& nameSpace, QString* error)
{
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    const bool nodeOperation = operation == OperationKind::Cordon || operation == OperationKind::Uncordon
        || operation == OperationKind::Drain;
    if (slash < 0 && !nodeOperation) {
        *error = QStringLiteral("\"%1\": a target is KIND/NAME, like deployment/web").arg(text);
        return std::nullopt;
    }
    const QString kindText = slash < 0 ? QStringLiteral("node") : text.left(slash);
    const QString name = slash < 0 ? text : text.mid(slash + 1);
    const auto kind = kinds.find(kindText);
    if (!kind || name.isEmpty() || name.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("\"%1\": unknown kind or bad name").arg(text);
        return std::nullopt;
    }
    return ObjectRef { {}, {}, kinds.kindName(*kind), nameSpace, name };
}

std::optional<int> intOption(const QCommandLineParser& parser, const QCommandLineOption& option, QString* error)
{
    if (!parser.isSet(option))
        return std::nullopt;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok)
        *error = QStringLiteral("--%1 wants a whole number").arg(option.names().constLast());
    return ok ? std::optional<int>(value) : std::nullopt;
}

QString patchTypeWord(PatchType type)
{
    return type == PatchType::StrategicMerge ? QStringLiteral("strategic") : QStringLiteral("merge");
}

// The documents of one change as a YAML stream: a comment naming it, the patch and the manifest
// after it, or the plan; the bytes come from manifestYaml like the exported files.
QByteArray changeYaml(const Change& change)
{
    QByteArray out = "# " + change.target.cluster.toUtf8() + ": " + change.summary.toUtf8() + "\n";
    for (const QString& warning : change.warnings)
        out += "# warning: " + warning.toUtf8() + "\n";
    QList<QByteArray> documents;
    if (change.patchType != PatchType::None) {
        const QString command = kubectlCommand(change.target, QStringLiteral("patch")) + QStringLiteral(" --type ")
            + patchTypeWord(change.patchType) + QStringLiteral(" --patch-file PATCH");
        documents << "# patch: " + command.toUtf8() + "\n" + patchYaml(change);
    }
    if (!change.plan.isEmpty())
        documents << manifestYaml(change.plan);
    else if (!change.after.isEmpty())
        documents << "# after\n" + manifestYaml(change.after);
    return out + documents.join("---\n");
}

QJsonObject changeJson(const Change& change)
{
    QJsonObject object { { QStringLiteral("cluster"), change.target.cluster },
        { QStringLiteral("operation"), change.operation }, { QStringLiteral("summary"), change.summary },
        { QStringLiteral("warnings"), QJsonArray::fromStringList(change.warnings) } };
    if (change.patchType != PatchType::None) {
        object.insert(QStringLiteral("patchType"), patchTypeWord(change.patchType));
        object.insert(QStringLiteral("patch"), change.patch);
    }
    if (!change.after.isEmpty())
        object.insert(QStringLiteral("after"), change.after);
    if (!change.plan.isEmpty())
        object.insert(QStringLiteral("plan"), change.plan);
    return object;
}

QByteArray renderChanges(const QList<Change>& changes, const QString& format)
{
    if (format == QLatin1String("json")) {
        QJsonArray array;
        for (const Change& change : changes)
            array.append(changeJson(change));
        return QJsonDocument(QJsonObject { { QStringLiteral("changes"), array } }).toJson(QJsonDocument::Indented);
    }
    QList<QByteArray> streams;
    for (const Change& change : changes)
        streams << changeYaml(change);
    return streams.join("---\n");
}

struct PlanOutcome
{
    QList<Change> changes; // in cluster, then target order
    int fetchFailures = 0;
    int refusals = 0;
};

// Plans every target in every connected cluster of the engine and waits for all answers;
// problems are reported on `err` as they come.
PlanOutcome planEverywhere(
    minato::fleet::FleetEngine* engine, const PlanArguments& plan, std::chrono::milliseconds timeout, QTextStream& err)
{
    ChangePlanner planner(engine);
    planner.setTimeout(timeout);
    std::map<quint64, Change> changes; // tickets grow in cluster, then target order
    PlanOutcome outcome;
    QObject::connect(&planner, &ChangePlanner::changeReady, &planner,
        [&changes](quint64 ticket, const Change& change) { changes.emplace(ticket, change); });
    QObject::connect(&planner, &ChangePlanner::fetchFailed, &planner,
        [&err, &outcome](quint64, const ObjectRef&, const QString& message) {
            ++outcome.fetchFailures;
            err << "minato plan: " << message << "\n";
        });
    QObject::connect(&planner, &ChangePlanner::operationRefused, &planner,
        [&err, &outcome](quint64, const ObjectRef& target, const QString& message) {
            ++outcome.refusals;
            err << "minato plan: " << target.cluster << ": " << message << "\n";
        });
    for (const auto* session : engine->sessions()) {
        for (ObjectRef target : plan.targets) {
            target.cluster = session->name();
            planner.plan(target, plan.request);
        }
    }
    QEventLoop loop;
    QObject::connect(&planner, &ChangePlanner::idle, &loop, &QEventLoop::quit);
    if (planner.pendingCount() > 0)
        loop.exec();
    for (const auto& [ticket, change] : changes)
        outcome.changes << change;
    return outcome;
}

} // namespace

// Exit codes: 0 when every change was prepared, 1 on usage errors and refused operations,
// 2 when a target could not be fetched.
int runPlanCommand(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Prepare an operation as reviewable YAML, never applied: fetch each target read-only, and print the patch\n"
        "and the clean manifest after it (or the plan, for drain and delete).\n"
        "Operations: scale, cordon, uncordon, drain, restart, label, annotate, hpa, delete.\n"
        "Targets: KIND/NAME (deployment/web, deploy/web, sts/db, node/x, hpa/web); label and annotate take\n"
        "KEY=VALUE and KEY- arguments among them.\n"
        "Exit status: 0 when every change was prepared, 1 on usage errors or refused operations, 2 when a target\n"
        "could not be fetched."));
    const FleetSourceOptions source;
    const QCommandLineOption contextOption(QStringLiteral("context"),
        QStringLiteral("The contexts to plan in, a glob (* ? [...]); default: the current context."),
        QStringLiteral("GLOB"));
    const QCommandLineOption namespaceOption({ QStringLiteral("n"), QStringLiteral("namespace") },
        QStringLiteral("Namespace of the targets (default: default)."), QStringLiteral("NAMESPACE"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QStringLiteral("Plan on the built-in simulated demo fleet."));
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Output format: yaml or json."), QStringLiteral("FORMAT"), QStringLiteral("yaml"));
    const QCommandLineOption outOption(QStringLiteral("out"),
        QStringLiteral("Export a change set folder into DIR instead of printing."), QStringLiteral("DIR"));
    const QCommandLineOption titleOption(
        QStringLiteral("title"), QStringLiteral("Change set title (with --out)."), QStringLiteral("T"));
    const QCommandLineOption reasonOption(
        QStringLiteral("reason"), QStringLiteral("Why (with --out)."), QStringLiteral("R"));
    const QCommandLineOption replicasOption(
        QStringLiteral("replicas"), QStringLiteral("scale: the new replicas."), QStringLiteral("N"));
    const QCommandLineOption minOption(QStringLiteral("min"), QStringLiteral("hpa: minReplicas."), QStringLiteral("N"));
    const QCommandLineOption maxOption(QStringLiteral("max"), QStringLiteral("hpa: maxReplicas."), QStringLiteral("N"));
    const QCommandLineOption cpuOption(
        QStringLiteral("cpu"), QStringLiteral("hpa: CPU utilization target, percent."), QStringLiteral("PERCENT"));
    const QCommandLineOption memoryOption(QStringLiteral("memory"),
        QStringLiteral("hpa: memory utilization target, percent."), QStringLiteral("PERCENT"));
    const QCommandLineOption scaleUpOption(QStringLiteral("scale-up-window"),
        QStringLiteral("hpa: behavior.scaleUp.stabilizationWindowSeconds."), QStringLiteral("S"));
    const QCommandLineOption scaleDownOption(QStringLiteral("scale-down-window"),
        QStringLiteral("hpa: behavior.scaleDown.stabilizationWindowSeconds."), QStringLiteral("S"));
    const QCommandLineOption atOption(QStringLiteral("at"),
        QStringLiteral("restart: the restartedAt time, RFC 3339 (default: now)."), QStringLiteral("TIME"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
        QStringLiteral("Seconds to wait for each target (default 60)."), QStringLiteral("S"), QStringLiteral("60"));
    source.addTo(parser);
    parser.addOptions({ contextOption, namespaceOption, demoOption,
        outputOption, outOption, titleOption, reasonOption, replicasOption, minOption, maxOption, cpuOption,
        memoryOption, scaleUpOption, scaleDownOption, atOption, timeoutOption });

    auto usageError = [&err](const QString& message) {
        err << "minato plan: " << message << "\n";
        return 1;
    };
    if (!parser.parse(QStringList { QStringLiteral("minato") } + arguments))
        return usageError(parser.errorText());
    if (parser.isSet(source.help)) {
        QString text = parser.helpText();
        out << QStringLiteral("Usage: minato plan OPERATION TARGET... [options]")
                + text.mid(text.indexOf(QLatin1Char('\n')));
        return 0;
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(
            QStringLiteral("name an operation: scale, cordon, uncordon, drain, restart, label, annotate, hpa, delete"));
    const QString operationWord = positional.takeFirst();
    const auto operation = operationKindFromName(operationWord);
    if (!operation)
        return usageError(QStringLiteral("unknown operation \"%1\"").arg(operationWord));
    const QString format = parser.value(outputOption);
    if (format != QLatin1String("yaml") && format != QLatin1String("json"))
        return usageError(QStringLiteral("unknown output format \"%1\" (use yaml or json)").arg(format));
    if (parser.isSet(demoOption) && source.namesSource(parser))
        return usageError(QStringLiteral("--demo brings its own kubeconfig; leave out --kubeconfig and --fleet"));

    const minato::kinds::KindRegistry kinds = minato::kinds::KindRegistry::builtin();
    PlanArguments plan;
    plan.request.kind = *operation;
    QString error;
    const QString nameSpace = parser.value(namespaceOption);
    const bool metadataEdit = *operation == OperationKind::Label || *operation == OperationKind::Annotate;
    for (const QString& argument : std::as_const(positional)) {
        if (metadataEdit && (argument.contains(QLatin1Char('=')) || argument.endsWith(QLatin1Char('-')))) {
            plan.request.edits << argument;
            continue;
        }
        const auto target = parseTarget(kinds, argument, *operation, nameSpace, &error);
        if (!target)
            return usageError(error);
        plan.targets << *target;
    }
    if (plan.targets.isEmpty())
        return usageError(QStringLiteral("name at least one target, like deployment/web or node/worker-1"));
    if (metadataEdit && plan.request.edits.isEmpty())
        return usageError(QStringLiteral("%1 needs KEY=VALUE or KEY- arguments").arg(operationName(*operation)));
    const auto replicas = intOption(parser, replicasOption, &error);
    plan.request.hpa.minReplicas = intOption(parser, minOption, &error);
    plan.request.hpa.maxReplicas = intOption(parser, maxOption, &error);
    plan.request.hpa.cpuUtilization = intOption(parser, cpuOption, &error);
    plan.request.hpa.memoryUtilization = intOption(parser, memoryOption, &error);
    plan.request.hpa.scaleUp.stabilizationSeconds = intOption(parser, scaleUpOption, &error);
    plan.request.hpa.scaleDown.stabilizationSeconds = intOption(parser, scaleDownOption, &error);
    if (!error.isEmpty())
        return usageError(error);
    if (*operation == OperationKind::Scale && !replicas)
        return usageError(QStringLiteral("scale needs --replicas N"));
    plan.request.replicas = replicas.value_or(-1);
    if (*operation == OperationKind::HpaTune && plan.request.hpa.isEmpty())
        return usageError(QStringLiteral("hpa needs --min, --max, --cpu, --memory or a window"));
    if (parser.isSet(atOption)) {
        plan.request.restartedAt = QDateTime::fromString(parser.value(atOption), Qt::ISODate);
        if (!plan.request.restartedAt.isValid())
            return usageError(QStringLiteral("--at wants an RFC 3339 time like 2026-01-02T03:04:05Z"));
    }
    bool ok = false;
    const double seconds = parser.value(timeoutOption).toDouble(&ok);
    if (!ok || seconds <= 0)
        return usageError(QStringLiteral("--timeout wants a positive number of seconds"));

    QLoggingCategory::setFilterRules(QStringLiteral("minato.*.info=false"));
    minato::fleet::ReportOptions options;
    options.load = source.loadOptions(parser);
    std::optional<DemoFleet> demo;
    if (parser.isSet(demoOption)) {
        demo.emplace(QStringLiteral(":/minato/scenarios/demo.yaml"));
        const auto files = demo->start();
        if (!files)
            return usageError(QStringLiteral("cannot start the demo fleet: ") + files.error().message);
        options.load = files->loadOptions();
    }
    // Like kubectl, the current context unless told otherwise.
    options.contextGlob = parser.isSet(contextOption)
        ? parser.value(contextOption)
        : minato::fleet::FleetLoader::load(options.load).fleet.currentContext;
    if (options.contextGlob.isEmpty())
        return usageError(QStringLiteral("the kubeconfig names no current context: give --context"));
    minato::fleet::ReportRun run(kinds.catalog(), options);
    if (const std::optional<QString> problem = run.start())
        return usageError(*problem);

    const PlanOutcome outcome
        = planEverywhere(run.engine(), plan, std::chrono::milliseconds(qint64(seconds * 1000)), err);
    err.flush();

    ChangeSet set;
    set.changes = outcome.changes;
    if (parser.isSet(outOption) && !set.changes.isEmpty()) {
        set.title = parser.isSet(titleOption)
            ? parser.value(titleOption)
            : QStringLiteral("%1 %2").arg(operationName(*operation), positional.join(QLatin1Char(' ')));
        set.reason = parser.value(reasonOption);
        set.author = qEnvironmentVariable("USER", QStringLiteral("minato"));
        set.created = QDateTime::currentDateTimeUtc();
        const auto folder = exportChangeSet(set, parser.value(outOption));
        if (!folder) {
            err << "minato plan: " << folder.error().message << "\n";
            return 1;
        }
        out << *folder << "\n";
    } else {
        out << QString::fromUtf8(renderChanges(set.changes, format));
    }
    out.flush();
    run.engine()->disconnectAll();
    if (outcome.fetchFailures > 0)
        return 2;
    return outcome.refusals > 0 ? 1 : 0;
}
