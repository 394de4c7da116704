// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeconfigtypes.h"

#include <QDateTime>

namespace minato::kube {

// What a diagnostic found while parsing one file is about. The merge step needs this to carry
// a cluster's or user's problem over to every context that uses that entry.
enum class DiagnosticSubject
{
    File,
    Cluster,
    User,
    Context
};

struct SubjectDiagnostic
{
    Diagnostic diagnostic;
    DiagnosticSubject subject = DiagnosticSubject::File;
    QString name; // the cluster, user or context name; empty for File
};

// One kubeconfig file as parsed, before merging. Paths inside entries are already absolute.
struct KubeconfigFile
{
    QString path;
    bool loaded = false; // false when the file could not be read or is not a kubeconfig at all
    QList<ClusterEntry> clusters;
    QList<UserEntry> users;
    QList<ContextEntry> contexts;
    QString currentContext;
    SourceLocation currentContextAt;
    QStringList unreadableSections; // "clusters", "users" or "contexts" present but not a list
    QList<SubjectDiagnostic> diagnostics;
};

// Everything the loader consults besides the files, passed in so that tests are hermetic.
struct KubeconfigLoadOptions
{
    QDateTime now = QDateTime::currentDateTimeUtc(); // for certificate and id-token expiry
    // Where a bare exec command is looked up; empty skips that check.
    QStringList execSearchPath;
};

} // namespace minato::kube
