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
 * The CRLs' own expiry: every CRL an armed host loaded is checked against
 * MTLSExplainCRLWarnWindow at startup and, through mod_watchdog, while the
 * server runs, so the administrator hears of a CRL going stale before its
 * nextUpdate turns every handshake into a 503.
 */

#ifndef MTLS_CRL_WATCH_H
#define MTLS_CRL_WATCH_H

#include <apr_tables.h>

#include "httpd.h"
#include "http_config.h"

/* MTLSExplainCRLWarnWindow when not said: 2 days, a weekend's notice. */
#define MTLS_CRL_WATCH_DEFAULT_WINDOW apr_time_from_sec(2 * 86400)

/* Does a host's list of CRLs (mtls_crl_t) hold a later one of the same
 * CA than the i-th? OpenSSL prefers a current CRL, so an old one left
 * beside it in the file is neither an outage nor a CRL to report. */
int mtls_crl_watch_superseded(const apr_array_header_t *crls, int i);

/* MTLSExplainCRLWarnWindow duration|off, per virtual host. */
const char *mtls_crl_watch_cmd_window(cmd_parms *cmd, void *dconf,
                                      const char *arg);

/* post_config, after mod_ssl has loaded the CRLs: log the CRLs due or
 * stale, and hand the rest of the watch to mod_watchdog. */
int mtls_crl_watch_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s);

/* test_config: apache2 -t stops before mod_ssl loads anything, so the
 * same check reads the SSLCARevocationFile of each armed host itself. */
void mtls_crl_watch_test_config(apr_pool_t *pconf, server_rec *s);

#endif /* MTLS_CRL_WATCH_H */
