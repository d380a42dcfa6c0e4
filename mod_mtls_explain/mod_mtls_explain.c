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
 * mod_mtls_explain: keeps TLS connections whose client certificate is
 * missing or failed verification, decides per location whether the
 * certificate is good enough, and explains a refusal over HTTP.
 *
 * This file holds only the module record and the hook registration; each
 * concern lives in its own mtls_*.c file.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_connection.h"
#include "http_protocol.h"
#include "http_request.h"
#include "http_ssl.h"
#include "mod_status.h"

#include "mtls_authz.h"
#include "mtls_authz_page.h"
#include "mtls_check.h"
#include "mtls_conf.h"
#include "mtls_crl_watch.h"
#include "mtls_expiry.h"
#include "mtls_identity.h"
#include "mtls_metrics.h"
#include "mtls_prom.h"
#include "mtls_request.h"
#include "mtls_ssl.h"
#include "mtls_status.h"
#include "mtls_vhost.h"

static void mtls_register_hooks(apr_pool_t *p)
{
    static const char *const after_ssl[] = { "mod_ssl.c", NULL };
    static const char *const before_h2[] = { "mod_http2.c", NULL };
    static const char *const before_ssl[] = { "mod_ssl.c", NULL };
    static const char *const before_wd[] = { "mod_watchdog.c", NULL };

    /* apache2 -t stops before post_config, so every configuration error
     * it must report is found here. */
    ap_hook_check_config(mtls_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    /* Only apache2 -t runs this, after check_config: a CRL going stale is
     * worth telling whoever tests a configuration (apachectl graceful
     * tests first), but is no reason to fail the test. */
    ap_hook_test_config(mtls_crl_watch_test_config, NULL, NULL,
                        APR_HOOK_MIDDLE);

    /* mod_ssl runs this once per SSL virtual host after building its
     * SSL_CTX: a verify callback set there is copied onto the connection
     * when SNI switches virtual hosts, so it survives SNI. */
    APR_OPTIONAL_HOOK(ssl, init_server, mtls_ssl_init_server, NULL, NULL,
                      APR_HOOK_MIDDLE);

    /* Every inbound TLS connection, before its handshake: the one moment
     * mod_ssl hands out the SSL, so later phases need none of its
     * internals. */
    APR_OPTIONAL_HOOK(ssl, pre_handshake, mtls_ssl_pre_handshake, NULL, NULL,
                      APR_HOOK_MIDDLE);

    /* mod_ssl's process_connection performs the handshake; freeze the
     * record right after it, and before mod_http2 takes the connection
     * and serves its streams from other threads. */
    ap_hook_process_connection(mtls_ssl_process_connection, after_ssl,
                               before_h2, APR_HOOK_MIDDLE);

    /* Expressions are parsed at startup; the variables resolve per
     * request, so <If> sections can use them before the access phase. */
    ap_hook_expr_lookup(mtls_request_expr_lookup, NULL, NULL,
                        APR_HOOK_MIDDLE);

    /* The first hook that knows the request's host (the Host header is
     * read): refuse one the connection's verification does not cover
     * before anything else runs for it. */
    ap_hook_post_read_request(mtls_vhost_post_read_request, NULL, NULL,
                              APR_HOOK_FIRST);

    /* The decision. Here, once the location's configuration is merged and
     * before any access, authentication or authorization hook, a refusal
     * is final: the core runs this for every request, subrequest and
     * internal redirect, and ends the request on anything but OK or
     * DECLINED, whatever Satisfy says and whatever other modules decide
     * or the order they load in. */
    ap_hook_post_perdir_config(mtls_request_decide, NULL, NULL,
                               APR_HOOK_MIDDLE);

    /* After mod_ssl's access hook, which resets the verify result on
     * TLS 1.2 requests, and before authorization (Require) reads it. */
    ap_hook_check_access(mtls_request_check_access, after_ssl, NULL,
                         APR_HOOK_MIDDLE, AP_AUTH_INTERNAL_PER_CONF);

    /* Identity containment. ap_ssl_var_lookup asks this hook before
     * mod_ssl; mod_ssl's own ap_expr functions do not, so ours come
     * first. r->user from SSLUserName is set in mod_ssl's access hook,
     * FakeBasicAuth's header in its authn hook, the environment in its
     * fixup: each is withdrawn right after, before anything reads it
     * (mod_headers' fixup, which reads the environment, runs last). */
    ap_hook_ssl_var_lookup(mtls_identity_var_lookup, NULL, NULL,
                           APR_HOOK_MIDDLE);
    ap_hook_expr_lookup(mtls_identity_expr_lookup, NULL, before_ssl,
                        APR_HOOK_FIRST);
    ap_hook_check_access(mtls_identity_check_access, after_ssl, NULL,
                         APR_HOOK_MIDDLE, AP_AUTH_INTERNAL_PER_CONF);
    /* Run-all access hooks stop at the first refusal (SSLRequire's, say),
     * before the one above; under Satisfy Any the core then goes on to
     * these, so the user is withdrawn before mod_authz_core's own. */
    ap_hook_check_access_ex(mtls_identity_check_access_ex, NULL, NULL,
                            APR_HOOK_REALLY_FIRST, AP_AUTH_INTERNAL_PER_CONF);
    /* An internal redirect to a location with the same configuration
     * copies the user and skips every access hook; fixups still run, and
     * logging reads %u after everything. */
    ap_hook_fixups(mtls_identity_withdraw_user, NULL, NULL,
                   APR_HOOK_REALLY_FIRST);
    ap_hook_log_transaction(mtls_identity_withdraw_user, NULL, NULL,
                            APR_HOOK_REALLY_FIRST);
    ap_hook_check_authn(mtls_identity_check_authn, after_ssl, NULL,
                        APR_HOOK_FIRST, AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_fixups(mtls_identity_fixups, after_ssl, NULL, APR_HOOK_MIDDLE);

    /* Policy sections are numbered while the configuration is read, so
     * the registry must be empty before it is. */
    ap_hook_pre_config(mtls_metrics_pre_config, NULL, NULL,
                       APR_HOOK_MIDDLE);

    /* Once the armed hosts and their sections are known, and before the
     * children are forked, so they all map the same shared counters and
     * expiry table. */
    ap_hook_post_config(mtls_metrics_post_config, NULL, NULL,
                        APR_HOOK_MIDDLE);
    ap_hook_post_config(mtls_expiry_post_config, NULL, NULL,
                        APR_HOOK_MIDDLE);

    /* After mod_ssl, whose post_config loads the CRLs (init_server), and
     * before mod_watchdog's, which starts only the watchdogs that have a
     * callback by then; on every start and restart, so the warning comes
     * before the CRL's nextUpdate, not at the first refused user. */
    ap_hook_post_config(mtls_crl_watch_post_config, after_ssl, before_wd,
                        APR_HOOK_LAST);

    /* After authorization, so only certificates of requests that go on
     * are looked at; before the handler and mod_headers' output filter,
     * which read the variables. */
    ap_hook_fixups(mtls_expiry_fixups, NULL, NULL, APR_HOOK_MIDDLE);

    /* A handler like any other: SetHandler mtls-explain-metrics. */
    ap_hook_handler(mtls_prom_handler, NULL, NULL, APR_HOOK_MIDDLE);

    /* mod_status calls this, if it is loaded, to add our section to
     * server-status and its ?auto form. */
    APR_OPTIONAL_HOOK(ap, status_hook, mtls_status_hook, NULL, NULL,
                      APR_HOOK_MIDDLE);

    /* A 403 is Require's when it comes while authorization decides: it
     * begins with the first access_ex hook (mod_authz_core's userless
     * check runs last there) or the first authz hook, and is over when
     * the type checker, the next phase, runs. Apache's error response
     * then runs insert_error_filter, where the 403.12 page replaces its
     * body; every other 403 never sees the mark. */
    ap_hook_check_access_ex(mtls_authz_page_enter, NULL, NULL,
                            APR_HOOK_REALLY_FIRST, AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_check_authz(mtls_authz_page_enter, NULL, NULL,
                        APR_HOOK_REALLY_FIRST, AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_type_checker(mtls_authz_page_leave, NULL, NULL,
                         APR_HOOK_REALLY_FIRST);
    ap_hook_insert_error_filter(mtls_authz_page_insert_error_filter, NULL,
                                NULL, APR_HOOK_MIDDLE);
    mtls_authz_page_register_filter();

    /* Not a hook: Require looks its providers up while the configuration
     * is read, so `mtls-cert` must be registered before that. */
    mtls_authz_register(p);
}

AP_DECLARE_MODULE(mtls_explain) = {
    STANDARD20_MODULE_STUFF,
    mtls_conf_create_dir,       /* per-directory config */
    mtls_conf_merge_dir,        /* merge per-directory config */
    mtls_conf_create_srv,       /* per-server config */
    mtls_conf_merge_srv,        /* merge per-server config */
    mtls_conf_cmds,             /* directives */
    mtls_register_hooks,
#ifdef AP_MODULE_HAS_FLAGS
    0                           /* flags */
#endif
};
