// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QString>

namespace minato::fleet {

struct YamlRenderOptions
{
    bool dropManagedFields = true; // as kubectl does by default (--show-managed-fields=false)
    bool redactSecretData = true; // a Secret's data/stringData values become "<redacted>"
};

// Turns a full object fetched by GET (JSON) into YAML for the YAML pane and exports, with a
// stable key order whatever order the server used:
//   top level  apiVersion, kind, metadata, spec, status, then the rest alphabetically
//   metadata   name, generateName, namespace, uid, resourceVersion, generation,
//              creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, labels,
//              annotations, ownerReferences, finalizers, the rest alphabetically,
//              managedFields last
//   elsewhere  alphabetical (as `kubectl get -o yaml` prints)
// Items of a List get the object order too. Strings are quoted only when YAML would read
// them as something else (true, 1.0, null, 2024-01-01, 0x1f, "a: b" …); multi-line strings
// become literal blocks when that round-trips exactly, else double-quoted with escapes.
// Parsing the output with any YAML 1.1 or 1.2 reader gives back the same data.
Expected<QString> renderYaml(const QByteArray& json, const YamlRenderOptions& options = {});

// True when a plain (unquoted) YAML scalar with this text would not read back as that
// string: booleans and nulls of YAML 1.1 and 1.2, numbers, timestamps, merge keys.
bool yamlNeedsQuotes(QStringView text);

} // namespace minato::fleet
