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
 * The startup checks over the configuration tree, run by check_config so
 * that `apache2 -t` reports them.
 */

#ifndef MTLS_CHECK_H
#define MTLS_CHECK_H

#include "httpd.h"
#include "http_config.h"

/* check_config: refuse armed virtual hosts mod_ssl would not keep alive
 * or would make verify again per directory; warn about idle policies. */
int mtls_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                      server_rec *s);

/* The <VirtualHost> section that defined server s; NULL for the main
 * server. */
const ap_directive_t *mtls_check_vhost_node(const server_rec *s);

/* The directive `name` as it applies to a host: said in its <VirtualHost>
 * section (node, may be NULL), else in the main server's. */
const ap_directive_t *mtls_check_effective(const ap_directive_t *node,
                                           const char *name);

/* The configuration text that decides how a client certificate verifies
 * on host s, one directive a line, as the host applies it. */
const char *mtls_check_trust_text(apr_pool_t *p, const server_rec *s);

#endif /* MTLS_CHECK_H */
