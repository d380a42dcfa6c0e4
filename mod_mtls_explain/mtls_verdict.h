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
 * The verdict: a pure function from what the TLS bridge recorded about a
 * connection's client certificate and the location's policy to a decision.
 * Nothing here knows about OpenSSL or mod_ssl, so it is unit-tested and
 * fuzzed without a TLS connection.
 */

#ifndef MTLS_VERDICT_H
#define MTLS_VERDICT_H

#include <apr_time.h>

/* Policy modes, named as administrators know them from SSLVerifyClient. */
typedef enum {
    MTLS_MODE_UNSET = -1,
    MTLS_MODE_NONE = 0,
    MTLS_MODE_OPTIONAL,
    MTLS_MODE_OPTIONAL_NO_CA,
    MTLS_MODE_REQUIRE
} mtls_mode_e;

/* What went wrong with a presented certificate, as the bridge classified it. */
typedef enum {
    MTLS_FAIL_NONE = 0,
    MTLS_FAIL_EXPIRED,
    MTLS_FAIL_NOT_YET_VALID,
    MTLS_FAIL_REVOKED,
    MTLS_FAIL_UNTRUSTED,
    MTLS_FAIL_INVALID,
    MTLS_FAIL_REVOCATION_UNKNOWN,   /* the site's own CRL or OCSP failed */
    MTLS_FAIL_WRONG_PURPOSE     /* not meant for client authentication */
} mtls_fail_e;

typedef enum {
    MTLS_VERDICT_OK = 0,
    MTLS_VERDICT_GENEROUS,
    MTLS_VERDICT_NONE,
    MTLS_VERDICT_EXPIRED,
    MTLS_VERDICT_NOT_YET_VALID,
    MTLS_VERDICT_REVOKED,
    MTLS_VERDICT_UNTRUSTED,
    MTLS_VERDICT_INVALID,
    MTLS_VERDICT_REVOCATION_UNKNOWN,
    /* A verified certificate that authorization (Require) refused. */
    MTLS_VERDICT_NOT_AUTHORIZED,
    /* The person's own certificate is not meant for signing in: a
     * signing or e-mail certificate, often from the same smart card. */
    MTLS_VERDICT_WRONG_PURPOSE
} mtls_verdict_e;

#define MTLS_VERDICT_COUNT 11

typedef enum {
    MTLS_ACTION_ALLOW = 0,
    MTLS_ACTION_DENY,
    MTLS_ACTION_REPORT
} mtls_action_e;

/* Plain facts about one certificate; every string is raw and hostile. */
typedef struct {
    const char *subject;
    const char *issuer;
    const char *serial;
    const char *not_before;      /* ISO 8601, UTC */
    const char *not_after;       /* ISO 8601, UTC */
    const char *sha256;          /* colon-separated hex */
    apr_time_t not_before_time;  /* 0 when unknown */
    apr_time_t not_after_time;   /* 0 when unknown */
} mtls_cert_t;

/* What the TLS bridge recorded for one connection. */
typedef struct {
    int presented;          /* the client sent a certificate */
    mtls_fail_e failure;    /* class of the deciding failure, NONE if verified */
    int issuer_only;        /* every failure was an issuer/chain-trust error */
    int site_only;          /* every failure was the site's revocation data */
    int errnum;             /* OpenSSL verify error of the deciding failure */
    const char *reason;     /* its text */
    int depth;              /* chain depth of the failing certificate */
    mtls_cert_t leaf;       /* the client's own certificate, when needed */
    mtls_cert_t failing;    /* the certificate at depth (== leaf at depth 0) */
    /* When the deciding failure is a chain longer than the host allows
     * (SSLVerifyDepth): the CAs above the leaf, and the host's limit;
     * else both 0. The fault is the site's limit, not the certificate. */
    int chain_depth;
    int depth_limit;
} mtls_peer_t;

/* What a location's directives say about client certificates, as the
 * per-directory configuration holds them: the flags are 1 when on, 0 or
 * -1 (not said) when off, so that a request passes the record as it is. */
typedef struct {
    mtls_mode_e mode;           /* MTLS_MODE_UNSET: optional */
    int report_only;
    /* MTLSExplainRevocationUnknown allow: a certificate whose only fault
     * is that the site could not check its revocation is let through. */
    int revocation_unknown_allow;
} mtls_policy_t;

/* One decision for one request. */
typedef struct {
    mtls_mode_e mode;
    int report_only;
    mtls_verdict_e verdict;
    mtls_action_e action;
    const char *substatus;  /* "403.17" when denied or reported, else "" */
    int soft_failed;        /* allowed only by revocation_unknown_allow */
} mtls_decision_t;

/* Decide a request from the connection's record and the location's policy. */
void mtls_verdict_decide(const mtls_peer_t *peer, const mtls_policy_t *policy,
                         mtls_decision_t *out);

/* The token used in variables, logs and pages ("expired", "none", ...). */
const char *mtls_verdict_name(mtls_verdict_e verdict);

/* The IIS-style sub-status a denial with this verdict carries. */
const char *mtls_verdict_substatus(mtls_verdict_e verdict);

/* The HTTP status a denial with this verdict answers: 403, except 503
 * when the site's own revocation data failed. */
int mtls_verdict_status(mtls_verdict_e verdict);

/* The policy keyword ("require", ...). */
const char *mtls_mode_name(mtls_mode_e mode);

/* Parse a policy keyword, case-insensitively; MTLS_MODE_UNSET if unknown. */
mtls_mode_e mtls_mode_parse(const char *word);

/* The action keyword ("deny", "allow", "report"). */
const char *mtls_action_name(mtls_action_e action);

#endif /* MTLS_VERDICT_H */
