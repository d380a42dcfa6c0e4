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

/* The explanation as plain text, for terminals and scripts. */

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

#define T(p, s) mtls_escape_text((p), (s))

static void text_row(apr_pool_t *p, parts_t *out, const char *label,
                     const char *raw_value)
{
    if (raw_value && *raw_value) {
        put(out, apr_pstrcat(p, "  ", T(p, label), ": ", T(p, raw_value),
                             "\n", NULL));
    }
}

static void text_list(apr_pool_t *p, parts_t *out, const char *const *items)
{
    for (; items && *items; items++) {
        put(out, apr_pstrcat(p, "  - ", T(p, *items), "\n", NULL));
    }
}

static void text_cert(apr_pool_t *p, parts_t *out, const mtls_lang_t *l,
                      const mtls_cert_t *c, apr_time_t now,
                      const char *problem)
{
    text_row(p, out, l->l_subject, c->subject);
    text_row(p, out, l->l_issuer, c->issuer);
    text_row(p, out, l->l_serial, c->serial);
    text_row(p, out, l->l_not_before, mtls_render_cert_date(
                 p, l, c->not_before, c->not_before_time, now));
    text_row(p, out, l->l_not_after, mtls_render_cert_date(
                 p, l, c->not_after, c->not_after_time, now));
    text_row(p, out, l->l_sha256, c->sha256);
    text_row(p, out, l->l_problem, problem);
}

const char *mtls_render_text(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len)
{
    const mtls_lang_t *l = page->lang;
    const mtls_peer_t *peer = page->peer;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 48, sizeof(const char *));
    const char *result;
    mtls_explain_t e;
    int i;

    mtls_render_explain(p, page, &e);
    put(out, apr_pstrcat(p, T(p, mtls_render_title_of(p, page, &e)), "\n\n",
                         T(p, l->h_what), "\n  ", T(p, e.what), "\n", NULL));
    if (e.todo_text[0]) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_todo), "\n", NULL));
        text_list(p, out, e.todo_text);
    }
    if (e.why) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_why), "\n  ", T(p, e.why),
                             "\n", NULL));
        text_list(p, out, e.why_list);
    }
    if (page->contact || page->help_url) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_help), "\n", NULL));
        text_row(p, out, l->l_contact, page->contact);
        text_row(p, out, l->l_help, page->help_url);
    }
    put(out, apr_pstrcat(p, "\n", T(p, l->h_accepted), "\n", NULL));
    for (i = 0; page->accepted && i < page->accepted->nelts; i++) {
        const char *dn = APR_ARRAY_IDX(page->accepted, i, const char *);

        put(out, apr_pstrcat(p, "  - ", T(p, mtls_render_dn_name(p, dn)),
                             " (", T(p, dn), ")\n", NULL));
    }
    if (peer->presented) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_cert), "\n", NULL));
        text_cert(p, out, l, &peer->leaf, page->now,
                  e.above ? NULL : e.problem);
        if (e.above) {
            put(out, apr_pstrcat(p, "\n",
                                 T(p, apr_psprintf(p, l->h_failing,
                                                   peer->depth)),
                                 "\n", NULL));
            text_cert(p, out, l, &peer->failing, page->now, e.problem);
        }
    }
    put(out, "\n");
    text_row(p, out, l->l_verdict, e.vt->name);
    if (d->mode >= MTLS_MODE_NONE && d->mode <= MTLS_MODE_REQUIRE) {
        text_row(p, out, l->l_policy, l->mode[d->mode]);
    }
    text_row(p, out, l->l_host, page->host);
    text_row(p, out, l->l_time, mtls_render_date(p, l, page->now));
    text_row(p, out, l->l_request_id, page->request_id);
    result = apr_array_pstrcat(p, out, '\0');
    *len = strlen(result);
    return result;
}
