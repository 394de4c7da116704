// SPDX-License-Identifier: Apache-2.0
#include "benchsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace minato::bench {

QCommandLineOption addOption(
    QCommandLineParser& parser, const char* name, const char* help, const char* valueName, const char* fallback)
{
    QCommandLineOption option { QLatin1String(name), QLatin1String(help), QLatin1String(valueName),
        QLatin1String(fallback) };
    parser.addOption(option);
    return option;
}

bool spinUntil(const std::function<bool()>& done, double timeoutSeconds)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (double(timer.elapsed()) / 1000.0 > timeoutSeconds)
            return false;
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

void spinFor(double seconds)
{
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
}

namespace {

    double seconds(const timeval& t)
    {
        return double(t.tv_sec) + double(t.tv_usec) / 1e6;
    }

    // argv/envp for posix_spawn: the byte arrays own the strings, the pointer lists end in null.
    struct CStrings
    {
        explicit CStrings(const QStringList& list)
        {
            for (const QString& s : list)
                bytes.append(s.toLocal8Bit());
            for (QByteArray& b : bytes)
                pointers.push_back(b.data());
            pointers.push_back(nullptr);
        }
        QList<QByteArray> bytes;
        std::vector<char*> pointers;
    };

} // namespace

QByteArray procStatusField(qint64 pid, const char* field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).simplified();
    }
    return {};
}

qint64 procStatusKb(qint64 pid, const char* field)
{
    const QByteArray value = procStatusField(pid, field);
    return value.left(value.indexOf(' ')).toLongLong();
}

int openFileCount(qint64 pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size());
}

double ownCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

QByteArray startSimulator(QProcess& sim, const QString& binary, const QStringList& arguments, int timeoutMs)
{
    sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sim.start(binary, arguments);
    if (!sim.waitForStarted(10000))
        return {};
    QElapsedTimer waiting;
    waiting.start();
    QByteArray output;
    while (!output.contains('\n') && waiting.elapsed() < timeoutMs && sim.state() == QProcess::Running) {
        if (sim.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - waiting.elapsed()))))
            output += sim.readAllStandardOutput();
    }
    if (!output.contains("ready")) {
        sim.kill();
        sim.waitForFinished(10000);
        return {};
    }
    return output.trimmed();
}

ChildBatch runChildren(const QList<QStringList>& commands, int parallel, const QStringList& environment)
{
    ChildBatch batch;
    const CStrings envp(environment);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    QElapsedTimer wall;
    wall.start();
    qsizetype next = 0;
    std::vector<pid_t> running;
    while (next < commands.size() || !running.empty()) {
        while (qsizetype(running.size()) < parallel && next < commands.size()) {
            const CStrings argv(commands.at(next++));
            pid_t pid = 0;
            if (posix_spawnp(&pid, argv.pointers.front(), &actions, nullptr, argv.pointers.data(), envp.pointers.data())
                != 0) {
                ++batch.failures;
                continue;
            }
            running.push_back(pid);
        }
        // A child's peak RSS is read from /proc while it runs: wait4's ru_maxrss cannot be
        // used, because Linux carries the high-water mark of the memory a child had before
        // exec into it, and a spawned child's memory before exec is this process's (every
        // kubectl would "peak" at the benchmark's own size). VmHWM only grows, so the last
        // reading before the child exits is its peak, to within one sweep.
        for (const pid_t pid : running)
            batch.maxRssKb = std::max(batch.maxRssKb, procStatusKb(pid, "VmHWM:"));
        // Only our own children are reaped: wait4(-1) could take the simulator's exit from
        // QProcess. A 2 ms sweep is finer than anything measured here.
        bool reaped = false;
        for (auto it = running.begin(); it != running.end();) {
            int status = 0;
            rusage usage {};
            if (wait4(*it, &status, WNOHANG, &usage) != *it) {
                ++it;
                continue;
            }
            reaped = true;
            it = running.erase(it);
            batch.cpuSeconds += seconds(usage.ru_utime) + seconds(usage.ru_stime);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                ++batch.failures;
        }
        if (!reaped && !running.empty())
            usleep(2000);
    }
    batch.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    posix_spawn_file_actions_destroy(&actions);
    return batch;
}

} // namespace minato::bench
