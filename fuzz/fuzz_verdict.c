/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * The verdict over every record the TLS bridge can produce, every policy
 * and report-only, and the policy keyword parser over any text.
 *
 * Asserts the module's promises: a certificate that was sent and failed is
 * never allowed except by "none" or by "optional_no_ca" for issuer errors
 * alone; only a verified certificate is "ok"; a refusal always carries its
 * sub-status and an allowed request none; report-only never denies and
 * enforcement never merely reports; an unset policy is "optional"; the
 * parser accepts the four keywords, in any case, and nothing else.
 */

#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "mtls_verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keywords[] = {
    "none", "optional", "optional_no_ca", "require"
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool_begin();
    fuzz_input_t in = { data, size };
    mtls_peer_t peer;
    mtls_decision_t d;
    unsigned flags = fuzz_byte(&in);
    mtls_mode_e mode = (mtls_mode_e)((int)(fuzz_byte(&in) % 5) - 1);
    mtls_mode_e parsed, effective;
    int failed, excused, soft, i;
    mtls_policy_t policy;
    const char *word;

    memset(&peer, 0, sizeof(peer));
    peer.presented = flags & 1;
    peer.issuer_only = (flags >> 1) & 1;
    peer.site_only = (flags >> 3) & 1;
    peer.failure = (mtls_fail_e)(fuzz_byte(&in)
                                 % (MTLS_FAIL_WRONG_PURPOSE + 1));
    /* as the configuration holds them: on, off or not said */
    policy.mode = mode;
    policy.report_only = (int)(fuzz_byte(&in) % 3) - 1;
    policy.revocation_unknown_allow = (int)(fuzz_byte(&in) % 3) - 1;
    mtls_verdict_decide(&peer, &policy, &d);

    effective = mode == MTLS_MODE_UNSET ? MTLS_MODE_OPTIONAL : mode;
    failed = peer.presented && peer.failure != MTLS_FAIL_NONE;
    /* The soft-fail excuses the site's revocation data, and nothing of
     * the certificate's own. */
    soft = failed && policy.revocation_unknown_allow == 1 && peer.site_only
           && peer.failure == MTLS_FAIL_REVOCATION_UNKNOWN;
    excused = effective == MTLS_MODE_NONE
              || (effective == MTLS_MODE_OPTIONAL_NO_CA && peer.issuer_only)
              || soft;

    FUZZ_ASSERT(d.mode == effective, "policy applied is not the one asked");
    FUZZ_ASSERT(d.report_only == (policy.report_only == 1),
                "report-only not kept");
    FUZZ_ASSERT(!failed || excused || d.action != MTLS_ACTION_ALLOW,
                "a failed certificate was allowed");
    FUZZ_ASSERT(!d.soft_failed
                || (soft && d.action == MTLS_ACTION_ALLOW
                    && d.verdict == MTLS_VERDICT_REVOCATION_UNKNOWN),
                "soft-fail for anything but the site's revocation data");
    FUZZ_ASSERT(peer.presented || effective != MTLS_MODE_REQUIRE
                || d.action != MTLS_ACTION_ALLOW,
                "no certificate allowed under require");
    FUZZ_ASSERT((d.verdict == MTLS_VERDICT_OK)
                == (peer.presented && peer.failure == MTLS_FAIL_NONE),
                "ok is not exactly a verified certificate");
    FUZZ_ASSERT(d.verdict != MTLS_VERDICT_GENEROUS
                || (failed && peer.issuer_only
                    && effective == MTLS_MODE_OPTIONAL_NO_CA),
                "generous without an excused issuer error");
    FUZZ_ASSERT((d.verdict == MTLS_VERDICT_NONE) == !peer.presented,
                "none is not exactly a missing certificate");
    FUZZ_ASSERT(d.action != MTLS_ACTION_DENY || !d.report_only,
                "report-only denied");
    FUZZ_ASSERT(d.action != MTLS_ACTION_REPORT || d.report_only,
                "enforcement only reported");
    FUZZ_ASSERT(d.substatus, "no sub-status string");
    if (d.action == MTLS_ACTION_ALLOW) {
        FUZZ_ASSERT(!*d.substatus, "allowed with a sub-status");
    }
    else {
        FUZZ_ASSERT(!strcmp(d.substatus, mtls_verdict_substatus(d.verdict))
                    && !strncmp(d.substatus, "403.", 4)
                       == (mtls_verdict_status(d.verdict) == 403),
                    "refused without its sub-status");
        /* The site's own failure is never the certificate's. */
        FUZZ_ASSERT((mtls_verdict_status(d.verdict) == 503)
                    == (peer.presented
                        && peer.failure == MTLS_FAIL_REVOCATION_UNKNOWN),
                    "503 for anything but the site's revocation data");
    }
    FUZZ_ASSERT(mtls_verdict_name(d.verdict) && mtls_mode_name(d.mode)
                && mtls_action_name(d.action), "a name is missing");

    word = fuzz_cstr(in.data, in.size, p);
    parsed = mtls_mode_parse(word);
    FUZZ_ASSERT(parsed >= MTLS_MODE_UNSET && parsed <= MTLS_MODE_REQUIRE,
                "parser returned no mode");
    for (i = 0; i < 4; i++) {
        FUZZ_ASSERT((strcasecmp(word, keywords[i]) == 0) == (parsed == i),
                    "parser does not accept exactly the keywords");
    }

    fuzz_pool_end(p);
    return 0;
}
