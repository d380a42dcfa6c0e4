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
 * The mod_ssl bridge's extraction of a verified client certificate's
 * fields into the plain record `Require mtls-cert` matches against.
 */

#ifndef MTLS_SSL_FIELDS_H
#define MTLS_SSL_FIELDS_H

#include <apr_pools.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "mtls_certreq.h"

/* The fields of x as OpenSSL parsed them, bounded as mtls_certreq.h says,
 * allocated from p. */
mtls_certreq_cert_t *mtls_ssl_fields_extract(apr_pool_t *p, X509 *x);

/* The fields of the client certificate of ssl, or NULL without one. */
mtls_certreq_cert_t *mtls_ssl_fields_read(apr_pool_t *p, SSL *ssl);

/* Should the fields be taken right after the handshake? Yes for HTTP/2,
 * whose streams run in other threads, when Require mtls-cert is used. */
int mtls_ssl_fields_early(SSL *ssl);

#endif /* MTLS_SSL_FIELDS_H */
