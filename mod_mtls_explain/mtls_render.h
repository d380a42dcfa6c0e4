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

/*
 * The renderer: turns a decision and the connection's plain record into the
 * bytes a client receives, one file per format (mtls_render_html.c,
 * mtls_render_json.c, mtls_render_text.c). It never reaches back into
 * OpenSSL or mod_ssl; every string that came from a certificate goes
 * through mtls_escape.h for the context it lands in.
 */

#ifndef MTLS_RENDER_H
#define MTLS_RENDER_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>

#include "mtls_browser.h"
#include "mtls_lang.h"
#include "mtls_template.h"
#include "mtls_verdict.h"

/* Everything an explanation shows, gathered by the request side. */
typedef struct {
    const mtls_decision_t *decision;
    const mtls_peer_t *peer;
    const mtls_lang_t *lang;
    const char *host;        /* the request's host name, hostile */
    const char *uri;         /* the request's path, hostile */
    const char *request_id;  /* UNIQUE_ID, or NULL */
    const apr_array_header_t *accepted; /* CA names (const char *), hostile */
    const char *contact;     /* MTLSExplainContact, or NULL */
    const char *contact_url; /* the contact as a link target, or NULL */
    const char *help_url;    /* MTLSExplainHelpURL, or NULL */
    const char *requirement; /* what an authorization refusal wanted:
                              * MTLSExplainRequirement or the unmet
                              * mtls-cert clause; NULL when unknown */
    mtls_browser_e browser;  /* the reader's, from User-Agent */
    apr_time_t now;
} mtls_page_t;

/* The built-in explanation page, UTF-8 HTML; *len receives its length. */
const char *mtls_render_html(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len);

/* An administrator's template filled in for this page. */
const char *mtls_render_template(apr_pool_t *p, const mtls_template_t *t,
                                 const mtls_page_t *page, apr_size_t *len);

/* An RFC 9457 problem document (application/problem+json). */
const char *mtls_render_json(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len);

/* The explanation as plain UTF-8 text, for terminals. */
const char *mtls_render_text(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len);

/* What to say, chosen once for every format (mtls_render.c); the format
 * files share it. */
typedef struct {
    const mtls_lang_verdict_t *vt;
    int chain;                 /* the page is about a CA above the leaf */
    int above;                 /* the failing certificate is above the leaf */
    const char *heading;       /* the title without the sub-status */
    const char *what;
    const char *why;           /* a sentence, or the intro to why_none */
    const char *why_html;      /* the same, escaped and with lang marks */
    const char *const *why_list;
    const char *const *todo;
    const char *const *todo_text; /* todo, for a terminal */
    const char *problem;       /* OpenSSL's reason and number, or NULL */
    const char *problem_html;  /* the same, escaped and with lang marks */
    const char *browser_advice; /* how to choose another certificate in
                                 * the reader's browser, or NULL */
} mtls_explain_t;

/* Choose the sentences for this page. */
void mtls_render_explain(apr_pool_t *p, const mtls_page_t *page,
                         mtls_explain_t *e);

/* The page's title line, e.g. "Your client certificate has expired
 * (403.17)". */
const char *mtls_render_title(apr_pool_t *p, const mtls_page_t *page);

/* The same from an explanation the caller has already chosen. */
const char *mtls_render_title_of(apr_pool_t *p, const mtls_page_t *page,
                                 const mtls_explain_t *e);

/* "5 years ago", "in 3 days", in the page's language. */
const char *mtls_render_relative(apr_pool_t *p, const mtls_lang_t *l,
                                 apr_time_t when, apr_time_t now);

/* A date in the reader's language: "1 January 2021, 00:00 UTC". */
const char *mtls_render_date(apr_pool_t *p, const mtls_lang_t *l,
                             apr_time_t when);

/* A certificate's date in the reader's language with how long ago it was,
 * or the certificate's own text when its time is unknown. */
const char *mtls_render_cert_date(apr_pool_t *p, const mtls_lang_t *l,
                                  const char *raw, apr_time_t when,
                                  apr_time_t now);

/* The name a person knows an authority by: the CN of a distinguished
 * name in RFC 2253 form, else its OU or O, else the whole name. */
const char *mtls_render_dn_name(apr_pool_t *p, const char *dn);

/* text followed by the relative date in parentheses, when there is one. */
const char *mtls_render_dated(apr_pool_t *p, const mtls_lang_t *l,
                              const char *text, apr_time_t when,
                              apr_time_t now);

#endif /* MTLS_RENDER_H */
