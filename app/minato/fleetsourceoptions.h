// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetloader.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

// The options of every headless command that reads the user's fleet, worded once:
// -h/--help, --kubeconfig (repeatable) and --fleet.
struct FleetSourceOptions
{
    QCommandLineOption help { { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help.") };
    QCommandLineOption kubeconfig { QStringLiteral("kubeconfig"),
        QStringLiteral("Kubeconfig file to load instead of KUBECONFIG or ~/.kube/config; repeatable."),
        QStringLiteral("FILE") };
    QCommandLineOption fleet { QStringLiteral("fleet"), QStringLiteral("Fleet file (default: ~/.config/minato/fleet.yaml)."),
        QStringLiteral("FILE") };

    void addTo(QCommandLineParser& parser) const { parser.addOptions({ help, kubeconfig, fleet }); }
    // Whether the user named a fleet source (which --demo excludes).
    bool namesSource(const QCommandLineParser& parser) const { return parser.isSet(kubeconfig) || parser.isSet(fleet); }
    minato::fleet::FleetLoadOptions loadOptions(const QCommandLineParser& parser) const
    {
        minato::fleet::FleetLoadOptions options;
        options.kubeconfigFiles = parser.values(kubeconfig);
        options.fleetFile = parser.value(fleet);
        return options;
    }
};
