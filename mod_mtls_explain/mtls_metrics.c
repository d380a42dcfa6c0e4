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
 * Decision counters in shared memory: section registry, layout of the
 * segment, and the lock-free increments on the request path.
 */

#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_main.h"

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_metrics.h"

const int mtls_metrics_lifetime_days[MTLS_LIFETIME_BUCKETS] = {
    1, 7, 14, 30, 60, 90, 180, 365, 730
};

typedef struct {
    const server_rec *owner;    /* the virtual host, or the main server */
    const char *label;          /* "<Location /x>" */
} section_t;

/* Sections of the configuration being read; rebuilt on every restart. */
static apr_array_header_t *sections;

static mtls_metrics_host_t *hosts;
static int nhosts;

/* Wrappers that do not change where a directive applies. */
static int is_conditional(const char *name)
{
    static const char *const names[] = {
        "<IfModule", "<IfDefine", "<IfVersion", "<IfFile", "<IfDirective",
        "<IfSection", NULL
    };
    int i;

    for (i = 0; names[i]; i++) {
        if (!strcasecmp(name, names[i])) {
            return 1;
        }
    }
    return 0;
}

static int push_section(const server_rec *owner, const char *label)
{
    section_t *sec = apr_array_push(sections);

    sec->owner = owner;
    sec->label = label;
    return sections->nelts - 1;
}

int mtls_metrics_section(cmd_parms *cmd)
{
    const ap_directive_t *parent;
    const char *label;
    int i;

    /* .htaccess is read per request, long after the segment was laid
     * out: its sections share one row per host. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_RUN_MPM || !sections) {
        return MTLS_SECTION_HTACCESS;
    }
    if (!cmd->path || !cmd->directive) {
        return MTLS_SECTION_HOST;
    }
    for (parent = cmd->directive->parent;
         parent && is_conditional(parent->directive);
         parent = parent->parent) {
    }
    if (!parent || !strcasecmp(parent->directive, "<VirtualHost")) {
        return MTLS_SECTION_HOST;
    }
    label = apr_pstrcat(cmd->pool, parent->directive, " ", parent->args,
                        NULL);
    if (label[strlen(label) - 1] != '>') {
        label = apr_pstrcat(cmd->pool, label, ">", NULL);
    }
    for (i = 0; i < sections->nelts; i++) {
        const section_t *sec = &APR_ARRAY_IDX(sections, i, section_t);

        if (sec->owner == cmd->server && !strcmp(sec->label, label)) {
            return i;
        }
    }
    return push_section(cmd->server, label);
}

int mtls_metrics_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    sections = apr_array_make(pconf, 16, sizeof(section_t));
    /* Ids 0 and 1 are the host itself and .htaccess. */
    push_section(NULL, "(host)");
    push_section(NULL, "(htaccess)");
    hosts = NULL;
    nhosts = 0;
    return OK;
}

static const char *host_name(apr_pool_t *p, const server_rec *s)
{
    apr_port_t port = s->port;

    if (!port && s->addrs) {
        port = s->addrs->host_port;
    }
    return apr_psprintf(p, "%s:%u",
                        s->server_hostname ? s->server_hostname : "",
                        (unsigned)port);
}

/* The host's rows: itself, .htaccess, then every section written in it or
 * in the main server (which it inherits). */
static void layout_host(apr_pool_t *p, mtls_metrics_host_t *h,
                        const server_rec *s, const server_rec *main_s)
{
    int i;

    h->rowmap = apr_palloc(p, sizeof(int) * sections->nelts);
    h->sections = apr_palloc(p, sizeof(char *) * sections->nelts);
    h->nrows = 0;
    for (i = 0; i < sections->nelts; i++) {
        const section_t *sec = &APR_ARRAY_IDX(sections, i, section_t);

        h->rowmap[i] = -1;
        if (i <= MTLS_SECTION_HTACCESS || sec->owner == s
            || sec->owner == main_s) {
            h->rowmap[i] = h->nrows;
            h->sections[h->nrows++] = sec->label;
        }
    }
}

int mtls_metrics_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp, server_rec *s)
{
    apr_array_header_t *list = apr_array_make(ptemp, 8, sizeof(server_rec *));
    apr_size_t size;
    apr_status_t rv;
    apr_shm_t *shm;
    server_rec *v;
    char *base;
    int i, j, rows = 0;

    (void)plog;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    nhosts = 0;
    for (v = s; v; v = v->next) {
        if (mtls_conf_armed(v)) {
            APR_ARRAY_PUSH(list, server_rec *) = v;
        }
    }
    if (!list->nelts) {
        return OK;
    }
    hosts = apr_pcalloc(pconf, sizeof(*hosts) * list->nelts);
    for (i = 0; i < list->nelts; i++) {
        const char *name;
        mtls_conf_srv_t *conf;

        v = APR_ARRAY_IDX(list, i, server_rec *);
        name = host_name(pconf, v);
        conf = ap_get_module_config(v->module_config, &mtls_explain_module);
        /* Name-based hosts of one name and port are one series. */
        for (j = 0; j < nhosts && strcmp(hosts[j].name, name); j++) {
        }
        if (j == nhosts) {
            hosts[j].name = name;
            hosts[j].server = v;
            layout_host(pconf, &hosts[j], v, s);
            rows += hosts[j].nrows;
            nhosts++;
        }
        conf->metrics = &hosts[j];
    }
    size = sizeof(mtls_metrics_counts_t) * nhosts
           + sizeof(mtls_metrics_row_t) * rows;
    rv = apr_shm_create(&shm, size, NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, MTLS_LOGNO(0051)
                     "cannot create the %" APR_SIZE_T_FMT " bytes of shared "
                     "memory the counters need", size);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    base = apr_shm_baseaddr_get(shm);
    memset(base, 0, size);
    for (i = 0; i < nhosts; i++) {
        hosts[i].counts = (mtls_metrics_counts_t *)base;
        base += sizeof(mtls_metrics_counts_t);
        hosts[i].rows = (mtls_metrics_row_t *)base;
        base += sizeof(mtls_metrics_row_t) * hosts[i].nrows;
    }
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, s, MTLS_LOGNO(0050)
                 "counters: %" APR_SIZE_T_FMT " bytes of shared memory for "
                 "%d armed host(s) and %d policy section row(s), reset",
                 size, nhosts, rows);
    return OK;
}

static const mtls_metrics_host_t *host_of(const server_rec *s)
{
    return mtls_conf_srv(s)->metrics;
}

void mtls_metrics_count_decision(request_rec *r, int section,
                                 const mtls_decision_t *d)
{
    const mtls_metrics_host_t *h = host_of(r->server);
    int row = 0;

    if (!h || d->mode < 0 || d->mode >= MTLS_MODES) {
        return;
    }
    /* The layout knows every section read at startup; any other is the
     * host's own. */
    if (section > 0 && section < sections->nelts && h->rowmap[section] >= 0) {
        row = h->rowmap[section];
    }
    apr_atomic_inc64(&h->rows[row].decisions[d->mode][d->verdict][d->action]);
}

void mtls_metrics_count_misdirected(server_rec *s)
{
    const mtls_metrics_host_t *h = s ? host_of(s) : NULL;

    if (h) {
        apr_atomic_inc64(&h->counts->misdirected);
    }
}

void mtls_metrics_count_unavailable(request_rec *r)
{
    const mtls_metrics_host_t *h = host_of(r->server);

    if (h) {
        apr_atomic_inc64(&h->counts->unavailable);
    }
}

void mtls_metrics_count_handshake(server_rec *s, int resumed,
                                  const mtls_peer_t *peer, apr_time_t now)
{
    const mtls_metrics_host_t *h = s ? host_of(s) : NULL;
    apr_int64_t left;
    int outcome, i;

    if (!h) {
        return;
    }
    /* A wrong purpose is one way of failing verification: counted as
     * invalid, as it was before it had a verdict of its own. */
    outcome = !peer->presented ? 0
              : peer->failure == MTLS_FAIL_NONE ? 1
              : peer->failure == MTLS_FAIL_WRONG_PURPOSE ? 1 + MTLS_FAIL_INVALID
              : 1 + peer->failure;
    if (outcome >= MTLS_OUTCOMES) {
        outcome = MTLS_OUTCOMES - 1;
    }
    apr_atomic_inc64(&h->counts->handshakes[resumed ? 1 : 0][outcome]);
    if (outcome != 1 || !peer->leaf.not_after_time) {
        return;
    }
    left = apr_time_sec(peer->leaf.not_after_time - now);
    if (left < 0) {
        left = 0;
    }
    for (i = 0; i < MTLS_LIFETIME_BUCKETS
                && left > (apr_int64_t)mtls_metrics_lifetime_days[i] * 86400;
         i++) {
    }
    apr_atomic_inc64(&h->counts->lifetime[i]);
    apr_atomic_add64(&h->counts->lifetime_sum, (apr_uint64_t)left);
}

const mtls_metrics_host_t *mtls_metrics_hosts(int *count)
{
    *count = nhosts;
    return nhosts ? hosts : NULL;
}

apr_uint64_t mtls_metrics_read(apr_uint64_t *counter)
{
    return apr_atomic_read64(counter);
}

const char *mtls_metrics_outcome_name(int outcome)
{
    static const char *const names[MTLS_OUTCOMES] = {
        "none", "verified", "expired", "not_yet_valid", "revoked",
        "untrusted", "invalid", "revocation_unknown"
    };

    return outcome >= 0 && outcome < MTLS_OUTCOMES ? names[outcome] : "?";
}
