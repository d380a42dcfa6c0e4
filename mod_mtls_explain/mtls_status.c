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
 * The module's section of server-status: a compact table per armed host
 * with a proportional bar drawn in CSS, and the same counters as
 * machine-readable lines for server-status?auto.
 */

#include <apr_strings.h>

#include "httpd.h"
#include "http_protocol.h"
#include "mod_status.h"

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_expiry.h"
#include "mtls_metrics.h"
#include "mtls_escape.h"
#include "mtls_status.h"

/* Certificates listed as expiring soonest. */
#define SOONEST 10

/* Width in pixels of the longest bar. */
#define BAR_WIDTH 200

static apr_uint64_t row_total(const mtls_metrics_host_t *h, int row, int m,
                              int v, apr_uint64_t out[MTLS_ACTIONS])
{
    int a;

    for (a = 0; a < MTLS_ACTIONS; a++) {
        out[a] = mtls_metrics_read(&h->rows[row].decisions[m][v][a]);
    }
    return out[0] + out[1] + out[2];
}

static void auto_lines(request_rec *r, const mtls_metrics_host_t *h)
{
    apr_uint64_t n[MTLS_ACTIONS];
    int row, m, v, a, s, o;

    for (row = 0; row < h->nrows; row++) {
        for (m = 0; m < MTLS_MODES; m++) {
            for (v = 0; v < MTLS_VERDICT_COUNT; v++) {
                if (!row_total(h, row, m, v, n)) {
                    continue;
                }
                for (a = 0; a < MTLS_ACTIONS; a++) {
                    if (n[a]) {
                        ap_rprintf(r, "MTLSExplainDecisions: %s %s %s %s "
                                   "%s %" APR_UINT64_T_FMT "\n", h->name,
                                   ap_escape_uri(r->pool, h->sections[row]),
                                   mtls_mode_name(m), mtls_verdict_name(v),
                                   mtls_action_name(a), n[a]);
                    }
                }
            }
        }
    }
    for (s = 0; s < 2; s++) {
        for (o = 0; o < MTLS_OUTCOMES; o++) {
            ap_rprintf(r, "MTLSExplainHandshakes: %s %s %s %"
                       APR_UINT64_T_FMT "\n", h->name,
                       s ? "resumed" : "full", mtls_metrics_outcome_name(o),
                       mtls_metrics_read(&h->counts->handshakes[s][o]));
        }
    }
    ap_rprintf(r, "MTLSExplainMisdirected: %s %" APR_UINT64_T_FMT "\n"
               "MTLSExplainRevocationUnavailable: %s %" APR_UINT64_T_FMT
               "\n", h->name, mtls_metrics_read(&h->counts->misdirected),
               h->name, mtls_metrics_read(&h->counts->unavailable));
}

/* Fingerprints and days left only: ?auto has no switch for subjects. */
static void auto_soonest(request_rec *r)
{
    mtls_expiry_seen_t seen[SOONEST];
    int i, n = mtls_expiry_soonest(r->pool, seen, SOONEST);

    for (i = 0; i < n; i++) {
        ap_rprintf(r, "MTLSExplainExpiring: %s %" APR_INT64_T_FMT "\n",
                   seen[i].sha256,
                   (apr_int64_t)apr_time_sec(seen[i].not_after
                                             - r->request_time) / 86400);
    }
}

static apr_uint64_t host_max(const mtls_metrics_host_t *h)
{
    apr_uint64_t n[MTLS_ACTIONS], t, max = 0;
    int row, m, v;

    for (row = 0; row < h->nrows; row++) {
        for (m = 0; m < MTLS_MODES; m++) {
            for (v = 0; v < MTLS_VERDICT_COUNT; v++) {
                t = row_total(h, row, m, v, n);
                max = t > max ? t : max;
            }
        }
    }
    return max;
}

/* One bar segment, as wide as its share of the host's busiest row. */
static void segment(request_rec *r, apr_uint64_t n, apr_uint64_t max,
                    const char *colour)
{
    if (n) {
        ap_rprintf(r, "<span style=\"display:inline-block;height:0.8em;"
                   "width:%dpx;background:%s\"></span>",
                   (int)(n * BAR_WIDTH / max) + 1, colour);
    }
}

static void html_host(request_rec *r, const mtls_metrics_host_t *h)
{
    apr_uint64_t n[MTLS_ACTIONS], max = host_max(h);
    int row, m, v, o;

    ap_rprintf(r, "<h3>%s</h3>\n", ap_escape_html(r->pool, h->name));
    ap_rputs("<table border=\"0\"><tr><th>Section</th><th>Mode</th>"
             "<th>Verdict</th><th>Allowed</th><th>Denied</th>"
             "<th>Report-only</th><th></th></tr>\n", r);
    for (row = 0; row < h->nrows; row++) {
        for (m = 0; m < MTLS_MODES; m++) {
            for (v = 0; v < MTLS_VERDICT_COUNT; v++) {
                if (!row_total(h, row, m, v, n)) {
                    continue;
                }
                ap_rprintf(r, "<tr><td>%s</td><td>%s</td><td>%s</td>"
                           "<td>%" APR_UINT64_T_FMT "</td><td>%"
                           APR_UINT64_T_FMT "</td><td>%" APR_UINT64_T_FMT
                           "</td><td>",
                           ap_escape_html(r->pool, h->sections[row]),
                           mtls_mode_name(m), mtls_verdict_name(v),
                           n[MTLS_ACTION_ALLOW], n[MTLS_ACTION_DENY],
                           n[MTLS_ACTION_REPORT]);
                segment(r, n[MTLS_ACTION_ALLOW], max, "#4a4");
                segment(r, n[MTLS_ACTION_DENY], max, "#c33");
                segment(r, n[MTLS_ACTION_REPORT], max, "#e90");
                ap_rputs("</td></tr>\n", r);
            }
        }
    }
    ap_rputs("</table>\n<p>Handshakes, full / resumed:", r);
    for (o = 0; o < MTLS_OUTCOMES; o++) {
        ap_rprintf(r, " %s %" APR_UINT64_T_FMT " / %" APR_UINT64_T_FMT "%s",
                   mtls_metrics_outcome_name(o),
                   mtls_metrics_read(&h->counts->handshakes[0][o]),
                   mtls_metrics_read(&h->counts->handshakes[1][o]),
                   o + 1 < MTLS_OUTCOMES ? "," : ".");
    }
    ap_rprintf(r, " Misdirected (421): %" APR_UINT64_T_FMT ". Revocation "
               "unknown (503): %" APR_UINT64_T_FMT ".</p>\n",
               mtls_metrics_read(&h->counts->misdirected),
               mtls_metrics_read(&h->counts->unavailable));
}

/* server-status is sent as ISO-8859-1: a subject, escaped for HTML and
 * so valid UTF-8, goes out as ASCII with numeric character references. */
static const char *ascii_html(apr_pool_t *p, const char *html)
{
    const unsigned char *u = (const unsigned char *)html;
    char *out = apr_palloc(p, strlen(html) * 6 + 1), *o = out;
    apr_uint32_t cp;
    int more;

    while (*u) {
        if (*u < 0x80) {
            *o++ = (char)*u++;
            continue;
        }
        more = *u >= 0xF0 ? 3 : *u >= 0xE0 ? 2 : 1;
        cp = *u++ & (0x3F >> more);
        for (; more && (*u & 0xC0) == 0x80; more--) {
            cp = cp << 6 | (*u++ & 0x3F);
        }
        o += apr_snprintf(o, 12, "&#%u;", (unsigned)cp);
    }
    *o = '\0';
    return out;
}

/* Subjects only when the administrator asked: a status page should not
 * name the people using the site. */
static void html_soonest(request_rec *r)
{
    mtls_expiry_seen_t seen[SOONEST];
    int show = mtls_conf_srv(r->server)->show_subjects == 1;
    int i, n = mtls_expiry_soonest(r->pool, seen, SOONEST);
    char when[APR_RFC822_DATE_LEN];

    if (!n) {
        return;
    }
    ap_rprintf(r, "<p>Client certificates inside their warning window, "
               "soonest to expire first:</p>\n<table border=\"0\"><tr>"
               "<th>SHA-256</th><th>Days left</th><th>Last seen</th>%s</tr>\n",
               show ? "<th>Subject</th>" : "");
    for (i = 0; i < n; i++) {
        apr_rfc822_date(when, seen[i].last_seen);
        ap_rprintf(r, "<tr><td>%s</td><td>%" APR_INT64_T_FMT "</td>"
                   "<td>%s</td>", ap_escape_html(r->pool, seen[i].sha256),
                   (apr_int64_t)apr_time_sec(seen[i].not_after
                                             - r->request_time) / 86400,
                   when);
        if (show) {
            ap_rprintf(r, "<td>%s</td>", ascii_html(r->pool,
                       mtls_escape_html(r->pool, seen[i].subject)));
        }
        ap_rputs("</tr>\n", r);
    }
    ap_rputs("</table>\n", r);
}

int mtls_status_hook(request_rec *r, int flags)
{
    const mtls_metrics_host_t *hosts;
    int n, i;

    hosts = mtls_metrics_hosts(&n);
    if (!hosts) {
        return OK;
    }
    if (flags & AP_STATUS_SHORT) {
        for (i = 0; i < n; i++) {
            auto_lines(r, &hosts[i]);
        }
        auto_soonest(r);
        return OK;
    }
    ap_rputs("<hr />\n<h2>mod_mtls_explain</h2>\n", r);
    for (i = 0; i < n; i++) {
        html_host(r, &hosts[i]);
    }
    html_soonest(r);
    return OK;
}
