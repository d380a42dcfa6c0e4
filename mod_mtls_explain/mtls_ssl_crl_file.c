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
 * The CRLs in a PEM file as plain records, for the checks `apache2 -t`
 * runs before mod_ssl has loaded anything.
 */

#include <apr_tables.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "mtls_conf.h"
#include "mtls_ssl_cert.h"
#include "mtls_ssl_crl_file.h"

const apr_array_header_t *mtls_ssl_crl_file_read(apr_pool_t *p,
                                                 const char *path)
{
    BIO *in = BIO_new_file(path, "r");
    apr_array_header_t *crls;
    X509_CRL *crl;

    if (!in) {
        ERR_clear_error();
        return NULL;
    }
    crls = apr_array_make(p, 2, sizeof(mtls_crl_t));
    /* Certificates may share the file, as mod_ssl allows: skipped. */
    while ((crl = PEM_read_bio_X509_CRL(in, NULL, NULL, NULL))) {
        mtls_crl_t *out = apr_array_push(crls);

        out->issuer = mtls_ssl_name_text(p, X509_CRL_get_issuer(crl));
        if (!mtls_ssl_time_text(p, X509_CRL_get0_nextUpdate(crl),
                                &out->next_update)) {
            out->next_update = 0;
        }
        X509_CRL_free(crl);
    }
    /* The end of the file reads as an error. */
    ERR_clear_error();
    BIO_free(in);
    return crls;
}
