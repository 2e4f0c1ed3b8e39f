/* The signer: the key a command is given, checked against the person the config
 * registers it for and its validity on the day. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int load_signer(tool *t, const dr_config *cfg, dr_date on, signer *out)
{
    const char *path = t->key_path ? t->key_path : getenv("DOCROUTE_KEY");
    const char *as = t->as ? t->as : getenv("DOCROUTE_USER");
    char date[11];
    memset(out, 0, sizeof(*out));
    if (!path || !*path)
        return fail(t, EXIT_USAGE, "no signing key: give --key FILE or set DOCROUTE_KEY");
    if (dr_key_load_private_file(&out->key, &t->ctx, path))
        return fail(t, EXIT_USAGE, "%s", t->ctx.msg);
    for (size_t i = 0; i < cfg->npeople && !out->person; i++) {
        const dr_person *p = &cfg->people[i];
        if (as && *as && strcmp(p->id, as) != 0)
            continue;
        for (size_t k = 0; k < p->nkeys; k++)
            if (p->keys[k].key && dr_key_same_public(p->keys[k].key, out->key)) {
                out->person = p;
                out->pkey = &p->keys[k];
                break;
            }
    }
    if (!out->person) {
        int st;
        if (as && *as && !dr_config_person(cfg, as))
            st = fail(t, EXIT_USAGE, "'%s' is not a person of the config", as);
        else if (as && *as)
            st = fail(t, EXIT_USAGE, "key '%s' is not a key registered for '%s': refused", path, as);
        else
            st = fail(t, EXIT_USAGE, "key '%s' is registered for nobody in the config: refused",
                      path);
        signer_dispose(out);
        return st;
    }
    if (!dr_person_key_valid_on(out->pkey, on)) {
        dr_date_format(on, date);
        int st = fail(t, EXIT_USAGE, "key '%s/%d' is not valid on %s (revoked, expired or not "
                                     "yet valid): refused",
                      out->person->id, out->pkey->id, date);
        signer_dispose(out);
        return st;
    }
    snprintf(out->key_name, sizeof(out->key_name), "%s/%d", out->person->id, out->pkey->id);
    return 0;
}

void signer_dispose(signer *s)
{
    dr_key_free(s->key);
    memset(s, 0, sizeof(*s));
}

