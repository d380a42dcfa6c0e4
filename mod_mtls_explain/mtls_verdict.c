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

/* The verdict, a pure function of the record and the policy, and the
 * names of its values. */

#include <apr_cstr.h>

#include "mtls_verdict.h"

static const char *const verdict_names[MTLS_VERDICT_COUNT] = {
    "ok", "generous", "none", "expired", "not_yet_valid", "revoked",
    "untrusted", "invalid", "revocation_unknown", "not_authorized",
    "wrong_purpose"
};

/* The IIS 403 sub-status vocabulary administrators already search for.
 * IIS has no sub-status for a 503: revocation_unknown carries the bare
 * status, so that the field still says how the request was answered. */
static const char *const verdict_substatus[MTLS_VERDICT_COUNT] = {
    "", "", "403.7", "403.17", "403.17", "403.13", "403.16", "403.16", "503",
    "403.12", "403.16"
};

static const char *const mode_names[] = {
    "none", "optional", "optional_no_ca", "require"
};

static const char *const action_names[] = { "allow", "deny", "report" };

const char *mtls_verdict_name(mtls_verdict_e verdict)
{
    return verdict_names[verdict];
}

const char *mtls_verdict_substatus(mtls_verdict_e verdict)
{
    return verdict_substatus[verdict];
}

int mtls_verdict_status(mtls_verdict_e verdict)
{
    return verdict == MTLS_VERDICT_REVOCATION_UNKNOWN ? 503 : 403;
}

const char *mtls_mode_name(mtls_mode_e mode)
{
    return mode == MTLS_MODE_UNSET ? "unset" : mode_names[mode];
}

const char *mtls_action_name(mtls_action_e action)
{
    return action_names[action];
}

mtls_mode_e mtls_mode_parse(const char *word)
{
    int i;

    for (i = 0; i < (int)(sizeof(mode_names) / sizeof(mode_names[0])); i++) {
        /* Not apr_strnatcasecmp(), which skips spaces: "re quire" is
         * not a keyword. */
        if (!apr_cstr_casecmp(word, mode_names[i])) {
            return (mtls_mode_e)i;
        }
    }
    return MTLS_MODE_UNSET;
}

static mtls_verdict_e verdict_of_failure(mtls_fail_e failure)
{
    switch (failure) {
    case MTLS_FAIL_NONE:          return MTLS_VERDICT_OK;
    case MTLS_FAIL_EXPIRED:       return MTLS_VERDICT_EXPIRED;
    case MTLS_FAIL_NOT_YET_VALID: return MTLS_VERDICT_NOT_YET_VALID;
    case MTLS_FAIL_REVOKED:       return MTLS_VERDICT_REVOKED;
    case MTLS_FAIL_UNTRUSTED:     return MTLS_VERDICT_UNTRUSTED;
    case MTLS_FAIL_REVOCATION_UNKNOWN:
        return MTLS_VERDICT_REVOCATION_UNKNOWN;
    case MTLS_FAIL_WRONG_PURPOSE: return MTLS_VERDICT_WRONG_PURPOSE;
    default:                      return MTLS_VERDICT_INVALID;
    }
}

void mtls_verdict_decide(const mtls_peer_t *peer, const mtls_policy_t *policy,
                         mtls_decision_t *out)
{
    mtls_mode_e mode = policy->mode;
    int deny, soft_failed = 0;

    /* An armed vhost with no policy said still refuses bad certificates:
     * a failed certificate must never slip through by default. */
    if (mode == MTLS_MODE_UNSET) {
        mode = MTLS_MODE_OPTIONAL;
    }

    if (!peer->presented) {
        out->verdict = MTLS_VERDICT_NONE;
        deny = (mode == MTLS_MODE_REQUIRE);
    }
    else if (peer->failure == MTLS_FAIL_NONE) {
        out->verdict = MTLS_VERDICT_OK;
        deny = 0;
    }
    else if (mode == MTLS_MODE_OPTIONAL_NO_CA && peer->issuer_only) {
        out->verdict = MTLS_VERDICT_GENEROUS;
        deny = 0;
    }
    else {
        out->verdict = verdict_of_failure(peer->failure);
        /* A CA above the person's certificate that may not issue client
         * certificates is no certificate the person could choose. */
        if (out->verdict == MTLS_VERDICT_WRONG_PURPOSE && peer->depth > 0) {
            out->verdict = MTLS_VERDICT_INVALID;
        }
        deny = (mode != MTLS_MODE_NONE);
        /* The soft-fail lets through only the site's own failure: the
         * verdict alone is not enough, as any failure of the certificate
         * itself, even one ranked below it, must still refuse. */
        soft_failed = deny && policy->revocation_unknown_allow == 1
                      && out->verdict == MTLS_VERDICT_REVOCATION_UNKNOWN
                      && peer->site_only;
        deny = deny && !soft_failed;
    }

    out->mode = mode;
    out->report_only = policy->report_only == 1;
    out->soft_failed = soft_failed;
    if (!deny) {
        out->action = MTLS_ACTION_ALLOW;
        out->substatus = "";
    }
    else {
        out->action = out->report_only ? MTLS_ACTION_REPORT
                                       : MTLS_ACTION_DENY;
        out->substatus = verdict_substatus[out->verdict];
    }
}
