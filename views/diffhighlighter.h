// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

// A unified diff: removed lines red, added green, hunk headers muted, on light and dark themes.
class DiffHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    DiffHighlighter(QTextDocument* document, bool dark);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_removed;
    QTextCharFormat m_added;
    QTextCharFormat m_header;
};
