// SPDX-License-Identifier: Apache-2.0
#include "commands.h"

#include <QTextStream>

int runContextsCommand(const QStringList& arguments)
{
    Q_UNUSED(arguments)
    QTextStream(stderr) << "minato contexts: not built yet\n";
    return 1;
}
