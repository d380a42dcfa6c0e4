/* Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */


/* The 403.12 page: which 403s authorization gave, the page that answers
 * them, and the two directives that shape it. */

/* Before APR: its bucket ring macros use offsetof() only if stddef.h has
 * defined it, and otherwise subtract from a null pointer. */
#include <stddef.h>
#include <stdlib.h>

#include <apr_buckets.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_protocol.h"
#include "util_filter.h"

#include "mtls_private.h"
#include "mtls_accept.h"
#include "mtls_authz_page.h"
#include "mtls_certreq_clause.h"
#include "mtls_conf.h"
#include "mtls_lang.h"
#include "mtls_request.h"
#include "mtls_ssl.h"

/* Set while authorization decides a request, unset once it let it go on:
 * a 403 with it set came from authorization, not from the translate or
 * map phases before it, nor from a RewriteRule [F] in a directory, a
 * file permission or a handler after it. */
static const char deciding_mark[] = "authorization";

#define FILTER_NAME "MTLS_EXPLAIN_AUTHZ_PAGE"

/* The longest MTLSExplainRequirement text, so a page stays a page. */
#define REQUIREMENT_MAX 1024

static ap_filter_rec_t *page_filter_handle;

typedef struct {
    const char *body;
    apr_size_t len;
    const char *type;
} page_ctx_t;

/* The mark lives in the request's own module slot: these run on every
 * request, and a table entry would cost a search each time. */
static int deciding(const request_rec *r)
{
    return ap_get_module_config(r->request_config, &mtls_explain_module)
           == deciding_mark;
}

static void set_deciding(request_rec *r, int on)
{
    ap_set_module_config(r->request_config, &mtls_explain_module,
                         on ? (void *)deciding_mark : NULL);
}

int mtls_authz_page_enter(request_rec *r)
{
    if (!r->main && mtls_conf_armed(r->server)) {
        set_deciding(r, 1);
    }
    return DECLINED;
}

int mtls_authz_page_leave(request_rec *r)
{
    set_deciding(r, 0);
    return DECLINED;
}

/* The unmet mtls-cert clause in plain words. */
static const char *clause_words(request_rec *r, const mtls_lang_t *l)
{
    const char *value = apr_table_get(r->notes, MTLS_NOTE_UNMET);
    const char *kind = apr_table_get(r->notes, MTLS_NOTE_UNMET_KIND);
    const char *fmt;

    if (!value || !kind) {
        return NULL;
    }
    switch (atoi(kind)) {
    case MTLS_CR_ISSUER:      fmt = l->clause_issuer; break;
    case MTLS_CR_SUBJECT:     fmt = l->clause_subject; break;
    case MTLS_CR_SAN_EMAIL:   fmt = l->clause_san_email; break;
    case MTLS_CR_SAN_DNS:     fmt = l->clause_san_dns; break;
    case MTLS_CR_SAN_URI:     fmt = l->clause_san_uri; break;
    case MTLS_CR_FINGERPRINT: fmt = l->clause_fingerprint; break;
    case MTLS_CR_SPKI:        fmt = l->clause_spki; break;
    case MTLS_CR_EKU:         fmt = l->clause_eku; break;
    default:                  fmt = l->clause_policy; break;
    }
    return apr_psprintf(r->pool, fmt, value);
}

/* The administrator's words for the page's language, else for the
 * location's default language, else for every language; else the unmet
 * clause. */
static const char *requirement(request_rec *r, const mtls_conf_dir_t *dconf)
{
    const mtls_lang_t *dflt = dconf->lang ? dconf->lang : mtls_lang_at(0);
    const mtls_lang_t *lang = mtls_accept_language(
        apr_table_get(r->headers_in, "Accept-Language"), dflt);
    const char *text = NULL;

    if (dconf->requirements) {
        text = apr_table_get(dconf->requirements, lang->code);
        if (!text) {
            text = apr_table_get(dconf->requirements, dflt->code);
        }
        if (!text) {
            text = apr_table_get(dconf->requirements, "*");
        }
    }
    return text ? text : clause_words(r, lang);
}

/* What the refused request is told: no certificate is 403.7 and a failed
 * one its own failure, as where the location requires one; only a
 * verified certificate is 403.12. */
static void decide(const mtls_peer_t *peer, const mtls_conf_dir_t *dconf,
                   mtls_decision_t *d)
{
    static const mtls_policy_t required = { MTLS_MODE_REQUIRE, 0, 0 };

    mtls_verdict_decide(peer, &required, d);
    d->mode = dconf->policy.mode == MTLS_MODE_UNSET ? MTLS_MODE_OPTIONAL
                                                    : dconf->policy.mode;
    if (!peer->presented || peer->failure != MTLS_FAIL_NONE) {
        return;
    }
    d->verdict = MTLS_VERDICT_NOT_AUTHORIZED;
    d->action = MTLS_ACTION_DENY;
    d->substatus = mtls_verdict_substatus(d->verdict);
}

void mtls_authz_page_insert_error_filter(request_rec *r)
{
    const mtls_conf_dir_t *dconf;
    const mtls_peer_t *peer;
    mtls_decision_t d;
    page_ctx_t *ctx;

    if (r->status != HTTP_FORBIDDEN || r->main
        || !deciding(r)) {
        return;
    }
    /* Once: an ErrorDocument that fails comes back here. */
    set_deciding(r, 0);
    dconf = mtls_conf_dir(r);
    if (dconf->authz_page == 0 || !mtls_conf_armed(r->server)) {
        return;
    }
    peer = mtls_request_with_leaf(r, mtls_ssl_peer(r->connection));
    decide(peer, dconf, &d);
    /* That one is answered with a 503 where the policy refuses it; a 403
     * page cannot say it, so Apache's 403 stays. */
    if (d.verdict == MTLS_VERDICT_REVOCATION_UNKNOWN) {
        return;
    }
    mtls_request_announce(r, &d, peer);

    ctx = apr_pcalloc(r->pool, sizeof(*ctx));
    ctx->body = mtls_request_page(r, &d, peer,
                                  d.verdict == MTLS_VERDICT_NOT_AUTHORIZED
                                  ? requirement(r, dconf) : NULL,
                                  &ctx->len);
    /* Apache sets its own type after this hook; the filter sets ours. */
    ctx->type = r->content_type;
    ap_add_output_filter_handle(page_filter_handle, ctx, r, r->connection);
}

/* Apache's error body goes, the page comes in its place at the end. */
static apr_status_t page_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    page_ctx_t *ctx = f->ctx;
    request_rec *r = f->r;
    apr_bucket *b;
    int eos = 0;

    for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
         b = APR_BUCKET_NEXT(b)) {
        if (APR_BUCKET_IS_EOS(b)) {
            eos = 1;
            break;
        }
    }
    apr_brigade_cleanup(bb);
    if (!eos) {
        return APR_SUCCESS;
    }
    ap_set_content_type(r, ctx->type);
    ap_set_content_length(r, ctx->len);
    ap_remove_output_filter(f);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_pool_create(
                                    ctx->body, ctx->len, r->pool,
                                    f->c->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(f->c->bucket_alloc));
    return ap_pass_brigade(f->next, bb);
}

void mtls_authz_page_register_filter(void)
{
    page_filter_handle = ap_register_output_filter(
        FILTER_NAME, page_filter, NULL, AP_FTYPE_CONTENT_SET);
}

const char *mtls_authz_page_cmd_page(cmd_parms *cmd, void *dconf,
                                     const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err = mtls_conf_not_in_limit(cmd);

    return err ? err : mtls_conf_on_off(cmd, arg, &conf->authz_page);
}

/* RAW_ARGS, not TAKE12: httpd's TAKE12 drops an empty second argument,
 * and 'de ""' would read as the text "de" for every language. */
const char *mtls_authz_page_cmd_requirement(cmd_parms *cmd, void *dconf,
                                            const char *args)
{
    mtls_conf_dir_t *conf = dconf;
    const mtls_lang_t *lang = NULL;
    const char *a, *text, *err;

    if ((err = mtls_conf_not_in_limit(cmd))) {
        return err;
    }
    a = ap_getword_conf(cmd->temp_pool, &args);
    while (apr_isspace(*args)) {
        args++;
    }
    if (*args) {
        text = ap_getword_conf(cmd->pool, &args);
        if (*args) {
            return apr_psprintf(cmd->pool, "%s takes 1-2 arguments, "
                                "[language] text", cmd->cmd->name);
        }
        if (!(lang = mtls_lang_find(a)) || strlen(a) != strlen(lang->code)) {
            return apr_psprintf(cmd->pool, "%s: '%s' is not a built-in "
                                "language", cmd->cmd->name, a);
        }
    }
    else {
        text = apr_pstrdup(cmd->pool, a);
    }
    if (!*text) {
        return apr_psprintf(cmd->pool, "%s: the text is empty",
                            cmd->cmd->name);
    }
    if (strlen(text) > REQUIREMENT_MAX) {
        return apr_psprintf(cmd->pool, "%s: the text has more than %d "
                            "bytes", cmd->cmd->name, REQUIREMENT_MAX);
    }
    if (!conf->requirements) {
        conf->requirements = apr_table_make(cmd->pool, 2);
    }
    if (apr_table_get(conf->requirements, lang ? lang->code : "*")) {
        return apr_psprintf(cmd->pool, "%s: said twice for %s here",
                            cmd->cmd->name, lang ? lang->code
                                                 : "every language");
    }
    apr_table_setn(conf->requirements, lang ? lang->code : "*", text);
    return NULL;
}
