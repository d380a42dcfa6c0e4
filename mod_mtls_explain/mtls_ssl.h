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
 * The mod_ssl bridge: the only file that touches OpenSSL. It keeps failed
 * handshakes alive on armed virtual hosts, records what failed, and hands
 * the rest of the module a plain mtls_peer_t.
 */

#ifndef MTLS_SSL_H
#define MTLS_SSL_H

#include "httpd.h"

#include "mtls_certreq.h"
#include "mtls_ssl_hooks.h"
#include "mtls_verdict.h"

/* mod_ssl init_server: wrap the verify callback of an armed vhost's
 * SSL_CTX, and keep the names of the CAs it accepts client certificates
 * from. */
int mtls_ssl_init_server(server_rec *s, apr_pool_t *p, int is_proxy,
                         SSL_CTX *ctx);

/* mod_ssl pre_handshake: give every inbound TLS connection its record. */
int mtls_ssl_pre_handshake(conn_rec *c, SSL *ssl, int is_proxy);

/* process_connection, after mod_ssl's handshake: freeze the record. */
int mtls_ssl_process_connection(conn_rec *c);

/* Facts about the client's own certificate, computed into p only when a
 * page or a log line needs them and the record does not hold them (it
 * does for a certificate that failed). */
void mtls_ssl_leaf(conn_rec *c, apr_pool_t *p, mtls_cert_t *out);

/* The connection's record (the master's, on HTTP/2). Restores mod_ssl's
 * verify result to the truth, so SSL_CLIENT_VERIFY and Require read it. */
const mtls_peer_t *mtls_ssl_peer(conn_rec *c);

/* Did the client send a certificate that failed verification? Like
 * mtls_ssl_peer, restores mod_ssl's verify result to the truth. */
int mtls_ssl_unverified(conn_rec *c);

/* The Authorization header mod_ssl's FakeBasicAuth makes up from the
 * client's certificate, or NULL without one. */
const char *mtls_ssl_fake_basic_auth(conn_rec *c, apr_pool_t *p);

/* Has the verify callback recorded a failure so far (mid-handshake too)? */
int mtls_ssl_has_failure(conn_rec *c);

/* The virtual host whose SSL_CTX, and so whose trust, verified the
 * connection (the master's, on HTTP/2), or NULL before the handshake is
 * done or for a connection the module never saw. */
server_rec *mtls_ssl_verified_by(conn_rec *c);

/* The fields of the client's certificate for Require mtls-cert, or NULL
 * unless it verified. Taken once per connection (the master's, on
 * HTTP/2) and kept; p serves an HTTP/2 stream that finds none kept. */
const mtls_certreq_cert_t *mtls_ssl_cert_fields(conn_rec *c, apr_pool_t *p);

#endif /* MTLS_SSL_H */
