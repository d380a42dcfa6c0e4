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
 * The escapers: every string that came from a certificate or a request is
 * made safe here, once per context it lands in (HTML, JSON, a terminal,
 * the error log).
 */

#ifndef MTLS_ESCAPE_H
#define MTLS_ESCAPE_H

#include <apr_pools.h>

/* Escape for HTML text and attribute values; invalid UTF-8, control
 * characters and bidirectional overrides become U+FFFD, so nothing a
 * certificate says can change markup or reorder the text around it. */
const char *mtls_escape_html(apr_pool_t *p, const char *s);

/* Escape for the inside of a JSON string: ASCII out, with '<', '>', '&',
 * quotes, controls and line/paragraph separators as \u escapes; invalid
 * UTF-8 becomes \ufffd. */
const char *mtls_escape_json(apr_pool_t *p, const char *s);

/* Make a value safe for a terminal: like the HTML escape without the
 * entities. */
const char *mtls_escape_text(apr_pool_t *p, const char *s);

/* Make a value safe inside a double-quoted log field: '%', '"' and control
 * characters are percent-encoded. No backslashes are added, because the
 * error log escapes backslashes itself. */
const char *mtls_escape_log(apr_pool_t *p, const char *s);

#endif /* MTLS_ESCAPE_H */
