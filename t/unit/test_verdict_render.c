/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * Unit tests for the pure parts: the verdict table and the renderer's
 * escaping and page. TAP output, run by `make check` before the
 * integration suite.
 */

#include <stdio.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "mtls_lang.h"
#include "mtls_escape.h"
#include "mtls_render.h"
#include "mtls_verdict.h"

#include "tap.h"

static int planned;

static void decide(const mtls_peer_t *peer, mtls_mode_e mode,
                   int report_only, int revocation_unknown_allow,
                   mtls_decision_t *d)
{
    mtls_policy_t policy;

    policy.mode = mode;
    policy.report_only = report_only;
    policy.revocation_unknown_allow = revocation_unknown_allow;
    mtls_verdict_decide(peer, &policy, d);
}

static void test_verdicts(void)
{
    mtls_peer_t peer;
    mtls_decision_t d;

    memset(&peer, 0, sizeof(peer));
    decide(&peer, MTLS_MODE_REQUIRE, 0, 0, &d);
    ok(d.verdict == MTLS_VERDICT_NONE && d.action == MTLS_ACTION_DENY,
       "no certificate under require: none, deny");
    is_str(d.substatus, "403.7", "no certificate: 403.7");
    decide(&peer, MTLS_MODE_UNSET, 0, 0, &d);
    ok(d.mode == MTLS_MODE_OPTIONAL && d.action == MTLS_ACTION_ALLOW,
       "unset policy means optional: no certificate allowed");

    peer.presented = 1;
    peer.failure = MTLS_FAIL_EXPIRED;
    decide(&peer, MTLS_MODE_UNSET, 0, 0, &d);
    ok(d.action == MTLS_ACTION_DENY && d.verdict == MTLS_VERDICT_EXPIRED,
       "a failed certificate never slips through by default");
    is_str(d.substatus, "403.17", "expired: 403.17");
    decide(&peer, MTLS_MODE_REQUIRE, 1, 0, &d);
    ok(d.action == MTLS_ACTION_REPORT, "report-only reports instead");
    is_str(d.substatus, "403.17", "report-only keeps the sub-status");
    decide(&peer, MTLS_MODE_NONE, 0, 0, &d);
    ok(d.action == MTLS_ACTION_ALLOW && d.verdict == MTLS_VERDICT_EXPIRED,
       "none: allowed, verdict still expired");
    is_str(d.substatus, "", "allowed: empty sub-status");

    peer.failure = MTLS_FAIL_UNTRUSTED;
    peer.issuer_only = 1;
    decide(&peer, MTLS_MODE_OPTIONAL_NO_CA, 0, 0, &d);
    ok(d.verdict == MTLS_VERDICT_GENEROUS && d.action == MTLS_ACTION_ALLOW,
       "issuer-only failure under optional_no_ca: generous");
    decide(&peer, MTLS_MODE_OPTIONAL, 0, 0, &d);
    ok(d.verdict == MTLS_VERDICT_UNTRUSTED && d.action == MTLS_ACTION_DENY,
       "issuer-only failure under optional: untrusted, deny");
    is_str(d.substatus, "403.16", "untrusted: 403.16");
    peer.issuer_only = 0;
    decide(&peer, MTLS_MODE_OPTIONAL_NO_CA, 0, 0, &d);
    ok(d.action == MTLS_ACTION_DENY,
       "issuer error plus a harder one under optional_no_ca: deny");

    peer.failure = MTLS_FAIL_REVOKED;
    decide(&peer, MTLS_MODE_OPTIONAL_NO_CA, 0, 0, &d);
    is_str(d.substatus, "403.13", "revoked: 403.13");
    peer.failure = MTLS_FAIL_INVALID;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 0, &d);
    ok(d.verdict == MTLS_VERDICT_INVALID, "invalid");
    is_str(d.substatus, "403.16", "invalid: 403.16");
    ok(mtls_verdict_status(d.verdict) == 403, "invalid: a 403");
    peer.failure = MTLS_FAIL_REVOCATION_UNKNOWN;
    decide(&peer, MTLS_MODE_OPTIONAL_NO_CA, 0, 0, &d);
    ok(d.verdict == MTLS_VERDICT_REVOCATION_UNKNOWN
       && d.action == MTLS_ACTION_DENY,
       "revocation unknown under optional_no_ca: denied, not excused");
    is_str(d.substatus, "503", "revocation unknown: no IIS sub-status");
    ok(mtls_verdict_status(d.verdict) == 503, "revocation unknown: a 503");
    is_str(mtls_verdict_name(d.verdict), "revocation_unknown",
           "revocation unknown: its token");
    decide(&peer, MTLS_MODE_NONE, 0, 0, &d);
    ok(d.action == MTLS_ACTION_ALLOW && !*d.substatus,
       "revocation unknown where nothing is required: allowed");
    ok(!d.soft_failed, "allowed by the mode, not by the soft-fail");

    /* MTLSExplainRevocationUnknown allow: the site's failure alone. */
    peer.site_only = 1;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 0, &d);
    ok(d.action == MTLS_ACTION_DENY && !d.soft_failed,
       "revocation unknown, deny (the default): denied");
    decide(&peer, MTLS_MODE_REQUIRE, 0, 1, &d);
    ok(d.action == MTLS_ACTION_ALLOW && d.soft_failed
       && d.verdict == MTLS_VERDICT_REVOCATION_UNKNOWN && !*d.substatus,
       "revocation unknown, allow: allowed, flagged, verdict kept");
    decide(&peer, MTLS_MODE_REQUIRE, 1, 1, &d);
    ok(d.action == MTLS_ACTION_ALLOW && d.soft_failed,
       "allow under report-only: allowed, nothing to report");
    decide(&peer, MTLS_MODE_NONE, 0, 1, &d);
    ok(d.action == MTLS_ACTION_ALLOW && !d.soft_failed,
       "allow where nothing is required: the mode allowed it");
    peer.site_only = 0;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 1, &d);
    ok(d.action == MTLS_ACTION_DENY && !d.soft_failed
       && !strcmp(d.substatus, "503"),
       "revocation unknown with another failure in the chain: denied");
    peer.site_only = 1;
    peer.failure = MTLS_FAIL_EXPIRED;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 1, &d);
    ok(d.action == MTLS_ACTION_DENY && !strcmp(d.substatus, "403.17"),
       "allow: an expired certificate is still 403.17");
    peer.failure = MTLS_FAIL_REVOKED;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 1, &d);
    ok(d.action == MTLS_ACTION_DENY && !strcmp(d.substatus, "403.13"),
       "allow: a revoked certificate is still 403.13");
    peer.failure = MTLS_FAIL_UNTRUSTED;
    decide(&peer, MTLS_MODE_OPTIONAL, 0, 1, &d);
    ok(d.action == MTLS_ACTION_DENY && !strcmp(d.substatus, "403.16"),
       "allow: an untrusted certificate is still 403.16");
    peer.presented = 0;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 1, &d);
    ok(d.action == MTLS_ACTION_DENY && !strcmp(d.substatus, "403.7"),
       "allow: no certificate under require is still 403.7");
    peer.presented = 1;
    peer.site_only = 0;

    peer.failure = MTLS_FAIL_NONE;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 0, &d);
    ok(d.verdict == MTLS_VERDICT_OK && d.action == MTLS_ACTION_ALLOW,
       "verified certificate under require: ok");

    ok(mtls_mode_parse("OPTIONAL_NO_CA") == MTLS_MODE_OPTIONAL_NO_CA,
       "mode keywords are case-insensitive");
    ok(mtls_mode_parse("sometimes") == MTLS_MODE_UNSET,
       "unknown mode keyword");
    ok(mtls_mode_parse(" req uire") == MTLS_MODE_UNSET,
       "a keyword with spaces in it is not that keyword");
}

static void test_escape(apr_pool_t *p)
{
    is_str(mtls_escape_html(p, "<a href=\"x\">&'</a>"),
           "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
           "markup characters escaped");
    is_str(mtls_escape_html(p, "a\r\nb\x01" "c"),
           "a\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c",
           "control characters replaced");
    is_str(mtls_escape_html(p, "caf\xC3\xA9 \xE2\x80\x8F"),
           "caf\xC3\xA9 \xE2\x80\x8F", "valid UTF-8 kept");
    is_str(mtls_escape_html(p, "x\xC0\xAFy"),
           "x\xEF\xBF\xBD\xEF\xBF\xBDy", "overlong UTF-8 replaced");
    is_str(mtls_escape_html(p, "\xED\xA0\x80"),
           "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "surrogate replaced");
    is_str(mtls_escape_html(p, "\xE2\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD",
           "truncated sequence replaced");
    is_str(mtls_escape_html(p, "gpj\xE2\x80\xAE.exe \xE2\x81\xA6x\xE2\x81\xA9"),
           "gpj\xEF\xBF\xBD.exe \xEF\xBF\xBDx\xEF\xBF\xBD",
           "bidirectional override and isolates replaced");
    is_str(mtls_escape_html(p, "\xE2\x80\xA9\xE2\x80\xAA\xE2\x80\xAF"),
           "\xE2\x80\xA9\xEF\xBF\xBD\xE2\x80\xAF",
           "only the bidirectional controls around them");
    is_str(mtls_escape_html(p, NULL), "", "NULL is empty");
    is_str(mtls_escape_log(p, "a\"b%c\r\n\x01\x7F" "d\xC3\xA9"),
           "a%22b%25c%0D%0A%01%7F" "d\xC3\xA9",
           "log: quote, percent and controls encoded, UTF-8 left to the log");
    is_str(mtls_escape_log(p, NULL), "", "log: NULL is empty");
}

static void test_page(apr_pool_t *p)
{
    mtls_peer_t peer;
    mtls_decision_t d;
    mtls_page_t page;
    apr_size_t len;
    const char *html;

    memset(&peer, 0, sizeof(peer));
    peer.presented = 1;
    peer.failure = MTLS_FAIL_EXPIRED;
    peer.reason = "certificate has expired";
    peer.depth = 1;
    peer.leaf.subject = "CN=<b>me</b>";
    peer.failing.subject = "CN=Old CA & \"Co\"";
    peer.failing.not_after = "2021-01-01T00:00:00Z";
    peer.failing.not_after_time = apr_time_from_sec(1609459200);
    peer.leaf.not_before = "2023-11-11T22:13:20Z";
    peer.leaf.not_before_time = apr_time_from_sec(1699740800);
    peer.leaf.not_after = "2023-11-15T22:13:20Z";
    peer.leaf.not_after_time = apr_time_from_sec(1700086400);
    decide(&peer, MTLS_MODE_REQUIRE, 0, 0, &d);
    memset(&page, 0, sizeof(page));
    page.lang = mtls_lang_find("en");
    page.decision = &d;
    page.peer = &peer;
    page.host = "<host>";
    page.request_id = NULL;
    page.now = apr_time_from_sec(1700000000);

    html = mtls_render_html(p, &page, &len);
    ok(len == strlen(html), "length reported");
    ok(strstr(html, "<title>An authority above your certificate has "
                    "expired (403.17)</title>") != NULL,
       "depth 1: the title blames the CA");
    ok(strstr(html, "Your client certificate has expired") == NULL,
       "depth 1: not the person's certificate");
    ok(strstr(html, "The certificate that failed is CN=Old CA &amp; "
                    "&quot;Co&quot;, one step above") != NULL,
       "the failing CA named, escaped");
    ok(strstr(html, "CN=&lt;b&gt;me&lt;/b&gt;") != NULL
       && strstr(html, "<b>me") == NULL, "subject escaped");
    ok(strstr(html, "&lt;host&gt;") != NULL, "host escaped");
    ok(strstr(html, "1 January 2021, 00:00 UTC (2 years ago)") != NULL,
       "relative phrase: years ago");
    ok(strstr(html, "11 November 2023, 22:13 UTC (3 days ago)") != NULL,
       "relative phrase: days ago");
    ok(strstr(html, "(in 24 hours)") == NULL
       && strstr(html, "15 November 2023, 22:13 UTC (in 1 day)") != NULL,
       "relative phrase: in 1 day");
    ok(strstr(html, "<script") == NULL && strstr(html, "src=") == NULL,
       "no script, no external resource");
    is_str(mtls_render_title(p, &page),
           "An authority above your certificate has expired (403.17)",
           "title line");

    peer.presented = 0;
    peer.depth = 0;
    decide(&peer, MTLS_MODE_REQUIRE, 0, 0, &d);
    html = mtls_render_html(p, &page, &len);
    ok(strstr(html, "A client certificate is required") != NULL
       && strstr(html, "Your certificate</h2>") == NULL,
       "no certificate: 403.7 text, no details");
    ok(strstr(html, "browsers do not offer expired certificates") != NULL,
       "no certificate: the page says browsers hide expired ones");
}

/* A chain deeper than SSLVerifyDepth: the site's limit, both numbers, in
 * every format, and no other certificate to choose. */
static void test_too_long(apr_pool_t *p)
{
    mtls_peer_t peer;
    mtls_decision_t d;
    mtls_page_t page;
    apr_size_t len;
    const char *html, *json, *text;

    memset(&peer, 0, sizeof(peer));
    peer.presented = 1;
    peer.failure = MTLS_FAIL_INVALID;
    peer.errnum = 22;
    peer.reason = "certificate chain too long";
    peer.depth = 3;
    peer.chain_depth = 3;
    peer.depth_limit = 2;
    peer.leaf.subject = "CN=deep";
    peer.failing.subject = "CN=Root";
    decide(&peer, MTLS_MODE_REQUIRE, 0, 0, &d);
    memset(&page, 0, sizeof(page));
    page.lang = mtls_lang_find("en");
    page.decision = &d;
    page.peer = &peer;
    page.now = apr_time_from_sec(1700000000);

    is_str(mtls_render_title(p, &page),
           "Your certificate's chain is longer than this site allows "
           "(403.16)", "too long: its own title, 403.16");
    html = mtls_render_html(p, &page, &len);
    ok(strstr(html, "Authorities above your certificate in its chain: 3. "
                    "The most this site accepts: 2 (its SSLVerifyDepth "
                    "setting).") != NULL, "too long: both numbers");
    ok(strstr(html, "another certificate") == NULL
       && strstr(html, "Restart the browser") == NULL,
       "too long: no other certificate to choose");
    json = mtls_render_json(p, &page, &len);
    ok(strstr(json, ",\"chain_depth\":3,\"verify_depth\":2,") != NULL,
       "too long: both numbers as problem members");
    ok(strstr(json, "problem:chain-too-long\"") != NULL,
       "too long: a problem type of its own");
    text = mtls_render_text(p, &page, &len);
    ok(strstr(text, "details of this answer: the site's team can raise "
                    "its limit") != NULL, "too long: the text's advice");

    peer.chain_depth = 0;
    peer.depth_limit = 0;
    json = mtls_render_json(p, &page, &len);
    ok(strstr(json, "chain_depth") == NULL,
       "another invalid certificate: no chain_depth member");
    is_str(mtls_render_title(p, &page),
           "Your client certificate could not be verified (403.16)",
           "another invalid certificate: the usual title");
}

int main(void)
{
    apr_pool_t *p;

    planned = 68;
    apr_initialize();
    apr_pool_create(&p, NULL);
    printf("1..%d\n", planned);
    test_verdicts();
    test_escape(p);
    test_page(p);
    test_too_long(p);
    apr_pool_destroy(p);
    apr_terminate();
    if (count != planned) {
        printf("# planned %d, ran %d\n", planned, count);
        return 1;
    }
    return failed ? 1 : 0;
}
