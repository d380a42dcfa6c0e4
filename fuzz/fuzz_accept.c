/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * Accept and Accept-Language parsing on any header value. Asserts that the
 * answer is always one of ours (a known format, a built-in language or
 * the fallback), never anything taken from the header, and that a header
 * naming exactly one built-in language gets that language.
 */

#include <string.h>

#include <apr_strings.h>

#include "fuzz.h"
#include "mtls_accept.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool_begin();
    const char *header = fuzz_cstr(data, size, p);
    const mtls_lang_t *fallback = mtls_lang_at(0), *lang;
    mtls_format_e f = mtls_accept_format(header);
    int i, known = 0;

    FUZZ_ASSERT(f == MTLS_FORMAT_HTML || f == MTLS_FORMAT_PROBLEM_JSON
                || f == MTLS_FORMAT_TEXT, "unknown format");

    lang = mtls_accept_language(header, fallback);
    for (i = 0; i < mtls_lang_count(); i++) {
        known |= lang == mtls_lang_at(i);
    }
    FUZZ_ASSERT(known, "not a built-in language");
    FUZZ_ASSERT(mtls_accept_language(header, NULL) == NULL
                || mtls_accept_language(header, NULL) == lang
                || lang == fallback,
                "the fallback changed a matched language");

    /* The header as one plain language range of a built-in language. */
    for (i = 0; i < mtls_lang_count(); i++) {
        const char *code = mtls_lang_at(i)->code;

        lang = mtls_accept_language(apr_pstrcat(p, code, ";q=0.5", NULL),
                                    NULL);
        FUZZ_ASSERT(lang == mtls_lang_at(i), "a plain range did not match");
    }

    fuzz_pool_end(p);
    return 0;
}
