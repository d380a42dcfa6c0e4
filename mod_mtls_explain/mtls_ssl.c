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

/* The mod_ssl bridge: the wrapped verify callback, the failure it
 * records and the plain record it hands on. */

#include <apr_strings.h>

#include "httpd.h"
#include "http_connection.h"
#include "http_protocol.h"
#include "http_ssl.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "mtls_private.h"
#include "mtls_check.h"
#include "mtls_conf.h"
#include "mtls_escape.h"
#include "mtls_metrics.h"
#include "mtls_ssl.h"
#include "mtls_ssl_cert.h"
#include "mtls_ssl_fields.h"
#include "mtls_ssl_revocation.h"
#include "mtls_ssl_session.h"
#include "mtls_ssl_trust.h"

/* A failed session gets a session id context no virtual host uses, so
 * OpenSSL refuses to resume it and the next connection verifies afresh. */
static const unsigned char failed_sid_ctx[] = "mtls_explain:failed";

typedef struct {
    SSL *ssl;
    int frozen;             /* snapshot taken after the handshake */
    int deciding_rank;      /* RANK_* of the deciding failure */
    int saw_issuer_error;
    int substituted_depth;  /* where we last replaced a refusal, or -1 */
    long truth;             /* verify result mod_ssl should report */
    server_rec *verified_by;    /* the host whose SSL_CTX did the handshake */
    mtls_peer_t peer;
    const mtls_certreq_cert_t *fields;  /* for Require mtls-cert, once */
} mtls_ssl_conn_t;

/* mod_ssl's ssl_callback_SSLVerify, the same function for every vhost. */
static SSL_verify_cb mod_ssl_verify;

static const mtls_peer_t no_tls_peer;

static mtls_ssl_conn_t *conn_record(conn_rec *c)
{
    return ap_get_module_config(c->conn_config, &mtls_explain_module);
}

/* mod_ssl's own list of errors that optional_no_ca accepts. */
static int is_issuer_error(long err)
{
    return err == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        || err == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
        || err == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        || err == X509_V_ERR_CERT_UNTRUSTED
        || err == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

static mtls_fail_e classify(long err)
{
    switch (err) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return MTLS_FAIL_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return MTLS_FAIL_NOT_YET_VALID;
    case X509_V_ERR_CERT_REVOKED:
        return MTLS_FAIL_REVOKED;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        return MTLS_FAIL_UNTRUSTED;
    /* mod_ssl checks the SSL client purpose: an extended key usage
     * without clientAuth, or a key usage without digitalSignature. */
    case X509_V_ERR_INVALID_PURPOSE:
        return MTLS_FAIL_WRONG_PURPOSE;
    default:
        if (mtls_ssl_revocation_crl_error(err)) {
            return MTLS_FAIL_REVOCATION_UNKNOWN;
        }
        return is_issuer_error(err) ? MTLS_FAIL_UNTRUSTED : MTLS_FAIL_INVALID;
    }
}

/* The client's certificate, with a reference the caller frees. */
static X509 *peer_certificate(SSL *ssl)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    return SSL_get1_peer_certificate(ssl);
#else
    return SSL_get_peer_certificate(ssl);
#endif
}

/* How well a failure explains a connection, least first: a later failure
 * of a higher rank replaces the deciding one, of the same or a lower rank
 * it does not. */
enum {
    RANK_ISSUER,        /* an issuer error, tolerated under optional_no_ca */
    RANK_REVOCATION,    /* the site's own revocation data failed */
    RANK_LIMIT,         /* the site's SSLVerifyDepth refused the chain */
    RANK_CERTIFICATE    /* the certificate's own failure */
};

/*
 * Keep the failure that explains the connection best: the first one seen,
 * unless a later one ranks higher. A self-signed certificate that has also
 * expired is refused for the expiry even under optional_no_ca. OpenSSL
 * checks CRLs before validity dates, and mod_ssl the depth at the top of
 * the chain before the certificates below it are checked: a revoked or
 * expired certificate must be told so, not to come back later, nor to ask
 * the site to raise its limit; and a chain too long is refused whether or
 * not the CRLs could be used, so it is not to be told to come back later
 * either. The CRL errors that necessarily follow an unknown issuer when
 * CRL checking is on are part of the issuer error. ocsp: mod_ssl's OCSP
 * check reached no answer. Only failures of the site's revocation data
 * keep the record's site_only, which MTLSExplainRevocationUnknown allow
 * needs: the depth limit is the site's too, but never let through.
 */
static void record_failure(conn_rec *c, mtls_ssl_conn_t *rec,
                           SSL *mark_session, long err, int ocsp, int depth,
                           X509 *cert)
{
    int soft = is_issuer_error(err)
               || (mtls_ssl_revocation_crl_error(err)
                   && rec->saw_issuer_error);
    mtls_fail_e failure = ocsp ? MTLS_FAIL_REVOCATION_UNKNOWN : classify(err);
    int rank = soft ? RANK_ISSUER
               : failure == MTLS_FAIL_REVOCATION_UNKNOWN ? RANK_REVOCATION
               : err == X509_V_ERR_CERT_CHAIN_TOO_LONG ? RANK_LIMIT
               : RANK_CERTIFICATE;
    int first = (rec->peer.failure == MTLS_FAIL_NONE);
    SSL_SESSION *session = NULL;

    if (is_issuer_error(err)) {
        rec->saw_issuer_error = 1;
    }
    if (first) {
        rec->peer.issuer_only = soft;
        rec->peer.site_only = (rank == RANK_REVOCATION);
        session = mark_session ? SSL_get_session(mark_session) : NULL;
        if (session) {
            SSL_SESSION_set1_id_context(session, failed_sid_ctx,
                                        sizeof(failed_sid_ctx) - 1);
        }
    }
    else if (!soft) {
        rec->peer.issuer_only = 0;
    }
    if (rank != RANK_REVOCATION) {
        rec->peer.site_only = 0;
    }
    if (first || rank > rec->deciding_rank) {
        rec->deciding_rank = rank;
        rec->truth = err;
        rec->peer.failure = soft ? classify(err) : failure;
        rec->peer.errnum = (int)err;
        rec->peer.reason = X509_verify_cert_error_string(err);
        rec->peer.depth = depth;
        rec->peer.chain_depth = 0;
        rec->peer.depth_limit = 0;
        memset(&rec->peer.failing, 0, sizeof(rec->peer.failing));
        if (cert) {
            mtls_ssl_cert_facts(c->pool, cert, &rec->peer.failing);
        }
    }
    if (APLOGcdebug(c)) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, c, MTLS_LOGNO(0020)
                      "client certificate verification failed at depth %d: "
                      "%s (%ld), subject \"%s\"%s", depth,
                      X509_verify_cert_error_string(err), err,
                      mtls_escape_log(c->pool, cert ? mtls_ssl_name_text(
                          c->pool, X509_get_subject_name(cert)) : NULL),
                      first && session ? "; session will not be resumed"
                                        : "");
    }
}

/* A chain longer than the host's SSLVerifyDepth: how many CAs it has above
 * the leaf, and the limit, so that the page can say the limit is the
 * site's. Unknown (both 0) if the host cannot be found. */
static void note_chain_too_long(mtls_ssl_conn_t *rec, SSL *ssl,
                                X509_STORE_CTX *ctx, int depth)
{
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    server_rec *s = mtls_ssl_session_host(ssl);
    int above = chain ? sk_X509_num(chain) - 1 : 0;

    if (s) {
        rec->peer.chain_depth = above > depth ? above : depth;
        rec->peer.depth_limit = mtls_conf_srv(s)->verify_depth;
    }
}

/* mod_ssl refused what OpenSSL let pass (err X509_V_OK), or an issuer
 * error err it normally tolerates: OCSP says why in the context (revoked,
 * or an application error when it got no answer), SSLVerifyDepth says
 * nothing. Either way it is not an issuer error. Nor is it the
 * responder's fault when the issuer was not verified higher up the chain:
 * mod_ssl then refuses to ask at all. */
static void record_refusal(conn_rec *c, mtls_ssl_conn_t *rec, SSL *ssl,
                           X509_STORE_CTX *ctx, long err, int depth,
                           X509 *cert)
{
    long later = X509_STORE_CTX_get_error(ctx);
    int ocsp;

    later = (later != X509_V_OK && later != -1 && later != err)
            ? later : X509_V_ERR_CERT_CHAIN_TOO_LONG;
    ocsp = err == X509_V_OK && later == X509_V_ERR_APPLICATION_VERIFICATION
           && !rec->saw_issuer_error;
    record_failure(c, rec, ssl, later, ocsp, depth, cert);
    if (ocsp) {
        mtls_ssl_revocation_log(c, ctx, later, 1, depth, cert);
    }
    else if (later == X509_V_ERR_CERT_CHAIN_TOO_LONG
             && rec->peer.errnum == X509_V_ERR_CERT_CHAIN_TOO_LONG) {
        note_chain_too_long(rec, ssl, ctx, depth);
    }
}

/*
 * Installed on armed vhosts' SSL_CTX in place of mod_ssl's callback.
 * mod_ssl still decides (CA, CRL, OCSP, SSLVerifyDepth) and records its own
 * verify_error; where it refuses, we note why and report one of the errors
 * mod_ssl tolerates under optional_no_ca, so that the handshake and
 * mod_ssl's post-handshake check let the connection live.
 */
static int mtls_ssl_verify(int ok, X509_STORE_CTX *ctx)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(ctx,
                   SSL_get_ex_data_X509_STORE_CTX_idx());
    conn_rec *c = ssl ? SSL_get_app_data(ssl) : NULL;
    mtls_ssl_conn_t *rec = c ? conn_record(c) : NULL;
    long err = X509_STORE_CTX_get_error(ctx);
    int depth = X509_STORE_CTX_get_error_depth(ctx);
    X509 *cert = X509_STORE_CTX_get_current_cert(ctx);
    int rc;

    /* Once we have substituted an error, OpenSSL keeps it set while it
     * calls again for that certificate and those below it. That is not
     * news, and mod_ssl must not hear it: it would take it for an issuer
     * error it tolerates and mark the connection GENEROUS, which
     * SSL_CLIENT_VERIFY would then report, once its verify result is
     * reset, for a certificate that failed. */
    if (rec && rec->substituted_depth >= 0
        && err == X509_V_ERR_CERT_UNTRUSTED
        && (ok || depth == rec->substituted_depth)) {
        /* Yet while the failure so far is only the site's (a stale CRL),
         * mod_ssl's own checks of this certificate must run: OCSP and
         * SSLVerifyDepth come in this passing call, which OpenSSL makes
         * after its CRL check. A certificate the responder knows to be
         * revoked, or a chain too long, is not the site's fault. */
        if (ok && rec->deciding_rank == RANK_REVOCATION) {
            X509_STORE_CTX_set_error(ctx, X509_V_OK);
            if (!mod_ssl_verify(1, ctx)) {
                record_refusal(c, rec, ssl, ctx, X509_V_OK, depth, cert);
            }
            X509_STORE_CTX_set_error(ctx, X509_V_ERR_CERT_UNTRUSTED);
        }
        return 1;
    }
    rc = mod_ssl_verify(ok, ctx);
    if (!rec) {
        return rc;
    }
    /* What mod_ssl accepted (issuer errors under optional_no_ca, a missing
     * CRL with no_crl_for_cert_ok) counts only if it is an issuer error. */
    if (!ok && (!rc || is_issuer_error(err))) {
        record_failure(c, rec, ssl, err, 0, depth, cert);
        if (!rec->saw_issuer_error && mtls_ssl_revocation_crl_error(err)) {
            mtls_ssl_revocation_log(c, ctx, err, 0, depth, cert);
        }
    }
    if (!rc && (ok || is_issuer_error(err))) {
        record_refusal(c, rec, ssl, ctx, ok ? X509_V_OK : err, depth, cert);
    }
    if (!rc) {
        X509_STORE_CTX_set_error(ctx, X509_V_ERR_CERT_UNTRUSTED);
        rec->substituted_depth = depth;
        rc = 1;
    }
    return rc;
}

/* mod_ssl's SSLVerifyDepth for a host, read as mod_ssl reads it (a
 * number; 1 when not said). mtls_check.c refuses it per directory on an
 * armed host, so the host's own is the one mod_ssl applies. */
static int verify_depth_of(apr_pool_t *p, const server_rec *s)
{
    const ap_directive_t *d = mtls_check_effective(mtls_check_vhost_node(s),
                                                   "SSLVerifyDepth");
    const char *args = d ? d->args : NULL;

    /* The directive's raw text: "1" in quotes is mod_ssl's 1 too. */
    return args ? atoi(ap_getword_conf(p, &args)) : 1;
}

/* At most this many names are listed: a page, not a trust store dump. */
#define MTLS_ACCEPTED_MAX 50

/* The list the server sends in its CertificateRequest: the one a browser
 * filters its certificates by. Read once per virtual host, as printing
 * names costs more than the rest of a refusal. */
static const apr_array_header_t *accepted_cas(apr_pool_t *p, SSL_CTX *ctx)
{
    const STACK_OF(X509_NAME) *cas = SSL_CTX_get_client_CA_list(ctx);
    apr_array_header_t *names = apr_array_make(p, 4, sizeof(const char *));
    int i, n = cas ? sk_X509_NAME_num(cas) : 0;

    for (i = 0; i < n && i < MTLS_ACCEPTED_MAX; i++) {
        APR_ARRAY_PUSH(names, const char *) =
            mtls_ssl_name_text(p, sk_X509_NAME_value(cas, i));
    }
    return names;
}

int mtls_ssl_init_server(server_rec *s, apr_pool_t *p, int is_proxy,
                         SSL_CTX *ctx)
{
    int mode = SSL_CTX_get_verify_mode(ctx);
    SSL_verify_cb cb = SSL_CTX_get_verify_callback(ctx);
    mtls_conf_srv_t *conf;

    if (is_proxy) {
        return OK;
    }
    if (!mtls_ssl_trust_init(s, p, ctx) || !mtls_ssl_session_init(s, ctx)) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, MTLS_LOGNO(0006)
                     "OpenSSL refused to digest the client-certificate "
                     "trust of %s (%s:%u), or to take the session callbacks",
                     s->server_hostname ? s->server_hostname : "?",
                     s->defn_name ? s->defn_name : "?", s->defn_line_number);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (!mtls_conf_armed(s)) {
        return OK;
    }
    /* check_config has verified the configuration text; this verifies what
     * mod_ssl actually built from it. */
    if (!(mode & SSL_VERIFY_PEER) || (mode & SSL_VERIFY_FAIL_IF_NO_PEER_CERT)
        || !cb || (mod_ssl_verify && cb != mod_ssl_verify
                   && cb != mtls_ssl_verify)) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, MTLS_LOGNO(0003)
                     "MTLSExplain On for %s (%s:%u): mod_ssl's client "
                     "verification is not in the state 'SSLVerifyClient "
                     "optional_no_ca' leaves it in (verify mode %d), so "
                     "another module may have changed it; refusing to arm",
                     s->server_hostname ? s->server_hostname : "?",
                     s->defn_name ? s->defn_name : "?", s->defn_line_number,
                     mode);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (cb != mtls_ssl_verify) {
        mod_ssl_verify = cb;
        SSL_CTX_set_verify(ctx, mode, mtls_ssl_verify);
    }
    conf = ap_get_module_config(s->module_config, &mtls_explain_module);
    conf->accepted_cas = accepted_cas(p, ctx);
    conf->crls = mtls_ssl_revocation_crls(p, ctx);
    conf->verify_depth = verify_depth_of(p, s);
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s, MTLS_LOGNO(0004)
                 "armed: client certificate failures on %s (%s:%u) are "
                 "answered over HTTP",
                 s->server_hostname ? s->server_hostname : "?",
                 s->defn_name ? s->defn_name : "?", s->defn_line_number);
    return OK;
}

int mtls_ssl_pre_handshake(conn_rec *c, SSL *ssl, int is_proxy)
{
    mtls_ssl_conn_t *rec;

    if (is_proxy) {
        return DECLINED;
    }
    rec = apr_pcalloc(c->pool, sizeof(*rec));
    rec->ssl = ssl;
    rec->substituted_depth = -1;
    ap_set_module_config(c->conn_config, &mtls_explain_module, rec);
    return DECLINED;
}

/*
 * Everything later decisions need, from what the handshake left: cheap, so
 * it is done for every connection, once, in the connection's own thread.
 * A connection that did not go through an armed vhost is only read, never
 * changed: there mod_ssl's behaviour stays stock.
 */
static void freeze(conn_rec *c, mtls_ssl_conn_t *rec)
{
    X509 *peer = peer_certificate(rec->ssl);
    long result = SSL_get_verify_result(rec->ssl);
    /* SNI copies the chosen vhost's callback onto the connection. */
    int armed = (SSL_get_verify_callback(rec->ssl) == mtls_ssl_verify);

    rec->frozen = 1;
    rec->verified_by = mtls_ssl_session_host(rec->ssl);
    if (peer) {
        rec->peer.presented = 1;
        /* A resumed session, or a handshake our callback did not see,
         * carries its verdict only here. */
        if (rec->peer.failure == MTLS_FAIL_NONE && result != X509_V_OK) {
            record_failure(c, rec, armed ? rec->ssl : NULL, result, 0, 0,
                           peer);
        }
        /* A failed certificate is described on every refusal, and that
         * costs more than the rest of one: do it once, now, while the
         * connection is still single-threaded (HTTP/2 streams run in
         * parallel later); at depth 0 the failing certificate is the
         * client's own and already described. A verified one is
         * described only for a log line, not worth keeping. */
        if (rec->peer.failure != MTLS_FAIL_NONE) {
            if (rec->peer.depth == 0 && rec->peer.failing.subject) {
                rec->peer.leaf = rec->peer.failing;
            }
            else {
                mtls_ssl_cert_facts(c->pool, peer, &rec->peer.leaf);
            }
        }
        else if (armed) {
            /* The expiry warning needs a verified certificate's end
             * date, which costs little; the rest only on demand. */
            mtls_ssl_time_text(c->pool, X509_get0_notAfter(peer),
                      &rec->peer.leaf.not_after_time);
            /* HTTP/2 streams run in other threads, which must not
             * allocate from this connection's pool. */
            if (mtls_ssl_fields_early(rec->ssl)) {
                rec->fields = mtls_ssl_fields_extract(c->pool, peer);
            }
        }
        X509_free(peer);
    }
    if (armed) {
        /* The counters of the host that verified. */
        mtls_metrics_count_handshake(rec->verified_by,
                                     SSL_session_reused(rec->ssl),
                                     &rec->peer, apr_time_now());
    }
    /* mod_ssl's post-handshake check is done: from here on its verify
     * result tells the truth. */
    if (armed && rec->peer.failure != MTLS_FAIL_NONE) {
        SSL_set_verify_result(rec->ssl, rec->truth);
    }
}

int mtls_ssl_process_connection(conn_rec *c)
{
    mtls_ssl_conn_t *rec = conn_record(c);

    /* Before mod_http2 serves streams from several threads. When the
     * handshake failed, mod_ssl has already freed the SSL and forgotten
     * it: then there is nothing to freeze, and rec->ssl must not be read. */
    if (rec && !rec->frozen && ap_ssl_conn_is_ssl(c)
        && SSL_is_init_finished(rec->ssl)) {
        freeze(c, rec);
    }
    return DECLINED;
}

void mtls_ssl_leaf(conn_rec *c, apr_pool_t *p, mtls_cert_t *out)
{
    mtls_ssl_conn_t *rec = conn_record(c->master ? c->master : c);
    X509 *peer = rec ? peer_certificate(rec->ssl) : NULL;

    if (peer) {
        mtls_ssl_cert_facts(p, peer, out);
        X509_free(peer);
    }
}

const mtls_peer_t *mtls_ssl_peer(conn_rec *c)
{
    static const mtls_peer_t unknown = {
        1, MTLS_FAIL_INVALID, 0, 0, 0,
        "the TLS handshake was not seen by mod_mtls_explain", 0,
        { NULL, NULL, NULL, NULL, NULL, NULL, 0, 0 },
        { NULL, NULL, NULL, NULL, NULL, NULL, 0, 0 }, 0, 0
    };
    conn_rec *m = c->master ? c->master : c;
    mtls_ssl_conn_t *rec = conn_record(m);

    if (!rec) {
        /* A TLS connection without a record must not pass for verified. */
        return ap_ssl_conn_is_ssl(m) ? &unknown : &no_tls_peer;
    }
    if (!rec->frozen) {
        freeze(m, rec);
    }
    /* After mod_ssl's access hook: it has just reset the verify result on
     * TLS 1.2, and Require reads it next. */
    if (rec->peer.failure != MTLS_FAIL_NONE) {
        SSL_set_verify_result(rec->ssl, rec->truth);
    }
    return &rec->peer;
}

int mtls_ssl_unverified(conn_rec *c)
{
    conn_rec *m = c->master ? c->master : c;
    mtls_ssl_conn_t *rec = conn_record(m);
    const mtls_peer_t *peer;

    /* Mid-handshake nothing is known yet, and freezing now would keep a
     * half-made record for good. */
    if (rec && !rec->frozen && !SSL_is_init_finished(rec->ssl)) {
        return 1;
    }
    peer = mtls_ssl_peer(c);
    return peer->presented && peer->failure != MTLS_FAIL_NONE;
}

const char *mtls_ssl_fake_basic_auth(conn_rec *c, apr_pool_t *p)
{
    mtls_ssl_conn_t *rec = conn_record(c->master ? c->master : c);
    X509 *peer = rec ? peer_certificate(rec->ssl) : NULL;
    const char *header = NULL;
    char *dn;

    if (!peer) {
        return NULL;
    }
    /* mod_ssl's ssl_hook_UserCheck, byte for byte. */
    dn = X509_NAME_oneline(X509_get_subject_name(peer), NULL, 0);
    if (dn) {
        header = apr_pstrcat(p, "Basic ",
                             ap_pbase64encode(p, apr_pstrcat(p, dn,
                                                  ":password", NULL)),
                             NULL);
        OPENSSL_free(dn);
    }
    X509_free(peer);
    return header;
}

int mtls_ssl_has_failure(conn_rec *c)
{
    mtls_ssl_conn_t *rec = conn_record(c->master ? c->master : c);

    return rec && rec->peer.failure != MTLS_FAIL_NONE;
}

server_rec *mtls_ssl_verified_by(conn_rec *c)
{
    conn_rec *m = c->master ? c->master : c;
    mtls_ssl_conn_t *rec = conn_record(m);

    if (!rec || (!rec->frozen && !SSL_is_init_finished(rec->ssl))) {
        return NULL;
    }
    if (!rec->frozen) {
        freeze(m, rec);
    }
    return rec->verified_by;
}

const mtls_certreq_cert_t *mtls_ssl_cert_fields(conn_rec *c, apr_pool_t *p)
{
    conn_rec *m = c->master ? c->master : c;
    mtls_ssl_conn_t *rec = conn_record(m);
    const mtls_peer_t *peer = mtls_ssl_peer(c);

    if (!rec || !peer->presented || peer->failure != MTLS_FAIL_NONE) {
        return NULL;
    }
    /* Kept for the connection's next requests when read in its own
     * thread; an HTTP/2 stream's thread has only its request's pool. */
    if (!rec->fields && c->master) {
        return mtls_ssl_fields_read(p, rec->ssl);
    }
    if (!rec->fields) {
        rec->fields = mtls_ssl_fields_read(m->pool, rec->ssl);
    }
    return rec->fields;
}
