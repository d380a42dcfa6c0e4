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
 * Which TLS sessions an armed virtual host resumes: only those it verified
 * itself. Part of the mod_ssl bridge, beside mtls_ssl.c.
 *
 * mod_ssl ties a session to its host by the MD5 of ServerName:port, so an
 * unarmed sibling with the same name, or the host itself before it was
 * armed (ticket keys outlive restarts), makes sessions an armed host would
 * resume without verifying anything. Every session an armed host makes is
 * marked with that host's trust (in the ticket appdata, which OpenSSL keeps
 * through mod_ssl's session cache and through tickets); at resumption an
 * armed host takes only its own mark, and an unarmed one never takes a
 * marked session, whose certificate its own handshake may have refused.
 */

#include <apr_strings.h>

#include "httpd.h"
#include "http_connection.h"

#include <openssl/ssl.h>

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_ssl.h"
#include "mtls_ssl_session.h"

/* The mark: a fixed prefix, then the host's trust digest. */
static const char mark_prefix[] = "mtls_explain:";
#define MARK_PREFIX_LEN (sizeof(mark_prefix) - 1)
#define MARK_LEN (MARK_PREFIX_LEN + MTLS_TRUST_LEN)

/* Where each SSL_CTX keeps the server it was built for. */
static int ctx_index = -1;

/* mod_ssl's session cache callbacks, the same for every host. */
static SSL_SESSION *(*mod_ssl_get)(SSL *, const unsigned char *, int, int *);
static int (*mod_ssl_new)(SSL *, SSL_SESSION *);

server_rec *mtls_ssl_session_host(const SSL *ssl)
{
    SSL_CTX *ctx = SSL_get_SSL_CTX(ssl);

    return ctx && ctx_index >= 0 ? SSL_CTX_get_ex_data(ctx, ctx_index)
                                 : NULL;
}

/* The host the session is being made or resumed for (SNI has already
 * switched the SSL_CTX when OpenSSL asks), if it is armed. */
static const mtls_conf_srv_t *armed_host(const SSL *ssl)
{
    server_rec *s = mtls_ssl_session_host(ssl);

    return s && mtls_conf_armed(s) ? mtls_conf_srv(s) : NULL;
}

static void mark(SSL *ssl, SSL_SESSION *sess)
{
    const mtls_conf_srv_t *host = armed_host(ssl);
    conn_rec *c = SSL_get_app_data(ssl);
    unsigned char data[MARK_LEN];

    /* A failed session is already made unresumable (mtls_ssl.c). */
    if (!host || !sess || !c || mtls_ssl_has_failure(c)) {
        return;
    }
    memcpy(data, mark_prefix, MARK_PREFIX_LEN);
    memcpy(data + MARK_PREFIX_LEN, host->trust, MTLS_TRUST_LEN);
    SSL_SESSION_set1_ticket_appdata(sess, data, sizeof(data));
}

static int resumable(SSL *ssl, SSL_SESSION *sess)
{
    const mtls_conf_srv_t *host = armed_host(ssl);
    conn_rec *c = SSL_get_app_data(ssl);
    void *data = NULL;
    size_t len = 0;
    int marked, ok;

    marked = SSL_SESSION_get0_ticket_appdata(sess, &data, &len)
             && len == MARK_LEN && !memcmp(data, mark_prefix,
                                           MARK_PREFIX_LEN);
    ok = host ? marked && !memcmp((char *)data + MARK_PREFIX_LEN,
                                  host->trust, MTLS_TRUST_LEN)
              : !marked;
    if (!ok && c && APLOGcdebug(c)) {
        ap_log_cerror(APLOG_MARK, APLOG_DEBUG, 0, c, MTLS_LOGNO(0021)
                      "TLS session not resumed: %s", host
                      ? "this armed host did not verify it itself (it "
                        "comes from another host, or from before the host "
                        "was armed)"
                      : "an armed host with other trust verified it");
    }
    return ok;
}

static SSL_SESSION *get_session(SSL *ssl, const unsigned char *id, int len,
                                int *copy)
{
    SSL_SESSION *sess = mod_ssl_get(ssl, id, len, copy);

    if (sess && !resumable(ssl, sess)) {
        /* With *copy 0 the reference was handed to us. */
        if (!*copy) {
            SSL_SESSION_free(sess);
        }
        return NULL;
    }
    return sess;
}

static int new_session(SSL *ssl, SSL_SESSION *sess)
{
    mark(ssl, sess);
    return mod_ssl_new(ssl, sess);
}

static int ticket_made(SSL *ssl, void *arg)
{
    (void)arg;
    mark(ssl, SSL_get_session(ssl));
    return 1;
}

/* OpenSSL's own choices for each status, but for a session this host
 * must not resume, which is then treated like a ticket it cannot read. */
static SSL_TICKET_RETURN ticket_read(SSL *ssl, SSL_SESSION *sess,
                                     const unsigned char *keyname,
                                     size_t keyname_len,
                                     SSL_TICKET_STATUS status, void *arg)
{
    (void)keyname;
    (void)keyname_len;
    (void)arg;
    switch (status) {
    case SSL_TICKET_SUCCESS:
    case SSL_TICKET_SUCCESS_RENEW:
        if (!sess || !resumable(ssl, sess)) {
            return SSL_TICKET_RETURN_IGNORE_RENEW;
        }
        return status == SSL_TICKET_SUCCESS ? SSL_TICKET_RETURN_USE
                                            : SSL_TICKET_RETURN_USE_RENEW;
    case SSL_TICKET_EMPTY:
    case SSL_TICKET_NO_DECRYPT:
        return SSL_TICKET_RETURN_IGNORE_RENEW;
    default:
        return SSL_TICKET_RETURN_ABORT;
    }
}

int mtls_ssl_session_init(server_rec *s, SSL_CTX *ctx)
{
    SSL_SESSION *(*get)(SSL *, const unsigned char *, int, int *);
    int (*made)(SSL *, SSL_SESSION *);

    if (ctx_index < 0) {
        ctx_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
        if (ctx_index < 0) {
            return 0;
        }
    }
    SSL_CTX_set_ex_data(ctx, ctx_index, s);

    /* Every host, armed or not: the SSL_CTX a connection starts on, which
     * holds the callbacks OpenSSL uses for the session, is the port's
     * default host's, whatever SNI chooses. */
    get = SSL_CTX_sess_get_get_cb(ctx);
    if (get && get != get_session) {
        mod_ssl_get = get;
        SSL_CTX_sess_set_get_cb(ctx, get_session);
    }
    made = SSL_CTX_sess_get_new_cb(ctx);
    if (made && made != new_session) {
        mod_ssl_new = made;
        SSL_CTX_sess_set_new_cb(ctx, new_session);
    }
    return SSL_CTX_set_session_ticket_cb(ctx, ticket_made, ticket_read,
                                         NULL);
}
