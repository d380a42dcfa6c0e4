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

/* The built-in HTML page, and the pieces of it an administrator's template
 * is filled with. */

#include <string.h>
#include <strings.h>

#include <apr_strings.h>
#include <apr_tables.h>

#include "mtls_escape.h"
#include "mtls_render.h"

typedef apr_array_header_t parts_t;

static void put(parts_t *out, const char *s)
{
    APR_ARRAY_PUSH(out, const char *) = s;
}

#define H(p, s) mtls_escape_html((p), (s))

/* One <dt>/<dd> row, skipped when there is nothing to show. */
static void add_row(apr_pool_t *p, parts_t *out, const char *label,
                    const char *raw_value)
{
    if (raw_value && *raw_value) {
        put(out, apr_pstrcat(p, "<dt>", H(p, label), "</dt><dd>",
                             H(p, raw_value), "</dd>\n", NULL));
    }
}

/* A row whose value is already HTML. */
static void add_html_row(apr_pool_t *p, parts_t *out, const char *label,
                         const char *html_value)
{
    if (html_value && *html_value) {
        put(out, apr_pstrcat(p, "<dt>", H(p, label), "</dt><dd>",
                             html_value, "</dd>\n", NULL));
    }
}

static void add_cert_rows(apr_pool_t *p, parts_t *out, const mtls_lang_t *l,
                          const mtls_cert_t *c, apr_time_t now)
{
    add_row(p, out, l->l_subject, c->subject);
    add_row(p, out, l->l_issuer, c->issuer);
    add_row(p, out, l->l_serial, c->serial);
    add_row(p, out, l->l_not_before, mtls_render_cert_date(
                p, l, c->not_before, c->not_before_time, now));
    add_row(p, out, l->l_not_after, mtls_render_cert_date(
                p, l, c->not_after, c->not_after_time, now));
    /* One unbroken string, wrapped anywhere by the style sheet: markup
     * between its bytes would make a screen reader read 32 pieces. */
    if (c->sha256 && *c->sha256) {
        add_html_row(p, out, l->l_sha256,
                     apr_pstrcat(p, "<span class=\"fp\">", H(p, c->sha256),
                                 "</span>", NULL));
    }
}

static const char *html_list(apr_pool_t *p, const char *const *items)
{
    parts_t *out = apr_array_make(p, 8, sizeof(const char *));

    if (!items || !items[0]) {
        return "";
    }
    put(out, "<ul>\n");
    for (; *items; items++) {
        put(out, apr_pstrcat(p, "<li>", H(p, *items), "</li>\n", NULL));
    }
    put(out, "</ul>\n");
    return apr_array_pstrcat(p, out, '\0');
}

static const char *html_accepted(apr_pool_t *p, const mtls_page_t *page)
{
    parts_t *out = apr_array_make(p, 8, sizeof(const char *));
    int i;

    if (!page->accepted || page->accepted->nelts == 0) {
        return apr_pstrcat(p, "<p>", H(p, page->lang->accepted_unknown),
                           "</p>\n", NULL);
    }
    put(out, apr_pstrcat(p, "<p>", H(p, page->lang->accepted_intro),
                         "</p>\n<ul>\n", NULL));
    for (i = 0; i < page->accepted->nelts; i++) {
        const char *dn = APR_ARRAY_IDX(page->accepted, i, const char *);

        /* The name people know, then the full name to compare with the
         * Issuer row. */
        put(out, apr_pstrcat(p, "<li>", H(p, mtls_render_dn_name(p, dn)),
                             "<br><small>", H(p, dn), "</small></li>\n",
                             NULL));
    }
    put(out, "</ul>\n");
    return apr_array_pstrcat(p, out, '\0');
}

/* The contact as the configuration gave it: a link for mailto: and https:
 * values, text otherwise. */
static const char *html_contact(apr_pool_t *p, const mtls_page_t *page)
{
    const char *shown;

    if (!page->contact) {
        return "";
    }
    if (!page->contact_url) {
        return H(p, page->contact);
    }
    shown = page->contact;
    if (!strncasecmp(shown, "mailto:", 7)) {
        shown = apr_pstrndup(p, shown + 7, strcspn(shown + 7, "?"));
    }
    return apr_pstrcat(p, "<a href=\"", H(p, page->contact_url), "\">",
                       H(p, shown), "</a>", NULL);
}

static const char *html_details(apr_pool_t *p, const mtls_page_t *page,
                                const mtls_explain_t *e)
{
    const mtls_lang_t *l = page->lang;
    const mtls_peer_t *peer = page->peer;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 32, sizeof(const char *));

    if (peer->presented) {
        put(out, apr_pstrcat(p, "<h2>", H(p, l->h_cert), "</h2>\n<dl>\n",
                             NULL));
        add_cert_rows(p, out, l, &peer->leaf, page->now);
        if (!e->above) {
            add_html_row(p, out, l->l_problem, e->problem_html);
        }
        put(out, "</dl>\n");
        if (e->above) {
            put(out, apr_pstrcat(p, "<h2>",
                                 H(p, apr_psprintf(p, l->h_failing,
                                                   peer->depth)),
                                 "</h2>\n<dl>\n", NULL));
            add_cert_rows(p, out, l, &peer->failing, page->now);
            add_html_row(p, out, l->l_problem, e->problem_html);
            put(out, "</dl>\n");
        }
    }
    put(out, "<footer>\n<dl>\n");
    add_row(p, out, l->l_verdict, e->vt->name);
    if (d->mode >= MTLS_MODE_NONE && d->mode <= MTLS_MODE_REQUIRE) {
        add_row(p, out, l->l_policy, l->mode[d->mode]);
    }
    add_row(p, out, l->l_host, page->host);
    add_row(p, out, l->l_time, mtls_render_date(p, l, page->now));
    add_row(p, out, l->l_request_id, page->request_id);
    put(out, "</dl>\n</footer>\n");
    return apr_array_pstrcat(p, out, '\0');
}

/* The help section: the contact and the help link, when configured. */
static const char *html_help(apr_pool_t *p, const mtls_page_t *page)
{
    const mtls_lang_t *l = page->lang;

    if (!page->contact && !page->help_url) {
        return "";
    }
    return apr_pstrcat(p, "<h2>", H(p, l->h_help), "</h2>\n",
        page->contact ? apr_pstrcat(p, "<p>", H(p, l->contact_intro), " ",
                                    html_contact(p, page), "</p>\n", NULL)
                      : "",
        page->help_url ? apr_pstrcat(p, "<p><a href=\"", H(p, page->help_url),
                                     "\">", H(p, l->help_text),
                                     "</a></p>\n", NULL)
                       : "",
        NULL);
}

/* Sizes in rem and %, so the page follows the reader's font size; the
 * CJK fonts by language, so Han characters take each language's forms;
 * strict line breaking for Japanese and Chinese, and Korean broken between
 * words as Korean is. */
static const char page_style[] =
    ":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fafafa;"
    "--muted:#4a4a4a;--card:#fff;--line:#ccc;--accent:#a4262c;"
    "--link:#0b57d0}"
    "@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;"
    "--muted:#c4c4c4;--card:#222;--line:#555;--accent:#ff8a80;"
    "--link:#8ab4f8}}"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:100%/1.5 system-ui,-apple-system,'Segoe UI','Hiragino Sans',"
    "'Noto Sans CJK JP',sans-serif}"
    "body:lang(ko){font-family:system-ui,'Apple SD Gothic Neo',"
    "'Malgun Gothic','Noto Sans CJK KR',sans-serif;word-break:keep-all}"
    "body:lang(zh){font-family:system-ui,'PingFang TC','Microsoft JhengHei',"
    "'Noto Sans CJK TC',sans-serif}"
    ":lang(ja),:lang(zh){line-break:strict}"
    "h1:lang(ja){word-break:auto-phrase}"
    "main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem}"
    "h1{font-size:1.5rem;line-height:1.3;margin:0 0 1rem}"
    "h1 .code{display:block;font-size:1rem;color:var(--accent)}"
    "h2{font-size:1.1rem;margin:1.5rem 0 .5rem}"
    "a{color:var(--link)}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;"
    "background:var(--card);border:1px solid var(--line);padding:1rem;"
    "border-radius:.5rem}"
    "dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
    "li{overflow-wrap:anywhere}"
    "small{color:var(--muted)}"
    ".fp{word-break:break-all;font-variant-numeric:tabular-nums}"
    "footer{margin-top:2rem;color:var(--muted);font-size:.875rem}"
    "@media (max-width:30rem){main{padding:1rem .75rem}"
    "h1{font-size:1.25rem;margin-bottom:.5rem}h2{margin-top:1rem}"
    "dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}";

const char *mtls_render_html(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len)
{
    const mtls_lang_t *l = page->lang;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 48, sizeof(const char *));
    const char *result;
    mtls_explain_t e;

    mtls_render_explain(p, page, &e);
    put(out, apr_pstrcat(p,
        "<!DOCTYPE html>\n<html lang=\"", l->code, "\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        "<title>", H(p, mtls_render_title_of(p, page, &e)), "</title>\n<style>",
        page_style, "</style>\n</head>\n<body>\n<main>\n<h1>", NULL));
    if (d->substatus && *d->substatus) {
        put(out, apr_pstrcat(p, "<span class=\"code\">", H(p, l->error), " ",
                             d->substatus, "</span> ", NULL));
    }
    put(out, apr_pstrcat(p, H(p, e.heading), "</h1>\n<h2>", H(p, l->h_what),
                         "</h2>\n<p>", H(p, e.what), "</p>\n", NULL));
    /* What to do comes before why, so that a phone shows it on the first
     * screen. */
    if (e.todo[0]) {
        put(out, apr_pstrcat(p, "<h2 id=\"todo\">", H(p, l->h_todo),
                             "</h2>\n", html_list(p, e.todo), NULL));
    }
    if (e.browser_advice) {
        put(out, apr_pstrcat(p, "<p>", H(p, e.browser_advice), "</p>\n",
                             NULL));
    }
    if (e.why) {
        put(out, apr_pstrcat(p, "<h2>", H(p, l->h_why), "</h2>\n<p>",
                             e.why_html, "</p>\n",
                             html_list(p, e.why_list), NULL));
    }
    put(out, html_help(p, page));
    put(out, apr_pstrcat(p, "<h2>", H(p, l->h_accepted), "</h2>\n",
                         html_accepted(p, page), NULL));
    put(out, html_details(p, page, &e));
    put(out, "</main>\n</body>\n</html>\n");

    result = apr_array_pstrcat(p, out, '\0');
    *len = strlen(result);
    return result;
}

/* An administrator's template gets the same pieces, as placeholders. */
const char *mtls_render_template(apr_pool_t *p, const mtls_template_t *t,
                                 const mtls_page_t *page, apr_size_t *len)
{
    const mtls_peer_t *peer = page->peer;
    const mtls_lang_t *l = page->lang;
    const char *vals[MTLS_PH_COUNT];
    char date[APR_RFC822_DATE_LEN];
    mtls_explain_t e;

    mtls_render_explain(p, page, &e);
    memset(vals, 0, sizeof(vals));
    apr_rfc822_date(date, page->now);
    vals[MTLS_PH_LANG] = l->code;
    vals[MTLS_PH_STATUS] = apr_itoa(p, mtls_verdict_status(
                                           page->decision->verdict));
    vals[MTLS_PH_SUBSTATUS] = page->decision->substatus;
    vals[MTLS_PH_VERDICT] = mtls_verdict_name(page->decision->verdict);
    vals[MTLS_PH_MODE] = mtls_mode_name(page->decision->mode);
    vals[MTLS_PH_TITLE] = e.heading;
    vals[MTLS_PH_WHAT] = e.what;
    vals[MTLS_PH_WHY] = e.why;
    vals[MTLS_PH_REASON] = peer->reason;
    vals[MTLS_PH_DEPTH] = peer->presented ? apr_itoa(p, peer->depth) : NULL;
    if (peer->presented) {
        vals[MTLS_PH_SUBJECT] = peer->leaf.subject;
        vals[MTLS_PH_ISSUER] = peer->leaf.issuer;
        vals[MTLS_PH_SERIAL] = peer->leaf.serial;
        vals[MTLS_PH_NOT_BEFORE] = peer->leaf.not_before;
        vals[MTLS_PH_NOT_AFTER] = peer->leaf.not_after;
        if (peer->leaf.not_before_time) {
            vals[MTLS_PH_NOT_BEFORE_RELATIVE] = mtls_render_relative(p, l,
                peer->leaf.not_before_time, page->now);
        }
        if (peer->leaf.not_after_time) {
            vals[MTLS_PH_NOT_AFTER_RELATIVE] = mtls_render_relative(p, l,
                peer->leaf.not_after_time, page->now);
        }
        vals[MTLS_PH_SHA256] = peer->leaf.sha256;
        vals[MTLS_PH_FAILING_SUBJECT] = e.above ? peer->failing.subject
                                                : peer->leaf.subject;
    }
    vals[MTLS_PH_HOST] = page->host;
    vals[MTLS_PH_TIME] = date;
    vals[MTLS_PH_REQUEST_ID] = page->request_id;
    vals[MTLS_PH_CONTACT] = page->contact;
    vals[MTLS_PH_CONTACT_URL] = page->contact_url;
    vals[MTLS_PH_HELP_URL] = page->help_url;
    vals[MTLS_PH_TODO_LIST] = html_list(p, e.todo);
    vals[MTLS_PH_WHY_LIST] = html_list(p, e.why_list);
    vals[MTLS_PH_ACCEPTED_ISSUERS] = html_accepted(p, page);
    vals[MTLS_PH_DETAILS] = html_details(p, page, &e);
    vals[MTLS_PH_CONTACT_LINK] = html_contact(p, page);
    vals[MTLS_PH_TODO_HEADING] = l->h_todo;
    vals[MTLS_PH_WHY_HEADING] = l->h_why;
    vals[MTLS_PH_ACCEPTED_HEADING] = l->h_accepted;
    vals[MTLS_PH_DETAILS_HEADING] = l->h_details;
    vals[MTLS_PH_HELP_SECTION] = html_help(p, page);
    return mtls_template_render(p, t, vals, len);
}
