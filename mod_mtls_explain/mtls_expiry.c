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
 * Expiry early warning: variables, the shared table of certificates inside
 * their warning window, and its once-a-day warning.
 */

#include <stdlib.h>

#include <apr_atomic.h>
#include <apr_lib.h>
#include <apr_shm.h>
#include <apr_strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_main.h"

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_expiry.h"
#include "mtls_escape.h"
#include "mtls_ssl.h"

#define SLOT_FREE    0
#define SLOT_FILLING 1
#define SLOT_READY   2

/* A subject is kept for the status page only this far. */
#define SUBJECT_MAX 256

/* Slots probed from a fingerprint's home slot. */
#define PROBES 32

typedef struct {
    volatile apr_uint32_t state;
    volatile apr_uint32_t warned_at;    /* seconds, 0 never */
    volatile apr_uint32_t last_seen;    /* seconds */
    apr_uint32_t not_after;             /* seconds */
    char sha256[96];                    /* colon-separated hex */
    char subject[SUBJECT_MAX];
} slot_t;

static slot_t *slots;

const char *mtls_expiry_parse_window(apr_pool_t *p, const char *arg,
                                     apr_interval_time_t *out)
{
    char *end;
    apr_int64_t n;
    long unit = 1;

    if (!strcasecmp(arg, "off")) {
        *out = 0;
        return NULL;
    }
    n = apr_strtoi64(arg, &end, 10);
    if (end != arg && *end && !end[1]) {
        switch (*end) {
        case 'd': unit = 86400; end++; break;
        case 'h': unit = 3600; end++; break;
        case 'm': unit = 60; end++; break;
        case 's': end++; break;
        }
    }
    /* Ten years is longer than any client certificate should live. */
    if (end == arg || *end || n <= 0 || n > 3650L * 86400 / unit
        || !apr_isdigit(*arg)) {
        return apr_psprintf(p, "'%s' is not a duration: use a number with "
                            "d, h, m or s (30d, 12h), or off", arg);
    }
    *out = apr_time_from_sec(n * unit);
    return NULL;
}

int mtls_expiry_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp, server_rec *s)
{
    apr_size_t size = sizeof(slot_t) * MTLS_EXPIRY_SLOTS;
    apr_status_t rv;
    apr_shm_t *shm;
    server_rec *v;

    (void)plog;
    (void)ptemp;
    slots = NULL;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    for (v = s; v && !mtls_conf_armed(v); v = v->next) {
    }
    if (!v) {
        return OK;
    }
    rv = apr_shm_create(&shm, size, NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, MTLS_LOGNO(0051)
                     "cannot create the %" APR_SIZE_T_FMT " bytes of shared "
                     "memory the expiry warnings need", size);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    slots = apr_shm_baseaddr_get(shm);
    memset(slots, 0, size);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, s, MTLS_LOGNO(0053)
                 "expiry warnings: %" APR_SIZE_T_FMT " bytes of shared "
                 "memory for %d certificates, reset", size,
                 MTLS_EXPIRY_SLOTS);
    return OK;
}

/* The certificate's slot, claimed if it has none; NULL when the table is
 * full around its home slot. */
static slot_t *find_slot(const mtls_cert_t *cert, apr_uint32_t not_after)
{
    unsigned long home = strtoul(cert->sha256, NULL, 16) << 8
                         | strtoul(cert->sha256 + 3, NULL, 16);
    int i, spin;

    for (i = 0; i < PROBES; i++) {
        slot_t *slot = &slots[(home + i) % MTLS_EXPIRY_SLOTS];
        apr_uint32_t state = apr_atomic_read32(&slot->state);

        if (state == SLOT_FREE
            && apr_atomic_cas32(&slot->state, SLOT_FILLING, SLOT_FREE)
               == SLOT_FREE) {
            apr_cpystrn(slot->sha256, cert->sha256, sizeof(slot->sha256));
            apr_cpystrn(slot->subject, cert->subject ? cert->subject : "",
                        sizeof(slot->subject));
            slot->not_after = not_after;
            apr_atomic_set32(&slot->state, SLOT_READY);
            return slot;
        }
        /* Another process is filling it: a moment, not a lock. */
        for (spin = 0; state == SLOT_FILLING && spin < 100000; spin++) {
            state = apr_atomic_read32(&slot->state);
        }
        if (state == SLOT_READY && !strcmp(slot->sha256, cert->sha256)) {
            return slot;
        }
    }
    return NULL;
}

/* Warn at most once a day per certificate, whichever process sees it. */
static void note(request_rec *r, apr_int64_t left)
{
    apr_uint32_t now = (apr_uint32_t)apr_time_sec(r->request_time);
    apr_uint32_t warned;
    mtls_cert_t cert;
    slot_t *slot;

    /* Describing the certificate costs as much as the rest of the
     * request: once per connection (per stream's connection on HTTP/2,
     * whose notes no other thread touches) is enough to keep "last seen"
     * and the daily warning. */
    if (apr_table_get(r->connection->notes, "mtls-explain-expiry-noted")) {
        return;
    }
    apr_table_setn(r->connection->notes, "mtls-explain-expiry-noted", "1");
    memset(&cert, 0, sizeof(cert));
    mtls_ssl_leaf(r->connection, r->pool, &cert);
    if (!slots || !cert.sha256) {
        return;
    }
    slot = find_slot(&cert, (apr_uint32_t)apr_time_sec(cert.not_after_time));
    if (!slot) {
        return;
    }
    apr_atomic_set32(&slot->last_seen, now);
    warned = apr_atomic_read32(&slot->warned_at);
    if ((warned && now - warned < 86400)
        || apr_atomic_cas32(&slot->warned_at, now, warned) != warned) {
        return;
    }
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, MTLS_LOGNO(0052)
                  "client certificate expires in %" APR_INT64_T_FMT
                  " day(s), on %s: subject \"%s\", issuer \"%s\", serial "
                  "%s, sha256 %s", left / 86400,
                  cert.not_after ? cert.not_after : "?",
                  mtls_escape_log(r->pool, cert.subject),
                  mtls_escape_log(r->pool, cert.issuer),
                  cert.serial ? cert.serial : "?", cert.sha256);
}

/* A decimal number, the cheapest way. */
static const char *seconds_text(apr_pool_t *p, apr_int64_t n)
{
    char buf[24], *end = buf + sizeof(buf), *d = end;
    int negative = n < 0;
    apr_uint64_t u = negative ? (apr_uint64_t)-n : (apr_uint64_t)n;

    /* Two digits a step: this runs on every allowed request. */
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324"
        "25262728293031323334353637383940414243444546474849"
        "50515253545556575859606162636465666768697071727374"
        "75767778798081828384858687888990919293949596979899";

    while (u >= 100) {
        const char *pair = pairs + (u % 100) * 2;

        u /= 100;
        *--d = pair[1];
        *--d = pair[0];
    }
    if (u >= 10) {
        *--d = pairs[u * 2 + 1];
        *--d = pairs[u * 2];
    }
    else {
        *--d = (char)('0' + u);
    }
    if (negative) {
        *--d = '-';
    }
    return apr_pstrmemdup(p, d, end - d);
}

int mtls_expiry_fixups(request_rec *r)
{
    const mtls_peer_t *peer;
    apr_interval_time_t window;
    apr_int64_t left;

    if (r->main || !mtls_conf_armed(r->server)) {
        return DECLINED;
    }
    peer = mtls_ssl_peer(r->connection);
    if (!peer->presented || peer->failure != MTLS_FAIL_NONE
        || !peer->leaf.not_after_time) {
        return DECLINED;
    }
    left = apr_time_sec(peer->leaf.not_after_time - r->request_time);
    /* This runs on every allowed request: no format engine, and no
     * search of the table for a value that is set only here (a subrequest
     * sets none, an internal redirect renames what it inherits). */
    apr_table_addn(r->subprocess_env, "MTLS_EXPLAIN_CERT_EXPIRES_IN",
                   seconds_text(r->pool, left));
    window = mtls_conf_dir(r)->warn_window;
    if (window < 0) {
        window = MTLS_EXPIRY_DEFAULT_WINDOW;
    }
    if (window && left <= apr_time_sec(window)) {
        apr_table_setn(r->subprocess_env, "MTLS_EXPLAIN_CERT_EXPIRING", "1");
        note(r, left);
    }
    return DECLINED;
}

static int by_not_after(const void *a, const void *b)
{
    const mtls_expiry_seen_t *x = a, *y = b;

    return x->not_after < y->not_after ? -1 : x->not_after > y->not_after;
}

int mtls_expiry_soonest(apr_pool_t *p, mtls_expiry_seen_t *out, int max)
{
    mtls_expiry_seen_t *all;
    int i, n = 0;

    if (!slots) {
        return 0;
    }
    all = apr_palloc(p, sizeof(*all) * MTLS_EXPIRY_SLOTS);
    for (i = 0; i < MTLS_EXPIRY_SLOTS; i++) {
        const slot_t *slot = &slots[i];

        if (apr_atomic_read32((volatile apr_uint32_t *)&slot->state)
            != SLOT_READY) {
            continue;
        }
        all[n].sha256 = apr_pstrndup(p, slot->sha256, sizeof(slot->sha256));
        all[n].subject = apr_pstrndup(p, slot->subject,
                                      sizeof(slot->subject));
        all[n].not_after = apr_time_from_sec(slot->not_after);
        all[n].last_seen = apr_time_from_sec(slot->last_seen);
        n++;
    }
    qsort(all, n, sizeof(*all), by_not_after);
    if (n > max) {
        n = max;
    }
    memcpy(out, all, sizeof(*all) * n);
    return n;
}
