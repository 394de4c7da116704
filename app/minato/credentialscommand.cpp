// SPDX-License-Identifier: Apache-2.0
#include "commands.h"

#include "kube/keychaincredentialstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <termios.h>
#include <unistd.h>

using minato::kube::CredentialStore;
using minato::kube::KeychainCredentialStore;

namespace {

// Reads one line from stdin without echoing it when stdin is a terminal, so a typed token
// never shows on screen or in scrollback.
QByteArray readSecretFromStdin(QTextStream& err)
{
    const bool terminal = isatty(STDIN_FILENO);
    termios saved {};
    if (terminal) {
        err << "Secret (input hidden): " << Qt::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QFile in;
    in.open(stdin, QIODevice::ReadOnly);
    QByteArray secret = in.readLine();
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        err << "\n";
    }
    while (secret.endsWith('\n') || secret.endsWith('\r'))
        secret.chop(1);
    return secret;
}

} // namespace

// Exit codes: 0 done, 1 the keychain failed (or, for status, holds nothing), 2 bad usage.
int runCredentialsCommand(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Keep the secret (token or password) of a context added by hand in fleet.yaml in the OS keychain.\n"
        "  set CONTEXT     read the secret from standard input and store it\n"
        "  delete CONTEXT  remove the stored secret\n"
        "  status CONTEXT  say whether a secret is stored (never prints it)"));
    const QCommandLineOption helpOption({ QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOption(helpOption);
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("set, delete or status"));
    parser.addPositionalArgument(QStringLiteral("context"), QStringLiteral("the context's name"));
    auto helpText = [&parser]() -> QString {
        QString text = parser.helpText();
        return QStringLiteral("Usage: minato credentials set|delete|status CONTEXT") + text.mid(text.indexOf(QLatin1Char('\n')));
    };
    if (!parser.parse(QStringList { QStringLiteral("minato") } + arguments)) {
        err << "minato credentials: " << parser.errorText() << "\n\n" << helpText();
        return 2;
    }
    if (parser.isSet(helpOption)) {
        out << helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 2
        || (action != QLatin1String("set") && action != QLatin1String("delete") && action != QLatin1String("status"))) {
        err << helpText();
        return 2;
    }
    const QString context = positional.at(1);
    const QString key = CredentialStore::contextKey(context);

    KeychainCredentialStore store;
    int exitCode = 1;
    auto finish = [&](int code) {
        exitCode = code;
        QCoreApplication::quit();
    };
    auto reportDone = [&](const std::optional<minato::KubeError>& error, const QString& done) {
        if (error) {
            err << "minato credentials: " << error->message << "\n";
            finish(1);
        } else {
            out << done << "\n";
            finish(0);
        }
    };

    if (action == QLatin1String("set")) {
        const QByteArray secret = readSecretFromStdin(err);
        if (secret.isEmpty()) {
            err << "minato credentials: no secret on standard input\n";
            return 2;
        }
        store.write(key, secret, &store, [&](const std::optional<minato::KubeError>& error) {
            reportDone(error, QStringLiteral("stored the secret of context \"%1\" in the keychain").arg(context));
        });
    } else if (action == QLatin1String("delete")) {
        store.remove(key, &store, [&](const std::optional<minato::KubeError>& error) {
            reportDone(error, QStringLiteral("removed the secret of context \"%1\" from the keychain").arg(context));
        });
    } else {
        store.read(key, &store, [&](const minato::Expected<QByteArray>& secret) {
            if (secret) {
                out << "context \"" << context << "\": a secret is stored\n";
                finish(0);
            } else if (secret.error().kind == minato::ErrorKind::NotFound) {
                out << "context \"" << context << "\": no secret stored\n";
                finish(1);
            } else {
                err << "minato credentials: " << secret.error().message << "\n";
                finish(1);
            }
        });
    }
    QCoreApplication::exec();
    return exitCode;
}
