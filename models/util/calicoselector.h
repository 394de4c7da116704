// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <optional>
#include <vector>

namespace minato {

// Calico's label selector language (IPPool nodeSelector, BGPPeer nodeSelector/peerSelector,
// policies): all(), global(), has(k), k == 'v', k != 'v', k in {'a', 'b'}, k not in {…},
// k contains 's', k starts with 's', k ends with 's', !, && (binds tighter), ||, and
// parentheses; strings in single or double quotes. A label that is absent satisfies only
// != and not in, as in Calico. Parsed once, matched against many label sets.
class CalicoSelector
{
public:
    // The value of a label, nullopt when the object does not carry it.
    using Lookup = std::function<std::optional<QString>(const QString& key)>;

    // An empty or blank text is all(). A syntax error gives nullopt and, in *error, where.
    static std::optional<CalicoSelector> parse(QStringView text, QString* error = nullptr);

    bool matches(const Lookup& labels) const;
    bool matches(const QMap<QString, QString>& labels) const;
    // all() (or empty): the selector puts no condition on labels.
    bool selectsAll() const;
    const QString& text() const { return m_text; }

private:
    enum class Op : quint8
    {
        All,
        Has,
        Equal,
        NotEqual,
        In,
        NotIn,
        Contains,
        StartsWith,
        EndsWith,
        Not,
        And,
        Or,
    };
    struct Node
    {
        Op op = Op::All;
        QString key;
        QStringList values; // one for the comparisons, the set for in / not in
        int left = -1; // operands of Not (left only), And, Or
        int right = -1;
    };
    friend class CalicoSelectorParser;

    bool evaluate(int node, const Lookup& labels) const;

    QString m_text;
    std::vector<Node> m_nodes;
    int m_root = -1;
};

} // namespace minato
