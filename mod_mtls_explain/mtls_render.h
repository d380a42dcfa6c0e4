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
#include <apr_time.h>

#include "mtls_verdict.h"

/* Everything a page shows, gathered by the request side. */
typedef struct {
    const mtls_decision_t *decision;
    const mtls_peer_t *peer;
    const char *host;        /* the request's host name, hostile */
    const char *request_id;  /* UNIQUE_ID, or NULL */
    apr_time_t now;
} mtls_page_t;

/* The built-in explanation page, UTF-8 HTML; *len receives its length. */
const char *mtls_render_html(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len);

/* The page's title line, e.g. "403.17 — Your client certificate has expired". */
const char *mtls_render_title(apr_pool_t *p, const mtls_page_t *page);

/* Escape for HTML text and attribute values; invalid UTF-8, control
 * characters and bidirectional embedding, override and isolate controls
 * become U+FFFD so nothing a certificate says can change markup or the
 * order in which the page reads. */
const char *mtls_render_escape_html(apr_pool_t *p, const char *s);

/* Make a value safe inside a double-quoted log field: '%', '"' and control
 * characters are percent-encoded. No backslashes are added, because the
 * error log escapes backslashes itself (and bytes past ASCII, as \xNN). */
const char *mtls_render_escape_log(apr_pool_t *p, const char *s);

#endif /* MTLS_RENDER_H */
