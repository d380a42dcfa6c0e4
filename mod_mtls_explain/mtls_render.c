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

#include <string.h>

#include <apr_strings.h>
#include <apr_tables.h>

#include "mtls_render.h"

static const char utf8_replacement[] = "\xEF\xBF\xBD";

/* Length of a valid UTF-8 sequence at s with its code point in *cp, or 0
 * if it is not one. */
static apr_size_t utf8_decode(const unsigned char *s, unsigned int *cp)
{
    apr_size_t n, i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        *cp = s[0] & 0x1F;
    }
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        *cp = s[0] & 0x0F;
    }
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        *cp = s[0] & 0x07;
    }
    else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF hide
     * characters from filters; treat them as garbage. */
    if ((n == 3 && *cp < 0x800)
        || (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF))
        || (*cp >= 0xD800 && *cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

/* Characters that change how the text around them is ordered or read:
 * C0/C1 controls, bidirectional embeddings, overrides and isolates. */
static int is_disruptive(unsigned int cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
           || (cp >= 0x202A && cp <= 0x202E)
           || (cp >= 0x2066 && cp <= 0x2069);
}

/* The shared walk of the HTML and text escapes. */
static const char *escape_utf8(apr_pool_t *p, const char *s, int entities)
{
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;
    unsigned int cp;
    apr_size_t n;

    if (!s) {
        return "";
    }
    /* Worst case: every byte becomes "&quot;" (6) or U+FFFD (3). */
    o = out = apr_palloc(p, strlen(s) * 6 + 1);
    while (*in) {
        /* Most text is printable ASCII without markup characters: copy
         * it without decoding. */
        if (*in >= 0x20 && *in < 0x7F
            && !(entities && (*in == '&' || *in == '<' || *in == '>'
                              || *in == '"' || *in == '\''))) {
            *o++ = (char)*in++;
            continue;
        }
        if (entities) {
            const char *ent = NULL;

            switch (*in) {
            case '&':  ent = "&amp;";  break;
            case '<':  ent = "&lt;";   break;
            case '>':  ent = "&gt;";   break;
            case '"':  ent = "&quot;"; break;
            case '\'': ent = "&#39;";  break;
            default:   break;
            }
            if (ent) {
                n = strlen(ent);
                memcpy(o, ent, n);
                o += n;
                in++;
                continue;
            }
        }
        n = utf8_decode(in, &cp);
        if (n == 0 || is_disruptive(cp)) {
            memcpy(o, utf8_replacement, 3);
            o += 3;
            in += n ? n : 1;
            continue;
        }
        memcpy(o, in, n);
        o += n;
        in += n;
    }
    *o = '\0';
    return out;
}

const char *mtls_render_escape_html(apr_pool_t *p, const char *s)
{
    return escape_utf8(p, s, 1);
}

const char *mtls_render_escape_text(apr_pool_t *p, const char *s)
{
    return escape_utf8(p, s, 0);
}

static const char hexdigits[] = "0123456789abcdef";

const char *mtls_render_escape_json(apr_pool_t *p, const char *s)
{
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;
    unsigned int cp;
    apr_size_t n;

    if (!s) {
        return "";
    }
    /* Worst case: every byte becomes a six-byte \u escape. */
    o = out = apr_palloc(p, strlen(s) * 6 + 1);
    while (*in) {
        n = utf8_decode(in, &cp);
        if (n == 0) {
            cp = 0xFFFD;
            n = 1;
        }
        if (cp == '"' || cp == '\\') {
            *o++ = '\\';
            *o++ = (char)cp;
        }
        else if (cp < 0x20 || cp == 0x7F || cp == '<' || cp == '>'
                 || cp == '&' || cp == '\'' || cp > 0x7E) {
            /* Everything outside printable ASCII as \u escapes: the
             * document stays ASCII, and nothing in it can end a <script>
             * or reorder a viewer's line. Astral characters become a
             * surrogate pair. */
            unsigned int units[2], k, count = 1;

            units[0] = cp;
            if (cp > 0xFFFF) {
                units[0] = 0xD800 + ((cp - 0x10000) >> 10);
                units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
                count = 2;
            }
            for (k = 0; k < count; k++) {
                *o++ = '\\';
                *o++ = 'u';
                *o++ = hexdigits[(units[k] >> 12) & 0xF];
                *o++ = hexdigits[(units[k] >> 8) & 0xF];
                *o++ = hexdigits[(units[k] >> 4) & 0xF];
                *o++ = hexdigits[units[k] & 0xF];
            }
        }
        else {
            *o++ = (char)cp;
        }
        in += n;
    }
    *o = '\0';
    return out;
}

const char *mtls_render_escape_log(apr_pool_t *p, const char *s)
{
    static const char upper[] = "0123456789ABCDEF";
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;

    if (!s) {
        return "";
    }
    o = out = apr_palloc(p, strlen(s) * 3 + 1);
    for (; *in; in++) {
        if (*in == '%' || *in == '"' || *in < 0x20 || *in == 0x7F) {
            *o++ = '%';
            *o++ = upper[*in >> 4];
            *o++ = upper[*in & 0x0F];
        }
        else {
            *o++ = (char)*in;
        }
    }
    *o = '\0';
    return out;
}

/* What to say, chosen once for every format. */
typedef struct {
    const mtls_lang_verdict_t *vt;
    int chain;                 /* the page is about a CA above the leaf */
    int above;                 /* the failing certificate is above the leaf */
    const char *heading;       /* the title without the sub-status */
    const char *what;
    const char *why;           /* a sentence, or the intro to why_none */
    const char *const *why_list;
    const char *const *todo;
} explain_t;

static void explain(apr_pool_t *p, const mtls_page_t *page, explain_t *e)
{
    const mtls_lang_t *l = page->lang;
    const mtls_peer_t *peer = page->peer;

    e->vt = &l->verdict[page->decision->verdict];
    e->above = peer->presented && peer->failure != MTLS_FAIL_NONE
               && peer->depth > 0;
    e->chain = e->above && e->vt->title_chain != NULL;
    e->heading = e->chain ? e->vt->title_chain : e->vt->title;
    e->what = e->chain ? e->vt->what_chain : e->vt->what;
    e->todo = e->chain ? e->vt->todo_chain : e->vt->todo;
    e->why = NULL;
    e->why_list = NULL;
    if (!peer->presented) {
        e->why = l->why_none_intro;
        e->why_list = l->why_none;
    }
    else if (peer->reason && !e->above) {
        e->why = apr_psprintf(p, l->why_own, peer->reason, peer->errnum);
    }
    else if (peer->reason) {
        e->why = apr_pstrcat(p,
            peer->depth == 1
                ? apr_psprintf(p, l->failed_at_one, peer->failing.subject)
                : apr_psprintf(p, l->failed_at_many, peer->failing.subject,
                               peer->depth),
            " ", apr_psprintf(p, l->why_reason, peer->reason, peer->errnum),
            NULL);
    }
}

const char *mtls_render_title(apr_pool_t *p, const mtls_page_t *page)
{
    const char *sub = page->decision->substatus;
    explain_t e;

    explain(p, page, &e);
    return (sub && *sub) ? apr_pstrcat(p, sub, " \xE2\x80\x94 ", e.heading,
                                       NULL)
                         : apr_pstrdup(p, e.heading);
}

/* "5 years ago", "in 3 days": a date people can judge at a glance. */
static const char *relative_time(apr_pool_t *p, const mtls_lang_t *l,
                                 apr_time_t when, apr_time_t now)
{
    static const apr_int64_t limits[] = { 3600, 86400, 60 * 86400,
                                          730 * 86400 };
    static const apr_int64_t sizes[] = { 60, 3600, 86400, 30 * 86400,
                                         365 * 86400 };
    apr_int64_t secs = apr_time_sec(when) - apr_time_sec(now);
    apr_int64_t a = secs < 0 ? -secs : secs;
    int unit = 0, n, plural;

    while (unit < 4 && a >= limits[unit]) {
        unit++;
    }
    n = (int)(a / sizes[unit]);
    plural = l->zero_is_singular ? n > 1 : n != 1;
    return apr_psprintf(p, secs < 0 ? l->ago : l->in,
                        apr_psprintf(p, l->units[unit][plural], n));
}

static const char *dated(apr_pool_t *p, const mtls_lang_t *l,
                         const char *text, apr_time_t when, apr_time_t now)
{
    if (!text || !when) {
        return text;
    }
    return apr_pstrcat(p, text, " (", relative_time(p, l, when, now), ")",
                       NULL);
}

/* ---- HTML ---- */

typedef apr_array_header_t parts_t;

static void put(parts_t *out, const char *s)
{
    APR_ARRAY_PUSH(out, const char *) = s;
}

#define H(p, s) mtls_render_escape_html((p), (s))

/* One <dt>/<dd> row, skipped when there is nothing to show. */
static void add_row(apr_pool_t *p, parts_t *out, const char *label,
                    const char *raw_value)
{
    if (raw_value && *raw_value) {
        put(out, apr_pstrcat(p, "<dt>", H(p, label), "</dt><dd>",
                             H(p, raw_value), "</dd>\n", NULL));
    }
}

/* A fingerprint may wrap only between its bytes. */
static void add_fingerprint_row(apr_pool_t *p, parts_t *out,
                                const char *label, const char *raw_value)
{
    const char *v = H(p, raw_value);
    apr_size_t colons = 0, i;
    char *o, *wrapped;

    if (!*v) {
        return;
    }
    for (i = 0; v[i]; i++) {
        colons += v[i] == ':';
    }
    o = wrapped = apr_palloc(p, strlen(v) + colons * 5 + 1);
    for (i = 0; v[i]; i++) {
        *o++ = v[i];
        if (v[i] == ':') {
            memcpy(o, "<wbr>", 5);
            o += 5;
        }
    }
    *o = '\0';
    put(out, apr_pstrcat(p, "<dt>", H(p, label), "</dt><dd>", wrapped,
                         "</dd>\n", NULL));
}

static void add_cert_rows(apr_pool_t *p, parts_t *out, const mtls_lang_t *l,
                          const mtls_cert_t *c, apr_time_t now)
{
    add_row(p, out, l->l_subject, c->subject);
    add_row(p, out, l->l_issuer, c->issuer);
    add_row(p, out, l->l_serial, c->serial);
    add_row(p, out, l->l_not_before,
            dated(p, l, c->not_before, c->not_before_time, now));
    add_row(p, out, l->l_not_after,
            dated(p, l, c->not_after, c->not_after_time, now));
    add_fingerprint_row(p, out, l->l_sha256, c->sha256);
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
        put(out, apr_pstrcat(p, "<li>",
                             H(p, APR_ARRAY_IDX(page->accepted, i,
                                                const char *)),
                             "</li>\n", NULL));
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
                                const explain_t *e)
{
    const mtls_lang_t *l = page->lang;
    const mtls_peer_t *peer = page->peer;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 32, sizeof(const char *));
    const char *problem = peer->reason
        ? apr_psprintf(p, "%s (OpenSSL error %d)", peer->reason,
                       peer->errnum)
        : NULL;
    char date[APR_RFC822_DATE_LEN];

    if (peer->presented) {
        put(out, apr_pstrcat(p, "<h2>", H(p, l->h_cert), "</h2>\n<dl>\n",
                             NULL));
        add_cert_rows(p, out, l, &peer->leaf, page->now);
        if (!e->above) {
            add_row(p, out, l->l_problem, problem);
        }
        put(out, "</dl>\n");
        if (e->above) {
            put(out, apr_pstrcat(p, "<h2>",
                                 H(p, apr_psprintf(p, l->h_failing,
                                                   peer->depth)),
                                 "</h2>\n<dl>\n", NULL));
            add_cert_rows(p, out, l, &peer->failing, page->now);
            add_row(p, out, l->l_problem, problem);
            put(out, "</dl>\n");
        }
    }
    apr_rfc822_date(date, page->now);
    put(out, "<footer>\n<dl>\n");
    add_row(p, out, l->l_verdict, mtls_verdict_name(d->verdict));
    add_row(p, out, l->l_policy, mtls_mode_name(d->mode));
    add_row(p, out, l->l_host, page->host);
    add_row(p, out, l->l_time, date);
    add_row(p, out, l->l_request_id, page->request_id);
    put(out, "</dl>\n</footer>\n");
    return apr_array_pstrcat(p, out, '\0');
}

static const char page_style[] =
    ":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fafafa;"
    "--muted:#4a4a4a;--card:#fff;--line:#ccc;--accent:#a4262c;"
    "--link:#0b57d0}"
    "@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;"
    "--muted:#c4c4c4;--card:#222;--line:#555;--accent:#ff8a80;"
    "--link:#8ab4f8}}"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:16px/1.5 system-ui,-apple-system,'Segoe UI','Hiragino Sans',"
    "'Noto Sans CJK JP',sans-serif}"
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
    "footer{margin-top:2rem;color:var(--muted);font-size:.875rem}"
    "@media (max-width:30rem){dl{grid-template-columns:1fr}"
    "dd{margin-bottom:.5rem}}";

const char *mtls_render_html(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len)
{
    const mtls_lang_t *l = page->lang;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 48, sizeof(const char *));
    const char *result;
    explain_t e;

    explain(p, page, &e);
    put(out, apr_pstrcat(p,
        "<!DOCTYPE html>\n<html lang=\"", l->code, "\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        "<title>", H(p, mtls_render_title(p, page)), "</title>\n<style>",
        page_style, "</style>\n</head>\n<body>\n<main>\n<h1>", NULL));
    if (d->substatus && *d->substatus) {
        put(out, apr_pstrcat(p, "<span class=\"code\">", H(p, l->error), " ",
                             d->substatus, "</span> ", NULL));
    }
    put(out, apr_pstrcat(p, H(p, e.heading), "</h1>\n<h2>", H(p, l->h_what),
                         "</h2>\n<p>", H(p, e.what), "</p>\n", NULL));
    if (e.why) {
        put(out, apr_pstrcat(p, "<h2>", H(p, l->h_why), "</h2>\n<p>",
                             H(p, e.why), "</p>\n",
                             html_list(p, e.why_list), NULL));
    }
    if (e.todo[0]) {
        put(out, apr_pstrcat(p, "<h2>", H(p, l->h_todo), "</h2>\n",
                             html_list(p, e.todo), NULL));
    }
    if (page->contact || page->help_url) {
        put(out, apr_pstrcat(p, "<h2>", H(p, l->h_help), "</h2>\n", NULL));
        if (page->contact) {
            put(out, apr_pstrcat(p, "<p>", H(p, l->contact_intro), " ",
                                 html_contact(p, page), "</p>\n", NULL));
        }
        if (page->help_url) {
            put(out, apr_pstrcat(p, "<p><a href=\"", H(p, page->help_url),
                                 "\">", H(p, l->help_text), "</a></p>\n",
                                 NULL));
        }
    }
    put(out, apr_pstrcat(p, "<h2>", H(p, l->h_accepted), "</h2>\n",
                         html_accepted(p, page), NULL));
    put(out, html_details(p, page, &e));
    put(out, "</main>\n</body>\n</html>\n");

    result = apr_array_pstrcat(p, out, '\0');
    *len = strlen(result);
    return result;
}

/* ---- templates ---- */

const char *mtls_render_template(apr_pool_t *p, const mtls_template_t *t,
                                 const mtls_page_t *page, apr_size_t *len)
{
    const mtls_peer_t *peer = page->peer;
    const mtls_lang_t *l = page->lang;
    const char *vals[MTLS_PH_COUNT];
    char date[APR_RFC822_DATE_LEN];
    explain_t e;

    explain(p, page, &e);
    memset(vals, 0, sizeof(vals));
    apr_rfc822_date(date, page->now);
    vals[MTLS_PH_LANG] = l->code;
    vals[MTLS_PH_STATUS] = "403";
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
            vals[MTLS_PH_NOT_BEFORE_RELATIVE] = relative_time(p, l,
                peer->leaf.not_before_time, page->now);
        }
        if (peer->leaf.not_after_time) {
            vals[MTLS_PH_NOT_AFTER_RELATIVE] = relative_time(p, l,
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
    return mtls_template_render(p, t, vals, len);
}

/* ---- problem+json ---- */

#define J(p, s) mtls_render_escape_json((p), (s))

/* A JSON string, or null when there is no value. */
static const char *json_str(apr_pool_t *p, const char *s)
{
    return s ? apr_pstrcat(p, "\"", J(p, s), "\"", NULL) : "null";
}

static const char *json_cert(apr_pool_t *p, const mtls_cert_t *c)
{
    return apr_pstrcat(p,
        "{\"subject\":", json_str(p, c->subject),
        ",\"issuer\":", json_str(p, c->issuer),
        ",\"serial\":", json_str(p, c->serial),
        ",\"not_before\":", json_str(p, c->not_before),
        ",\"not_after\":", json_str(p, c->not_after),
        ",\"sha256\":", json_str(p, c->sha256), "}", NULL);
}

const char *mtls_render_json(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len)
{
    const mtls_peer_t *peer = page->peer;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 32, sizeof(const char *));
    const char *detail, *result;
    explain_t e;
    int i;

    explain(p, page, &e);
    /* The intro to a list of causes reads wrong without its list, which
     * goes into "causes". */
    detail = (e.why && !e.why_list) ? apr_pstrcat(p, e.what, " ", e.why,
                                                  NULL)
                                    : e.what;
    put(out, apr_pstrcat(p,
        "{\"type\":\"urn:mtls-explain:verdict:",
        mtls_verdict_name(d->verdict), "\""
        ",\"title\":", json_str(p, e.heading),
        ",\"status\":403"
        ",\"detail\":", json_str(p, detail),
        ",\"instance\":", json_str(p, page->uri),
        ",\"substatus\":", json_str(p, d->substatus),
        ",\"verdict\":\"", mtls_verdict_name(d->verdict), "\""
        ",\"mode\":\"", mtls_mode_name(d->mode), "\""
        ",\"reason\":", json_str(p, peer->reason),
        ",\"depth\":", peer->presented && peer->failure != MTLS_FAIL_NONE
                       ? apr_itoa(p, peer->depth) : "null",
        ",\"certificate\":", peer->presented ? json_cert(p, &peer->leaf)
                                             : "null",
        NULL));
    if (e.above) {
        put(out, apr_pstrcat(p, ",\"failing_certificate\":",
                             json_cert(p, &peer->failing), NULL));
    }
    if (e.why_list) {
        put(out, ",\"causes\":[");
        for (i = 0; e.why_list[i]; i++) {
            put(out, apr_pstrcat(p, i ? "," : "", json_str(p, e.why_list[i]),
                                 NULL));
        }
        put(out, "]");
    }
    put(out, ",\"accepted_issuers\":[");
    for (i = 0; page->accepted && i < page->accepted->nelts; i++) {
        put(out, apr_pstrcat(p, i ? "," : "",
                             json_str(p, APR_ARRAY_IDX(page->accepted, i,
                                                       const char *)),
                             NULL));
    }
    put(out, apr_pstrcat(p, "]"
        ",\"contact\":", json_str(p, page->contact),
        ",\"help_url\":", json_str(p, page->help_url),
        ",\"request_id\":", json_str(p, page->request_id),
        ",\"lang\":\"", page->lang->code, "\"}\n", NULL));
    result = apr_array_pstrcat(p, out, '\0');
    *len = strlen(result);
    return result;
}

/* ---- plain text ---- */

#define T(p, s) mtls_render_escape_text((p), (s))

static void text_row(apr_pool_t *p, parts_t *out, const char *label,
                     const char *raw_value)
{
    if (raw_value && *raw_value) {
        put(out, apr_pstrcat(p, "  ", T(p, label), ": ", T(p, raw_value),
                             "\n", NULL));
    }
}

static void text_list(apr_pool_t *p, parts_t *out, const char *const *items)
{
    for (; items && *items; items++) {
        put(out, apr_pstrcat(p, "  - ", T(p, *items), "\n", NULL));
    }
}

static void text_cert(apr_pool_t *p, parts_t *out, const mtls_lang_t *l,
                      const mtls_cert_t *c, apr_time_t now)
{
    text_row(p, out, l->l_subject, c->subject);
    text_row(p, out, l->l_issuer, c->issuer);
    text_row(p, out, l->l_serial, c->serial);
    text_row(p, out, l->l_not_before,
             dated(p, l, c->not_before, c->not_before_time, now));
    text_row(p, out, l->l_not_after,
             dated(p, l, c->not_after, c->not_after_time, now));
    text_row(p, out, l->l_sha256, c->sha256);
}

const char *mtls_render_text(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len)
{
    const mtls_lang_t *l = page->lang;
    const mtls_peer_t *peer = page->peer;
    const mtls_decision_t *d = page->decision;
    parts_t *out = apr_array_make(p, 48, sizeof(const char *));
    char date[APR_RFC822_DATE_LEN];
    const char *result;
    explain_t e;
    int i;

    explain(p, page, &e);
    put(out, apr_pstrcat(p, T(p, mtls_render_title(p, page)), "\n\n",
                         T(p, l->h_what), "\n  ", T(p, e.what), "\n", NULL));
    if (e.why) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_why), "\n  ", T(p, e.why),
                             "\n", NULL));
        text_list(p, out, e.why_list);
    }
    if (e.todo[0]) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_todo), "\n", NULL));
        text_list(p, out, e.todo);
    }
    if (page->contact || page->help_url) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_help), "\n", NULL));
        text_row(p, out, l->l_contact, page->contact);
        text_row(p, out, l->l_help, page->help_url);
    }
    put(out, apr_pstrcat(p, "\n", T(p, l->h_accepted), "\n", NULL));
    for (i = 0; page->accepted && i < page->accepted->nelts; i++) {
        put(out, apr_pstrcat(p, "  - ",
                             T(p, APR_ARRAY_IDX(page->accepted, i,
                                                const char *)),
                             "\n", NULL));
    }
    if (peer->presented) {
        put(out, apr_pstrcat(p, "\n", T(p, l->h_cert), "\n", NULL));
        text_cert(p, out, l, &peer->leaf, page->now);
        if (e.above) {
            put(out, apr_pstrcat(p, "\n",
                                 T(p, apr_psprintf(p, l->h_failing,
                                                   peer->depth)),
                                 "\n", NULL));
            text_cert(p, out, l, &peer->failing, page->now);
        }
    }
    apr_rfc822_date(date, page->now);
    put(out, "\n");
    text_row(p, out, l->l_verdict, mtls_verdict_name(d->verdict));
    text_row(p, out, l->l_policy, mtls_mode_name(d->mode));
    text_row(p, out, l->l_host, page->host);
    text_row(p, out, l->l_time, date);
    text_row(p, out, l->l_request_id, page->request_id);
    result = apr_array_pstrcat(p, out, '\0');
    *len = strlen(result);
    return result;
}
