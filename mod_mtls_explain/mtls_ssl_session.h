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
 * Session resumption on armed hosts: only sessions the host verified itself
 * resume there (see mtls_ssl_session.c).
 */

#ifndef MTLS_SSL_SESSION_H
#define MTLS_SSL_SESSION_H

#include "httpd.h"

#include "mtls_ssl_hooks.h"

/* mod_ssl init_server, for every inbound SSL_CTX, armed or not: remember
 * the host it serves and watch its sessions. 0 when OpenSSL refuses. */
int mtls_ssl_session_init(server_rec *s, SSL_CTX *ctx);

/* The host whose SSL_CTX a connection uses now (after SNI), or NULL. */
server_rec *mtls_ssl_session_host(const SSL *ssl);

#endif /* MTLS_SSL_SESSION_H */
