// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeconfigsources.h"
#include "kube/kubeconfigtypes.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <optional>

namespace minato::fleet {

// When Minato connects to a cluster: `connect: startup` pins it (connected as Minato starts),
// `connect: on-demand` waits until it is shown or asked for. Default: everything at start in
// fleets of up to 20 clusters, otherwise on demand.
enum class ConnectPolicy
{
    Default,
    Startup,
    OnDemand,
};

// `prometheus:` of a `clusters:` entry: where the cluster's kube-state-metrics history can be
// queried. Either a URL of its own (a separate endpoint: the cluster's credentials never go
// there) or a Service reached through the cluster's apiserver service proxy.
struct PrometheusSource
{
    QString url; // "http(s)://host:port[/prefix]"; empty with a service
    bool insecureSkipTlsVerify = false;
    QString certificateAuthority; // absolute; empty: the system's trust store
    QString serviceNamespace; // the service form, "monitoring/prometheus-k8s:9090"
    QString serviceName;
    QString servicePort; // a number or a port name; may be empty
    QString selector; // extra PromQL label matchers, e.g. cluster="prod-1", for a shared Prometheus
    kube::SourceLocation where;

    bool isService() const { return !serviceName.isEmpty(); }
    // "/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy"; empty for the URL form.
    QString proxyPath() const;
};

// `clusters:` entry: attaches team, environment and labels to contexts whose name matches.
struct ClusterRule
{
    QString match; // exact name or glob (* ? [...]), as written
    QRegularExpression pattern; // the compiled glob, anchored
    QString team;
    QString environment;
    QMap<QString, QString> labels;
    ConnectPolicy connect = ConnectPolicy::Default;
    std::optional<PrometheusSource> prometheus;
    kube::SourceLocation where;
};

// `naming:` entry: a regular expression whose named groups `team` and `env` fill whatever the
// rules left empty.
struct NamingRule
{
    QRegularExpression pattern;
    kube::SourceLocation where;
};

// `manual:` entry: a cluster that is in no kubeconfig. Its secret is never in fleet.yaml: it is
// read from the OS keychain, under keychainKey(), when Minato connects.
struct ManualContext
{
    QString name;
    QString server;
    QString certificateAuthority; // absolute
    bool insecureSkipTlsVerify = false;
    QString nameSpace;
    QString username; // basic auth only
    kube::AuthKind auth = kube::AuthKind::Token; // Token or Basic
    kube::SourceLocation where;

    QString keychainKey() const { return QStringLiteral("context/") + name; }
};

// The result of classifying one context name.
struct Classification
{
    QString team;
    QString environment;
    QMap<QString, QString> labels;
    ConnectPolicy connect = ConnectPolicy::Default; // the first matching rule that sets it
    std::optional<PrometheusSource> prometheus; // likewise
};

// fleet.yaml (docs/fleet.md): extra kubeconfig sources, team/environment/labels per context and
// clusters added by hand. Problems are diagnostics with line numbers, never exceptions.
class FleetConfig
{
public:
    // $XDG_CONFIG_HOME/minato/fleet.yaml, else $HOME/.config/minato/fleet.yaml (the env is a
    // parameter so tests never see the real one).
    static QString defaultPath(const QProcessEnvironment& environment);
    // Reads `path`; when it does not exist that is an error only if `required` (--fleet given).
    static FleetConfig load(const QString& path, const QProcessEnvironment& environment, bool required);
    // Parses `yaml` as if read from `path` (relative sources resolve against its folder).
    static FleetConfig parse(const QByteArray& yaml, const QString& path, const QProcessEnvironment& environment);

    // The first matching rule that sets a team (or environment) wins it; labels of all matching
    // rules merge, earlier rules winning a key; naming rules fill team or environment left empty.
    Classification classify(const QString& contextName) const;

    QString path; // empty when no fleet file was read
    QList<kube::ExtraKubeconfigSource> sources; // absolute files or folders, in order
    QList<ClusterRule> clusters;
    QList<NamingRule> naming;
    QList<ManualContext> manual;
    QList<kube::Diagnostic> diagnostics;
};

} // namespace minato::fleet
