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

/* The RFC 9457 problem document (application/problem+json) for API
 * clients. */

#include <string.h>

#include <apr_strings.h>
#include <apr_tables.h>

#include "mtls_escape.h"
#include "mtls_render.h"

typedef apr_array_header_t parts_t;

static void put(parts_t *out, const char *s)
{
    APR_ARRAY_PUSH(out, const char *) = s;
}

#define J(p, s) mtls_escape_json((p), (s))

/* Problem types are tag: URIs (RFC 4151): names, not addresses, so no
 * server has to answer for them. The README lists them. */
#define PROBLEM_TYPE "tag:mod-mtls-explain.invalid,2026:problem:"

/* One type per title (RFC 9457): an authority above the certificate is a
 * problem of its own. */
static const char *problem_type(apr_pool_t *p, const mtls_page_t *page,
                                const mtls_explain_t *e)
{
    const char *v = mtls_verdict_name(page->decision->verdict);
    char *slug;

    if (page->decision->verdict == MTLS_VERDICT_NONE) {
        return PROBLEM_TYPE "certificate-required";
    }
    /* The site's fault, whatever certificate was sent. */
    if (page->decision->verdict == MTLS_VERDICT_REVOCATION_UNKNOWN) {
        return PROBLEM_TYPE "revocation-unavailable";
    }
    /* The site's limit, with a title of its own. */
    if (page->decision->verdict == MTLS_VERDICT_INVALID
        && page->peer->chain_depth > 0) {
        return PROBLEM_TYPE "chain-too-long";
    }
    slug = apr_pstrcat(p, e->chain ? "ca-certificate-" : "certificate-", v,
                       NULL);
    for (v = slug; *v; v++) {
        if (*v == '_') {
            slug[v - slug] = '-';
        }
    }
    return apr_pstrcat(p, PROBLEM_TYPE, slug, NULL);
}

/* A JSON string, or null when there is no value. */
static const char *json_str(apr_pool_t *p, const char *s)
{
    return s ? apr_pstrcat(p, "\"", J(p, s), "\"", NULL) : "null";
}

static const char *json_cert(apr_pool_t *p, const mtls_cert_t *c)
{
    return apr_pstrcat(p,
        "{\"subject\":", json_str(p, c->subject),
        ",\"issuer\":", json_str(p, c->issuer),
        ",\"serial\":", json_str(p, c->serial),
        ",\"not_before\":", json_str(p, c->not_before),
        ",\"not_after\":", json_str(p, c->not_after),
        ",\"sha256\":", json_str(p, c->sha256), "}", NULL);
}

const char *mtls_render_json(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len)
{
    const mtls_peer_t *peer = page->peer;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 32, sizeof(const char *));
    const char *detail, *result;
    mtls_explain_t e;
    int i;

    mtls_render_explain(p, page, &e);
    /* The intro to a list of causes reads wrong without its list, which
     * goes into "causes". */
    detail = (e.why && !e.why_list) ? apr_pstrcat(p, e.what, " ", e.why,
                                                  NULL)
                                    : e.what;
    put(out, apr_pstrcat(p,
        "{\"type\":\"", problem_type(p, page, &e), "\""
        ",\"title\":", json_str(p, e.heading),
        ",\"status\":", apr_itoa(p, mtls_verdict_status(d->verdict)),
        ",\"detail\":", json_str(p, detail),
        /* This occurrence: the request's own id where mod_unique_id gives
         * one, so a report can be matched with the log. */
        ",\"instance\":", json_str(p, page->request_id
                                        ? apr_pstrcat(p, page->uri
                                                      ? page->uri : "",
                                                      "#request-",
                                                      page->request_id, NULL)
                                        : page->uri),
        ",\"substatus\":", json_str(p, d->substatus),
        ",\"verdict\":\"", mtls_verdict_name(d->verdict), "\""
        ",\"mode\":\"", mtls_mode_name(d->mode), "\""
        ",\"reason\":", json_str(p, peer->reason),
        ",\"depth\":", peer->presented && peer->failure != MTLS_FAIL_NONE
                       ? apr_itoa(p, peer->depth) : "null",
        ",\"certificate\":", peer->presented ? json_cert(p, &peer->leaf)
                                             : "null",
        NULL));
    /* A chain longer than the site allows: both numbers, for a client
     * that reports them to the site. */
    if (d->verdict == MTLS_VERDICT_INVALID && peer->chain_depth > 0) {
        put(out, apr_psprintf(p, ",\"chain_depth\":%d,\"verify_depth\":%d",
                              peer->chain_depth, peer->depth_limit));
    }
    if (e.above) {
        put(out, apr_pstrcat(p, ",\"failing_certificate\":",
                             json_cert(p, &peer->failing), NULL));
    }
    if (e.why_list) {
        put(out, ",\"causes\":[");
        for (i = 0; e.why_list[i]; i++) {
            put(out, apr_pstrcat(p, i ? "," : "", json_str(p, e.why_list[i]),
                                 NULL));
        }
        put(out, "]");
    }
    put(out, ",\"accepted_issuers\":[");
    for (i = 0; page->accepted && i < page->accepted->nelts; i++) {
        put(out, apr_pstrcat(p, i ? "," : "",
                             json_str(p, APR_ARRAY_IDX(page->accepted, i,
                                                       const char *)),
                             NULL));
    }
    put(out, apr_pstrcat(p, "]"
        ",\"contact\":", json_str(p, page->contact),
        ",\"help_url\":", json_str(p, page->help_url),
        ",\"browser_advice\":", json_str(p, e.browser_advice),
        ",\"request_id\":", json_str(p, page->request_id),
        ",\"lang\":\"", page->lang->code, "\"}\n", NULL));
    result = apr_array_pstrcat(p, out, '\0');
    *len = strlen(result);
    return result;
}
