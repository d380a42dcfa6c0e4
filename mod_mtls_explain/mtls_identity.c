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

/* Identity containment: what a failed certificate may not tell the
 * application, by every route mod_ssl offers. */

#include <apr_optional.h>
#include <apr_strings.h>

#include "httpd.h"
#include "http_request.h"
#include "http_ssl.h"
#include "mod_ssl.h"

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_identity.h"
#include "mtls_ssl.h"
#include "mtls_vhost.h"

#define CLIENT_PREFIX "SSL_CLIENT_"
#define CLIENT_PREFIX_LEN (sizeof(CLIENT_PREFIX) - 1)
#define CLIENT_VERIFY "SSL_CLIENT_VERIFY"

/* mod_ssl's auth type for a user name SSLUserName took from a certificate. */
#define CLIENT_CERT_AUTH "ClientCert"

/* A variable describing the client's certificate. SSL_CLIENT_VERIFY is
 * the verdict on it, not a claim of it, and stays. mod_ssl matches these
 * names without regard to case. */
static int is_identity_var(const char *name)
{
    return name && !strncasecmp(name, CLIENT_PREFIX, CLIENT_PREFIX_LEN)
           && strcasecmp(name + CLIENT_PREFIX_LEN, "VERIFY");
}

/*
 * Does the client's certificate name nobody here? s is the server the
 * lookup is for when there is no request. On an armed host this also puts
 * mod_ssl's verify result back to the truth (mtls_ssl_unverified), which
 * matters for SSLRequire: mod_ssl evaluates it in its access hook, after
 * resetting the verify result on TLS 1.2.
 */
static int withheld(conn_rec *c, request_rec *r, server_rec *s)
{
    const mtls_conf_dir_t *dconf;
    server_rec *host;

    /* ap_ssl_var_lookup may be asked without a connection. */
    if (!c) {
        return 0;
    }
    /* The error response to a misdirected request runs the named host's
     * configuration (Header always, ErrorDocument): that host did not
     * verify the certificate, and may never have accepted it. */
    if (r && mtls_vhost_misdirected(r, NULL)) {
        return 1;
    }
    host = r ? r->server : s ? s : c->base_server;
    if (!host || !mtls_conf_armed(host) || !mtls_ssl_unverified(c)) {
        return 0;
    }
    dconf = r ? mtls_conf_dir(r) : NULL;
    return !(dconf && dconf->keep_identity == 1);
}

/*
 * SSL_CLIENT_VERIFY from the record frozen at the handshake, on an armed
 * host once the handshake is done; NULL elsewhere, where mod_ssl answers.
 * mod_ssl's own answer reads the live verify result, which its access hook
 * resets on TLS 1.2 for every request: on HTTP/2, where streams run in
 * parallel on one connection, another stream could read it in the moment
 * before the module puts the truth back.
 */
static const char *client_verify(apr_pool_t *p, conn_rec *c, request_rec *r,
                                 server_rec *s)
{
    server_rec *host;
    const mtls_peer_t *peer;

    if (!c) {
        return NULL;
    }
    if (r && mtls_vhost_misdirected(r, NULL)) {
        return "NONE";
    }
    host = r ? r->server : s ? s : c->base_server;
    if (!host || !mtls_conf_armed(host) || !mtls_ssl_verified_by(c)) {
        return NULL;
    }
    peer = mtls_ssl_peer(c);
    if (!peer->presented) {
        return "NONE";
    }
    if (peer->failure == MTLS_FAIL_NONE) {
        return "SUCCESS";
    }
    return apr_pstrcat(p, "FAILED:", peer->reason ? peer->reason : "", NULL);
}

const char *mtls_identity_var_lookup(apr_pool_t *p, server_rec *s,
                                     conn_rec *c, request_rec *r,
                                     const char *name)
{
    if (!name || strncasecmp(name, CLIENT_PREFIX, CLIENT_PREFIX_LEN)) {
        return NULL;
    }
    if (!strcasecmp(name, CLIENT_VERIFY)) {
        return client_verify(p, c, r, s);
    }
    if (!withheld(c, r, s) || !is_identity_var(name)) {
        return NULL;
    }
    /* What mod_ssl answers when no certificate was sent. */
    return "";
}

/* mod_ssl's own ap_expr functions read its internals directly; these read
 * through ap_ssl_var_lookup, and so through the hook above, with the same
 * results otherwise. */
static const char *expr_client_var(ap_expr_eval_ctx_t *ctx, const void *data)
{
    return ap_ssl_var_lookup(ctx->p, ctx->s, ctx->c, ctx->r, data);
}

static const char *expr_ssl_func(ap_expr_eval_ctx_t *ctx, const void *data,
                                 const char *arg)
{
    (void)data;
    return arg ? ap_ssl_var_lookup(ctx->p, ctx->s, ctx->c, ctx->r, arg)
               : NULL;
}

static APR_OPTIONAL_FN_TYPE(ssl_ext_list) *ssl_ext_list_fn;

static apr_array_header_t *expr_peer_ext_list(ap_expr_eval_ctx_t *ctx,
                                              const void *data,
                                              const char *arg)
{
    (void)data;
    /* NULL is mod_ssl's answer when there is no certificate. */
    if (!ssl_ext_list_fn || withheld(ctx->c, ctx->r, ctx->s)) {
        return NULL;
    }
    return ssl_ext_list_fn(ctx->p, ctx->c, 1, arg);
}

int mtls_identity_expr_lookup(ap_expr_lookup_parms *parms)
{
    /* Without mod_ssl these names stay unknown, as they were. */
    if (!ap_find_linked_module("mod_ssl.c")) {
        return DECLINED;
    }
    /* mod_ssl matches every one of these names without regard to case. */
    switch (parms->type) {
    case AP_EXPR_FUNC_VAR:
        if (!strncasecmp(parms->name, CLIENT_PREFIX, CLIENT_PREFIX_LEN)) {
            *parms->func = (const void *)expr_client_var;
            *parms->data = parms->name;
            return OK;
        }
        break;
    case AP_EXPR_FUNC_STRING:
        if (!strcasecmp(parms->name, "SSL")) {
            *parms->func = (const void *)expr_ssl_func;
            *parms->data = NULL;
            return OK;
        }
        break;
    case AP_EXPR_FUNC_LIST:
        if (!strcasecmp(parms->name, "PeerExtList")) {
            if (!ssl_ext_list_fn) {
                ssl_ext_list_fn = APR_RETRIEVE_OPTIONAL_FN(ssl_ext_list);
            }
            if (!ssl_ext_list_fn) {
                return DECLINED;
            }
            *parms->func = (const void *)expr_peer_ext_list;
            *parms->data = NULL;
            return OK;
        }
        break;
    }
    return DECLINED;
}

/*
 * Before authentication only an access hook sets r->user: mod_ssl's, for
 * SSLUserName, with its auth type; without a certificate it sets neither.
 * A name set by authentication (a password) has another auth type and is
 * left alone.
 */
static void withdraw_user(request_rec *r)
{
    int from_cert = !r->ap_auth_type
                    || !strcasecmp(r->ap_auth_type, CLIENT_CERT_AUTH);

    if (!from_cert || !(r->user || r->ap_auth_type)
        || !withheld(r->connection, r, r->server)) {
        return;
    }
    if (r->user) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, MTLS_LOGNO(0030)
                      "user name from the client certificate withheld "
                      "(SSLUserName): the certificate failed verification");
        r->user = NULL;
    }
    r->ap_auth_type = NULL;
}

int mtls_identity_check_access(request_rec *r)
{
    withdraw_user(r);
    return DECLINED;
}

int mtls_identity_check_access_ex(request_rec *r)
{
    withdraw_user(r);
    return DECLINED;
}

int mtls_identity_withdraw_user(request_rec *r)
{
    withdraw_user(r);
    return DECLINED;
}

int mtls_identity_check_authn(request_rec *r)
{
    const char *auth = apr_table_get(r->headers_in, "Authorization");
    const char *fake;

    if (!auth || !withheld(r->connection, r, r->server)) {
        return DECLINED;
    }
    /* Exactly what FakeBasicAuth writes (mod_ssl refuses a client's own
     * header of that form), so a real password is left alone. */
    fake = mtls_ssl_fake_basic_auth(r->connection, r->pool);
    if (fake && !strcmp(auth, fake)) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, MTLS_LOGNO(0031)
                      "user name from the client certificate withheld "
                      "(FakeBasicAuth): the certificate failed "
                      "verification");
        apr_table_unset(r->headers_in, "Authorization");
    }
    return DECLINED;
}

/* The name under any REDIRECT_ prefixes an internal redirect added. */
static const char *env_base_name(const char *key)
{
    while (!strncasecmp(key, "REDIRECT_", 9)) {
        key += 9;
    }
    return key;
}

int mtls_identity_fixups(request_rec *r)
{
    const apr_array_header_t *arr;
    const apr_table_entry_t *elts;
    apr_array_header_t *doomed, *verify;
    const char *key, *truth;
    int i, scrub;

    /* For a verified certificate, or none, mod_ssl's own values are the
     * truth already: allowed requests pay nothing here. */
    if (!mtls_ssl_has_failure(r->connection)) {
        return DECLINED;
    }
    truth = client_verify(r->pool, r->connection, r, r->server);
    if (!truth) {
        return DECLINED;
    }
    scrub = withheld(r->connection, r, r->server);
    arr = apr_table_elts(r->subprocess_env);
    elts = (const apr_table_entry_t *)arr->elts;
    doomed = apr_array_make(r->pool, 16, sizeof(const char *));
    verify = apr_array_make(r->pool, 2, sizeof(const char *));
    for (i = 0; i < arr->nelts; i++) {
        if (!elts[i].key) {
            continue;
        }
        key = env_base_name(elts[i].key);
        if (!strcasecmp(key, CLIENT_VERIFY)) {
            APR_ARRAY_PUSH(verify, const char *) = elts[i].key;
        }
        else if (scrub && is_identity_var(key)) {
            APR_ARRAY_PUSH(doomed, const char *) = elts[i].key;
        }
    }
    /* mod_ssl's fixup wrote the live value; the record's is the truth. */
    for (i = 0; i < verify->nelts; i++) {
        apr_table_setn(r->subprocess_env,
                       APR_ARRAY_IDX(verify, i, const char *), truth);
    }
    /* As with no certificate: +ExportCertData sets SSL_CLIENT_CERT even
     * then, empty; +StdEnvVars leaves the rest out. */
    for (i = 0; i < doomed->nelts; i++) {
        key = APR_ARRAY_IDX(doomed, i, const char *);
        if (!strcasecmp(env_base_name(key), "SSL_CLIENT_CERT")) {
            apr_table_setn(r->subprocess_env, key, "");
        }
        else {
            apr_table_unset(r->subprocess_env, key);
        }
    }
    return DECLINED;
}
