// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

// Headless subcommands: each takes the arguments after its name and returns the exit code.
int runContextsCommand(const QStringList& arguments);
int runReportCommand(const QStringList& arguments);
int runNetworkCommand(const QStringList& arguments);
int runAutoscalingCommand(const QStringList& arguments);
int runRuntimesCommand(const QStringList& arguments);
int runCredentialsCommand(const QStringList& arguments);
int runPlanCommand(const QStringList& arguments);
