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

/* The request side: the policy applied, the decision published and
 * logged, and a refusal answered with the explanation. */

/* Before APR: its bucket ring macros use offsetof() only if stddef.h has
 * defined it, and otherwise subtract from a null pointer. */
#include <stddef.h>

#include <apr_buckets.h>
#include <apr_strings.h>

#include "httpd.h"
#include "http_core.h"
#include "http_protocol.h"
#include "http_request.h"
#include "mod_core.h"

#include "mtls_private.h"
#include "mtls_accept.h"
#include "mtls_conf.h"
#include "mtls_escape.h"
#include "mtls_metrics.h"
#include "mtls_ratelimit.h"
#include "mtls_render.h"
#include "mtls_request.h"
#include "mtls_ssl.h"

/* Set on a request the module refused, for the ErrorDocument it leads to. */
#define MTLS_NOTE_REFUSED "mtls-explain-refused"

/* The first decision of a request adds its variables: the environment
 * cannot hold them yet (an internal redirect renames what it inherits,
 * REDIRECT_...), so every allowed request is spared a search per
 * variable. A later decision (authorization's) replaces them. */
static void publish(request_rec *r, const mtls_decision_t *d,
                    const mtls_peer_t *peer, int replace)
{
    void (*put)(apr_table_t *, const char *, const char *) =
        replace ? apr_table_setn : apr_table_addn;
    apr_table_t *env = r->subprocess_env;

    put(env, "MTLS_EXPLAIN_MODE", mtls_mode_name(d->mode));
    put(env, "MTLS_EXPLAIN_ACTION", mtls_action_name(d->action));
    put(env, "MTLS_EXPLAIN_VERDICT", mtls_verdict_name(d->verdict));
    put(env, "MTLS_EXPLAIN_SUBSTATUS", d->substatus);
    put(env, "MTLS_EXPLAIN_REASON", peer->reason ? peer->reason : "");
}

/* Refusals and reports at info, allowed requests at debug. */
static int log_level(const mtls_decision_t *d)
{
    return d->action == MTLS_ACTION_ALLOW ? APLOG_DEBUG : APLOG_INFO;
}

/* Called only once the level is known to be enabled. */
static void log_decision(request_rec *r, const mtls_decision_t *d,
                         const mtls_peer_t *peer)
{
    const char *subject;

    subject = peer->presented ? peer->leaf.subject : NULL;
    ap_log_rerror(APLOG_MARK, log_level(d), 0, r, "%s"
                  "mode=%s%s action=%s verdict=%s substatus=%s reason=\"%s\" "
                  "depth=%d client=%s uri=\"%s\" subject=\"%s\"",
                  d->action == MTLS_ACTION_DENY ? MTLS_LOGNO(0010)
                  : d->action == MTLS_ACTION_REPORT ? MTLS_LOGNO(0011)
                  : MTLS_LOGNO(0012),
                  mtls_mode_name(d->mode),
                  d->report_only ? "/report-only" : "",
                  mtls_action_name(d->action), mtls_verdict_name(d->verdict),
                  *d->substatus ? d->substatus : "-",
                  mtls_escape_log(r->pool, peer->reason),
                  peer->depth, r->useragent_ip,
                  mtls_escape_log(r->pool, r->uri),
                  mtls_escape_log(r->pool, subject));
}

/* One MTLS0074 per this many seconds per process: during an outage every
 * request at the location is let through this way, and the metrics count
 * them all. */
#define MTLS_SOFT_FAIL_LOG_EVERY 60

static mtls_ratelimit_t soft_fail_limit;

/* A request let through by MTLSExplainRevocationUnknown allow: the
 * administrator must hear that revocation is going unchecked. */
static void log_soft_fail(request_rec *r, const mtls_peer_t *peer)
{
    apr_uint32_t skipped;

    if (!APLOG_R_IS_LEVEL(r, APLOG_WARNING)
        || !mtls_ratelimit_due(&soft_fail_limit, MTLS_SOFT_FAIL_LOG_EVERY,
                               &skipped)) {
        return;
    }
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, MTLS_LOGNO(0074)
                  "revocation could not be checked (%s), and "
                  "MTLSExplainRevocationUnknown allow lets the client "
                  "certificate through unchecked: a revoked one would not be "
                  "noticed until the site's CRL or OCSP responder works "
                  "again (see MTLS0070-MTLS0073); client=%s uri=\"%s\" "
                  "subject=\"%s\"%s",
                  mtls_escape_log(r->pool, peer->reason), r->useragent_ip,
                  mtls_escape_log(r->pool, r->uri),
                  mtls_escape_log(r->pool, peer->leaf.subject),
                  skipped ? apr_psprintf(r->pool, " (%u more since the last "
                                         "such line from this process)",
                                         skipped) : "");
}

/* The explanation in the format and language the client prefers. */
static const char *render(request_rec *r, const mtls_conf_dir_t *dconf,
                          mtls_page_t *page, apr_size_t *len)
{
    const mtls_template_t *tpl;

    switch (mtls_accept_format(apr_table_get(r->headers_in, "Accept"))) {
    case MTLS_FORMAT_PROBLEM_JSON:
        ap_set_content_type(r, "application/problem+json");
        return mtls_render_json(r->pool, page, len);
    case MTLS_FORMAT_TEXT:
        ap_set_content_type(r, "text/plain; charset=utf-8");
        return mtls_render_text(r->pool, page, len);
    case MTLS_FORMAT_HTML:
        break;
    }
    ap_set_content_type(r, "text/html; charset=utf-8");
    tpl = mtls_conf_template(dconf, page->lang);
    return tpl ? mtls_render_template(r->pool, tpl, page, len)
               : mtls_render_html(r->pool, page, len);
}

const char *mtls_request_page(request_rec *r, const mtls_decision_t *d,
                              const mtls_peer_t *peer,
                              const char *requirement, apr_size_t *len)
{
    const mtls_conf_dir_t *dconf = mtls_conf_dir(r);
    mtls_page_t page;
    const char *body;

    page.decision = d;
    page.peer = peer;
    page.lang = mtls_accept_language(
        apr_table_get(r->headers_in, "Accept-Language"),
        dconf->lang ? dconf->lang : mtls_lang_at(0));
    page.host = r->hostname;
    page.uri = r->uri;
    page.request_id = apr_table_get(r->subprocess_env, "UNIQUE_ID");
    page.accepted = mtls_conf_srv(r->server)->accepted_cas;
    page.contact = dconf->contact;
    page.contact_url = dconf->contact_url;
    page.help_url = dconf->help_url;
    page.requirement = requirement;
    page.browser = mtls_browser_family(apr_table_get(r->headers_in,
                                                     "User-Agent"));
    page.now = r->request_time;
    body = render(r, dconf, &page, len);

    apr_table_mergen(r->err_headers_out, "Vary", "Accept, Accept-Language");
    apr_table_setn(r->err_headers_out, "Content-Language", page.lang->code);
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->err_headers_out, "X-Content-Type-Options", "nosniff");
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "no-referrer");
    apr_table_setn(r->err_headers_out, "Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; "
                   "frame-ancestors 'none'");
    return body;
}

void mtls_request_announce(request_rec *r, const mtls_decision_t *d,
                           const mtls_peer_t *peer)
{
    publish(r, d, peer, 1);
    if (APLOG_R_IS_LEVEL(r, log_level(d))) {
        log_decision(r, d, peer);
    }
}

/* Is r the administrator's ErrorDocument for one of the module's own
 * refusals, or part of it? A refused request runs no handler, so only the
 * core's ErrorDocument can have redirected it. */
static int explains_own_refusal(const request_rec *r)
{
    while (r->main) {
        r = r->main;
    }
    return r->prev && apr_table_get(r->prev->notes, MTLS_NOTE_REFUSED);
}

/*
 * Write the explanation ourselves: ap_custom_response would force
 * ISO-8859-1, and a page in UTF-8 is what certificate names need.
 */
static int respond(request_rec *r, const mtls_decision_t *d,
                   const mtls_peer_t *peer)
{
    apr_bucket_alloc_t *ba = r->connection->bucket_alloc;
    apr_bucket_brigade *bb;
    const char *body;
    apr_size_t len;
    int status = mtls_verdict_status(d->verdict);

    /* Whatever page answers it, a 503 says when to come back. */
    if (status == HTTP_SERVICE_UNAVAILABLE) {
        mtls_metrics_count_unavailable(r);
        apr_table_setn(r->err_headers_out, "Retry-After",
                       apr_itoa(r->pool,
                                mtls_conf_retry_after(mtls_conf_dir(r))));
        apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    }

    /* An administrator's own ErrorDocument for the status wins; it can
     * use the MTLS_EXPLAIN_* variables. Its target is decided like any
     * request: where its own location refuses too, the built-in page is
     * written there instead, not the target's handler. The body is read
     * away first (uninvited, with the status set), so the target never
     * gets it. */
    if (!explains_own_refusal(r)
        && ap_response_code_string(r, ap_index_of_response(status))) {
        apr_table_setn(r->notes, MTLS_NOTE_REFUSED, "1");
        r->status = status;
        if (ap_discard_request_body(r) != OK) {
            r->connection->keepalive = AP_CONN_CLOSE;
        }
        return status;
    }

    body = mtls_request_page(r, d, peer, NULL, &len);

    /* The status first: with it set, a client that sent 'Expect:
     * 100-continue' is not invited to send its body, and the connection
     * closes instead of reading it; otherwise a body is read away so the
     * connection can be kept alive. */
    r->status = status;
    if (ap_discard_request_body(r) != OK) {
        r->connection->keepalive = AP_CONN_CLOSE;
    }
    ap_set_content_length(r, len);
    /* 'Header always' and other error-time filters apply to this page as
     * to any error response. */
    ap_run_insert_error_filter(r);

    bb = apr_brigade_create(r->pool, ba);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_pool_create(body, len, r->pool,
                                                       ba));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(ba));
    ap_pass_brigade(r->output_filters, bb);
    return DONE;
}

/* The decision as ap_expr variables, computed when evaluated: <If> runs
 * before the access phase that sets the environment variables. */
static const char *const expr_names[] = {
    "MTLS_EXPLAIN_MODE", "MTLS_EXPLAIN_ACTION", "MTLS_EXPLAIN_VERDICT",
    "MTLS_EXPLAIN_SUBSTATUS", "MTLS_EXPLAIN_REASON", NULL
};

static const char *expr_var(ap_expr_eval_ctx_t *ctx, const void *data)
{
    const char *name = data;
    const mtls_peer_t *peer;
    mtls_decision_t d;

    if (!ctx->r || !mtls_conf_armed(ctx->r->server)) {
        return "";
    }
    peer = mtls_ssl_peer(ctx->r->connection);
    mtls_verdict_decide(peer, &mtls_conf_dir(ctx->r)->policy, &d);
    switch (name[13]) {
    case 'M': return mtls_mode_name(d.mode);
    case 'A': return mtls_action_name(d.action);
    case 'V': return mtls_verdict_name(d.verdict);
    case 'S': return d.substatus;
    default:  return peer->reason ? peer->reason : "";
    }
}

int mtls_request_expr_lookup(ap_expr_lookup_parms *parms)
{
    int i;

    if (parms->type != AP_EXPR_FUNC_VAR) {
        return DECLINED;
    }
    for (i = 0; expr_names[i]; i++) {
        if (!strcasecmp(parms->name, expr_names[i])) {
            *parms->func = (const void *)expr_var;
            *parms->data = expr_names[i];
            return OK;
        }
    }
    return DECLINED;
}

/* The record with the client's certificate described, for a page or a
 * log line; describing it costs, so only then, and a failed certificate
 * comes described already. */
const mtls_peer_t *mtls_request_with_leaf(request_rec *r,
                                          const mtls_peer_t *peer)
{
    mtls_peer_t *full;

    if (!peer->presented || peer->leaf.subject) {
        return peer;
    }
    full = apr_pmemdup(r->pool, peer, sizeof(*peer));
    mtls_ssl_leaf(r->connection, r->pool, &full->leaf);
    return full;
}

int mtls_request_decide(request_rec *r)
{
    const mtls_conf_dir_t *dconf;
    const mtls_peer_t *peer;
    mtls_decision_t d;
    int logged;

    if (!mtls_conf_armed(r->server)) {
        return DECLINED;
    }
    peer = mtls_ssl_peer(r->connection);
    dconf = mtls_conf_dir(r);
    mtls_verdict_decide(peer, &dconf->policy, &d);

    /* A subrequest (an include, an index lookup) is refused quietly; the
     * main request carries the explanation. */
    if (r->main) {
        return d.action == MTLS_ACTION_DENY ? mtls_verdict_status(d.verdict)
                                            : DECLINED;
    }
    publish(r, &d, peer, 0);
    mtls_metrics_count_decision(r, dconf->section, &d);
    logged = APLOG_R_IS_LEVEL(r, log_level(&d));
    if (logged || d.action == MTLS_ACTION_DENY) {
        peer = mtls_request_with_leaf(r, peer);
    }
    if (logged) {
        log_decision(r, &d, peer);
    }
    if (d.soft_failed) {
        log_soft_fail(r, peer);
    }
    return d.action == MTLS_ACTION_DENY ? respond(r, &d, peer)
                                        : DECLINED;
}

int mtls_request_check_access(request_rec *r)
{
    /* mod_ssl's access hook has just reset the verify result on TLS 1.2;
     * reading the record puts the truth back before Require reads it. */
    if (mtls_conf_armed(r->server)) {
        mtls_ssl_peer(r->connection);
    }
    return DECLINED;
}
