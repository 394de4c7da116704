// SPDX-License-Identifier: Apache-2.0
#include "cleanmanifest.h"

#include "jsonedit.h"
#include "secretplaceholders.h"
#include "serverdefaults.h"

#include <QJsonArray>

namespace minato::changes {

using json::editEach;
using json::editObject;
using json::removeIfEmpty;

namespace {

    // Written by the API server or a controller; meaningless (or harmful) in another apply.
    // ownerReferences hold the owner's uid in this cluster: applied elsewhere, or after the owner
    // was re-created, the garbage collector would delete the object whose owner uid is unknown.
    constexpr const char* ServerMetadata[] = { "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "ownerReferences" };

    // Annotations written by kubectl, controllers and the volume binder, never by a person.
    // last-applied-configuration also carries a Secret's data in clear.
    constexpr const char* ServerAnnotations[] = {
        "kubectl.kubernetes.io/last-applied-configuration",
        "deployment.kubernetes.io/revision",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.daemonset.template.generation",
        "volume.beta.kubernetes.io/storage-provisioner",
        "volume.kubernetes.io/storage-provisioner",
        "volume.kubernetes.io/selected-node",
        "kubernetes.io/service-account.uid",
        "node.alpha.kubernetes.io/ttl",
        "volumes.kubernetes.io/controller-managed-attach-detach",
    };
    constexpr const char* ServerAnnotationPrefixes[] = { "pv.kubernetes.io/" };

    // The Job controller labels its pods and selects them by the Job's uid.
    constexpr const char* JobControllerLabels[]
        = { "controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name" };

    QString kindOf(const QJsonObject& object)
    {
        return object.value(QLatin1String("kind")).toString();
    }

    QString nameOf(const QJsonObject& object)
    {
        return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    }

    void cleanAnnotations(QJsonObject& annotations)
    {
        for (const char* key : ServerAnnotations)
            annotations.remove(QLatin1String(key));
        for (const char* prefix : ServerAnnotationPrefixes) {
            const QStringList keys = annotations.keys();
            for (const QString& key : keys) {
                if (key.startsWith(QLatin1String(prefix)))
                    annotations.remove(key);
            }
        }
    }

    void cleanMetadata(QJsonObject& meta)
    {
        for (const char* key : ServerMetadata)
            meta.remove(QLatin1String(key));
        // generateName only matters for a create without a name; apply always has the name.
        if (!meta.value(QLatin1String("name")).toString().isEmpty())
            meta.remove(QLatin1String("generateName"));
        editObject(meta, QLatin1String("annotations"), cleanAnnotations);
        removeIfEmpty(meta, QLatin1String("labels"));
        removeIfEmpty(meta, QLatin1String("annotations"));
        removeIfEmpty(meta, QLatin1String("finalizers"));
    }

    // Embedded object metadata (pod, job and claim templates) gets the same rules: the server
    // echoes creationTimestamp: null there, and a copied object can carry more.
    void cleanTemplateMetadata(QJsonObject& spec)
    {
        const auto inTemplate
            = [](QJsonObject& embedded) { editObject(embedded, QLatin1String("metadata"), cleanMetadata); };
        // Generic ephemeral volumes embed a claim template in the pod spec.
        const auto inPodTemplate = [&inTemplate](QJsonObject& podTemplate) {
            inTemplate(podTemplate);
            editObject(podTemplate, QLatin1String("spec"), [&inTemplate](QJsonObject& podSpec) {
                editEach(podSpec, QLatin1String("volumes"), [&inTemplate](QJsonObject& volume) {
                    editObject(volume, QLatin1String("ephemeral"), [&inTemplate](QJsonObject& ephemeral) {
                        editObject(ephemeral, QLatin1String("volumeClaimTemplate"), inTemplate);
                    });
                });
            });
        };
        editObject(spec, QLatin1String("template"), inPodTemplate);
        editEach(spec, QLatin1String("volumeClaimTemplates"), inTemplate);
        editObject(spec, QLatin1String("jobTemplate"), [&inTemplate, &inPodTemplate](QJsonObject& jobTemplate) {
            inTemplate(jobTemplate);
            editObject(jobTemplate, QLatin1String("spec"), [&inPodTemplate](QJsonObject& jobSpec) {
                editObject(jobSpec, QLatin1String("template"), inPodTemplate);
            });
        });
    }

    // The token volume the ServiceAccount admission plugin injects into every pod: a projected
    // "kube-api-access-xxxxx" since 1.21, the account's "<account>-token-xxxxx" Secret before.
    bool isInjectedTokenVolume(const QJsonObject& volume, const QString& account)
    {
        const QString name = volume.value(QLatin1String("name")).toString();
        if (volume.contains(QLatin1String("projected")))
            return name.startsWith(QLatin1String("kube-api-access-"));
        const QString secret
            = volume.value(QLatin1String("secret")).toObject().value(QLatin1String("secretName")).toString();
        return secret == name && name.startsWith(account + QLatin1String("-token-"));
    }

    void dropInjectedTokenVolume(QJsonObject& podSpec)
    {
        const QString account = podSpec.value(QLatin1String("serviceAccountName")).toString(QStringLiteral("default"));
        QStringList injected;
        QJsonArray volumes = podSpec.value(QLatin1String("volumes")).toArray();
        for (qsizetype i = volumes.size() - 1; i >= 0; --i) {
            const QJsonObject volume = volumes.at(i).toObject();
            if (isInjectedTokenVolume(volume, account)) {
                injected.append(volume.value(QLatin1String("name")).toString());
                volumes.removeAt(i);
            }
        }
        if (injected.isEmpty())
            return;
        podSpec.insert(QLatin1String("volumes"), volumes);
        removeIfEmpty(podSpec, QLatin1String("volumes"));
        for (const char* list : { "initContainers", "containers", "ephemeralContainers" }) {
            editEach(podSpec, QLatin1String(list), [&injected](QJsonObject& container) {
                QJsonArray mounts = container.value(QLatin1String("volumeMounts")).toArray();
                for (qsizetype i = mounts.size() - 1; i >= 0; --i) {
                    if (injected.contains(mounts.at(i).toObject().value(QLatin1String("name")).toString()))
                        mounts.removeAt(i);
                }
                container.insert(QLatin1String("volumeMounts"), mounts);
                removeIfEmpty(container, QLatin1String("volumeMounts"));
            });
        }
    }

    // Added by the DefaultTolerationSeconds admission plugin to every pod.
    void dropDefaultTolerations(QJsonObject& podSpec)
    {
        QJsonArray tolerations = podSpec.value(QLatin1String("tolerations")).toArray();
        for (qsizetype i = tolerations.size() - 1; i >= 0; --i) {
            const QJsonObject t = tolerations.at(i).toObject();
            const QString key = t.value(QLatin1String("key")).toString();
            if ((key == QLatin1String("node.kubernetes.io/not-ready")
                    || key == QLatin1String("node.kubernetes.io/unreachable"))
                && t.value(QLatin1String("operator")).toString() == QLatin1String("Exists")
                && t.value(QLatin1String("effect")).toString() == QLatin1String("NoExecute")
                && t.value(QLatin1String("tolerationSeconds")).toInt() == 300 && t.size() == 4)
                tolerations.removeAt(i);
        }
        podSpec.insert(QLatin1String("tolerations"), tolerations);
        removeIfEmpty(podSpec, QLatin1String("tolerations"));
    }

    void dropPodAssigned(QJsonObject& podSpec)
    {
        podSpec.remove(QLatin1String("nodeName"));
        dropInjectedTokenVolume(podSpec);
        dropDefaultTolerations(podSpec);
    }

    void dropServiceAssigned(QJsonObject& spec)
    {
        // "None" makes a headless Service: the user's choice, not an allocation.
        if (spec.value(QLatin1String("clusterIP")).toString() != QLatin1String("None")) {
            spec.remove(QLatin1String("clusterIP"));
            spec.remove(QLatin1String("clusterIPs"));
        }
        // The server fills both in from the cluster's primary family for every single-stack Service.
        if (spec.value(QLatin1String("ipFamilyPolicy")).toString() == QLatin1String("SingleStack")) {
            spec.remove(QLatin1String("ipFamilyPolicy"));
            spec.remove(QLatin1String("ipFamilies"));
        }
    }

    void dropJobAssigned(QJsonObject& spec)
    {
        if (spec.value(QLatin1String("manualSelector")).toBool())
            return;
        spec.remove(QLatin1String("selector"));
        editObject(spec, QLatin1String("template"), [](QJsonObject& podTemplate) {
            editObject(podTemplate, QLatin1String("metadata"), [](QJsonObject& meta) {
                editObject(meta, QLatin1String("labels"), [](QJsonObject& labels) {
                    for (const char* key : JobControllerLabels)
                        labels.remove(QLatin1String(key));
                });
            });
        });
    }

    void dropClusterAssigned(const QString& kind, QJsonObject& manifest)
    {
        const auto inSpec = [&manifest](auto&& edit) { editObject(manifest, QLatin1String("spec"), edit); };
        if (kind == QLatin1String("Pod")) {
            inSpec(dropPodAssigned);
        } else if (kind == QLatin1String("Service")) {
            inSpec(dropServiceAssigned);
        } else if (kind == QLatin1String("Job")) {
            inSpec(dropJobAssigned);
        } else if (kind == QLatin1String("PersistentVolumeClaim")) {
            // Bound by the controller: the volume name is an allocation. Without that annotation
            // the user pre-bound the claim to a volume, which is kept.
            const bool controllerBound = manifest.value(QLatin1String("metadata"))
                                             .toObject()
                                             .value(QLatin1String("annotations"))
                                             .toObject()
                                             .value(QLatin1String("pv.kubernetes.io/bound-by-controller"))
                                             .toString()
                == QLatin1String("yes");
            if (controllerBound)
                inSpec([](QJsonObject& spec) { spec.remove(QLatin1String("volumeName")); });
        } else if (kind == QLatin1String("PersistentVolume")) {
            inSpec([](QJsonObject& spec) {
                editObject(spec, QLatin1String("claimRef"), [](QJsonObject& ref) {
                    ref.remove(QLatin1String("uid"));
                    ref.remove(QLatin1String("resourceVersion"));
                });
            });
        } else if (kind == QLatin1String("Node")) {
            inSpec([](QJsonObject& spec) {
                spec.remove(QLatin1String("podCIDR"));
                spec.remove(QLatin1String("podCIDRs"));
            });
        } else if (kind == QLatin1String("ServiceAccount")) {
            // Token Secrets the controller generated before 1.24 (<account>-token-xxxxx).
            const QString tokenPrefix = nameOf(manifest) + QLatin1String("-token-");
            QJsonArray secrets = manifest.value(QLatin1String("secrets")).toArray();
            for (qsizetype i = secrets.size() - 1; i >= 0; --i) {
                if (secrets.at(i).toObject().value(QLatin1String("name")).toString().startsWith(tokenPrefix))
                    secrets.removeAt(i);
            }
            manifest.insert(QLatin1String("secrets"), secrets);
            removeIfEmpty(manifest, QLatin1String("secrets"));
        }
    }

    void stripNulls(QJsonObject& object);

    void stripNulls(QJsonArray& array)
    {
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (array.at(i).isObject()) {
                QJsonObject item = array.at(i).toObject();
                stripNulls(item);
                array.replace(i, item);
            }
        }
    }

    // In a manifest, null and absent mean the same; the server echoes nulls (dataSource: null,
    // a template's creationTimestamp: null) that would only add noise to a review.
    void stripNulls(QJsonObject& object)
    {
        for (auto it = object.begin(); it != object.end();) {
            if (it->isNull()) {
                it = object.erase(it);
                continue;
            }
            if (it->isObject()) {
                QJsonObject child = it->toObject();
                stripNulls(child);
                *it = child;
            } else if (it->isArray()) {
                QJsonArray child = it->toArray();
                stripNulls(child);
                *it = child;
            }
            ++it;
        }
    }

    void warnAboutOrigin(const QJsonObject& object, QStringList* warnings)
    {
        if (!warnings)
            return;
        const QString kind = kindOf(object);
        if (kind == QLatin1String("ConfigMap") && nameOf(object) == QLatin1String("kube-root-ca.crt")) {
            warnings->append(QStringLiteral("ConfigMap kube-root-ca.crt is published in every namespace by the "
                                            "controller manager; do not commit it"));
        }
        const QJsonArray owners
            = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("ownerReferences")).toArray();
        for (const QJsonValue& owner : owners) {
            const QJsonObject ref = owner.toObject();
            if (ref.value(QLatin1String("controller")).toBool()) {
                warnings->append(QStringLiteral("%1 %2 is managed by %3 %4; a change to it is undone by its "
                                                "controller unless made there")
                                     .arg(kind, nameOf(object), ref.value(QLatin1String("kind")).toString(),
                                         ref.value(QLatin1String("name")).toString()));
            }
        }
    }

    QJsonObject cleanList(const QJsonObject& list, QStringList* warnings)
    {
        const QString listKind = kindOf(list);
        const QString apiVersion = list.value(QLatin1String("apiVersion")).toString();
        QJsonArray items = list.value(QLatin1String("items")).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject item = items.at(i).toObject();
            // Items of a typed list (DeploymentList from a list GET) carry no kind of their own.
            if (!item.contains(QLatin1String("kind")) && listKind != QLatin1String("List")) {
                item.insert(QLatin1String("apiVersion"), apiVersion);
                item.insert(QLatin1String("kind"), listKind.chopped(4));
            }
            items.replace(i, cleanManifest(item, warnings));
        }
        return QJsonObject { { QStringLiteral("apiVersion"), QStringLiteral("v1") },
            { QStringLiteral("kind"), QStringLiteral("List") }, { QStringLiteral("items"), items } };
    }

} // namespace

QJsonObject cleanManifest(const QJsonObject& object, QStringList* warnings)
{
    if (kindOf(object).endsWith(QLatin1String("List")) && object.value(QLatin1String("items")).isArray())
        return cleanList(object, warnings);

    warnAboutOrigin(object, warnings);
    const QString kind = kindOf(object);
    QJsonObject manifest = object;
    manifest.remove(QLatin1String("status"));
    // Cluster-assigned fields first: some rules read annotations that cleanMetadata removes.
    dropClusterAssigned(kind, manifest);
    editObject(manifest, QLatin1String("metadata"), cleanMetadata);
    editObject(manifest, QLatin1String("spec"), [&kind](QJsonObject& spec) {
        cleanTemplateMetadata(spec);
        serverdefaults::dropSpecDefaults(kind, spec);
    });
    stripNulls(manifest);
    return withSecretPlaceholders(manifest, warnings);
}

} // namespace minato::changes
