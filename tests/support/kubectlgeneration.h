// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

// The kubectl a test compares Minato with, and what its generation shows. Tests never assume
// one kubectl: they probe its version and read tests/data/kubectl/generations.json, the one
// table of what older kubectl does not print (or prints differently) of the same input.
class KubectlGeneration
{
public:
    // A field of a kubeconfig entry ("users" + {"exec", "interactiveMode"}) that kubectl
    // predating `since` neither reads nor prints.
    struct Field
    {
        QString section;
        QStringList path;
        int since = 0;
        QJsonValue defaultValue; // what current kubectl prints when the file leaves it out
        QStringList defaultFor; // only for exec plugins of these apiVersions (empty: always)
        QString change;
    };
    // A field that kubectl from `since` on prints as `shownAs`, and before it in clear.
    struct Redaction
    {
        QString section;
        QStringList path;
        int since = 0;
        QString shownAs;
    };

    // MINATO_KUBECTL when set (ctest's runs against Debian's kubectl 1.20 set it), else the
    // kubectl on PATH. Runs `kubectl version --client -o json`; error() says what failed.
    static KubectlGeneration probe();

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString executable() const { return m_executable; }
    int minor() const { return m_minor; }
    QString gitVersion() const { return m_gitVersion; }
    QString describe() const; // "kubectl v1.20.2 (/path)"

    // Whether this kubectl reads and prints the field; the table's entry for it, if any.
    bool shows(const QString& section, const QStringList& path) const;
    const Field* field(const QString& section, const QStringList& path) const;
    // The redaction this kubectl applies to the field, or nullptr when it prints it in clear.
    const Redaction* redaction(const QString& section, const QStringList& path) const;
    // From generations.json "capabilities", e.g. "exec-credential-v1".
    bool can(const QString& capability) const;

private:
    QString m_executable;
    QString m_gitVersion;
    int m_minor = -1;
    QString m_error;
    QList<Field> m_fields;
    QList<Redaction> m_redactions;
    QJsonObject m_capabilities;
};
