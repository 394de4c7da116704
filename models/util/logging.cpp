// SPDX-License-Identifier: Apache-2.0
#include "logging.h"

Q_LOGGING_CATEGORY(lcKube, "minato.kube", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCredentials, "minato.credentials", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFleet, "minato.fleet", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "minato.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "minato.ui", QtInfoMsg)
