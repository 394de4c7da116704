// SPDX-License-Identifier: Apache-2.0
#include "calicoselector.h"

namespace minato {

// Recursive descent over the text, in the grammar of libcalico-go's selector parser:
//   or    := and ('||' and)*
//   and   := unary ('&&' unary)*
//   unary := '!' unary | '(' or ')' | 'all()' | 'global()' | 'has(' key ')' | key operator
class CalicoSelectorParser
{
public:
    CalicoSelectorParser(QStringView text, CalicoSelector& out)
        : m_text(text)
        , m_out(out)
    { }

    int parseAll()
    {
        const int root = parseOr();
        skipSpace();
        if (root >= 0 && m_pos < m_text.size())
            return fail(QStringLiteral("unexpected '%1'").arg(m_text.mid(m_pos, 12)));
        return root;
    }

    QString error;

private:
    using Op = CalicoSelector::Op;

    int fail(const QString& message)
    {
        if (error.isEmpty())
            error = QStringLiteral("at %1: %2").arg(m_pos + 1).arg(message);
        return -1;
    }

    int add(CalicoSelector::Node node)
    {
        m_out.m_nodes.push_back(std::move(node));
        return int(m_out.m_nodes.size()) - 1;
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }

    bool accept(QLatin1StringView token)
    {
        skipSpace();
        if (!m_text.mid(m_pos).startsWith(token))
            return false;
        m_pos += token.size();
        return true;
    }

    // A word operator ("in", "contains", "starts with") must end at a non-key character.
    bool acceptWord(QLatin1StringView word)
    {
        skipSpace();
        const qsizetype end = m_pos + word.size();
        if (!m_text.mid(m_pos).startsWith(word) || (end < m_text.size() && isKeyChar(m_text.at(end))))
            return false;
        m_pos = end;
        return true;
    }

    static bool isKeyChar(QChar c)
    {
        return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('/')
            || c == QLatin1Char('-');
    }

    std::optional<QString> key()
    {
        skipSpace();
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && isKeyChar(m_text.at(m_pos)))
            ++m_pos;
        if (m_pos == start) {
            fail(QStringLiteral("expected a label key"));
            return std::nullopt;
        }
        return m_text.mid(start, m_pos - start).toString();
    }

    std::optional<QString> string()
    {
        skipSpace();
        if (m_pos >= m_text.size() || (m_text.at(m_pos) != QLatin1Char('\'') && m_text.at(m_pos) != QLatin1Char('"'))) {
            fail(QStringLiteral("expected a quoted string"));
            return std::nullopt;
        }
        const QChar quote = m_text.at(m_pos++);
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && m_text.at(m_pos) != quote)
            ++m_pos;
        if (m_pos >= m_text.size()) {
            fail(QStringLiteral("unterminated string"));
            return std::nullopt;
        }
        return m_text.mid(start, m_pos++ - start).toString();
    }

    int parseOr()
    {
        int left = parseAnd();
        while (left >= 0 && accept(QLatin1StringView("||"))) {
            const int right = parseAnd();
            if (right < 0)
                return -1;
            left = add({ Op::Or, {}, {}, left, right });
        }
        return left;
    }

    int parseAnd()
    {
        int left = parseUnary();
        while (left >= 0 && accept(QLatin1StringView("&&"))) {
            const int right = parseUnary();
            if (right < 0)
                return -1;
            left = add({ Op::And, {}, {}, left, right });
        }
        return left;
    }

    int parseUnary()
    {
        if (accept(QLatin1StringView("!"))) {
            const int operand = parseUnary();
            return operand < 0 ? -1 : add({ Op::Not, {}, {}, operand, -1 });
        }
        if (accept(QLatin1StringView("("))) {
            const int inner = parseOr();
            if (inner < 0)
                return -1;
            if (!accept(QLatin1StringView(")")))
                return fail(QStringLiteral("expected ')'"));
            return inner;
        }
        if (accept(QLatin1StringView("all()")) || accept(QLatin1StringView("global()")))
            return add({ Op::All, {}, {}, -1, -1 });
        const qsizetype before = m_pos;
        if (acceptWord(QLatin1StringView("has")) && accept(QLatin1StringView("("))) {
            const auto k = key();
            if (!k)
                return -1;
            if (!accept(QLatin1StringView(")")))
                return fail(QStringLiteral("expected ')' after has(%1").arg(*k));
            return add({ Op::Has, *k, {}, -1, -1 });
        }
        m_pos = before; // a label may be called "has"
        const auto k = key();
        if (!k)
            return -1;
        return parseComparison(*k);
    }

    int parseComparison(const QString& k)
    {
        Op op;
        if (accept(QLatin1StringView("==")))
            op = Op::Equal;
        else if (accept(QLatin1StringView("!=")))
            op = Op::NotEqual;
        else if (acceptWord(QLatin1StringView("contains")))
            op = Op::Contains;
        else if (acceptWord(QLatin1StringView("starts")) && acceptWord(QLatin1StringView("with")))
            op = Op::StartsWith;
        else if (acceptWord(QLatin1StringView("ends")) && acceptWord(QLatin1StringView("with")))
            op = Op::EndsWith;
        else if (acceptWord(QLatin1StringView("in")))
            op = Op::In;
        else if (acceptWord(QLatin1StringView("not")) && acceptWord(QLatin1StringView("in")))
            op = Op::NotIn;
        else
            return fail(QStringLiteral("expected an operator after '%1'").arg(k));
        if (op == Op::In || op == Op::NotIn)
            return parseSet(op, k);
        const auto value = string();
        return value ? add({ op, k, { *value }, -1, -1 }) : -1;
    }

    int parseSet(Op op, const QString& k)
    {
        if (!accept(QLatin1StringView("{")))
            return fail(QStringLiteral("expected '{' after in"));
        QStringList values;
        if (!accept(QLatin1StringView("}"))) {
            do {
                const auto value = string();
                if (!value)
                    return -1;
                values.append(*value);
            } while (accept(QLatin1StringView(",")));
            if (!accept(QLatin1StringView("}")))
                return fail(QStringLiteral("expected '}'"));
        }
        return add({ op, k, values, -1, -1 });
    }

    QStringView m_text;
    CalicoSelector& m_out;
    qsizetype m_pos = 0;
};

std::optional<CalicoSelector> CalicoSelector::parse(QStringView text, QString* error)
{
    CalicoSelector selector;
    selector.m_text = text.trimmed().toString();
    if (selector.m_text.isEmpty()) {
        selector.m_nodes.push_back({});
        selector.m_root = 0;
        return selector;
    }
    CalicoSelectorParser parser(selector.m_text, selector);
    selector.m_root = parser.parseAll();
    if (selector.m_root < 0) {
        if (error)
            *error = parser.error;
        return std::nullopt;
    }
    return selector;
}

bool CalicoSelector::matches(const Lookup& labels) const
{
    return evaluate(m_root, labels);
}

bool CalicoSelector::matches(const QMap<QString, QString>& labels) const
{
    return matches([&labels](const QString& key) -> std::optional<QString> {
        const auto it = labels.constFind(key);
        return it == labels.constEnd() ? std::nullopt : std::optional<QString>(*it);
    });
}

bool CalicoSelector::selectsAll() const
{
    return m_root >= 0 && m_nodes[std::size_t(m_root)].op == Op::All;
}

bool CalicoSelector::evaluate(int index, const Lookup& labels) const
{
    const Node& node = m_nodes[std::size_t(index)];
    switch (node.op) {
    case Op::All:
        return true;
    case Op::Not:
        return !evaluate(node.left, labels);
    case Op::And:
        return evaluate(node.left, labels) && evaluate(node.right, labels);
    case Op::Or:
        return evaluate(node.left, labels) || evaluate(node.right, labels);
    default:
        break;
    }
    const std::optional<QString> value = labels(node.key);
    switch (node.op) {
    case Op::Has:
        return value.has_value();
    case Op::Equal:
        return value && *value == node.values.first();
    case Op::NotEqual:
        return !value || *value != node.values.first();
    case Op::In:
        return value && node.values.contains(*value);
    case Op::NotIn:
        return !value || !node.values.contains(*value);
    case Op::Contains:
        return value && value->contains(node.values.first());
    case Op::StartsWith:
        return value && value->startsWith(node.values.first());
    case Op::EndsWith:
        return value && value->endsWith(node.values.first());
    default:
        return false;
    }
}

} // namespace minato
