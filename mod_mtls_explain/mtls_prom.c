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
 * The metrics handler: every counter of every armed host in Prometheus's
 * text exposition format (version 0.0.4).
 */

#include <apr_strings.h>

#include "httpd.h"
#include "http_protocol.h"

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_crl_watch.h"
#include "mtls_metrics.h"
#include "mtls_prom.h"

/* A label value: backslash, quote and newline escaped, as the format
 * wants. Names come from the configuration, not from clients. */
static const char *label(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) * 2 + 1), *o = out;

    for (; *s; s++) {
        if (*s == '\\' || *s == '"') {
            *o++ = '\\';
            *o++ = *s;
        }
        else if (*s == '\n') {
            *o++ = '\\';
            *o++ = 'n';
        }
        else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static void family(request_rec *r, const char *name, const char *type,
                   const char *help)
{
    ap_rprintf(r, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void crls(request_rec *r, const mtls_metrics_host_t *h,
                 const char *host)
{
    const apr_array_header_t *list = mtls_conf_srv(h->server)->crls;
    int i;

    for (i = 0; list && i < list->nelts; i++) {
        const mtls_crl_t *c = &APR_ARRAY_IDX(list, i, mtls_crl_t);

        /* One series per CA: the CRL OpenSSL uses. */
        if (c->next_update && !mtls_crl_watch_superseded(list, i)) {
            ap_rprintf(r, "mtls_explain_crl_next_update_timestamp_seconds"
                       "{host=\"%s\",issuer=\"%s\"} %" APR_TIME_T_FMT "\n",
                       host, label(r->pool, c->issuer),
                       apr_time_sec(c->next_update));
        }
    }
}

/* Only combinations that happened: most of mode x verdict x action never
 * can, and a series appears with its first request. */
static void decisions(request_rec *r, const mtls_metrics_host_t *h,
                      const char *host)
{
    int row, m, v, a;

    for (row = 0; row < h->nrows; row++) {
        const char *section = label(r->pool, h->sections[row]);

        for (m = 0; m < MTLS_MODES; m++) {
            for (v = 0; v < MTLS_VERDICT_COUNT; v++) {
                for (a = 0; a < MTLS_ACTIONS; a++) {
                    apr_uint64_t n = mtls_metrics_read(
                        &h->rows[row].decisions[m][v][a]);

                    if (!n) {
                        continue;
                    }
                    ap_rprintf(r, "mtls_explain_decisions_total{host=\"%s\","
                               "section=\"%s\",mode=\"%s\",verdict=\"%s\","
                               "action=\"%s\"} %" APR_UINT64_T_FMT "\n",
                               host, section, mtls_mode_name(m),
                               mtls_verdict_name(v), mtls_action_name(a), n);
                }
            }
        }
    }
}

static void lifetime(request_rec *r, const mtls_metrics_host_t *h,
                     const char *host)
{
    apr_uint64_t sum = 0;
    int i;

    for (i = 0; i <= MTLS_LIFETIME_BUCKETS; i++) {
        sum += mtls_metrics_read(&h->counts->lifetime[i]);
        if (i < MTLS_LIFETIME_BUCKETS) {
            ap_rprintf(r, "mtls_explain_cert_remaining_lifetime_seconds_bucket"
                       "{host=\"%s\",le=\"%d\"} %" APR_UINT64_T_FMT "\n",
                       host, mtls_metrics_lifetime_days[i] * 86400, sum);
        }
    }
    ap_rprintf(r, "mtls_explain_cert_remaining_lifetime_seconds_bucket"
               "{host=\"%s\",le=\"+Inf\"} %" APR_UINT64_T_FMT "\n"
               "mtls_explain_cert_remaining_lifetime_seconds_sum"
               "{host=\"%s\"} %" APR_UINT64_T_FMT "\n"
               "mtls_explain_cert_remaining_lifetime_seconds_count"
               "{host=\"%s\"} %" APR_UINT64_T_FMT "\n", host, sum, host,
               mtls_metrics_read(&h->counts->lifetime_sum), host, sum);
}

/* Out of line: the handler runs for every request, and the registers
 * this body needs should not be saved for those that are not its own. */
static int __attribute__((noinline)) answer(request_rec *r)
{
    const mtls_metrics_host_t *hosts;
    int n, i, resumed, o;

    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    ap_set_content_type(r, "text/plain; version=0.0.4; charset=utf-8");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    if (r->header_only) {
        return OK;
    }
    hosts = mtls_metrics_hosts(&n);

    family(r, "mtls_explain_decisions_total", "counter",
           "Requests decided on armed virtual hosts, by the policy section "
           "that set the mode, the mode, the verdict and the action "
           "(report: refused in report-only mode, let through).");
    for (i = 0; i < n; i++) {
        decisions(r, &hosts[i], label(r->pool, hosts[i].name));
    }
    family(r, "mtls_explain_misdirected_total", "counter",
           "Requests refused with 421 for naming another host than the "
           "one their TLS connection was verified for.");
    for (i = 0; i < n; i++) {
        ap_rprintf(r, "mtls_explain_misdirected_total{host=\"%s\"} %"
                   APR_UINT64_T_FMT "\n", label(r->pool, hosts[i].name),
                   mtls_metrics_read(&hosts[i].counts->misdirected));
    }
    family(r, "mtls_explain_revocation_unavailable_total", "counter",
           "Requests answered 503 because the revocation status of the "
           "client certificate could not be established.");
    for (i = 0; i < n; i++) {
        ap_rprintf(r, "mtls_explain_revocation_unavailable_total"
                   "{host=\"%s\"} %" APR_UINT64_T_FMT "\n",
                   label(r->pool, hosts[i].name),
                   mtls_metrics_read(&hosts[i].counts->unavailable));
    }
    family(r, "mtls_explain_handshakes_total", "counter",
           "TLS handshakes completed on armed virtual hosts, full or "
           "resumed, by the client certificate's outcome.");
    for (i = 0; i < n; i++) {
        for (resumed = 0; resumed < 2; resumed++) {
            for (o = 0; o < MTLS_OUTCOMES; o++) {
                ap_rprintf(r, "mtls_explain_handshakes_total{host=\"%s\","
                           "session=\"%s\",outcome=\"%s\"} %"
                           APR_UINT64_T_FMT "\n",
                           label(r->pool, hosts[i].name),
                           resumed ? "resumed" : "full",
                           mtls_metrics_outcome_name(o),
                           mtls_metrics_read(
                               &hosts[i].counts->handshakes[resumed][o]));
            }
        }
    }
    family(r, "mtls_explain_crl_next_update_timestamp_seconds", "gauge",
           "When each CRL an armed host loaded at startup is due to be "
           "replaced (nextUpdate), as a Unix time; past it, valid client "
           "certificates get 503.");
    for (i = 0; i < n; i++) {
        crls(r, &hosts[i], label(r->pool, hosts[i].name));
    }
    family(r, "mtls_explain_cert_remaining_lifetime_seconds", "histogram",
           "Remaining lifetime of verified client certificates, once per "
           "TLS connection.");
    for (i = 0; i < n; i++) {
        lifetime(r, &hosts[i], label(r->pool, hosts[i].name));
    }
    return OK;
}

int mtls_prom_handler(request_rec *r)
{
    if (!r->handler || r->handler[0] != 'm'
        || strcmp(r->handler, "mtls-explain-metrics")) {
        return DECLINED;
    }
    return answer(r);
}
