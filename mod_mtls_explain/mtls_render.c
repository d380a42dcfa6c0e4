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

/* What every format says: the sentences chosen for a verdict, the title,
 * dates in the reader's language and the names of authorities; the
 * formats themselves are mtls_render_*.c. */

#include <string.h>
#include <strings.h>

#include <apr_strings.h>
#include <apr_tables.h>

#include "mtls_escape.h"
#include "mtls_render.h"

/* A separator never found in a message: where the %s goes. */
#define ARG_MARK "\x1F"

/* One sentence, fmt with a string argument (and maybe a number after it),
 * as text and as HTML. A foreign argument (OpenSSL's English reason) is
 * marked with its language in HTML, so a screen reader pronounces it as
 * English inside a Japanese sentence. */
static void sentence(apr_pool_t *p, const mtls_lang_t *l, const char *fmt,
                     const char *arg, int n, int arg_is_english,
                     const char **text, const char **html)
{
    const char *marked = apr_psprintf(p, fmt, ARG_MARK, n);
    const char *at = strstr(marked, ARG_MARK);
    const char *arg_html = mtls_escape_html(p, arg);

    *text = apr_psprintf(p, fmt, arg, n);
    if (!at) {
        *html = mtls_escape_html(p, *text);
        return;
    }
    if (arg_is_english && strcmp(l->code, "en")) {
        arg_html = apr_pstrcat(p, "<span lang=\"en\">", arg_html, "</span>",
                               NULL);
    }
    *html = apr_pstrcat(p, mtls_escape_html(p, apr_pstrndup(p, marked,
                                                            at - marked)),
                        arg_html, mtls_escape_html(p, at + 1), NULL);
}

/* Two sentences in a row: a space between them, except after a CJK full
 * stop, which carries its own. */
static const char *join(apr_pool_t *p, const char *a, const char *b)
{
    apr_size_t n = strlen(a);
    int cjk = n >= 3 && (!strcmp(a + n - 3, "\xE3\x80\x82")     /* 。 */
                         || !strcmp(a + n - 3, "\xEF\xBC\x8E")  /* ． */
                         || !strcmp(a + n - 3, "\xEF\xBC\x81")); /* ！ */

    return apr_pstrcat(p, a, cjk ? "" : " ", b, NULL);
}

/* The verdicts whose advice is to choose another certificate: the
 * person's own certificate is the problem, and another may not be. */
static int advises_another(mtls_verdict_e v)
{
    return v == MTLS_VERDICT_NOT_AUTHORIZED || v == MTLS_VERDICT_WRONG_PURPOSE
        || v == MTLS_VERDICT_EXPIRED || v == MTLS_VERDICT_NOT_YET_VALID
        || v == MTLS_VERDICT_UNTRUSTED || v == MTLS_VERDICT_INVALID;
}

static const char *browser_advice(const mtls_lang_t *l, mtls_browser_e b)
{
    switch (b) {
    case MTLS_BROWSER_CHROME:  return l->browser_chrome;
    case MTLS_BROWSER_FIREFOX: return l->browser_firefox;
    case MTLS_BROWSER_SAFARI:  return l->browser_safari;
    default:                   return l->browser_other;
    }
}

/* A chain longer than the site's SSLVerifyDepth is the site's limit: the
 * page names both numbers and sends the person to the site, not to
 * another certificate, which would most likely come from the same CAs. */
static void explain_too_long(apr_pool_t *p, const mtls_page_t *page,
                             mtls_explain_t *e)
{
    const mtls_lang_t *l = page->lang;
    const char **todo = apr_pcalloc(p, 2 * sizeof(*todo));
    const char **todo_text = apr_pcalloc(p, 2 * sizeof(*todo_text));

    todo[0] = l->too_long_todo;
    todo_text[0] = l->too_long_todo_text;
    e->heading = l->too_long_title;
    e->what = l->too_long_what;
    e->why = apr_psprintf(p, l->too_long_why, page->peer->chain_depth,
                          page->peer->depth_limit);
    e->why_html = mtls_escape_html(p, e->why);
    e->why_list = NULL;
    e->todo = todo;
    e->todo_text = todo_text;
    e->browser_advice = NULL;
}

void mtls_render_explain(apr_pool_t *p, const mtls_page_t *page,
                         mtls_explain_t *e)
{
    const mtls_lang_t *l = page->lang;
    const mtls_peer_t *peer = page->peer;
    const mtls_decision_t *d = page->decision;
    const char *t1, *h1, *t2, *h2;

    e->vt = &l->verdict[d->verdict];
    e->above = peer->presented && peer->failure != MTLS_FAIL_NONE
               && peer->depth > 0;
    e->chain = e->above && e->vt->title_chain != NULL;
    e->heading = e->chain ? e->vt->title_chain : e->vt->title;
    e->what = e->chain ? e->vt->what_chain : e->vt->what;
    e->todo = e->chain ? e->vt->todo_chain : e->vt->todo;
    e->todo_text = (!e->chain && e->vt->todo_text[0]) ? e->vt->todo_text
                                                      : e->todo;
    e->why = NULL;
    e->why_html = NULL;
    e->why_list = NULL;
    e->problem = NULL;
    e->problem_html = NULL;
    /* A CA above the person's certificate fails whichever of theirs they
     * choose. */
    e->browser_advice = advises_another(d->verdict) && !e->above
                        ? browser_advice(l, page->browser) : NULL;
    if (peer->reason) {
        sentence(p, l, l->problem_value, peer->reason, peer->errnum, 1,
                 &e->problem, &e->problem_html);
    }
    if (d->verdict == MTLS_VERDICT_REVOCATION_UNKNOWN) {
        /* Nothing failed about the certificate: a "why" would blame it.
         * The Problem row keeps the technical reason. */
    }
    else if (d->verdict == MTLS_VERDICT_NOT_AUTHORIZED) {
        /* The certificate is fine: what matters is what the page wants. */
        if (page->requirement) {
            sentence(p, l, l->requires, page->requirement, 0, 0,
                     &e->why, &e->why_html);
        }
        else {
            e->why = l->requires_unknown;
        }
    }
    else if (!peer->presented) {
        e->why = l->why_none_intro;
        e->why_list = l->why_none;
    }
    else if (peer->reason && !e->above) {
        /* The facts a person can act on, in their words; OpenSSL's reason
         * stays in the details' Problem row. */
        if (d->verdict == MTLS_VERDICT_EXPIRED && peer->leaf.not_after_time) {
            sentence(p, l, l->why_expired,
                     mtls_render_dated(p, l, mtls_render_date(
                                           p, l, peer->leaf.not_after_time),
                                       peer->leaf.not_after_time, page->now),
                     0, 0, &e->why, &e->why_html);
        }
        else if (d->verdict == MTLS_VERDICT_NOT_YET_VALID
                 && peer->leaf.not_before_time) {
            sentence(p, l, l->why_not_yet,
                     mtls_render_dated(p, l, mtls_render_date(
                                           p, l, peer->leaf.not_before_time),
                                       peer->leaf.not_before_time, page->now),
                     0, 0, &e->why, &e->why_html);
        }
        else if (d->verdict == MTLS_VERDICT_UNTRUSTED && peer->leaf.issuer) {
            sentence(p, l, l->why_untrusted,
                     mtls_render_dn_name(p, peer->leaf.issuer), 0, 0,
                     &e->why, &e->why_html);
        }
        else {
            sentence(p, l, l->why_own, peer->reason, peer->errnum, 1,
                     &e->why, &e->why_html);
        }
    }
    else if (peer->reason) {
        if (peer->depth == 1) {
            sentence(p, l, l->failed_at_one, peer->failing.subject, 0, 0,
                     &t1, &h1);
        }
        else {
            sentence(p, l, l->failed_at_many, peer->failing.subject,
                     peer->depth, 0, &t1, &h1);
        }
        sentence(p, l, l->why_reason, peer->reason, peer->errnum, 1,
                 &t2, &h2);
        e->why = join(p, t1, t2);
        e->why_html = join(p, h1, h2);
    }
    if (e->why && !e->why_html) {
        e->why_html = mtls_escape_html(p, e->why);
    }
    if (d->verdict == MTLS_VERDICT_INVALID && peer->chain_depth > 0) {
        explain_too_long(p, page, e);
    }
}

const char *mtls_render_title_of(apr_pool_t *p, const mtls_page_t *page,
                                 const mtls_explain_t *e)
{
    const char *sub = page->decision->substatus;

    /* The words first: a browser tab shows only the start. */
    return (sub && *sub) ? apr_pstrcat(p, e->heading, " (", sub, ")", NULL)
                         : apr_pstrdup(p, e->heading);
}

const char *mtls_render_title(apr_pool_t *p, const mtls_page_t *page)
{
    mtls_explain_t e;

    mtls_render_explain(p, page, &e);
    return mtls_render_title_of(p, page, &e);
}

/* "5 years ago", "in 3 days": a date people can judge at a glance. */
const char *mtls_render_relative(apr_pool_t *p, const mtls_lang_t *l,
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
    /* The catalog's own plural rule; a form it lacks reads as the first. */
    plural = l->plural(n);
    if (plural < 0 || plural >= l->nplurals || !l->units[unit][plural]) {
        plural = 0;
    }
    return apr_psprintf(p, secs < 0 ? l->ago : l->in,
                        apr_psprintf(p, l->units[unit][plural], n));
}

const char *mtls_render_dated(apr_pool_t *p, const mtls_lang_t *l,
                              const char *text, apr_time_t when,
                              apr_time_t now)
{
    if (!text || !when) {
        return text;
    }
    return apr_psprintf(p, l->dated, text,
                        mtls_render_relative(p, l, when, now));
}

/* Appends a number of at least `width` digits; returns the new end. */
static char *put_number(char *o, int v, int width)
{
    char digits[12];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && n < (int)sizeof(digits));
    while (n < width) {
        digits[n++] = '0';
    }
    while (n > 0) {
        *o++ = digits[--n];
    }
    return o;
}

/* Filled on every page several times: one pass over the catalog's
 * pattern into one allocation, no format engine. */
const char *mtls_render_date(apr_pool_t *p, const mtls_lang_t *l,
                             apr_time_t when)
{
    apr_time_exp_t tm;
    const char *f = l->date, *open, *close, *month;
    apr_size_t n;
    char *out, *o;

    apr_time_exp_gmt(&tm, when);
    month = l->months[tm.tm_mon];
    /* Each placeholder's value is no longer than the month name or 12
     * digits, and no shorter than 3 characters of the pattern. */
    o = out = apr_palloc(p, strlen(f) * (strlen(month) + 12) + 1);
    while (*f) {
        open = strchr(f, '{');
        close = open ? strchr(open, '}') : NULL;
        if (!close) {
            n = strlen(f);
            memcpy(o, f, n);
            o += n;
            break;
        }
        memcpy(o, f, (apr_size_t)(open - f));
        o += open - f;
        n = (apr_size_t)(close - open - 1);
        if (n == 3 && !strncmp(open + 1, "day", n)) {
            o = put_number(o, tm.tm_mday, 1);
        }
        else if (n == 5 && !strncmp(open + 1, "month", n)) {
            memcpy(o, month, strlen(month));
            o += strlen(month);
        }
        else if (n == 4 && !strncmp(open + 1, "year", n)) {
            o = put_number(o, tm.tm_year + 1900, 1);
        }
        else if (n == 4 && !strncmp(open + 1, "time", n)) {
            o = put_number(o, tm.tm_hour, 2);
            *o++ = ':';
            o = put_number(o, tm.tm_min, 2);
        }
        f = close + 1;
    }
    *o = '\0';
    return out;
}

const char *mtls_render_cert_date(apr_pool_t *p, const mtls_lang_t *l,
                                  const char *raw, apr_time_t when,
                                  apr_time_t now)
{
    return when ? mtls_render_dated(p, l, mtls_render_date(p, l, when), when,
                                    now)
                : raw;
}

/* RFC 2253 escapes a comma or plus inside a value with a backslash. */
static const char *dn_value(apr_pool_t *p, const char *v)
{
    char *out = apr_palloc(p, strlen(v) + 1), *o = out;

    while (*v && *v != ',' && *v != '+') {
        if (*v == '\\' && v[1]) {
            v++;
        }
        *o++ = *v++;
    }
    *o = '\0';
    return out;
}

const char *mtls_render_dn_name(apr_pool_t *p, const char *dn)
{
    static const char *const keys[] = { "CN=", "OU=", "O=" };
    const char *s;
    int k;

    if (!dn) {
        return NULL;
    }
    for (k = 0; k < 3; k++) {
        apr_size_t len = strlen(keys[k]);
        int start = 1;     /* s begins an attribute */

        for (s = dn; *s; s++) {
            if (start && !strncasecmp(s, keys[k], len) && s[len]) {
                return dn_value(p, s + len);
            }
            if (*s == '\\' && s[1]) {
                s++;
                start = 0;
                continue;
            }
            start = *s == ',' || *s == '+';
        }
    }
    return dn;
}
