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
 * bytes a client receives. It never reaches back into OpenSSL or mod_ssl;
 * every string that came from a certificate is escaped here, for the
 * context it lands in.
 */

#ifndef MTLS_RENDER_H
#define MTLS_RENDER_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>

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

/* The page's title line, e.g. "403.17 — Your client certificate has expired". */
const char *mtls_render_title(apr_pool_t *p, const mtls_page_t *page);

/* Escape for HTML text and attribute values; invalid UTF-8, control
 * characters and bidirectional overrides become U+FFFD, so nothing a
 * certificate says can change markup or reorder the text around it. */
const char *mtls_render_escape_html(apr_pool_t *p, const char *s);

/* Escape for the inside of a JSON string: ASCII out, with '<', '>', '&',
 * quotes, controls and line/paragraph separators as \u escapes; invalid
 * UTF-8 becomes \ufffd. */
const char *mtls_render_escape_json(apr_pool_t *p, const char *s);

/* Make a value safe for a terminal: like the HTML escape without the
 * entities. */
const char *mtls_render_escape_text(apr_pool_t *p, const char *s);

/* Make a value safe inside a double-quoted log field: '%', '"' and control
 * characters are percent-encoded. No backslashes are added, because the
 * error log escapes backslashes itself. */
const char *mtls_render_escape_log(apr_pool_t *p, const char *s);

#endif /* MTLS_RENDER_H */
