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
 * The CRLs in a PEM file, read as SSLCARevocationFile names it, for the
 * checks `apache2 -t` runs before mod_ssl has loaded anything.
 */

#ifndef MTLS_SSL_CRL_FILE_H
#define MTLS_SSL_CRL_FILE_H

#include <apr_pools.h>
#include <apr_tables.h>

/* The CRLs in the PEM file at path (mtls_crl_t), in file order; NULL when
 * the file cannot be read, which mod_ssl reports itself at startup. */
const apr_array_header_t *mtls_ssl_crl_file_read(apr_pool_t *p,
                                                 const char *path);

#endif /* MTLS_SSL_CRL_FILE_H */
