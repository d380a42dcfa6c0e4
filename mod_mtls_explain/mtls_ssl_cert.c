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

/* A certificate's facts as plain text for the record: names, dates,
 * serial and fingerprint, each bounded. */

#include <string.h>

#include <apr_strings.h>
#include <apr_time.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "mtls_ssl_cert.h"

/* Certificate names longer than this are cut: a hostile subject must not
 * cost unbounded memory per connection. */
#define MTLS_NAME_MAX 1024

/* RFC 5280 serials fit in 20 octets, 40 hex digits; a longer one is shown
 * cut, like a long name. */
#define MTLS_SERIAL_MAX 64

const char *mtls_ssl_name_text(apr_pool_t *p, const X509_NAME *name)
{
    BIO *bio = BIO_new(BIO_s_mem());
    const char *text = "";
    char *data;
    long len;

    if (!bio) {
        return text;
    }
    /* RFC 2253 with control characters escaped, UTF-8 kept readable. */
    if (X509_NAME_print_ex(bio, name, 0,
                           XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
        len = BIO_get_mem_data(bio, &data);
        if (len > MTLS_NAME_MAX) {
            text = apr_pstrcat(p, apr_pstrmemdup(p, data, MTLS_NAME_MAX),
                               "...", NULL);
        }
        else if (len > 0) {
            text = apr_pstrmemdup(p, data, len);
        }
    }
    BIO_free(bio);
    return text;
}

const char *mtls_ssl_time_text(apr_pool_t *p, const ASN1_TIME *t,
                             apr_time_t *when)
{
    struct tm tm;
    apr_time_exp_t exp;

    *when = 0;
    if (!t || !ASN1_TIME_to_tm(t, &tm)) {
        return NULL;
    }
    memset(&exp, 0, sizeof(exp));
    exp.tm_year = tm.tm_year;
    exp.tm_mon = tm.tm_mon;
    exp.tm_mday = tm.tm_mday;
    exp.tm_hour = tm.tm_hour;
    exp.tm_min = tm.tm_min;
    exp.tm_sec = tm.tm_sec;
    if (apr_time_exp_gmt_get(when, &exp) != APR_SUCCESS) {
        *when = 0;
    }
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                        tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *serial_text(apr_pool_t *p, X509 *x)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
    char *hex = bn ? BN_bn2hex(bn) : NULL;
    const char *text = NULL;

    if (hex && strlen(hex) > MTLS_SERIAL_MAX) {
        text = apr_pstrcat(p, apr_pstrmemdup(p, hex, MTLS_SERIAL_MAX), "...",
                           NULL);
    }
    else if (hex) {
        text = apr_pstrdup(p, hex);
    }

    OPENSSL_free(hex);
    BN_free(bn);
    return text;
}

static const char *sha256_text(apr_pool_t *p, X509 *x)
{
    static const char hexdigits[] = "0123456789ABCDEF";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    char *out;

    if (!X509_digest(x, EVP_sha256(), md, &n) || n == 0) {
        return NULL;
    }
    out = apr_palloc(p, n * 3);
    for (i = 0; i < n; i++) {
        out[i * 3] = hexdigits[md[i] >> 4];
        out[i * 3 + 1] = hexdigits[md[i] & 0x0F];
        out[i * 3 + 2] = (i + 1 < n) ? ':' : '\0';
    }
    return out;
}

void mtls_ssl_cert_facts(apr_pool_t *p, X509 *x, mtls_cert_t *out)
{
    out->subject = mtls_ssl_name_text(p, X509_get_subject_name(x));
    out->issuer = mtls_ssl_name_text(p, X509_get_issuer_name(x));
    out->serial = serial_text(p, x);
    out->not_before = mtls_ssl_time_text(p, X509_get0_notBefore(x),
                                &out->not_before_time);
    out->not_after = mtls_ssl_time_text(p, X509_get0_notAfter(x),
                               &out->not_after_time);
    out->sha256 = sha256_text(p, x);
}
