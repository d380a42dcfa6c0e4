/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * mtls_escape_log() on any bytes a certificate could carry.
 * Asserts that nothing in the output can end the quoted log field or the
 * line (no '"', no control character), that every '%' starts a %XX escape,
 * and that decoding the escapes always gives the input back, so two
 * different subjects never log alike. Bytes from 0x80 up pass through:
 * httpd's error log escapes those itself, so the output need not be UTF-8.
 */

#include <string.h>

#include "fuzz.h"
#include "mtls_escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool_begin();
    const char *in = fuzz_cstr(data, size, p);
    size_t n = strlen(in), m, i, j;
    const char *out = mtls_escape_log(p, in);
    char *back;

    m = strlen(out);
    FUZZ_ASSERT(m <= 3 * n, "output longer than the worst case");

    back = apr_palloc(p, m + 1);
    for (i = 0, j = 0; i < m; ) {
        unsigned char c = (unsigned char)out[i];

        FUZZ_ASSERT(c != '"', "'\"' in the output");
        FUZZ_ASSERT(c >= 0x20 && c != 0x7F, "control character in the output");
        if (c != '%') {
            back[j++] = out[i++];
            continue;
        }
        FUZZ_ASSERT(i + 2 < m + 1 && hexval(out[i + 1]) >= 0
                    && hexval(out[i + 2]) >= 0,
                    "'%' that does not start a %XX escape");
        back[j++] = (char)(hexval(out[i + 1]) * 16 + hexval(out[i + 2]));
        i += 3;
    }
    back[j] = '\0';
    FUZZ_ASSERT(j == n && !memcmp(back, in, n),
                "decoding the escapes does not give the input");

    fuzz_pool_end(p);
    return 0;
}
