// SPDX-License-Identifier: Apache-2.0
#pragma once

// The client side of the client.authentication.k8s.io ExecCredential exchange, as pure
// functions: what to hand the plugin and how to read its answer. No process handling here,
// so every branch is testable without running anything.

#include "kube/execcredential.h"
#include "kube/kubeconfigtypes.h"
#include "util/expected.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace minato::kube::execprotocol {

QString apiVersionV1();
QString apiVersionV1beta1();

// Refuses configurations client-go refuses, and interactiveMode Always, which needs a
// terminal a desktop application does not have. Checked before anything is run.
std::optional<KubeError> validate(const ExecConfig& config);

// The KUBERNETES_EXEC_INFO value. Reads certificate-authority from disk when only the path
// is known, as client-go does, because plugins that verify the server need the bytes.
Expected<QByteArray> execInfo(const ExecConfig& config, const ClusterEntry& cluster);

// Decodes the plugin's stdout. Errors describe the shape of the output, never its content,
// so they are safe to show even when the output held a token.
Expected<ExecCredential> parseOutput(const QByteArray& output, const QString& expectedApiVersion);

// Replaces every occurrence of the credential's secrets in text, for plugin stderr that is
// about to be shown in an error.
QString redacted(QString text, const QList<QByteArray>& secrets);

// The secrets a (possibly rejected) output carries, so the caller can redact them.
QList<QByteArray> secretsIn(const QByteArray& output);

} // namespace minato::kube::execprotocol
