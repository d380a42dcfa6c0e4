/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * mtls_escape_html() on any bytes a certificate could carry.
 * Asserts that the output is inert and faithful: well-formed UTF-8, no
 * character that can open or close markup or an attribute, no control
 * character, '&' only as one of the five entities it writes, and for
 * well-formed input without control characters or bidirectional
 * controls, unescaping gives the input back.
 */

#include <string.h>

#include "fuzz.h"
#include "mtls_escape.h"

static const char *const entities[] = {
    "&amp;", "&lt;", "&gt;", "&quot;", "&#39;"
};
static const char decoded[] = "&<>\"'";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool_begin();
    const char *in = fuzz_cstr(data, size, p);
    size_t n = strlen(in), m, i, j, k;
    const char *out = mtls_escape_html(p, in);
    char *back;
    int faithful = fuzz_utf8_valid(in, n);

    m = strlen(out);
    FUZZ_ASSERT(m <= 6 * n, "output longer than the worst case");
    FUZZ_ASSERT(fuzz_utf8_valid(out, m), "output is not well-formed UTF-8");

    back = apr_palloc(p, m + 1);
    for (i = 0, j = 0; i < m; ) {
        unsigned char c = (unsigned char)out[i];

        FUZZ_ASSERT(!strchr("<>\"'", c), "markup character in the output");
        FUZZ_ASSERT(c >= 0x20 && c != 0x7F, "control character in the output");
        if (c != '&') {
            back[j++] = out[i++];
            continue;
        }
        for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
            if (!strncmp(out + i, entities[k], strlen(entities[k]))) {
                break;
            }
        }
        FUZZ_ASSERT(k < sizeof(entities) / sizeof(entities[0]),
                    "'&' that does not start an entity");
        back[j++] = decoded[k];
        i += strlen(entities[k]);
    }
    back[j] = '\0';

    /* Controls (C0, DEL, C1) and bidirectional embeddings, overrides and
     * isolates are replaced on purpose. */
    for (i = 0; i < n; i++) {
        const unsigned char *u = (const unsigned char *)in + i;

        if (u[0] < 0x20 || u[0] == 0x7F
            || (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F)
            || (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE)
            || (u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6
                && u[2] <= 0xA9)) {
            faithful = 0;
        }
    }
    if (faithful) {
        FUZZ_ASSERT(!strcmp(back, in), "unescaping does not give the input");
    }

    fuzz_pool_end(p);
    return 0;
}
