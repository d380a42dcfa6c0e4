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
 * The `mtls-cert` authorization provider: its registration with
 * mod_authz_core, the startup parse of its clauses, and the per-request
 * check against the connection's verified certificate.
 */

#include <apr_strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_request.h"
#include "mod_auth.h"

#include "mtls_private.h"
#include "mtls_authz.h"
#include "mtls_authz_page.h"
#include "mtls_certreq.h"
#include "mtls_conf.h"
#include "mtls_ssl.h"
#include "mtls_vhost.h"

/* Set while the configuration is read, so that HTTP/2 connections take
 * the certificate's fields before their streams go to other threads;
 * cleared with the configuration's pool, so a restart that drops every
 * `Require mtls-cert` stops taking them. */
static int in_use;

static apr_status_t forget_use(void *unused)
{
    (void)unused;
    in_use = 0;
    return APR_SUCCESS;
}

int mtls_authz_in_use(void)
{
    return in_use;
}

static const char *mtls_authz_parse(cmd_parms *cmd, const char *line,
                                    const void **parsed)
{
    const mtls_certreq_t *req = NULL;
    const char *err = mtls_certreq_parse(cmd->pool, line, &req);

    if (err) {
        return err;
    }
    *parsed = req;
    /* An .htaccess file is read per request, with that request's pool. */
    if (!in_use && ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_RUN_MPM) {
        in_use = 1;
        apr_pool_cleanup_register(cmd->pool, NULL, forget_use,
                                  apr_pool_cleanup_null);
    }
    return NULL;
}

static authz_status deny(request_rec *r, const char *why)
{
    if (APLOGrdebug(r)) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, MTLS_LOGNO(0061)
                      "Require mtls-cert denied: %s; client=%s uri=\"%s\"",
                      why, r->useragent_ip,
                      ap_escape_logitem(r->pool, r->uri));
    }
    return AUTHZ_DENIED;
}

/*
 * Only a certificate this module verified counts: on a host that is not
 * armed, mod_ssl may have let a failed one through (optional_no_ca), and
 * on a misdirected request the certificate was verified for another host.
 */
static authz_status mtls_authz_check(request_rec *r, const char *line,
                                     const void *parsed)
{
    const mtls_certreq_t *req = parsed;
    const mtls_peer_t *peer;
    const mtls_certreq_cert_t *cert;
    int unmet;

    (void)line;
    if (!mtls_conf_armed(r->server)) {
        return deny(r, "the virtual host is not armed (MTLSExplain On)");
    }
    if (mtls_vhost_misdirected(r, NULL)) {
        return deny(r, "the connection was verified for another host");
    }
    peer = mtls_ssl_peer(r->connection);
    if (!peer->presented) {
        return deny(r, "no client certificate");
    }
    if (peer->failure != MTLS_FAIL_NONE) {
        return deny(r, "the client certificate failed verification");
    }
    cert = mtls_ssl_cert_fields(r->connection, r->pool);
    if (!cert) {
        return deny(r, "the client certificate could not be read");
    }
    unmet = mtls_certreq_match(req, cert);
    if (unmet >= 0) {
        /* For the 403.12 page, when no MTLSExplainRequirement says it in
         * the administrator's words. */
        apr_table_setn(r->notes, MTLS_NOTE_UNMET,
                       mtls_certreq_value(req, unmet));
        apr_table_setn(r->notes, MTLS_NOTE_UNMET_KIND,
                       apr_itoa(r->pool, mtls_certreq_kind(req, unmet)));
        return deny(r, apr_pstrcat(r->pool, "clause '",
                                   mtls_certreq_text(req, unmet),
                                   "' not met", NULL));
    }
    if (APLOGrdebug(r)) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, MTLS_LOGNO(0062)
                      "Require mtls-cert granted: all %d clauses met; "
                      "client=%s uri=\"%s\"", mtls_certreq_count(req),
                      r->useragent_ip, ap_escape_logitem(r->pool, r->uri));
    }
    return AUTHZ_GRANTED;
}

static const authz_provider mtls_authz_provider = {
    &mtls_authz_check,
    &mtls_authz_parse,
};

void mtls_authz_register(apr_pool_t *p)
{
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "mtls-cert",
                              AUTHZ_PROVIDER_VERSION, &mtls_authz_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
}
