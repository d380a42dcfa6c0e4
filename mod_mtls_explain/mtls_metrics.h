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
 * Decision counters in shared memory: one segment for all child processes
 * and threads, sized at startup from the armed virtual hosts and their
 * policy sections, incremented atomically without a lock.
 */

#ifndef MTLS_METRICS_H
#define MTLS_METRICS_H

#include <apr_time.h>

#include "httpd.h"
#include "http_config.h"

#include "mtls_verdict.h"

/* Policy section ids kept in the per-directory record: unset (the host's
 * own policy), said in .htaccess (unknown at startup), or a section
 * registered while the configuration was read. */
#define MTLS_SECTION_UNSET    (-1)
#define MTLS_SECTION_HOST     0
#define MTLS_SECTION_HTACCESS 1

#define MTLS_MODES   4
#define MTLS_ACTIONS 3

/* Handshake outcomes: no certificate, verified, then one per failure
 * class (mtls_fail_e). */
#define MTLS_OUTCOMES 8

/* Upper bounds, in days, of the remaining-lifetime histogram's buckets;
 * the last bucket, +Inf, is implied. */
#define MTLS_LIFETIME_BUCKETS 9
extern const int mtls_metrics_lifetime_days[MTLS_LIFETIME_BUCKETS];

/* One policy section's counters. */
typedef struct {
    apr_uint64_t decisions[MTLS_MODES][MTLS_VERDICT_COUNT][MTLS_ACTIONS];
} mtls_metrics_row_t;

/* One armed host's counters besides its sections'. */
typedef struct {
    apr_uint64_t misdirected;
    apr_uint64_t unavailable;
    apr_uint64_t handshakes[2][MTLS_OUTCOMES];      /* [resumed][outcome] */
    apr_uint64_t lifetime[MTLS_LIFETIME_BUCKETS + 1];
    apr_uint64_t lifetime_sum;                      /* seconds */
} mtls_metrics_counts_t;

/* An armed host as the renderers see it: names from the configuration,
 * counters in the shared segment. */
typedef struct mtls_metrics_host_t {
    const char *name;               /* "name:port" */
    server_rec *server;             /* the first host of that name */
    int nrows;
    const char **sections;          /* row labels, nrows of them */
    mtls_metrics_counts_t *counts;
    mtls_metrics_row_t *rows;
    int *rowmap;                    /* section id -> row, -1 if not here */
} mtls_metrics_host_t;

/* The section a directive sits in, registered for counting. */
int mtls_metrics_section(cmd_parms *cmd);

/* pre_config: forget the previous configuration's sections. */
int mtls_metrics_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp);

/* post_config: lay out and create the shared segment (a new one, zeroed,
 * on every restart). */
int mtls_metrics_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp, server_rec *s);

/* One decision on an armed host, counted under the section that set the
 * effective policy. */
void mtls_metrics_count_decision(request_rec *r, int section,
                                 const mtls_decision_t *d);

/* A request refused with 421 because it names another host than the one
 * its TLS connection was verified for, counted on armed host s. */
void mtls_metrics_count_misdirected(server_rec *s);

/* A request answered 503 because revocation could not be checked. */
void mtls_metrics_count_unavailable(request_rec *r);

/* A completed handshake on armed host s, with its certificate outcome and,
 * for a verified certificate, its remaining lifetime. */
void mtls_metrics_count_handshake(server_rec *s, int resumed,
                                  const mtls_peer_t *peer, apr_time_t now);

/* The armed hosts, for renderers; NULL when nothing is counted. */
const mtls_metrics_host_t *mtls_metrics_hosts(int *count);

/* A counter read once, atomically. */
apr_uint64_t mtls_metrics_read(apr_uint64_t *counter);

/* Labels: "verified", "none", "expired", ... and "full" / "resumed". */
const char *mtls_metrics_outcome_name(int outcome);

#endif /* MTLS_METRICS_H */
