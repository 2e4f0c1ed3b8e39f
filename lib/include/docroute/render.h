/* docroute — the routing slip (公文处理单 / 发文稿纸) and the route drawn.
 * Renders into a buffer; the tools write it out. */
#ifndef DOCROUTE_RENDER_H
#define DOCROUTE_RENDER_H

#include "docroute/config.h"
#include "docroute/envelope.h"
#include "docroute/route.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An HTML page fit to print: title, 发文字号, type, urgency, classification,
 * the parties, and every step with its signer (and 代), opinion and time.
 * cfg names the units and people; st is the route's state now. */
int dr_render_html(dr_buf *out, dr_ctx *ctx, const dr_config *cfg, const dr_envelope *env,
                   const dr_route_state *st);
/* The route and its state as a Graphviz digraph. */
int dr_render_dot(dr_buf *out, dr_ctx *ctx, const dr_config *cfg, const dr_envelope *env,
                  const dr_route_state *st);

#ifdef __cplusplus
}
#endif
#endif
