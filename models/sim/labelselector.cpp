// SPDX-License-Identifier: Apache-2.0
#include "labelselector.h"

namespace minato::sim {

namespace {

    bool isSeparator(char c)
    {
        return c == ' ' || c == '\t' || c == ',' || c == '(' || c == ')' || c == '=' || c == '!' || c == '<'
            || c == '>';
    }

    // A cursor over the selector text; the grammar is small enough for recursive descent.
    class Scanner
    {
    public:
        explicit Scanner(const QByteArray& text)
            : m_text(text)
        { }
        void skipSpace()
        {
            while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
                ++m_pos;
        }
        bool atEnd()
        {
            skipSpace();
            return m_pos >= m_text.size();
        }
        bool accept(const char* token)
        {
            skipSpace();
            const QByteArray t(token);
            if (m_text.mid(m_pos, t.size()) != t)
                return false;
            m_pos += int(t.size());
            return true;
        }
        QByteArray word()
        {
            skipSpace();
            const qsizetype start = m_pos;
            while (m_pos < m_text.size() && !isSeparator(m_text[m_pos]))
                ++m_pos;
            return m_text.mid(start, m_pos - start);
        }
        // "in"/"notin" only count as keywords when a value list follows.
        bool acceptKeyword(const char* keyword)
        {
            skipSpace();
            const qsizetype save = m_pos;
            if (word() == keyword) {
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == '(')
                    return true;
            }
            m_pos = save;
            return false;
        }

    private:
        const QByteArray& m_text;
        qsizetype m_pos = 0;
    };

    KubeError badSelector(const QByteArray& text, const QString& why)
    {
        KubeError error = KubeError::make(ErrorKind::Parse,
            QStringLiteral("unable to parse requirement: %1 (in \"%2\")").arg(why, QString::fromUtf8(text)));
        error.httpStatus = 400;
        return error;
    }

    const QByteArray* find(const FieldValues& labels, const QByteArray& key)
    {
        for (const auto& label : labels) {
            if (label.first == key)
                return &label.second;
        }
        return nullptr;
    }

} // namespace

Expected<LabelSelector> LabelSelector::parse(const QByteArray& text)
{
    LabelSelector selector;
    Scanner scanner(text);
    if (scanner.atEnd())
        return selector;
    for (;;) {
        Requirement requirement;
        if (scanner.accept("!")) {
            requirement.op = Operator::DoesNotExist;
            requirement.key = scanner.word();
        } else {
            requirement.key = scanner.word();
            if (scanner.accept("==") || scanner.accept("=")) {
                requirement.op = Operator::Equals;
            } else if (scanner.accept("!=")) {
                requirement.op = Operator::NotEquals;
            } else if (scanner.accept(">")) {
                requirement.op = Operator::GreaterThan;
            } else if (scanner.accept("<")) {
                requirement.op = Operator::LessThan;
            } else if (scanner.acceptKeyword("notin")) {
                requirement.op = Operator::NotIn;
            } else if (scanner.acceptKeyword("in")) {
                requirement.op = Operator::In;
            } else {
                requirement.op = Operator::Exists;
            }
            switch (requirement.op) {
            case Operator::Equals:
            case Operator::NotEquals:
            case Operator::GreaterThan:
            case Operator::LessThan:
                requirement.values.append(scanner.word());
                break;
            case Operator::In:
            case Operator::NotIn:
                if (!scanner.accept("("))
                    return badSelector(text, QStringLiteral("expected '('"));
                for (;;) {
                    requirement.values.append(scanner.word());
                    if (scanner.accept(")"))
                        break;
                    if (!scanner.accept(","))
                        return badSelector(text, QStringLiteral("expected ',' or ')'"));
                }
                break;
            default:
                break;
            }
        }
        if (requirement.key.isEmpty())
            return badSelector(text, QStringLiteral("empty key"));
        if ((requirement.op == Operator::GreaterThan || requirement.op == Operator::LessThan)) {
            bool ok = false;
            requirement.values.constFirst().toLongLong(&ok);
            if (!ok)
                return badSelector(text, QStringLiteral("for 'Gt', 'Lt' operators, the value must be an integer"));
        }
        selector.m_requirements.append(requirement);
        if (scanner.atEnd())
            break;
        if (!scanner.accept(","))
            return badSelector(text, QStringLiteral("found unexpected text"));
    }
    return selector;
}

bool LabelSelector::matches(const FieldValues& labels) const
{
    for (const Requirement& requirement : m_requirements) {
        const QByteArray* value = find(labels, requirement.key);
        bool ok = false;
        switch (requirement.op) {
        case Operator::Exists:
            ok = value != nullptr;
            break;
        case Operator::DoesNotExist:
            ok = value == nullptr;
            break;
        case Operator::Equals:
        case Operator::In:
            ok = value && requirement.values.contains(*value);
            break;
        case Operator::NotEquals:
        case Operator::NotIn:
            ok = !value || !requirement.values.contains(*value);
            break;
        case Operator::GreaterThan:
        case Operator::LessThan: {
            bool isNumber = false;
            const qint64 actual = value ? value->toLongLong(&isNumber) : 0;
            const qint64 bound = requirement.values.constFirst().toLongLong();
            ok = isNumber && (requirement.op == Operator::GreaterThan ? actual > bound : actual < bound);
            break;
        }
        }
        if (!ok)
            return false;
    }
    return true;
}

} // namespace minato::sim
