/* The envelope's insides, shared by its files (envelope.c: parsing, schemas, extraction,
 * canonical forms; envelope_write.c: writing documents and events). lib/ only. */
#ifndef DR_ENVELOPE_INTERNAL_H
#define DR_ENVELOPE_INTERNAL_H

#include "docroute/envelope.h"
#include "internal.h"

#include <libxml/tree.h>

struct dr_envelope {
    char *bytes;
    size_t len;
    xmlDocPtr doc;
    xmlNodePtr document; /* the current <document> */
    xmlNodePtr routing;
    const char *id, *route, *config;
    dr_document d;
    dr_event *events;
    xmlNodePtr *event_nodes;
    size_t nevents;
    char **texts; /* trimmed event texts, owned */
};


#define is_el(...) dr__env_is_el(__VA_ARGS__)
#define attr(...) dr__env_attr(__VA_ARGS__)
#define read_trusted(...) dr__env_read_trusted(__VA_ARGS__)
#define content_digest_of(...) dr__env_content_digest_of(__VA_ARGS__)
#define signed_bytes(...) dr__env_signed_bytes(__VA_ARGS__)
#define digest_of(...) dr__env_digest_of(__VA_ARGS__)
#define dump_node(...) dr__env_dump_node(__VA_ARGS__)
#define adopt_ns(...) dr__env_adopt_ns(__VA_ARGS__)

bool is_el(xmlNodePtr n, const char *name);
const char *attr(xmlNodePtr n, const char *name);
xmlDocPtr read_trusted(const char *data, size_t len, const char *url);
int content_digest_of(dr_ctx *ctx, xmlDocPtr doc, xmlNodePtr document, char out[72]);
int signed_bytes(dr_ctx *ctx, xmlDocPtr doc, const char *id, xmlNodePtr ev, dr_buf *out);
void digest_of(const dr_buf *signed_part, const dr_buf *raw_sig, char out[72]);
int dump_node(xmlNodePtr n, dr_buf *out);
void adopt_ns(xmlNodePtr n, xmlNsPtr ns);
/* The bytes checked before libxml2 sees them (xmlscan.c): encoding, NUL, declarations,
 * and the limits of envelope.h, with the line and column of what is refused. */
int dr__xml_prescan(dr_ctx *ctx, const char *file, const char *data, size_t len);

#endif
