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

/* Revocation data that failed the site: the errors that mean it, the
 * rate-limited log line that names the CRL or the OCSP responder, and the
 * CRLs a host loaded. */

#include <apr_strings.h>

#include "httpd.h"
#include "http_log.h"

#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_escape.h"
#include "mtls_ratelimit.h"
#include "mtls_ssl_cert.h"
#include "mtls_ssl_revocation.h"

/* One line per cause per this many seconds per process: during an outage
 * every handshake fails the same way, and the first line says it all. */
#define MTLS_REVOCATION_LOG_EVERY 60

enum { CAUSE_CRL_TIME, CAUSE_CRL_MISSING, CAUSE_CRL_BAD, CAUSE_OCSP,
       CAUSE_COUNT };

/* A cause is counted per CA: a stale root CRL must not hide a stale
 * intermediate one. CAs are told apart by their name's hash in this many
 * slots; two that share a slot share a limit, which costs a line, not a
 * warning lost for good. */
#define MTLS_REVOCATION_CA_SLOTS 32

/* Per process: verify callbacks run in many threads. */
static mtls_ratelimit_t limits[CAUSE_COUNT][MTLS_REVOCATION_CA_SLOTS];

int mtls_ssl_revocation_crl_error(long err)
{
    switch (err) {
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_DIFFERENT_CRL_SCOPE:
    case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
        return 1;
    default:
        return 0;
    }
}

static int cause_of(long err, int ocsp)
{
    if (ocsp) {
        return CAUSE_OCSP;
    }
    switch (err) {
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
        return CAUSE_CRL_TIME;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
        return CAUSE_CRL_MISSING;
    default:
        return CAUSE_CRL_BAD;
    }
}

/* The limit of a cause for the CA that issued cert. */
static mtls_ratelimit_t *limit_of(int cause, X509 *cert)
{
    unsigned long slot = cert ? X509_issuer_name_hash(cert)
                                % MTLS_REVOCATION_CA_SLOTS
                              : 0;

    return &limits[cause][slot];
}

/* A CRL's date as ISO 8601, or "unknown". */
static const char *crl_time(apr_pool_t *p, const ASN1_TIME *t)
{
    apr_time_t when;
    const char *text = t ? mtls_ssl_time_text(p, t, &when) : NULL;

    return text ? text : "unknown";
}

static const char *issuer_of(apr_pool_t *p, X509 *cert)
{
    char *dn = cert ? X509_NAME_oneline(X509_get_issuer_name(cert), NULL, 0)
                    : NULL;
    const char *out = mtls_escape_log(p, dn);

    OPENSSL_free(dn);
    return out;
}

/* The responder the certificate names; SSLOCSPDefaultResponder, when it
 * overrides or the certificate names none, is in mod_ssl's own lines. */
static const char *responder_of(apr_pool_t *p, X509 *cert)
{
    STACK_OF(OPENSSL_STRING) *urls = cert ? X509_get1_ocsp(cert) : NULL;
    const char *out = "none in the certificate: SSLOCSPDefaultResponder";

    if (urls && sk_OPENSSL_STRING_num(urls) > 0) {
        out = mtls_escape_log(p, sk_OPENSSL_STRING_value(urls, 0));
    }
    X509_email_free(urls);
    return out;
}

void mtls_ssl_revocation_log(conn_rec *c, X509_STORE_CTX *ctx, long err,
                             int ocsp, int depth, X509 *cert)
{
    int cause = cause_of(err, ocsp);
    X509_CRL *crl = X509_STORE_CTX_get0_current_crl(ctx);
    apr_uint32_t skipped;
    const char *more;

    if (!APLOG_C_IS_LEVEL(c, APLOG_ERR)
        || !mtls_ratelimit_due(limit_of(cause, cert),
                               MTLS_REVOCATION_LOG_EVERY, &skipped)) {
        return;
    }
    more = skipped ? apr_psprintf(c->pool, " (%u more for this CA since the "
                                  "last such line from this process)", skipped) : "";
    switch (cause) {
    case CAUSE_CRL_TIME:
        ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, MTLS_LOGNO(0070)
                      "revocation could not be checked: the CRL of \"%s\" "
                      "is valid from %s until %s (%s), so valid client "
                      "certificates it covers get a 503 until a fresh CRL "
                      "is fetched into SSLCARevocationFile/Path and the "
                      "server reloaded (apachectl graceful); depth %d%s",
                      issuer_of(c->pool, cert),
                      crl_time(c->pool, crl ? X509_CRL_get0_lastUpdate(crl)
                                             : NULL),
                      crl_time(c->pool, crl ? X509_CRL_get0_nextUpdate(crl)
                                             : NULL),
                      X509_verify_cert_error_string(err), depth, more);
        break;
    case CAUSE_CRL_MISSING:
        ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, MTLS_LOGNO(0071)
                      "revocation could not be checked: no CRL of \"%s\" "
                      "is loaded, and SSLCARevocationCheck asks for one; "
                      "add it to SSLCARevocationFile/Path and reload "
                      "(apachectl graceful), or check only the leaf; "
                      "depth %d%s", issuer_of(c->pool, cert), depth, more);
        break;
    case CAUSE_CRL_BAD:
        ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, MTLS_LOGNO(0072)
                      "revocation could not be checked: the CRL of \"%s\" "
                      "cannot be used: %s (%ld); fetch it again from its "
                      "CA and reload (apachectl graceful); depth %d%s",
                      issuer_of(c->pool, cert),
                      X509_verify_cert_error_string(err), err, depth, more);
        break;
    default:
        ap_log_cerror(APLOG_MARK, APLOG_ERR, 0, c, MTLS_LOGNO(0073)
                      "revocation could not be checked: the OCSP responder "
                      "for certificates of \"%s\" (%s) gave no usable "
                      "answer: unreachable, timed out, an error or "
                      "'unknown', as mod_ssl's lines before this one say; "
                      "repair the responder or SSLOCSPDefaultResponder; "
                      "depth %d%s", issuer_of(c->pool, cert),
                      responder_of(c->pool, cert), depth, more);
        break;
    }
}

const apr_array_header_t *mtls_ssl_revocation_crls(apr_pool_t *p,
                                                   SSL_CTX *ctx)
{
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    STACK_OF(X509_OBJECT) *objs = store ? X509_STORE_get0_objects(store)
                                        : NULL;
    apr_array_header_t *crls = apr_array_make(p, 2, sizeof(mtls_crl_t));
    int i, n = objs ? sk_X509_OBJECT_num(objs) : 0;

    /* mod_ssl loads SSLCARevocationFile even where SSLCARevocationCheck
     * is none (its default), and then no CRL is ever used. */
    if (!store || !(X509_VERIFY_PARAM_get_flags(X509_STORE_get0_param(store))
                    & X509_V_FLAG_CRL_CHECK)) {
        return crls;
    }

    for (i = 0; i < n; i++) {
        X509_CRL *crl = X509_OBJECT_get0_X509_CRL(
                            sk_X509_OBJECT_value(objs, i));
        mtls_crl_t *out;

        if (!crl) {
            continue;
        }
        out = apr_array_push(crls);
        out->issuer = mtls_ssl_name_text(p, X509_CRL_get_issuer(crl));
        if (!mtls_ssl_time_text(p, X509_CRL_get0_nextUpdate(crl),
                                &out->next_update)) {
            out->next_update = 0;
        }
    }
    return crls;
}
