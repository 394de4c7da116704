// SPDX-License-Identifier: Apache-2.0
#pragma once

// Pieces the benchmarks share: the simulator as a separate process, /proc readings, and
// child processes (kubectl) timed with their own resource usage.

#include <QByteArray>
#include <QCommandLineParser>
#include <QProcess>
#include <QStringList>

#include <functional>

namespace minato::bench {

// A field of /proc/<pid>/status ("VmRSS:", "VmHWM:", "Threads:"), its value simplified.
QByteArray procStatusField(qint64 pid, const char* field);
// The same field as a number of kB (the unit /proc uses), 0 when absent.
qint64 procStatusKb(qint64 pid, const char* field);
int openFileCount(qint64 pid);

// Adds an option with a value and its default to the parser, and returns it for value().
QCommandLineOption addOption(
    QCommandLineParser& parser, const char* name, const char* help, const char* valueName, const char* fallback);

// Runs the event loop (a real one: idle time is idle) until `done` holds, checked every 10 ms
// and whenever events arrive; false at the timeout.
bool spinUntil(const std::function<bool()>& done, double timeoutSeconds);
// Runs the event loop for this long.
void spinFor(double seconds);

// This process's user + system CPU seconds so far.
double ownCpuSeconds();

// Starts minato-sim with `arguments` and waits (up to `timeoutMs`) for its one ready line,
// which is returned; empty when it did not become ready (the process is then killed).
QByteArray startSimulator(QProcess& sim, const QString& binary, const QStringList& arguments, int timeoutMs);

// Many runs of a command, `parallel` at a time, each measured by wait4.
struct ChildBatch
{
    double wallSeconds = 0;
    double cpuSeconds = 0; // user + system of all children
    qint64 maxRssKb = 0; // the largest single child's peak RSS
    int failures = 0; // exit status other than 0
};

// Runs each of `commands` (argv lists, first the program) with stdout discarded, at most
// `parallel` at once, with `environment` ("KEY=value" entries) as their whole environment.
ChildBatch runChildren(const QList<QStringList>& commands, int parallel, const QStringList& environment);

} // namespace minato::bench
