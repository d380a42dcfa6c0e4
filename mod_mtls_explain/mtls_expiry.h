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
 * Expiry early warning: the variables for a verified certificate's
 * remaining lifetime, the once-a-day warning per certificate shared by
 * all processes, and the list of certificates seen that expire soonest.
 */

#ifndef MTLS_EXPIRY_H
#define MTLS_EXPIRY_H

#include "httpd.h"

/* MTLSExplainWarnWindow when not said: 30 days. */
#define MTLS_EXPIRY_DEFAULT_WINDOW apr_time_from_sec(30 * 86400)

/* How many certificates the shared table follows between restarts. */
#define MTLS_EXPIRY_SLOTS 1024

/* A certificate seen inside its warning window, as the status page lists
 * it; subject raw and hostile. */
typedef struct {
    const char *sha256;
    const char *subject;
    apr_time_t not_after;
    apr_time_t last_seen;
} mtls_expiry_seen_t;

/* "30d", "12h", "90m", "3600s", "3600" (seconds) or "off" (0). Returns an
 * error text, or NULL. */
const char *mtls_expiry_parse_window(apr_pool_t *p, const char *arg,
                                     apr_interval_time_t *out);

/* post_config: a fresh shared table on every restart. */
int mtls_expiry_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp, server_rec *s);

/* fixups: set the variables, and warn about a certificate inside its
 * window. */
int mtls_expiry_fixups(request_rec *r);

/* Up to max certificates seen inside their window, soonest first; returns
 * how many. */
int mtls_expiry_soonest(apr_pool_t *p, mtls_expiry_seen_t *out, int max);

#endif /* MTLS_EXPIRY_H */
