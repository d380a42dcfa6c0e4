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
 * The site's own revocation data failing: which verify errors mean that a
 * CRL or OCSP answer could not be used, and the error-log line that tells
 * the administrator, rate-limited so an outage does not flood the log;
 * and the CRLs a host loaded, for the metrics.
 */

#ifndef MTLS_SSL_REVOCATION_H
#define MTLS_SSL_REVOCATION_H

#include "httpd.h"

#include <apr_tables.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

/* Is err a failure of a CRL the site loaded (stale, missing, unreadable)
 * rather than of the certificate? */
int mtls_ssl_revocation_crl_error(long err);

/* Tell the administrator that revocation could not be checked for cert at
 * depth: err is a CRL error, or ocsp is set when mod_ssl's OCSP check
 * reached no answer. At most one line per cause a minute per process. */
void mtls_ssl_revocation_log(conn_rec *c, X509_STORE_CTX *ctx, long err,
                             int ocsp, int depth, X509 *cert);

/* The CRLs in ctx's store (mtls_crl_t): those SSLCARevocationFile
 * loaded, where SSLCARevocationCheck uses them; a SSLCARevocationPath
 * directory is read only on demand. */
const apr_array_header_t *mtls_ssl_revocation_crls(apr_pool_t *p,
                                                   SSL_CTX *ctx);

#endif /* MTLS_SSL_REVOCATION_H */
