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
 * A certificate's facts as plain, bounded text: what the bridge puts in
 * the record so that nothing after it needs OpenSSL.
 */

#ifndef MTLS_SSL_CERT_H
#define MTLS_SSL_CERT_H

#include <apr_pools.h>

#include <openssl/x509.h>

#include "mtls_verdict.h"

/* A distinguished name in RFC 2253 form, cut past a bound; "" when it
 * cannot be printed. */
const char *mtls_ssl_name_text(apr_pool_t *p, const X509_NAME *name);

/* A time as ISO 8601 UTC, and in *when (0 when unknown); NULL when it
 * cannot be read. */
const char *mtls_ssl_time_text(apr_pool_t *p, const ASN1_TIME *t,
                               apr_time_t *when);

/* Everything a page shows about x. */
void mtls_ssl_cert_facts(apr_pool_t *p, X509 *x, mtls_cert_t *out);

#endif /* MTLS_SSL_CERT_H */
