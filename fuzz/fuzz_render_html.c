/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * The whole explanation page, rendered from a connection record whose
 * every field is hostile: subject, issuer, serial, dates, fingerprint and
 * reason of the client's certificate and of the failing one, any dates and
 * depth, the request's host, path and ID, the accepted CA names, the
 * contact text (with or without a configured link), in any language,
 * under any verdict and policy.
 *
 * Asserts that the page is well-formed UTF-8 of the length reported, has
 * no control characters but newlines, shows the escaped subject, and that
 * its markup (every "<...>", in order) is exactly the markup of the same
 * page with every certificate and request string replaced by "x": nothing
 * a certificate says can add, remove or change a tag or an attribute.
 */

#include <string.h>

#include <apr_strings.h>

#include "fuzz.h"
#include "mtls_escape.h"
#include "mtls_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Same presence, harmless content: rows appear for the same fields. */
static const char *tame(const char *s)
{
    return (s && *s) ? "x" : s;
}

static void tame_cert(mtls_cert_t *c)
{
    c->subject = tame(c->subject);
    c->issuer = tame(c->issuer);
    c->serial = tame(c->serial);
    c->not_before = tame(c->not_before);
    c->not_after = tame(c->not_after);
    c->sha256 = tame(c->sha256);
}

/* Every tag of a page, in order. */
static const char *markup(apr_pool_t *p, const char *html)
{
    char *out = apr_palloc(p, strlen(html) + 1), *o = out;
    int in_tag = 0;

    for (; *html; html++) {
        if (*html == '<') {
            FUZZ_ASSERT(!in_tag, "'<' inside a tag");
            in_tag = 1;
        }
        if (in_tag) {
            *o++ = *html;
        }
        if (*html == '>') {
            FUZZ_ASSERT(in_tag, "'>' outside a tag");
            in_tag = 0;
        }
    }
    FUZZ_ASSERT(!in_tag, "unterminated tag");
    *o = '\0';
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool_begin();
    fuzz_input_t in = { data, size };
    fuzz_page_t f;
    mtls_peer_t tame_peer;
    mtls_page_t tame_page;
    const mtls_peer_t *peer;
    const mtls_page_t *page;
    const char *html, *tame_html;
    apr_array_header_t *tame_accepted;
    apr_size_t len, tame_len, i;

    fuzz_page(&in, p, &f);
    peer = &f.peer;
    page = &f.page;

    html = mtls_render_html(p, page, &len);
    FUZZ_ASSERT(html && len == strlen(html), "length is not the page's");
    FUZZ_ASSERT(fuzz_utf8_valid(html, len), "page is not well-formed UTF-8");
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)html[i];

        FUZZ_ASSERT((c >= 0x20 && c != 0x7F) || c == '\n',
                    "control character in the page");
    }
    if (peer->presented && peer->leaf.subject && *peer->leaf.subject) {
        FUZZ_ASSERT(strstr(html, mtls_escape_html(p, peer->leaf.subject)),
                    "the page does not show the subject");
    }

    tame_peer = *peer;
    tame_peer.reason = tame(peer->reason);
    tame_cert(&tame_peer.leaf);
    tame_cert(&tame_peer.failing);
    tame_page = *page;
    tame_page.peer = &tame_peer;
    tame_page.host = tame(page->host);
    tame_page.request_id = tame(page->request_id);
    tame_page.uri = tame(page->uri);
    tame_page.contact = tame(page->contact);
    tame_accepted = apr_array_copy(p, f.accepted);
    for (i = 0; i < (apr_size_t)tame_accepted->nelts; i++) {
        APR_ARRAY_IDX(tame_accepted, i, const char *) =
            tame(APR_ARRAY_IDX(tame_accepted, i, const char *));
    }
    tame_page.accepted = tame_accepted;
    tame_html = mtls_render_html(p, &tame_page, &tame_len);
    FUZZ_ASSERT(!strcmp(markup(p, html), markup(p, tame_html)),
                "certificate text changed the page's markup");

    FUZZ_ASSERT(fuzz_utf8_valid(mtls_render_title(p, page),
                                strlen(mtls_render_title(p, page))),
                "title is not well-formed UTF-8");

    fuzz_pool_end(p);
    return 0;
}
