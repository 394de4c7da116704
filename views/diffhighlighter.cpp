// SPDX-License-Identifier: Apache-2.0
#include "diffhighlighter.h"

DiffHighlighter::DiffHighlighter(QTextDocument* document, bool dark)
    : QSyntaxHighlighter(document)
{
    m_removed.setForeground(dark ? QColor(0xfc, 0xa5, 0xa5) : QColor(0xb9, 0x1c, 0x1c));
    m_removed.setBackground(dark ? QColor(0x45, 0x0a, 0x0a) : QColor(0xfe, 0xe2, 0xe2));
    m_added.setForeground(dark ? QColor(0x86, 0xef, 0xac) : QColor(0x15, 0x80, 0x3d));
    m_added.setBackground(dark ? QColor(0x05, 0x2e, 0x16) : QColor(0xdc, 0xfc, 0xe7));
    m_header.setForeground(dark ? QColor(0x9c, 0xa3, 0xaf) : QColor(0x6b, 0x72, 0x80));
}

void DiffHighlighter::highlightBlock(const QString& text)
{
    if (text.startsWith(QLatin1String("@@")) || text.startsWith(QLatin1String("---"))
        || text.startsWith(QLatin1String("+++")))
        setFormat(0, int(text.size()), m_header);
    else if (text.startsWith(QLatin1Char('-')))
        setFormat(0, int(text.size()), m_removed);
    else if (text.startsWith(QLatin1Char('+')))
        setFormat(0, int(text.size()), m_added);
}
