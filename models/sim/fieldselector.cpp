// SPDX-License-Identifier: Apache-2.0
#include "fieldselector.h"

namespace minato::sim {

namespace {

    // Splits on an unescaped separator; field selector values escape ',', '=' and '\' with '\'.
    QList<QByteArray> splitUnescaped(const QByteArray& text, char separator)
    {
        QList<QByteArray> parts;
        QByteArray current;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char c = text.at(i);
            if (c == '\\' && i + 1 < text.size()) {
                current.append(c);
                current.append(text.at(++i));
            } else if (c == separator) {
                parts.append(current);
                current.clear();
            } else {
                current.append(c);
            }
        }
        parts.append(current);
        return parts;
    }

    QByteArray unescape(const QByteArray& text)
    {
        QByteArray result;
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) == '\\' && i + 1 < text.size())
                ++i;
            result.append(text.at(i));
        }
        return result;
    }

    KubeError badRequest(const QString& message)
    {
        KubeError error = KubeError::make(ErrorKind::Parse, message);
        error.httpStatus = 400;
        return error;
    }

    QByteArray fieldValue(const StoredObject& object, const QByteArray& field)
    {
        if (field == "metadata.name")
            return object.name;
        if (field == "metadata.namespace")
            return object.nameSpace;
        for (const auto& pair : object.fields) {
            if (pair.first == field)
                return pair.second;
        }
        return {};
    }

} // namespace

Expected<FieldSelector> FieldSelector::parse(const QByteArray& text, const QStringList& supported)
{
    FieldSelector selector;
    if (text.trimmed().isEmpty())
        return selector;
    for (const QByteArray& part : splitUnescaped(text, ',')) {
        Term term;
        qsizetype at = -1;
        int width = 0;
        for (qsizetype i = 0; i < part.size(); ++i) {
            if (part.at(i) == '\\') {
                ++i;
                continue;
            }
            if (part.mid(i, 2) == "!=") {
                at = i;
                width = 2;
                term.negated = true;
            } else if (part.mid(i, 2) == "==") {
                at = i;
                width = 2;
            } else if (part.at(i) == '=') {
                at = i;
                width = 1;
            }
            if (at >= 0)
                break;
        }
        if (at < 0)
            return badRequest(QStringLiteral("invalid selector: '%1'; can't understand '%2'")
                                  .arg(QString::fromUtf8(text), QString::fromUtf8(part)));
        term.field = part.left(at).trimmed();
        term.value = unescape(part.mid(at + width).trimmed());
        const QString field = QString::fromUtf8(term.field);
        if (field != QLatin1String("metadata.name") && field != QLatin1String("metadata.namespace")
            && !supported.contains(field))
            return badRequest(QStringLiteral("field label not supported: %1").arg(field));
        selector.m_terms.append(term);
    }
    return selector;
}

bool FieldSelector::matches(const StoredObject& object) const
{
    for (const Term& term : m_terms) {
        const bool equal = fieldValue(object, term.field) == term.value;
        if (equal == term.negated)
            return false;
    }
    return true;
}

QByteArray FieldSelector::requiredValue(const QByteArray& field) const
{
    for (const Term& term : m_terms) {
        if (!term.negated && term.field == field)
            return term.value;
    }
    return {};
}

} // namespace minato::sim
