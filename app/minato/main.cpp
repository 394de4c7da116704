// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>
#include <QTextStream>

#include <cstring>
#include <functional>

namespace {

struct Subcommand
{
    const char* name;
    const char* summary;
    std::function<int(const QStringList&)> run;
};

const Subcommand kSubcommands[] = {
    { "contexts", "list the merged kubeconfig contexts with team, environment and diagnostics", runContextsCommand },
};

void printUsage(QTextStream& out)
{
    out << "Usage: minato [--demo] [--kubeconfig FILE]... [--fleet FILE]\n"
           "       minato COMMAND [options]\n\n"
           "Commands:\n";
    for (const auto& command : kSubcommands)
        out << "  " << command.name << "  " << command.summary << "\n";
    out << "\nRun 'minato COMMAND --help' for a command's options.\n";
}

int runGui(int argc, char** argv)
{
    QApplication app(argc, argv);
    // Lets Wayland compositors match the window to the installed desktop entry and its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.minato.Minato"));
    app.setWindowIcon(QIcon(QStringLiteral(":/minato/icons/minato.svg")));
    MainWindow window;
    window.show();
    return app.exec();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("minato"));
    QCoreApplication::setApplicationName(QStringLiteral("minato"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MINATO_VERSION));

    if (argc > 1) {
        if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
            QTextStream out(stdout);
            printUsage(out);
            return 0;
        }
        for (const auto& command : kSubcommands) {
            if (std::strcmp(argv[1], command.name) == 0) {
                QCoreApplication app(argc, argv);
                QStringList arguments = app.arguments();
                arguments.remove(0, 2);
                return command.run(arguments);
            }
        }
    }
    return runGui(argc, argv);
}
