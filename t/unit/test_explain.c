/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * Unit tests for the explanation's pure parts: Accept and Accept-Language
 * negotiation, the languages, the template parser's context rules, and the
 * JSON and text escapes. TAP output, run by `make check`.
 */

#include <stdio.h>
#include <string.h>

#include <apr_general.h>
#include <apr_lib.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "mtls_accept.h"
#include "mtls_escape.h"
#include "mtls_lang.h"
#include "mtls_render.h"
#include "mtls_template.h"

#include "tap.h"

/* Where a certificate is required: every failure is explained. */
static const mtls_policy_t require = { MTLS_MODE_REQUIRE, 0, 0 };

static void test_format(void)
{
    static const struct {
        const char *accept;
        mtls_format_e want;
    } cases[] = {
        { NULL, MTLS_FORMAT_HTML },
        { "", MTLS_FORMAT_HTML },
        { "*/*", MTLS_FORMAT_HTML },
        { "text/html,application/xhtml+xml,*/*;q=0.8", MTLS_FORMAT_HTML },
        { "application/problem+json", MTLS_FORMAT_PROBLEM_JSON },
        { "APPLICATION/JSON", MTLS_FORMAT_PROBLEM_JSON },
        { "application/json, */*;q=0.1", MTLS_FORMAT_PROBLEM_JSON },
        { "text/plain", MTLS_FORMAT_TEXT },
        { "text/*", MTLS_FORMAT_HTML },
        { "text/plain, text/html", MTLS_FORMAT_HTML },
        { "text/html;q=0, text/plain", MTLS_FORMAT_TEXT },
        { "text/html; level=1; q=0.2, text/plain ; q=0.3", MTLS_FORMAT_TEXT },
        { "application/*;q=0.9, text/html;q=0.8", MTLS_FORMAT_PROBLEM_JSON },
        { "text/plain;q=abc, text/html;q=0.1", MTLS_FORMAT_HTML },
        { "text/plain;q=1.5, application/json;q=0.5",
          MTLS_FORMAT_PROBLEM_JSON },
        { "image/png", MTLS_FORMAT_HTML },
        { ",,, ;;; ,", MTLS_FORMAT_HTML },
        { "*/*;q=0.5, application/json;q=0", MTLS_FORMAT_HTML },
    };
    char name[160];
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(name, sizeof(name), "Accept: %s",
                 cases[i].accept ? cases[i].accept : "(absent)");
        ok(mtls_accept_format(cases[i].accept) == cases[i].want, name);
    }
}

static void test_language(void)
{
    static const struct {
        const char *header;
        const char *want;
    } cases[] = {
        { NULL, "en" },
        { "ja", "ja" },
        { "JA-jp", "ja" },
        { "de-CH, fr;q=0.9", "de" },
        { "de;q=0.5, fr;q=0.6", "fr" },
        { "es, pt-BR;q=0.9, ja;q=0.1", "es" },
        { "tlh, pt-BR;q=0.9, ja;q=0.1", "pt-BR" },
        { "zh-TW", "zh-Hant" },
        { "zh-CN, ko;q=0.5", "ko" },
        { "xx-verylongsubtagthatdoesnotfit, fr;q=0.2", "fr" },
        { "*", "en" },
        { "de;q=0", "en" },
        { "fr;q=0.8, *;q=0.9", "en" },
        { "ja_JP", "ja" },
        { "english", "en" },
        { "", "en" },
    };
    const mtls_lang_t *en = mtls_lang_find("en");
    char name[160];
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const mtls_lang_t *l = mtls_accept_language(cases[i].header, en);

        snprintf(name, sizeof(name), "Accept-Language: %s -> %s",
                 cases[i].header ? cases[i].header : "(absent)",
                 cases[i].want);
        is_str(l ? l->code : NULL, cases[i].want, name);
    }
    ok(mtls_accept_language("fr", NULL) == mtls_lang_find("fr"),
       "fallback only used when nothing matches");
    ok(mtls_lang_find(NULL) == NULL && mtls_lang_find("") == NULL
       && mtls_lang_find("e") == NULL && mtls_lang_find("en!") == NULL,
       "lang_find refuses non-tags");
    ok(mtls_lang_find("ja-JP-u-ca-japanese") == mtls_lang_find("ja")
       && mtls_lang_find("de-x-private") == mtls_lang_find("de")
       && mtls_lang_find("fr-Latn-CA") == mtls_lang_find("fr")
       && mtls_lang_find("en-u") == mtls_lang_find("en"),
       "lang_find drops subtags from the end (RFC 4647 lookup)");
    is_str(mtls_lang_find("zh-Hant-TW") ? mtls_lang_find("zh-Hant-TW")->code
                                        : NULL, "zh-Hant",
           "zh-Hant-TW: Traditional Chinese");
    ok(mtls_lang_find("zh-TW") == mtls_lang_find("zh-Hant")
       && mtls_lang_find("zh-hk") == mtls_lang_find("zh-Hant")
       && mtls_lang_find("zh-MO") == mtls_lang_find("zh-Hant")
       && mtls_lang_find("ZH_HANT") == mtls_lang_find("zh-Hant"),
       "Taiwan, Hong Kong and Macao read Traditional Chinese");
    ok(mtls_lang_find("zh-CN") == NULL && mtls_lang_find("zh") == NULL
       && mtls_lang_find("zh-Hans") == NULL,
       "Simplified Chinese is not served Traditional");
    is_str(mtls_lang_find("pt-PT") ? mtls_lang_find("pt-PT")->code : NULL,
           "pt-BR", "pt-PT: the Portuguese there is, Brazilian");
    ok(mtls_lang_find("pt") == mtls_lang_find("pt-BR")
       && mtls_lang_find("es-419") == mtls_lang_find("es")
       && mtls_lang_find("nl-BE") == mtls_lang_find("nl")
       && mtls_lang_find("et-EE") == mtls_lang_find("et")
       && mtls_lang_find("ko-KR") == mtls_lang_find("ko")
       && mtls_lang_find("it-CH") == mtls_lang_find("it"),
       "region subtags find their language");
    ok(mtls_lang_count() >= 11 && !strcmp(mtls_lang_at(0)->code, "en"),
       "eleven languages, English first");
}

/* Every language fills every field a page can use. */
static void test_languages_complete(void)
{
    int i, v, bad;

    for (i = 0; i < mtls_lang_count(); i++) {
        const mtls_lang_t *l = mtls_lang_at(i);
        char name[80];

        bad = !l->code || !l->name || !l->why_none_intro || !l->why_none[0]
              || !l->error || !l->h_what || !l->h_why || !l->h_todo
              || !l->h_cert || !l->h_failing || !l->h_accepted || !l->h_help
              || !l->l_subject || !l->l_issuer || !l->l_serial
              || !l->l_not_before || !l->l_not_after || !l->l_sha256
              || !l->l_problem || !l->l_verdict || !l->l_policy
              || !l->l_host || !l->l_time || !l->l_request_id
              || !l->l_contact || !l->l_help || !l->why_own
              || !l->why_reason || !l->failed_at_one || !l->failed_at_many
              || !l->accepted_intro || !l->accepted_unknown
              || !l->contact_intro || !l->help_text || !l->ago || !l->in;
        bad |= !l->plural || l->nplurals < 1
               || l->nplurals > MTLS_LANG_PLURALS;
        for (v = 0; !bad && v < 5; v++) {
            int f, n;

            for (f = 0; f < l->nplurals; f++) {
                bad |= !l->units[v][f];
            }
            for (n = 0; n < 1000; n++) {
                bad |= l->plural(n) < 0 || l->plural(n) >= l->nplurals;
            }
        }
        for (v = 0; v < MTLS_VERDICT_COUNT; v++) {
            const mtls_lang_verdict_t *t = &l->verdict[v];

            bad |= !t->title || !t->what;
            bad |= (t->title_chain != NULL) != (t->what_chain != NULL);
            /* A refusal always says what to do. */
            if (v >= MTLS_VERDICT_NONE) {
                bad |= !t->todo[0];
                bad |= t->title_chain && !t->todo_chain[0];
            }
        }
        snprintf(name, sizeof(name), "language %s is complete", l->code);
        ok(!bad, name);
    }
}

static const char *parse_err(apr_pool_t *p, const char *text, int *line)
{
    const char *err;

    if (mtls_template_parse(p, text, strlen(text), &err, line)) {
        return "(parsed)";
    }
    return err;
}

static void test_template(apr_pool_t *p)
{
    const char *vals[MTLS_PH_COUNT] = { 0 };
    const mtls_template_t *t;
    const char *err, *out;
    apr_size_t len = 0;
    int line;

    static const struct {
        const char *text;
        int ok;
        const char *what;
    } cases[] = {
        { "<title>{{title}}</title><h1 class=\"x {{verdict}}\">{{title}}</h1>",
          1, "text, title and a quoted attribute" },
        { "<p title='{{subject}}'>", 1, "single-quoted attribute" },
        { "<script>x</script>{{title}}", 1, "after a script element" },
        { "<a href=\"{{help_url}}\">h</a><a href='{{contact_url}}#x'>", 1,
          "URL placeholders start URL attributes" },
        { "<textarea>{{subject}}</textarea>", 1, "textarea is text" },
        { "<!-- c -->{{title}}<!DOCTYPE x>{{what}}", 1, "after comment" },
        { "a < b {{title}}", 1, "a lone '<' is text" },
        { "<p>{{ title }}</p>", 1, "spaces inside the braces" },
        { "<a href=\" {{help_url}}\">", 1, "leading space in a URL value" },
        { "<title>{{details}}</title>", 0, "HTML block inside <title>" },
        { "<p x={{title}}>", 0, "unquoted attribute" },
        { "<p x= {{title}}>", 0, "unquoted attribute after a space" },
        { "<SCRIPT>{{title}}</SCRIPT>", 0, "script, upper case" },
        { "<script>\"</scripx>{{title}}</script>", 0,
          "script ends only at its end tag" },
        { "<iframe srcdoc=\"{{title}}\">", 0, "srcdoc" },
        { "<p style=\"{{title}}\">", 0, "style attribute" },
        { "<p ONMOUSEOVER=\"{{title}}\">", 0, "event handler, upper case" },
        { "<img src=\"{{help_url}}\" alt=\"{{contact_link}}\">", 0,
          "HTML block in alt" },
        { "<form action=\"/{{help_url}}\">", 0, "URL not at the start" },
        { "<{{title}}>", 0, "right after '<': the value would be a tag" },
        { "</{{title}}>", 0, "right after '</'" },
        { "</p {{title}}>", 0, "end tag" },
        { "{{", 0, "lone braces at the end" },
        { "{{title}", 0, "one closing brace" },
        { "{{ti\ntle}}", 0, "newline in a placeholder" },
        { "{{}}", 0, "empty placeholder" },
        { "{{TITLE}}", 0, "names are case-sensitive" },
    };
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        err = parse_err(p, cases[i].text, &line);
        ok(cases[i].ok ? !strcmp(err, "(parsed)") : strcmp(err, "(parsed)")
                                                    != 0,
           apr_psprintf(p, "template %s: %s", cases[i].ok ? "accepts"
                                                          : "refuses",
                        cases[i].what));
        if (!cases[i].ok == !strcmp(err, "(parsed)")) {
            printf("#   %s\n", err);
        }
    }

    err = parse_err(p, "<p>\n\n<script>\n{{subject}}</script>", &line);
    ok(line == 4 && strstr(err, "{{subject}}") && strstr(err, "<script>"),
       "error names the line and the placeholder");
    err = parse_err(p, "\n{{no_such_thing}}", &line);
    is_str(err, "unknown placeholder {{no_such_thing}}", "unknown name");
    ok(line == 2, "unknown name: line 2");
    err = parse_err(p, "{{\x1b[31mred}}", &line);
    ok(strstr(err, "\x1b") == NULL, "a hostile name is not echoed raw");

    out = "<p title=\"{{subject}}\">{{subject}}{{details}}{{contact}}</p>";
    t = mtls_template_parse(p, out, strlen(out), &err, &line);
    ok(t != NULL, "a template parses");
    vals[MTLS_PH_SUBJECT] = "CN=\"><script>x</script>";
    vals[MTLS_PH_DETAILS] = "<dl></dl>";
    out = t ? mtls_template_render(p, t, vals, &len) : "";
    is_str(out, "<p title=\"CN=&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"
           "CN=&quot;&gt;&lt;script&gt;x&lt;/script&gt;<dl></dl></p>",
           "render escapes text, keeps markup, empties unset values");
    ok(len == strlen(out), "render reports the length");
}

static void test_escapes(apr_pool_t *p)
{
    is_str(mtls_escape_json(p, "a\"b\\c\n\x01<>&'/"),
           "a\\\"b\\\\c\\u000a\\u0001\\u003c\\u003e\\u0026\\u0027/",
           "json: quotes, backslash, controls, markup");
    is_str(mtls_escape_json(p, "caf\xC3\xA9 \xE2\x80\xA8"),
           "caf\\u00e9 \\u2028", "json: non-ASCII and U+2028 as \\u");
    is_str(mtls_escape_json(p, "\xF0\x9F\x98\x80"), "\\ud83d\\ude00",
           "json: astral character as a surrogate pair");
    is_str(mtls_escape_json(p, "x\xC0\xAF\xFF"),
           "x\\ufffd\\ufffd\\ufffd", "json: invalid UTF-8 replaced");
    is_str(mtls_escape_json(p, NULL), "", "json: NULL is empty");
    is_str(mtls_escape_html(p, "a\xE2\x80\xAE" "b\xE2\x81\xA6"),
           "a\xEF\xBF\xBD" "b\xEF\xBF\xBD",
           "html: bidirectional overrides and isolates replaced");
    is_str(mtls_escape_html(p, "\xC2\x9B" "x"), "\xEF\xBF\xBD" "x",
           "html: C1 control replaced");
    is_str(mtls_escape_text(p, "<b>\x1b[2J\r\n"),
           "<b>\xEF\xBF\xBD[2J\xEF\xBF\xBD\xEF\xBF\xBD",
           "text: controls replaced, markup kept as text");
}

/* Every language and verdict renders in every format. */
static void test_render_all(apr_pool_t *p)
{
    mtls_decision_t d;
    mtls_peer_t peer;
    mtls_page_t page;
    apr_size_t len;
    int i, v, good = 1;

    memset(&peer, 0, sizeof(peer));
    memset(&page, 0, sizeof(page));
    page.decision = &d;
    page.peer = &peer;
    page.now = apr_time_from_sec(1700000000);
    for (i = 0; i < mtls_lang_count(); i++) {
        page.lang = mtls_lang_at(i);
        for (v = 0; v < 8; v++) {
            static const mtls_fail_e fails[] = {
                MTLS_FAIL_NONE, MTLS_FAIL_EXPIRED, MTLS_FAIL_NOT_YET_VALID,
                MTLS_FAIL_REVOKED, MTLS_FAIL_UNTRUSTED, MTLS_FAIL_INVALID,
                MTLS_FAIL_REVOCATION_UNKNOWN, MTLS_FAIL_WRONG_PURPOSE
            };
            const char *html, *json, *text;
            apr_size_t jlen;

            peer.presented = v > 0;
            peer.failure = fails[v];
            peer.reason = v > 0 ? "some reason" : NULL;
            peer.depth = v % 2;
            peer.failing.subject = "CN=CA";
            mtls_verdict_decide(&peer, &require, &d);
            html = mtls_render_html(p, &page, &len);
            json = mtls_render_json(p, &page, &jlen);
            text = mtls_render_text(p, &page, &len);
            good &= strstr(html, apr_pstrcat(p, "lang=\"", page.lang->code,
                                             "\"", NULL)) != NULL;
            good &= strstr(html, d.substatus) != NULL;
            good &= json[0] == '{' && json[jlen - 2] == '}';
            good &= strstr(text, d.substatus) != NULL
                    && !apr_isdigit(text[0]);
        }
    }
    ok(good, "every language renders every refusal in all three formats");
}

int main(void)
{
    apr_pool_t *p;

    apr_initialize();
    apr_pool_create(&p, NULL);
    test_format();
    test_language();
    test_languages_complete();
    test_template(p);
    test_escapes(p);
    test_render_all(p);
    printf("1..%d\n", count);
    apr_pool_destroy(p);
    apr_terminate();
    return failed ? 1 : 0;
}
