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

/* One place for every sentence a person reads; a language is one table. */
typedef struct {
    const char *title;          /* about the person's own certificate */
    const char *title_chain;    /* about a CA certificate above it */
    const char *what;
    const char *what_chain;
    const char *todo[4];
    const char *todo_chain[3];
} mtls_text_t;

static const mtls_text_t text_en[MTLS_VERDICT_COUNT] = {
    /* ok */
    { "Your client certificate was accepted", NULL,
      "Your client certificate was verified.", NULL, { NULL }, { NULL } },
    /* generous */
    { "Your client certificate was accepted without a trusted issuer", NULL,
      "Your certificate's issuer is not trusted, and this location accepts "
      "that.", NULL, { NULL }, { NULL } },
    /* none */
    { "A client certificate is required", NULL,
      "This page can only be opened with a client certificate, and your "
      "browser did not send one.", NULL,
      { "Reload the page and, when your browser asks, choose your "
        "certificate. If you cancelled that prompt, close every browser "
        "window and try again.",
        "Browsers do not offer certificates that have expired or that were "
        "issued by an authority this site does not accept: check that your "
        "certificate is still valid and comes from the right authority.",
        "If your certificate is on a smart card or security key, make sure "
        "it is inserted, then restart the browser.",
        NULL }, { NULL } },
    /* expired */
    { "Your client certificate has expired",
      "A certificate authority in your certificate's chain has expired",
      "Your certificate is past its end date, so it can no longer be used.",
      "Your own certificate is not the problem: the certificate of an "
      "authority that issued it has expired, so it can no longer be "
      "verified.",
      { "Renew your certificate with whoever issued it, install the new "
        "one, and try again.",
        "If you already have a newer certificate, restart the browser and "
        "choose that one.",
        NULL },
      { "Contact the site's support or whoever issued your certificate: "
        "the authority's certificate named below must be renewed, and your "
        "certificate may need to be issued again.", NULL } },
    /* not_yet_valid */
    { "Your client certificate is not valid yet",
      "A certificate authority in your certificate's chain is not valid yet",
      "Your certificate's start date is still in the future.",
      "The certificate of an authority that issued your certificate only "
      "becomes valid in the future.",
      { "Check that your device's date and time are correct.",
        "If they are, wait until the start date below, or ask whoever "
        "issued the certificate.",
        NULL },
      { "Check that your device's date and time are correct.",
        "If they are, contact the site's support with the details below.",
        NULL } },
    /* revoked */
    { "Your client certificate has been revoked",
      "A certificate authority in your certificate's chain has been revoked",
      "The authority that issued your certificate has withdrawn it. A "
      "revoked certificate can never be used again.",
      "An authority that issued your certificate has itself been withdrawn, "
      "so certificates under it can no longer be verified.",
      { "Ask whoever issued your certificate for a new one.",
        "If you have another certificate, restart the browser and choose "
        "that one.",
        NULL },
      { "Ask whoever issued your certificate for a new one from an "
        "authority that is still valid.", NULL } },
    /* untrusted */
    { "Your client certificate is not trusted here", NULL,
      "Your certificate was issued by an authority this site does not "
      "accept, or its chain of issuers is incomplete.", NULL,
      { "Restart the browser and choose a certificate issued by an "
        "authority this site accepts.",
        "If you believe this certificate should work, contact the site's "
        "support and include the details below.",
        NULL }, { NULL } },
    /* invalid */
    { "Your client certificate could not be verified", NULL,
      "Your certificate failed verification for the reason shown below.",
      NULL,
      { "Restart the browser and choose another certificate, if you have "
        "one.",
        "Contact the site's support and include the details below.",
        NULL }, { NULL } },
};

static const char utf8_replacement[] = "\xEF\xBF\xBD";

/* Length of a valid UTF-8 sequence at s, or 0 if it is not one. */
static apr_size_t utf8_valid_len(const unsigned char *s)
{
    apr_size_t n, i;
    unsigned int cp;

    if (s[0] < 0x80) {
        return 1;
    }
    else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        cp = s[0] & 0x1F;
    }
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        cp = s[0] & 0x0F;
    }
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        cp = s[0] & 0x07;
    }
    else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF hide
     * characters from filters; treat them as garbage. */
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))
        || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

/* Length of the bidirectional embedding, override or isolate control
 * (U+202A..U+202E, U+2066..U+2069) at s, or 0. Such a character reorders
 * the text after it, so a name could read as something it is not ("U+202E
 * gpj.exe"); the plain marks U+200E and U+200F do not, and are kept. */
static apr_size_t bidi_control_len(const unsigned char *s)
{
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) {
        return 3;
    }
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9) {
        return 3;
    }
    return 0;
}

const char *mtls_render_escape_html(apr_pool_t *p, const char *s)
{
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;
    apr_size_t n;

    if (!s) {
        return "";
    }
    /* Worst case: every byte becomes "&quot;" (6) or U+FFFD (3). */
    o = out = apr_palloc(p, strlen(s) * 6 + 1);
    while (*in) {
        switch (*in) {
        case '&':  memcpy(o, "&amp;", 5);  o += 5; in++; continue;
        case '<':  memcpy(o, "&lt;", 4);   o += 4; in++; continue;
        case '>':  memcpy(o, "&gt;", 4);   o += 4; in++; continue;
        case '"':  memcpy(o, "&quot;", 6); o += 6; in++; continue;
        case '\'': memcpy(o, "&#39;", 5);  o += 5; in++; continue;
        default:   break;
        }
        if (*in < 0x20 || *in == 0x7F) {
            memcpy(o, utf8_replacement, 3);
            o += 3;
            in++;
            continue;
        }
        n = utf8_valid_len(in);
        if (n == 0) {
            memcpy(o, utf8_replacement, 3);
            o += 3;
            in++;
            continue;
        }
        if (bidi_control_len(in)) {
            memcpy(o, utf8_replacement, 3);
            o += 3;
            in += n;
            continue;
        }
        memcpy(o, in, n);
        o += n;
        in += n;
    }
    *o = '\0';
    return out;
}

const char *mtls_render_escape_log(apr_pool_t *p, const char *s)
{
    static const char hexdigits[] = "0123456789ABCDEF";
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;

    if (!s) {
        return "";
    }
    o = out = apr_palloc(p, strlen(s) * 3 + 1);
    for (; *in; in++) {
        if (*in == '%' || *in == '"' || *in < 0x20 || *in == 0x7F) {
            *o++ = '%';
            *o++ = hexdigits[*in >> 4];
            *o++ = hexdigits[*in & 0x0F];
        }
        else {
            *o++ = (char)*in;
        }
    }
    *o = '\0';
    return out;
}

static const char page_style[] =
    ":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fafafa;"
    "--muted:#555;--card:#fff;--line:#ddd;--accent:#a4262c}"
    "@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;"
    "--muted:#bbb;--card:#222;--line:#444;--accent:#ff8a80}}"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}"
    "main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem}"
    "h1{font-size:1.5rem;line-height:1.3;margin:0 0 1rem}"
    "h1 .code{display:block;font-size:1rem;color:var(--accent)}"
    "h2{font-size:1.1rem;margin:1.5rem 0 .5rem}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;"
    "background:var(--card);border:1px solid var(--line);padding:1rem;"
    "border-radius:.5rem}"
    "dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
    "code{font-size:.9em}"
    "footer{margin-top:2rem;color:var(--muted);font-size:.875rem}"
    "@media (max-width:30rem){dl{grid-template-columns:1fr}"
    "dd{margin-bottom:.5rem}}";

static const mtls_text_t *text_for(const mtls_page_t *page)
{
    return &text_en[page->decision->verdict];
}

static int about_chain(const mtls_page_t *page)
{
    return page->peer->presented && page->peer->depth > 0
           && text_for(page)->title_chain != NULL;
}

const char *mtls_render_title(apr_pool_t *p, const mtls_page_t *page)
{
    const mtls_text_t *t = text_for(page);
    const char *title = about_chain(page) ? t->title_chain : t->title;
    const char *sub = page->decision->substatus;

    return (sub && *sub) ? apr_pstrcat(p, sub, " \xE2\x80\x94 ", title, NULL)
                         : apr_pstrdup(p, title);
}

/* One <dt>/<dd> row, skipped when there is nothing to show. */
static void add_row(apr_pool_t *p, apr_array_header_t *out,
                    const char *label, const char *raw_value)
{
    if (raw_value && *raw_value) {
        APR_ARRAY_PUSH(out, const char *) =
            apr_pstrcat(p, "<dt>", label, "</dt><dd>",
                        mtls_render_escape_html(p, raw_value), "</dd>\n",
                        NULL);
    }
}

/* "5 years ago", "in 3 days": a date people can judge at a glance. */
static const char *relative_time(apr_pool_t *p, apr_time_t when,
                                 apr_time_t now)
{
    apr_int64_t secs = apr_time_sec(when) - apr_time_sec(now);
    apr_int64_t a = secs < 0 ? -secs : secs;
    apr_int64_t n;
    const char *unit;

    if (a < 3600) {
        n = a / 60;
        unit = "minute";
    }
    else if (a < 86400) {
        n = a / 3600;
        unit = "hour";
    }
    else if (a < 60 * 86400) {
        n = a / 86400;
        unit = "day";
    }
    else if (a < 730 * 86400) {
        n = a / (30 * 86400);
        unit = "month";
    }
    else {
        n = a / (365 * 86400);
        unit = "year";
    }
    return apr_psprintf(p, secs < 0 ? "%" APR_INT64_T_FMT " %s%s ago"
                                    : "in %" APR_INT64_T_FMT " %s%s",
                        n, unit, n == 1 ? "" : "s");
}

static const char *dated(apr_pool_t *p, const char *text, apr_time_t when,
                         apr_time_t now)
{
    if (!text || !when) {
        return text;
    }
    return apr_pstrcat(p, text, " (", relative_time(p, when, now), ")",
                       NULL);
}

static void add_cert_rows(apr_pool_t *p, apr_array_header_t *out,
                          const mtls_cert_t *c, apr_time_t now)
{
    add_row(p, out, "Subject", c->subject);
    add_row(p, out, "Issuer", c->issuer);
    add_row(p, out, "Serial number", c->serial);
    add_row(p, out, "Valid from", dated(p, c->not_before,
                                        c->not_before_time, now));
    add_row(p, out, "Valid until", dated(p, c->not_after,
                                         c->not_after_time, now));
    add_row(p, out, "SHA-256 fingerprint", c->sha256);
}

const char *mtls_render_html(apr_pool_t *p, const mtls_page_t *page,
                             apr_size_t *len)
{
    const mtls_decision_t *d = page->decision;
    const mtls_peer_t *peer = page->peer;
    const mtls_text_t *t = text_for(page);
    int chain = about_chain(page);
    int above = peer->presented && peer->failure != MTLS_FAIL_NONE
                && peer->depth > 0;
    apr_array_header_t *parts = apr_array_make(p, 48, sizeof(const char *));
    char date[APR_RFC822_DATE_LEN];
    const char *title = mtls_render_escape_html(p, mtls_render_title(p, page));
    const char *problem = peer->reason
        ? apr_psprintf(p, "%s (OpenSSL error %d)", peer->reason, peer->errnum)
        : NULL;
    const char *const *todo;
    const char *result;
    int i;

    APR_ARRAY_PUSH(parts, const char *) = apr_pstrcat(p,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        "<title>", title, "</title>\n<style>", page_style,
        "</style>\n</head>\n<body>\n<main>\n<h1>", NULL);
    if (d->substatus && *d->substatus) {
        APR_ARRAY_PUSH(parts, const char *) = apr_pstrcat(p,
            "<span class=\"code\">Error ", d->substatus, "</span> ", NULL);
    }
    APR_ARRAY_PUSH(parts, const char *) = apr_pstrcat(p,
        mtls_render_escape_html(p, chain ? t->title_chain : t->title),
        "</h1>\n<h2>What happened</h2>\n<p>",
        chain ? t->what_chain : t->what, "</p>\n", NULL);
    if (above) {
        APR_ARRAY_PUSH(parts, const char *) = apr_pstrcat(p,
            "<p>The certificate that failed is <strong>",
            mtls_render_escape_html(p, peer->failing.subject),
            "</strong>, ", apr_itoa(p, peer->depth),
            peer->depth == 1 ? " step" : " steps",
            " above your own in the chain.</p>\n", NULL);
    }
    todo = chain ? t->todo_chain : t->todo;
    if (todo[0]) {
        APR_ARRAY_PUSH(parts, const char *) =
            "<h2>What you can do</h2>\n<ul>\n";
        for (i = 0; todo[i]; i++) {
            APR_ARRAY_PUSH(parts, const char *) =
                apr_pstrcat(p, "<li>", todo[i], "</li>\n", NULL);
        }
        APR_ARRAY_PUSH(parts, const char *) = "</ul>\n";
    }

    if (peer->presented) {
        APR_ARRAY_PUSH(parts, const char *) =
            "<h2>Your certificate</h2>\n<dl>\n";
        add_cert_rows(p, parts, &peer->leaf, page->now);
        if (peer->reason && !above) {
            add_row(p, parts, "Problem", problem);
        }
        APR_ARRAY_PUSH(parts, const char *) = "</dl>\n";
        if (above) {
            APR_ARRAY_PUSH(parts, const char *) = apr_pstrcat(p,
                "<h2>The certificate that failed (depth ",
                apr_itoa(p, peer->depth), ")</h2>\n<dl>\n", NULL);
            add_cert_rows(p, parts, &peer->failing, page->now);
            add_row(p, parts, "Problem", problem);
            APR_ARRAY_PUSH(parts, const char *) = "</dl>\n";
        }
    }

    apr_rfc822_date(date, page->now);
    APR_ARRAY_PUSH(parts, const char *) = "<footer>\n<dl>\n";
    add_row(p, parts, "Verdict", mtls_verdict_name(d->verdict));
    add_row(p, parts, "Policy", mtls_mode_name(d->mode));
    add_row(p, parts, "Host", page->host);
    add_row(p, parts, "Time", date);
    add_row(p, parts, "Request ID", page->request_id);
    APR_ARRAY_PUSH(parts, const char *) =
        "</dl>\n</footer>\n</main>\n</body>\n</html>\n";

    result = apr_array_pstrcat(p, parts, '\0');
    *len = strlen(result);
    return result;
}
