// SPDX-License-Identifier: Apache-2.0
#include "yamlhighlighter.h"

#include <QRegularExpression>

YamlHighlighter::YamlHighlighter(QTextDocument* document, bool dark)
    : QSyntaxHighlighter(document)
{
    m_key.setForeground(dark ? QColor(0x7d, 0xd3, 0xfc) : QColor(0x1d, 0x4e, 0xd8));
    m_string.setForeground(dark ? QColor(0xa7, 0xf3, 0xd0) : QColor(0x04, 0x78, 0x57));
    m_number.setForeground(dark ? QColor(0xfd, 0xba, 0x74) : QColor(0xc2, 0x41, 0x0c));
    m_keyword.setForeground(dark ? QColor(0xf0, 0xab, 0xfc) : QColor(0x86, 0x19, 0x8f));
    m_comment.setForeground(dark ? QColor(0x9c, 0xa3, 0xaf) : QColor(0x6b, 0x72, 0x80));
    m_comment.setFontItalic(true);
    m_punct.setForeground(dark ? QColor(0x9c, 0xa3, 0xaf) : QColor(0x6b, 0x72, 0x80));
}

void YamlHighlighter::highlightBlock(const QString& text)
{
    // A literal block continues while lines are indented deeper than its key: state holds
    // that key's indentation + 1 (0: not in a block).
    int leading = 0;
    while (leading < text.size() && text[leading] == QLatin1Char(' '))
        ++leading;
    const int blockIndent = previousBlockState();
    if (blockIndent > 0 && (leading >= blockIndent || text.trimmed().isEmpty())) {
        setFormat(0, int(text.size()), m_string);
        setCurrentBlockState(blockIndent);
        return;
    }
    setCurrentBlockState(0);

    static const QRegularExpression keyRe(QStringLiteral(R"(^(\s*)(- )?([^\s:#"'][^:#]*|"[^"]*"):(?=\s|$))"));
    static const QRegularExpression dashRe(QStringLiteral(R"(^(\s*)(- ))"));
    int valueStart = 0;
    if (const auto m = keyRe.match(text); m.hasMatch()) {
        if (m.capturedLength(2))
            setFormat(int(m.capturedStart(2)), 1, m_punct);
        setFormat(int(m.capturedStart(3)), int(m.capturedLength(3)), m_key);
        valueStart = int(m.capturedEnd(0));
    } else if (const auto d = dashRe.match(text); d.hasMatch()) {
        setFormat(int(d.capturedStart(2)), 1, m_punct);
        valueStart = int(d.capturedEnd(0));
    }
    const QString value = text.mid(valueStart).trimmed();
    const int start = int(text.indexOf(value, valueStart));
    if (value.isEmpty() || start < 0)
        return;
    if (value.startsWith(QLatin1Char('#'))) {
        setFormat(start, int(value.size()), m_comment);
    } else if (value == QLatin1String("|") || value == QLatin1String("|-") || value == QLatin1String("|+")
        || value == QLatin1String(">") || value == QLatin1String(">-")) {
        setFormat(start, int(value.size()), m_punct);
        setCurrentBlockState(leading + 1);
    } else if (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\''))) {
        setFormat(start, int(value.size()), m_string);
    } else if (value == QLatin1String("true") || value == QLatin1String("false") || value == QLatin1String("null")
        || value == QLatin1String("{}") || value == QLatin1String("[]")) {
        setFormat(start, int(value.size()), m_keyword);
    } else {
        bool number = false;
        value.toDouble(&number);
        setFormat(start, int(value.size()), number ? m_number : m_string);
    }
}
