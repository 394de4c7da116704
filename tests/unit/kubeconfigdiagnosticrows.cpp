// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigdiagnosticrows.h"

#include <QTest>

using minato::kube::Severity;

namespace {

void row(
    const char* tag, const QByteArray& yaml, const char* code, Severity severity, int line, const char* context = "")
{
    QTest::newRow(tag) << yaml << QString::fromLatin1(code) << severity << line << QString::fromLatin1(context);
}

QByteArray jwtExpiringAt(qint64 exp)
{
    const auto encode = [](const QByteArray& json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return encode(R"({"alg":"RS256","typ":"JWT"})") + '.'
        + encode(R"({"iss":"https://issuer.example.test","exp":)" + QByteArray::number(exp) + '}') + ".ZmFrZQ";
}

// Lines 1–3 define cluster "k"; the caller's body starts on line 4. Context "c" uses k and u.
QByteArray cluster(const QByteArray& body)
{
    return "clusters:\n- name: k\n  cluster:\n" + body + "contexts:\n- name: c\n  context: {cluster: k, user: u}\n";
}

// Lines 1–3 define user "u"; the caller's body starts on line 4. Context "c" uses k and u.
QByteArray user(const QByteArray& body)
{
    return "clusters:\n- name: k\n  cluster: {server: https://k.example.test}\n"
           "contexts:\n- name: c\n  context: {cluster: k, user: u}\n"
           "users:\n- name: u\n  user:\n"
        + body;
}

} // namespace

void addInlineDiagnosticRows()
{
    const QByteArray server = "    server: https://k.example.test\n";
    // user() puts its body after 9 lines: "- name: u" is line u + 2, the body starts at u + 4.
    constexpr int u = 6;

    // Files as a whole.
    row("file-missing", "@MISSING@", "file-missing", Severity::Error, 0);
    row("file-unreadable", "@DIRECTORY@", "file-unreadable", Severity::Error, 0);
    row("file-empty", "", "file-empty", Severity::Info, 0);
    row("yaml-malformed", "apiVersion: v1\nclusters:\n- name: k\n  cluster: {server: [x\ncontexts: []\n",
        "yaml-malformed", Severity::Error, 5);
    row("yaml-multiple-documents", "apiVersion: v1\nkind: Config\n---\napiVersion: v1\n", "yaml-multiple-documents",
        Severity::Warning, 4);
    row("wrong-type root", "- a\n- b\n", "wrong-type", Severity::Error, 1);
    row("wrong-type section", "clusters:\n  k:\n    server: https://k.example.test\n", "wrong-type", Severity::Error,
        2);
    row("kind-unexpected", "apiVersion: v1\nkind: Pod\n", "kind-unexpected", Severity::Warning, 1);
    row("no-contexts", "apiVersion: v1\nkind: Config\n", "no-contexts", Severity::Info, -1);
    row("current-context-missing", "current-context: nope\ncontexts: []\n", "current-context-missing", Severity::Error,
        1);

    // Entries and fields.
    row("wrong-type field", cluster("    server:\n    - https://a.example.test\n"), "wrong-type", Severity::Error, 5,
        "c");
    row("wrong-type boolean", cluster(server + "    insecure-skip-tls-verify: \"true\"\n"), "wrong-type",
        Severity::Error, 5, "c");
    row("field-unknown", cluster(server + "    certificate-authority-date: x\n"), "field-unknown", Severity::Info, 5,
        "c");
    row("name-missing", "clusters:\n- cluster:\n    server: https://k.example.test\n", "name-missing", Severity::Error,
        2);
    row("name-duplicate", "contexts:\n- name: c\n  context: {cluster: k}\n- name: c\n  context: {cluster: x}\n",
        "name-duplicate", Severity::Warning, 4);

    // Clusters.
    row("server-missing", cluster("    tls-server-name: k.internal\n"), "server-missing", Severity::Error, 2, "c");
    row("server-invalid", cluster("    server: ftp://k.example.test\n"), "server-invalid", Severity::Error, 4, "c");
    row("server-invalid no scheme", cluster("    server: k.example.test:6443\n"), "server-invalid", Severity::Warning,
        4, "c");
    row("proxy-url-invalid", cluster(server + "    proxy-url: ftp://proxy.example.test\n"), "proxy-url-invalid",
        Severity::Error, 5, "c");
    row("base64-invalid", cluster(server + "    certificate-authority-data: abc\n"), "base64-invalid", Severity::Error,
        5, "c");
    row("certificate-invalid", cluster(server + "    certificate-authority-data: @NOTPEM64@\n"), "certificate-invalid",
        Severity::Error, 5, "c");
    row("certificate-file-missing", cluster(server + "    certificate-authority: @CERTS@/nope.crt\n"),
        "certificate-file-missing", Severity::Error, 5, "c");
    row("certificate-expired", cluster(server + "    certificate-authority: @CERTS@/expired.crt\n"),
        "certificate-expired", Severity::Warning, 5, "c");
    row("insecure-with-ca",
        cluster(server + "    certificate-authority: @CERTS@/ca.crt\n    insecure-skip-tls-verify: true\n"),
        "insecure-with-ca", Severity::Error, 6, "c");
    row("ca-data-and-file",
        cluster(server + "    certificate-authority: @CERTS@/ca.crt\n    certificate-authority-data: @CA64@\n"),
        "ca-data-and-file", Severity::Warning, 5, "c");
    row("path-tilde", cluster(server + "    certificate-authority: ~/ca.crt\n"), "path-tilde", Severity::Warning, 5,
        "c");

    // Users: static credentials.
    const QByteArray cert = "    client-certificate: @CERTS@/client.crt\n";
    row("client-key-missing", user(cert), "client-key-missing", Severity::Error, u + 4, "c");
    row("client-certificate-missing", user("    client-key: @CERTS@/client.key\n"), "client-certificate-missing",
        Severity::Warning, u + 4, "c");
    row("client-cert-data-and-file",
        user(cert + "    client-certificate-data: @CRT64@\n    client-key: @CERTS@/client.key\n"),
        "client-cert-data-and-file", Severity::Warning, u + 4, "c");
    row("client-key-data-and-file", user(cert + "    client-key: @CERTS@/client.key\n    client-key-data: @KEY64@\n"),
        "client-key-data-and-file", Severity::Warning, u + 5, "c");
    row("key-file-missing", user(cert + "    client-key: @CERTS@/nope.key\n"), "key-file-missing", Severity::Error,
        u + 5, "c");
    row("key-invalid", user(cert + "    client-key: @CERTS@/not-a-cert.pem\n"), "key-invalid", Severity::Error, u + 5,
        "c");
    row("key-mismatch", user(cert + "    client-key: @CERTS@/other.key\n"), "key-mismatch", Severity::Error, u + 5,
        "c");
    row("token-file-missing", user("    tokenFile: missing.token\n"), "token-file-missing", Severity::Error, u + 4,
        "c");
    row("auth-token-and-basic", user("    username: bob\n    password: fake-password\n    token: fake-token\n"),
        "auth-token-and-basic", Severity::Error, u + 6, "c");
    row("impersonation-without-user", user("    as-groups: [ops]\n"), "impersonation-without-user", Severity::Error,
        u + 2, "c");

    // Users: exec plugins.
    const QByteArray v1 = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n";
    const QByteArray command = "      command: /bin/true\n";
    row("exec-command-missing", user(v1 + "      interactiveMode: Never\n"), "exec-command-missing", Severity::Error,
        u + 5, "c");
    row("exec-apiversion-missing", user("    exec:\n" + command), "exec-apiversion-missing", Severity::Error, u + 5,
        "c");
    row("exec-apiversion-invalid",
        user("    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n" + command),
        "exec-apiversion-invalid", Severity::Error, u + 5, "c");
    row("exec-interactive-mode-missing", user(v1 + command), "exec-interactive-mode-missing", Severity::Error, u + 5,
        "c");
    row("exec-interactive-mode-invalid", user(v1 + command + "      interactiveMode: Sometimes\n"),
        "exec-interactive-mode-invalid", Severity::Error, u + 7, "c");
    row("exec-interactive-always", user(v1 + command + "      interactiveMode: Always\n"), "exec-interactive-always",
        Severity::Warning, u + 7, "c");
    row("exec-env-invalid", user(v1 + command + "      interactiveMode: Never\n      env:\n      - value: x\n"),
        "exec-env-invalid", Severity::Error, u + 9, "c");
    row("exec-command-not-found",
        user("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: "
             "minato-no-such-plugin\n"),
        "exec-command-not-found", Severity::Warning, u + 6, "c");
    row("exec-and-auth-provider",
        user(v1 + command + "      interactiveMode: Never\n    auth-provider:\n      name: oidc\n"),
        "exec-and-auth-provider", Severity::Error, u + 9, "c");

    // Users: legacy auth-provider.
    const QByteArray provider = "    auth-provider:\n";
    row("auth-provider-removed gcp", user(provider + "      name: gcp\n"), "auth-provider-removed", Severity::Error,
        u + 5, "c");
    row("auth-provider-removed azure", user(provider + "      name: azure\n"), "auth-provider-removed", Severity::Error,
        u + 5, "c");
    row("auth-provider-unsupported", user(provider + "      name: openstack\n"), "auth-provider-unsupported",
        Severity::Error, u + 5, "c");
    row("auth-provider-invalid", user(provider + "      config: {client-id: x}\n"), "auth-provider-invalid",
        Severity::Error, u + 5, "c");
    row("oidc-token-missing", user(provider + "      name: oidc\n      config: {client-id: x}\n"), "oidc-token-missing",
        Severity::Error, u + 5, "c");
    row("oidc-token-invalid", user(provider + "      name: oidc\n      config: {id-token: not-a-jwt}\n"),
        "oidc-token-invalid", Severity::Error, u + 5, "c");
    row("oidc-token-expired",
        user(provider + "      name: oidc\n      config: {id-token: " + jwtExpiringAt(978307200) + "}\n"),
        "oidc-token-expired", Severity::Error, u + 5, "c");

    // Contexts.
    row("namespace-invalid", "contexts:\n- name: c\n  context:\n    cluster: k\n    namespace: Payments\n",
        "namespace-invalid", Severity::Error, 5, "c");
    row("context-missing-cluster", "contexts:\n- name: c\n  context: {user: u}\n", "context-missing-cluster",
        Severity::Error, 2, "c");
    const QByteArray kCluster = "clusters:\n- name: k\n  cluster: {server: https://k.example.test}\n";
    row("context-missing-user", kCluster + "contexts:\n- name: c\n  context: {cluster: k, user: ghost}\n",
        "context-missing-user", Severity::Error, 5, "c");
    row("context-missing-user anonymous", kCluster + "contexts:\n- name: c\n  context: {cluster: k}\n",
        "context-missing-user", Severity::Warning, 5, "c");
}

void addMessyDiagnosticRows()
{
    const auto row = [](const char* tag, const char* code, const char* file, const char* anchor, const char* context) {
        QTest::newRow(tag) << QString::fromLatin1(code) << QString::fromLatin1(file) << QString::fromLatin1(anchor)
                           << QString::fromLatin1(context);
    };
    const char* teamB = "team-b/02-team.yaml";
    const char* broken = "04-broken-entries.yaml";
    const char* auth = "03-auth.yaml";
    // A shadowed cluster warns the contexts of the losing file that now talk to another server.
    row("shadowed cluster", "name-shadowed", teamB, "- name: prod-eu", "team-b-prod-eu");
    row("shadowed context", "name-shadowed", teamB, "- name: search-dev", "search-dev");
    row("shadowed identical user", "name-shadowed", teamB, "- name: robot-token", "");
    row("cluster only in the malformed file", "context-missing-cluster", "01-base.yaml", "- name: ghost", "ghost");
    row("malformed file", "yaml-malformed", "05-malformed.yaml", "=contexts:", "");
    row("comments only", "file-empty", "06-empty.yaml", "", "");
    row("users is a map", "wrong-type", broken, "=robot:", "");
    row("server is a list", "wrong-type", broken, "- https://a.example.test", "broken-server-list");
    row("entry is a string", "wrong-type", broken, "- just-a-string", "");
    row("bad base64", "base64-invalid", broken, "not base64!", "broken-b64");
    row("not PEM", "certificate-invalid", broken, "certificate-authority-data: dGhp", "broken-not-pem");
    row("nameless entry", "name-missing", broken, "=- cluster:", "");
    row("duplicate entry", "name-duplicate", broken, "- name: good-in-broken@2", "");
    row("bad namespace", "namespace-invalid", broken, "namespace: Not_A_Label", "broken-ns");
    row("expired CA", "certificate-expired", auth, "certs/expired.crt", "legacy-gcp");
    row("missing CA file", "certificate-file-missing", auth, "certs/missing-ca.crt", "nowhere");
    row("no server", "server-missing", auth, "- name: nowhere", "nowhere");
    row("insecure with CA", "insecure-with-ca", auth, "insecure-skip-tls-verify: true", "insecure");
    row("gcp", "auth-provider-removed", auth, "=name: gcp", "legacy-gcp");
    row("gcp, second context", "auth-provider-removed", auth, "=name: gcp", "nowhere");
    row("azure", "auth-provider-removed", auth, "=name: azure", "legacy-azure");
    row("expired oidc token", "oidc-token-expired", auth, "=name: oidc@2", "oidc-old");
    row("interactive Always", "exec-interactive-always", auth, "interactiveMode: Always", "always");
    row("exec v1alpha1", "exec-apiversion-invalid", auth, "v1alpha1", "alpha");
    row("exec v1 without interactiveMode", "exec-interactive-mode-missing", auth,
        "=apiVersion: client.authentication.k8s.io/v1@2", "no-mode");
    row("token and basic", "auth-token-and-basic", auth, "token: fake-token-0002", "token-basic");
    row("tokenFile missing", "token-file-missing", auth, "tokens/does-not-exist.token", "tokenfile-gone");
    row("key mismatch", "key-mismatch", auth, "certs/other.key", "mismatch");
    row("dangling cluster", "context-missing-cluster", auth, "- name: dangling", "dangling");
    row("dangling user", "context-missing-user", auth, "- name: dangling", "dangling");
    row("plugin not installed", "exec-command-not-found", teamB, "command: minato-test-plugin-not-installed",
        "search-beta");
}
