// SPDX-License-Identifier: Apache-2.0
#pragma once

// QCustomPlot's header uses `foreach`, which QT_NO_FOREACH removes for our own code (as hotspot
// does in src/frequencypage.cpp). Give it a range-for for the length of the include only.
// Include this in views/ .cpp files, never in a header.
#ifndef foreach
#define MINATO_PLOT_FOREACH
#define foreach(declaration, container) for (declaration : container)
#endif
#include <qcustomplot.h>
#ifdef MINATO_PLOT_FOREACH
#undef foreach
#undef MINATO_PLOT_FOREACH
#endif
