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
 * The CRLs' own expiry: each CRL an armed host loaded, checked by
 * `apache2 -t`, at startup, and by a mod_watchdog thread at the moments it
 * crosses its warning window or its nextUpdate.
 */

#include <apr_optional.h>
#include <apr_hash.h>
#include <apr_strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "mod_watchdog.h"

#include "mtls_private.h"
#include "mtls_check.h"
#include "mtls_conf.h"
#include "mtls_crl_watch.h"
#include "mtls_escape.h"
#include "mtls_expiry.h"
#include "mtls_ssl_crl_file.h"

/* What was last said of a CRL; only ever goes up while a generation
 * runs. */
enum { CRL_FRESH, CRL_DUE, CRL_STALE };

/* One CRL with a nextUpdate, as loaded by one or more armed hosts with
 * the same warning window. */
typedef struct {
    const char *issuer;             /* escaped for the log */
    apr_time_t next_update;
    apr_interval_time_t window;     /* 0: no warning, only the error */
    const server_rec *host;         /* the first host that loaded it */
    int hosts;
    int state;
} watched_t;

typedef struct {
    apr_array_header_t *crls;       /* of watched_t */
    ap_watchdog_t *wd;
} watch_t;

/* The periodic check's own thread, apart from other modules' callbacks. */
#define WATCHDOG_NAME "_mtls_explain_crl_"

/* Bounds of the wait between checks: a clock set forward is noticed
 * within the hour; never a busy loop. */
#define CHECK_MIN apr_time_from_sec(1)
#define CHECK_MAX apr_time_from_sec(3600)

static APR_OPTIONAL_FN_TYPE(ap_watchdog_set_callback_interval) *set_interval;

const char *mtls_crl_watch_cmd_window(cmd_parms *cmd, void *dconf,
                                      const char *arg)
{
    mtls_conf_srv_t *conf = ap_get_module_config(cmd->server->module_config,
                                                 &mtls_explain_module);
    const char *err;

    (void)dconf;
    if ((err = mtls_expiry_parse_window(cmd->pool, arg,
                                        &conf->crl_warn_window))) {
        return apr_pstrcat(cmd->pool, cmd->cmd->name, ": ", err, NULL);
    }
    return NULL;
}

static int state_at(const watched_t *w, apr_time_t now)
{
    if (now >= w->next_update) {
        return CRL_STALE;
    }
    if (w->window && now >= w->next_update - w->window) {
        return CRL_DUE;
    }
    return CRL_FRESH;
}

/* The next moment w changes state, or 0 if it never will. */
static apr_time_t next_change(const watched_t *w, apr_time_t now)
{
    if (w->window && now < w->next_update - w->window) {
        return w->next_update - w->window;
    }
    return now < w->next_update ? w->next_update : 0;
}

static const char *iso_time(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t e;

    apr_time_exp_gmt(&e, t);
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                        e.tm_year + 1900, e.tm_mon + 1, e.tm_mday,
                        e.tm_hour, e.tm_min, e.tm_sec);
}

/* "2 d 3 h", "5 h 12 min", "12 min", "40 s". */
static const char *span(apr_pool_t *p, apr_interval_time_t d)
{
    apr_int64_t s = apr_time_sec(d < 0 ? -d : d);

    if (s >= 86400) {
        return apr_psprintf(p, "%d d %d h", (int)(s / 86400),
                            (int)(s % 86400 / 3600));
    }
    if (s >= 3600) {
        return apr_psprintf(p, "%d h %d min", (int)(s / 3600),
                            (int)(s % 3600 / 60));
    }
    if (s >= 60) {
        return apr_psprintf(p, "%d min", (int)(s / 60));
    }
    return apr_psprintf(p, "%d s", (int)s);
}

static void report(apr_pool_t *p, const watched_t *w, apr_time_t now)
{
    const server_rec *s = w->host;
    const char *others = w->hosts > 1
        ? apr_psprintf(p, " and %d other virtual host%s", w->hosts - 1,
                       w->hosts > 2 ? "s" : "")
        : "";

    if (w->state == CRL_STALE) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, MTLS_LOGNO(0076)
                     "the CRL of \"%s\" that virtual host %s (%s:%u)%s "
                     "loaded is stale: its nextUpdate %s passed %s ago, so "
                     "every client certificate it covers gets a 503 "
                     "(revocation could not be checked); fetch a fresh CRL "
                     "from that CA, then run apachectl graceful",
                     w->issuer,
                     s->server_hostname ? s->server_hostname : "?",
                     s->defn_name ? s->defn_name : "?", s->defn_line_number,
                     others, iso_time(p, w->next_update),
                     span(p, now - w->next_update));
    }
    else if (w->state == CRL_DUE) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, MTLS_LOGNO(0075)
                     "the CRL of \"%s\" that virtual host %s (%s:%u)%s "
                     "loaded is due: its nextUpdate is %s, %s from now, "
                     "and after that every client certificate it covers "
                     "gets a 503 (revocation could not be checked); fetch "
                     "a fresh CRL from that CA, then run apachectl graceful",
                     w->issuer,
                     s->server_hostname ? s->server_hostname : "?",
                     s->defn_name ? s->defn_name : "?", s->defn_line_number,
                     others, iso_time(p, w->next_update),
                     span(p, w->next_update - now));
    }
}

int mtls_crl_watch_superseded(const apr_array_header_t *crls, int i)
{
    const mtls_crl_t *crl = &APR_ARRAY_IDX(crls, i, mtls_crl_t);
    int j;

    for (j = 0; j < crls->nelts; j++) {
        const mtls_crl_t *other = &APR_ARRAY_IDX(crls, j, mtls_crl_t);

        if (other->next_update > crl->next_update
            && !strcmp(other->issuer, crl->issuer)) {
            return 1;
        }
    }
    return 0;
}

/* Host v's CRLs into the list: each CRL once per window, so hosts sharing
 * a CRL file share its line. A CRL without nextUpdate never goes stale for
 * OpenSSL, so is not watched. */
static void add(apr_pool_t *p, apr_array_header_t *out, server_rec *v,
                const apr_array_header_t *crls)
{
    apr_interval_time_t window = mtls_conf_srv(v)->crl_warn_window;
    int i, j;

    if (window < 0) {
        window = MTLS_CRL_WATCH_DEFAULT_WINDOW;
    }
    for (i = 0; crls && i < crls->nelts; i++) {
        const mtls_crl_t *crl = &APR_ARRAY_IDX(crls, i, mtls_crl_t);
        const char *issuer;
        watched_t *w = NULL;

        if (!crl->next_update || mtls_crl_watch_superseded(crls, i)) {
            continue;
        }
        issuer = mtls_escape_log(p, crl->issuer);
        for (j = 0; j < out->nelts && !w; j++) {
            w = &APR_ARRAY_IDX(out, j, watched_t);
            if (w->next_update != crl->next_update || w->window != window
                || strcmp(w->issuer, issuer)) {
                w = NULL;
            }
        }
        if (w) {
            /* One host loading the same CRL twice is still one. httpd
             * lists virtual hosts last said first: the line names the
             * first in the configuration. */
            if (w->host != v) {
                w->hosts++;
                w->host = v;
            }
            continue;
        }
        w = apr_array_push(out);
        w->issuer = issuer;
        w->next_update = crl->next_update;
        w->window = window;
        w->host = v;
        w->hosts = 1;
        w->state = CRL_FRESH;
    }
}

/* Until the first CRL crosses a threshold, within the bounds. */
static apr_interval_time_t until_next(const apr_array_header_t *crls,
                                      apr_time_t now)
{
    apr_interval_time_t wait = CHECK_MAX;
    int i;

    for (i = 0; i < crls->nelts; i++) {
        apr_time_t at = next_change(&APR_ARRAY_IDX(crls, i, watched_t), now);

        if (at && at - now < wait) {
            wait = at - now;
        }
    }
    return wait < CHECK_MIN ? CHECK_MIN : wait;
}

/* Says what changed since the last line of this generation: a CRL that
 * entered its window or passed its nextUpdate. */
static void check(apr_pool_t *p, apr_array_header_t *crls, apr_time_t now)
{
    int i;

    for (i = 0; i < crls->nelts; i++) {
        watched_t *w = &APR_ARRAY_IDX(crls, i, watched_t);
        int state = state_at(w, now);

        if (state > w->state) {
            w->state = state;
            report(p, w, now);
        }
    }
}

/*
 * mod_watchdog's callback. It runs in a singleton watchdog: one thread in
 * one child process at a time, since mod_watchdog has no parent-process
 * watchdog under a forking MPM (every Unix MPM forks). The child starts
 * from what the parent said at startup, so it logs only what changed
 * since; a child that takes the watch over from one that exited starts
 * from there too and may repeat a line the other already wrote.
 */
static apr_status_t tick(int state, void *data, apr_pool_t *ptemp)
{
    watch_t *watch = data;
    apr_time_t now = apr_time_now();

    if (state == AP_WATCHDOG_STATE_STOPPING) {
        return APR_SUCCESS;
    }
    check(ptemp, watch->crls, now);
    set_interval(watch->wd, until_next(watch->crls, now), watch, tick);
    return APR_SUCCESS;
}

int mtls_crl_watch_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *get_instance;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *register_callback;
    apr_time_t now = apr_time_now();
    watch_t *watch;
    server_rec *v;
    apr_status_t rv;

    (void)plog;
    /* The first pass only tries the configuration: mod_ssl loads the
     * CRLs again for the server that runs. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    watch = apr_pcalloc(pconf, sizeof(*watch));
    watch->crls = apr_array_make(pconf, 4, sizeof(watched_t));
    for (v = s; v; v = v->next) {
        if (mtls_conf_armed(v)) {
            add(pconf, watch->crls, v, mtls_conf_srv(v)->crls);
        }
    }
    if (!watch->crls->nelts) {
        return OK;
    }
    check(ptemp, watch->crls, now);

    get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    register_callback =
        APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    set_interval = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_set_callback_interval);
    if (!get_instance || !register_callback || !set_interval) {
        rv = APR_ENOTIMPL;
    }
    else if ((rv = get_instance(&watch->wd, WATCHDOG_NAME, 0, 1, pconf))
             == APR_SUCCESS) {
        rv = register_callback(watch->wd, until_next(watch->crls, now),
                               watch, tick);
    }
    /* The startup check has been made: the server can run without the
     * periodic one, and says so at a level that is always written. */
    if (rv == APR_ENOTIMPL) {
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s, MTLS_LOGNO(0077)
                     "periodic CRL checks are off: mod_watchdog is not "
                     "loaded, so the CRLs' nextUpdate is checked only at "
                     "startup and restarts; load it (LoadModule "
                     "watchdog_module modules/mod_watchdog.so) to be warned "
                     "while the server runs");
    }
    else if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_NOTICE, rv, s, MTLS_LOGNO(0077)
                     "periodic CRL checks are off: mod_watchdog refused "
                     "them, so the CRLs' nextUpdate is checked only at "
                     "startup and restarts");
    }
    return OK;
}

void mtls_crl_watch_test_config(apr_pool_t *pconf, server_rec *s)
{
    apr_array_header_t *crls = apr_array_make(pconf, 4, sizeof(watched_t));
    /* Each file is read once, however many hosts name it: apachectl
     * graceful runs this first, and a large CRL is megabytes. */
    apr_hash_t *read = apr_hash_make(pconf);
    server_rec *v;

    /* Not for the configuration dumps (-S, -M), which share the hook. */
    if (ap_state_query(AP_SQ_RUN_MODE) != AP_SQ_RM_CONFIG_TEST) {
        return;
    }
    for (v = s; v; v = v->next) {
        const ap_directive_t *d;
        const char *args, *path;

        if (!mtls_conf_armed(v)) {
            continue;
        }
        /* mod_ssl loads the CRLs of a host that checks none (its default
         * SSLCARevocationCheck none) and never uses them. */
        d = mtls_check_effective(mtls_check_vhost_node(v),
                                 "SSLCARevocationCheck");
        if (!d || !(args = d->args)
            || !strcasecmp(ap_getword_conf(pconf, &args), "none")) {
            continue;
        }
        d = mtls_check_effective(mtls_check_vhost_node(v),
                                 "SSLCARevocationFile");
        if (!d || !(args = d->args)) {
            continue;
        }
        /* Resolved as mod_ssl resolves it. */
        path = ap_server_root_relative(pconf, ap_getword_conf(pconf, &args));
        if (path) {
            const apr_array_header_t *in = apr_hash_get(read, path,
                                                        APR_HASH_KEY_STRING);

            if (!in) {
                in = mtls_ssl_crl_file_read(pconf, path);
                apr_hash_set(read, path, APR_HASH_KEY_STRING, in);
            }
            add(pconf, crls, v, in);
        }
    }
    check(pconf, crls, apr_time_now());
}
