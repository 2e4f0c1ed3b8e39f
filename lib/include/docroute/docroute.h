/* docroute — the umbrella header. */
#ifndef DOCROUTE_H
#define DOCROUTE_H

#include "docroute/act.h"
#include "docroute/calendar.h"
#include "docroute/check.h"
#include "docroute/checkpoint.h"
#include "docroute/common.h"
#include "docroute/config.h"
#include "docroute/envelope.h"
#include "docroute/index.h"
#include "docroute/numbers.h"
#include "docroute/render.h"
#include "docroute/route.h"
#include "docroute/sign.h"
#include "docroute/store.h"
#include "docroute/submit.h"
#include "docroute/words.h"

#endif
