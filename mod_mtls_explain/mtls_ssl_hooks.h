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
 * mod_ssl's optional hooks init_server and pre_handshake. Their
 * declarations live in mod_ssl_openssl.h, which some distributions
 * (Debian among them) do not install; configure defines
 * MTLS_HAVE_MOD_SSL_OPENSSL_H when it is there. Registering an optional
 * hook needs only its name and signature, so declaring the same
 * signatures here binds to mod_ssl at run time without linking to it.
 */

#ifndef MTLS_SSL_HOOKS_H
#define MTLS_SSL_HOOKS_H

#ifdef MTLS_HAVE_MOD_SSL_OPENSSL_H
#include "mod_ssl_openssl.h"
#else
#include "mod_ssl.h"
#include <openssl/ssl.h>

APR_DECLARE_EXTERNAL_HOOK(ssl, SSL, int, init_server,
                          (server_rec *s, apr_pool_t *p, int is_proxy,
                           SSL_CTX *ctx))

APR_DECLARE_EXTERNAL_HOOK(ssl, SSL, int, pre_handshake,
                          (conn_rec *c, SSL *ssl, int is_proxy))
#endif

#endif /* MTLS_SSL_HOOKS_H */
