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
 * A host's client-certificate trust as one digest (see mtls_ssl_trust.c).
 */

#ifndef MTLS_SSL_TRUST_H
#define MTLS_SSL_TRUST_H

#include "httpd.h"

#include "mtls_ssl_hooks.h"

/* mod_ssl init_server, for every inbound SSL_CTX: the host's trust digest
 * into its server record. 0 when OpenSSL cannot digest. */
int mtls_ssl_trust_init(server_rec *s, apr_pool_t *p, SSL_CTX *ctx);

#endif /* MTLS_SSL_TRUST_H */
