/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * The problem document (application/problem+json) and the plain-text
 * answer, rendered from a connection record and request whose every string
 * is hostile, in any language, under any verdict and policy.
 *
 * Asserts that the JSON is printable ASCII, one line, and well-formed
 * (checked here by a small validator of its own), and that the text is
 * well-formed UTF-8 with no control character but newlines.
 */

#include <string.h>

#include <apr_strings.h>

#include "fuzz.h"
#include "mtls_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_cert(fuzz_input_t *in, apr_pool_t *p, mtls_cert_t *c)
{
    c->subject = fuzz_str(in, p);
    c->issuer = fuzz_str(in, p);
    c->serial = fuzz_str(in, p);
    c->not_before = fuzz_str(in, p);
    c->not_after = fuzz_str(in, p);
    c->sha256 = fuzz_str(in, p);
    c->not_before_time = fuzz_int64(in);
    c->not_after_time = fuzz_int64(in);
}

/* A JSON value at s; returns the position after it, or NULL. */
static const char *value(const char *s, int depth);

static const char *string(const char *s)
{
    if (*s++ != '"') {
        return NULL;
    }
    while (*s != '"') {
        if (*s == '\0' || (unsigned char)*s < 0x20) {
            return NULL;
        }
        if (*s == '\\') {
            s++;
            if (*s == 'u') {
                int i;

                for (i = 1; i <= 4; i++) {
                    if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i]) {
                        return NULL;
                    }
                }
                s += 4;
            }
            else if (!*s || !strchr("\"\\/bfnrt", *s)) {
                return NULL;
            }
        }
        s++;
    }
    return s + 1;
}

static const char *value(const char *s, int depth)
{
    if (depth > 16) {
        return NULL;
    }
    if (*s == '"') {
        return string(s);
    }
    if (*s == '{' || *s == '[') {
        char close = *s == '{' ? '}' : ']';
        int object = *s == '{';

        s++;
        if (*s == close) {
            return s + 1;
        }
        for (;;) {
            if (object) {
                if (!(s = string(s)) || *s++ != ':') {
                    return NULL;
                }
            }
            if (!(s = value(s, depth + 1))) {
                return NULL;
            }
            if (*s == close) {
                return s + 1;
            }
            if (*s++ != ',') {
                return NULL;
            }
        }
    }
    if (!strncmp(s, "null", 4)) {
        return s + 4;
    }
    if (*s == '-' || (*s >= '0' && *s <= '9')) {
        s += *s == '-';
        if (!(*s >= '0' && *s <= '9')) {
            return NULL;
        }
        while (*s >= '0' && *s <= '9') {
            s++;
        }
        return s;
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool_begin();
    fuzz_input_t in = { data, size };
    apr_array_header_t *accepted;
    mtls_decision_t decision;
    mtls_peer_t peer;
    mtls_page_t page;
    unsigned flags = fuzz_byte(&in);
    mtls_mode_e mode = (mtls_mode_e)((int)(fuzz_byte(&in) % 5) - 1);
    const char *json, *text, *end;
    apr_size_t len, i;

    memset(&peer, 0, sizeof(peer));
    peer.presented = flags & 1;
    peer.issuer_only = (flags >> 1) & 1;
    peer.failure = (mtls_fail_e)(fuzz_byte(&in) % (MTLS_FAIL_INVALID + 1));
    peer.depth = (int)fuzz_byte(&in);
    peer.errnum = (int)fuzz_int64(&in);
    peer.reason = fuzz_str(&in, p);
    read_cert(&in, p, &peer.leaf);
    read_cert(&in, p, &peer.failing);
    mtls_verdict_decide(&peer, mode, (flags >> 2) & 1, &decision);

    memset(&page, 0, sizeof(page));
    page.decision = &decision;
    page.peer = &peer;
    page.lang = mtls_lang_at((int)(fuzz_byte(&in) % mtls_lang_count()));
    page.now = fuzz_int64(&in);
    page.host = fuzz_str(&in, p);
    page.uri = fuzz_str(&in, p);
    page.request_id = fuzz_str(&in, p);
    page.contact = fuzz_str(&in, p);
    /* Link targets come from the configuration, which checked them. */
    page.contact_url = (flags & 8) ? "mailto:pki@example.org" : NULL;
    page.help_url = (flags & 16) ? "https://help.example.org/" : NULL;
    accepted = apr_array_make(p, 3, sizeof(const char *));
    for (i = fuzz_byte(&in) % 4; i > 0; i--) {
        APR_ARRAY_PUSH(accepted, const char *) = fuzz_str(&in, p);
    }
    page.accepted = accepted;

    json = mtls_render_json(p, &page, &len);
    FUZZ_ASSERT(len == strlen(json), "length is not the document's");
    for (i = 0; i + 1 < len; i++) {
        FUZZ_ASSERT(json[i] >= 0x20 && json[i] < 0x7F,
                    "JSON outside printable ASCII");
    }
    end = value(json, 0);
    FUZZ_ASSERT(end && !strcmp(end, "\n"), "JSON is not one valid value");

    text = mtls_render_text(p, &page, &len);
    FUZZ_ASSERT(len == strlen(text), "length is not the text's");
    FUZZ_ASSERT(fuzz_utf8_valid(text, len), "text is not well-formed UTF-8");
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];

        FUZZ_ASSERT((c >= 0x20 && c != 0x7F) || c == '\n',
                    "control character in the text");
    }

    fuzz_pool_end(p);
    return 0;
}
