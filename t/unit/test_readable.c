/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * Unit tests for pages that read well for everyone: the reader's font
 * size, language marks on English inside other languages, a translated
 * footer with dates in the reader's language, short titles that start
 * with words, what to do before why, authorities by name, distinct
 * problem types, advice for terminals that does not speak of browsers,
 * and Japanese typography. TAP output, run by `make check`.
 */

#include <stdio.h>
#include <string.h>

#include <apr_general.h>
#include <apr_lib.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "mtls_lang.h"
#include "mtls_render.h"

#include "tap.h"

static int planned;

/* Where a certificate is required: every failure is explained. */
static const mtls_policy_t require = { MTLS_MODE_REQUIRE, 0, 0 };

/* A page about one failure, with the facts the renderer can show. */
static void setup(apr_pool_t *p, mtls_peer_t *peer, mtls_decision_t *d,
                  mtls_page_t *page, const char *lang, mtls_fail_e fail,
                  int depth)
{
    apr_array_header_t *cas = apr_array_make(p, 2, sizeof(const char *));

    memset(peer, 0, sizeof(*peer));
    memset(page, 0, sizeof(*page));
    peer->presented = fail != MTLS_FAIL_NONE;
    peer->failure = fail;
    peer->depth = depth;
    peer->errnum = 10;
    peer->reason = peer->presented ? "certificate has expired" : NULL;
    peer->leaf.subject = "CN=alice,O=Example";
    peer->leaf.issuer = "CN=Example Issuing CA,O=Example";
    peer->leaf.not_before = "2020-01-01T00:00:00Z";
    peer->leaf.not_before_time = apr_time_from_sec(1577836800);
    peer->leaf.not_after = "2021-01-01T00:00:00Z";
    peer->leaf.not_after_time = apr_time_from_sec(1609459200);
    peer->leaf.sha256 = "AB:CD:EF";
    peer->failing = peer->leaf;
    peer->failing.subject = "CN=Old CA,O=Example";
    APR_ARRAY_PUSH(cas, const char *) = "CN=Example Root CA\\, Ltd,O=Example";
    APR_ARRAY_PUSH(cas, const char *) = "O=Only An Org,C=EE";
    mtls_verdict_decide(peer, &require, d);
    page->decision = d;
    page->peer = peer;
    page->lang = mtls_lang_find(lang);
    page->host = "example.org";
    page->uri = "/account/";
    page->accepted = cas;
    page->now = apr_time_from_sec(1700000000);
}

/* The number of characters (code points) in UTF-8 text. */
static apr_size_t chars(const char *s)
{
    apr_size_t n = 0;

    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

static void test_html(apr_pool_t *p)
{
    mtls_peer_t peer;
    mtls_decision_t d;
    mtls_page_t page;
    apr_size_t len;
    const char *html, *todo, *why;

    setup(p, &peer, &d, &page, "en", MTLS_FAIL_EXPIRED, 0);
    html = mtls_render_html(p, &page, &len);
    ok(strstr(html, "font:100%") != NULL && strstr(html, "px/") == NULL
       && strstr(html, "font-size:1") != NULL,
       "the body's font follows the reader's size setting");
    todo = strstr(html, "<h2 id=\"todo\">What you can do</h2>");
    why = strstr(html, "<h2>Why</h2>");
    ok(todo && why && todo < why,
       "what to do comes before why, on a phone's first screen");
    ok(strstr(html, "Your certificate&#39;s end date was 1 January 2021, "
                    "00:00 UTC (2 years ago).") != NULL,
       "403.17 says the end date in a sentence, as a date people read");
    ok(strstr(html, "<dt>Valid until</dt><dd>1 January 2021, 00:00 UTC "
                    "(2 years ago)</dd>") != NULL,
       "certificate dates in the reader's words");
    ok(strstr(html, "<dt>Verdict</dt><dd>expired</dd>") != NULL
       && strstr(html, "<dt>Policy</dt><dd>required</dd>") != NULL
       && strstr(html, "<dt>Time</dt><dd>14 November 2023, 22:13 UTC</dd>")
          != NULL,
       "the footer in words, with the date in the reader's form");
    ok(strstr(html, "<li>Example Root CA, Ltd<br><small>CN=Example Root "
                    "CA\\, Ltd,O=Example</small></li>") != NULL
       && strstr(html, "<li>Only An Org<br>") != NULL,
       "accepted authorities by name, then in full");
    ok(strstr(html, "<wbr>") == NULL
       && strstr(html, "<span class=\"fp\">AB:CD:EF</span>") != NULL,
       "the fingerprint is one string for a screen reader");
    ok(strstr(html, "<span lang=") == NULL,
       "no language marks where the page is English");

    setup(p, &peer, &d, &page, "en", MTLS_FAIL_UNTRUSTED, 0);
    peer.reason = "unable to get local issuer certificate";
    html = mtls_render_html(p, &page, &len);
    ok(strstr(html, "Your certificate was issued by Example Issuing CA. ")
       != NULL,
       "403.16 names the authority that issued the certificate");
    ok(strstr(html, "<h2>Why</h2>\n<p>Your certificate was issued by") != NULL
       && strstr(html, "<dt>Problem</dt><dd>unable to get local issuer "
                       "certificate (OpenSSL error 10)</dd>") != NULL,
       "403.16: OpenSSL's jargon only among the details");

    setup(p, &peer, &d, &page, "ja", MTLS_FAIL_EXPIRED, 0);
    html = mtls_render_html(p, &page, &len);
    ok(strstr(html, "<dt>問題</dt><dd><span lang=\"en\">certificate has "
                    "expired</span>（OpenSSL エラー 10）</dd>") != NULL,
       "ja: OpenSSL's English reason is marked as English");
    ok(strstr(html, "<dt>判定</dt><dd>期限切れ</dd>") != NULL
       && strstr(html, "<dt>ポリシー</dt><dd>必須</dd>") != NULL
       && strstr(html, "<dt>日時</dt><dd>2023年11月14日 22:13 UTC</dd>")
          != NULL,
       "ja: the footer in Japanese, with a Japanese date");
    ok(strstr(html, "2021年1月1日 00:00 UTC（2年前）") != NULL,
       "ja: relative dates in full-width parentheses");
    ok(strstr(html, "line-break:strict") != NULL
       && strstr(html, "word-break:auto-phrase") != NULL,
       "ja: strict line breaks, headlines broken between phrases");

    setup(p, &peer, &d, &page, "ja", MTLS_FAIL_REVOKED, 2);
    html = mtls_render_html(p, &page, &len);
    ok(strstr(html, "。 ") == NULL && strstr(html, "。この証明書") != NULL,
       "ja: no space after a full stop between sentences");
}

static void test_every_language(apr_pool_t *p)
{
    static const mtls_fail_e fails[] = {
        MTLS_FAIL_NONE, MTLS_FAIL_EXPIRED, MTLS_FAIL_NOT_YET_VALID,
        MTLS_FAIL_REVOKED, MTLS_FAIL_UNTRUSTED, MTLS_FAIL_INVALID,
        MTLS_FAIL_REVOCATION_UNKNOWN
    };
    int i, f, depth, short_titles = 1, words_first = 1, no_browser = 1;
    int ordered = 1;
    char name[120];

    for (i = 0; i < mtls_lang_count(); i++) {
        const mtls_lang_t *l = mtls_lang_at(i);

        for (f = 0; f < 7; f++) {
            for (depth = 0; depth < 2; depth++) {
                mtls_peer_t peer;
                mtls_decision_t d;
                mtls_page_t page;
                const char *title, *text, *html, *todo, *why;
                apr_size_t len;

                setup(p, &peer, &d, &page, l->code, fails[f], depth);
                title = mtls_render_title(p, &page);
                if (chars(title) >= 70 || apr_isdigit(title[0])) {
                    short_titles &= chars(title) < 70;
                    words_first &= !apr_isdigit(title[0]);
                    printf("# %s: %s\n", l->code, title);
                }
                html = mtls_render_html(p, &page, &len);
                todo = strstr(html, apr_pstrcat(p, "<h2 id=\"todo\">",
                                                 l->h_todo, NULL));
                why = strstr(html, apr_pstrcat(p, "<h2>", l->h_why, NULL));
                ordered &= todo && (!why || todo < why);
                if (!strcmp(l->code, "en")) {
                    text = mtls_render_text(p, &page, &len);
                    no_browser &= strstr(text, "browser") == NULL
                                  || strstr(text, "browser") >
                                     strstr(text, "\nWhy\n");
                }
            }
        }
    }
    ok(short_titles, "every title is under 70 characters");
    ok(words_first, "no title starts with the code");
    ok(ordered, "every page says what to do before why");
    ok(no_browser, "text/plain advice does not speak of browsers");
    snprintf(name, sizeof(name), "%d languages checked", mtls_lang_count());
    ok(mtls_lang_count() >= 4, name);
}

static void test_json(apr_pool_t *p)
{
    mtls_peer_t peer;
    mtls_decision_t d;
    mtls_page_t page;
    apr_size_t len;
    const char *leaf, *chain, *none;

    setup(p, &peer, &d, &page, "en", MTLS_FAIL_EXPIRED, 0);
    page.request_id = "YWJjZGVm@1";
    leaf = mtls_render_json(p, &page, &len);
    setup(p, &peer, &d, &page, "en", MTLS_FAIL_EXPIRED, 1);
    chain = mtls_render_json(p, &page, &len);
    setup(p, &peer, &d, &page, "en", MTLS_FAIL_NONE, 0);
    none = mtls_render_json(p, &page, &len);
    ok(strstr(leaf, "\"type\":\"tag:mod-mtls-explain.invalid,2026:problem:"
                    "certificate-expired\"") != NULL
       && strstr(chain, "\"type\":\"tag:mod-mtls-explain.invalid,2026:"
                        "problem:ca-certificate-expired\"") != NULL
       && strstr(none, "problem:certificate-required\"") != NULL,
       "one problem type per title, as tag: URIs");
    ok(strstr(leaf, "\"instance\":\"/account/#request-YWJjZGVm@1\"") != NULL
       && strstr(none, "\"instance\":\"/account/\"") != NULL,
       "instance names the request where it has an id");
    ok(strstr(none, "\"causes\":[\"Your certificate has expired") != NULL
       && strstr(none, ";\"") == NULL && strstr(none, "below") == NULL,
       "causes are sentences, without list punctuation or 'below'");
}

static void test_names(apr_pool_t *p)
{
    is_str(mtls_render_dn_name(p, "CN=Example Root CA,O=Example"),
           "Example Root CA", "a DN's CN is its name");
    is_str(mtls_render_dn_name(p, "O=ACME\\, Inc.,C=US"), "ACME, Inc.",
           "no CN: the organization, unescaped");
    is_str(mtls_render_dn_name(p, "OU=Unit+CN=Multi,O=x"), "Multi",
           "a CN inside a multi-valued RDN");
    is_str(mtls_render_dn_name(p, "C=EE"), "C=EE",
           "neither: the whole name");
    is_str(mtls_render_dn_name(p, "O=x\\,CN=fake"), "x,CN=fake",
           "an escaped comma does not start an attribute");
}

int main(void)
{
    apr_pool_t *p;

    planned = 28;
    apr_initialize();
    apr_pool_create(&p, NULL);
    printf("1..%d\n", planned);
    test_html(p);
    test_every_language(p);
    test_json(p);
    test_names(p);
    apr_pool_destroy(p);
    apr_terminate();
    if (count != planned) {
        printf("# planned %d, ran %d\n", planned, count);
        return 1;
    }
    return failed ? 1 : 0;
}
