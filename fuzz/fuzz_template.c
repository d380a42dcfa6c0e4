/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * An administrator's template, parsed and, when the parser accepts it,
 * filled with hostile values. Asserts that the parser either accepts or
 * names a line inside the file, and that values can never add markup: the
 * page filled with hostile values has exactly as many '<', '>', '"' and
 * '\'' as the page filled with "x", and is well-formed UTF-8 whenever the
 * template is.
 */

#include <string.h>

#include "fuzz.h"
#include "mtls_template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(const char *s, size_t n, size_t counts[4])
{
    static const char structural[] = "<>\"'";
    size_t i;
    int k;

    memset(counts, 0, 4 * sizeof(size_t));
    for (i = 0; i < n; i++) {
        for (k = 0; k < 4; k++) {
            counts[k] += s[i] == structural[k];
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hostile[] = {
        "\"><script>alert(1)</script>", "' onmouseover='x", "<!--",
        "\xE2\x80\xAE\x65vil", "a\r\nb", "\xC0\xAF", "&amp;&lt;"
    };
    apr_pool_t *p = fuzz_pool_begin();
    const char *text = fuzz_cstr(data, size, p);
    size_t len = strlen(text), lines = 1, i;
    const char *vals[MTLS_PH_COUNT], *tame[MTLS_PH_COUNT];
    const char *err, *out, *tame_out;
    size_t c1[4], c2[4];
    apr_size_t out_len, tame_len;
    mtls_template_t *t;
    int line, k;

    for (i = 0; i < len; i++) {
        lines += text[i] == '\n';
    }
    t = mtls_template_parse(p, text, len, &err, &line);
    if (!t) {
        FUZZ_ASSERT(err && *err, "refused without a reason");
        FUZZ_ASSERT(line >= 0 && (size_t)line <= lines,
                    "error on a line the template does not have");
        fuzz_pool_end(p);
        return 0;
    }
    for (k = 0; k < MTLS_PH_COUNT; k++) {
        int markup = mtls_template_ph_kind((mtls_ph_e)k) == MTLS_PH_KIND_MARKUP;

        /* The module's own blocks are markup on both sides alike. */
        vals[k] = markup ? "<ul><li>x</li></ul>"
                         : hostile[k % (sizeof(hostile) / sizeof(hostile[0]))];
        tame[k] = markup ? vals[k] : "x";
    }
    out = mtls_template_render(p, t, vals, &out_len);
    tame_out = mtls_template_render(p, t, tame, &tame_len);
    FUZZ_ASSERT(out_len == strlen(out), "length is not the output's");
    count(out, out_len, c1);
    count(tame_out, tame_len, c2);
    FUZZ_ASSERT(!memcmp(c1, c2, sizeof(c1)),
                "a value added or removed markup characters");
    if (fuzz_utf8_valid(text, len)) {
        FUZZ_ASSERT(fuzz_utf8_valid(out, out_len),
                    "a well-formed template gave malformed UTF-8");
    }
    fuzz_pool_end(p);
    return 0;
}
