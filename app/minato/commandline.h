// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCommandLineParser>
#include <QTextStream>

#include <optional>

// How a headless command reads its arguments: "minato NAME" in its help and its errors,
// -h/--help, and no positional arguments.
class CommandLine
{
public:
    CommandLine(QString name, QCommandLineParser& parser)
        : m_name(std::move(name))
        , m_parser(parser)
    { }

    // nullopt: go on; otherwise the exit code, with the help (0) or the usage error (1) printed.
    std::optional<int> parse(const QStringList& arguments, const QCommandLineOption& help) const
    {
        if (!m_parser.parse(QStringList { QStringLiteral("minato") } + arguments))
            return usageError(m_parser.errorText() + QStringLiteral("\n\n") + helpText());
        if (m_parser.isSet(help)) {
            QTextStream(stdout) << helpText();
            return 0;
        }
        if (!m_parser.positionalArguments().isEmpty())
            return usageError(QStringLiteral("unexpected argument ") + m_parser.positionalArguments().first());
        return std::nullopt;
    }

    // helpText() names the executable's full path; people type "minato NAME".
    QString helpText() const
    {
        const QString text = m_parser.helpText();
        return QStringLiteral("Usage: minato %1 [options]").arg(m_name) + text.mid(text.indexOf(QLatin1Char('\n')));
    }

    int usageError(const QString& message) const
    {
        QTextStream(stderr) << "minato " << m_name << ": " << message << "\n";
        return 1;
    }

private:
    QString m_name;
    QCommandLineParser& m_parser;
};
