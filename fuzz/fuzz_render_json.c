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
    const char *json, *text, *end;
    apr_size_t len, i;
    fuzz_page_t f;

    fuzz_page(&in, p, &f);
    json = mtls_render_json(p, &f.page, &len);
    FUZZ_ASSERT(len == strlen(json), "length is not the document's");
    for (i = 0; i + 1 < len; i++) {
        FUZZ_ASSERT(json[i] >= 0x20 && json[i] < 0x7F,
                    "JSON outside printable ASCII");
    }
    end = value(json, 0);
    FUZZ_ASSERT(end && !strcmp(end, "\n"), "JSON is not one valid value");

    text = mtls_render_text(p, &f.page, &len);
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
