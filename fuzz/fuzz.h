/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * What every libFuzzer target in fuzz/ shares: a pool per input whose
 * allocations AddressSanitizer can see, a reader that turns the fuzzer's
 * bytes into the hostile fields of a certificate or request, and checks
 * for the invariants the targets assert. A target is one file,
 * fuzz/fuzz_<name>.c, defining LLVMFuzzerTestOneInput; "make fuzz" finds
 * it, builds it with the pure sources and runs it from fuzz/corpus/<name>.
 */

#ifndef MTLS_FUZZ_H
#define MTLS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <apr_pools.h>
#include <apr_tables.h>

#include "mtls_render.h"

/* A pool for one input. Every apr_palloc() from it, including those inside
 * APR's string functions, is a separate malloc() while it lives, so ASan
 * catches an overrun of any one allocation: a pool would hide it inside
 * its 8 KiB blocks. */
apr_pool_t *fuzz_pool_begin(void);

/* Destroy the pool of fuzz_pool_begin() and free what it handed out. */
void fuzz_pool_end(apr_pool_t *p);

/* The fuzzer's bytes, read from the front. */
typedef struct {
    const uint8_t *data;
    size_t size;
} fuzz_input_t;

/* The next byte, 0 once the input is used up. */
unsigned fuzz_byte(fuzz_input_t *in);

/* The next 8 bytes as a signed 64-bit number (missing bytes are 0). */
int64_t fuzz_int64(fuzz_input_t *in);

/* A string: a 16-bit length, then that many bytes (fewer if the input
 * ends). Length 0xFFFF gives NULL. The copy ends at the first NUL, as a
 * C string taken from a certificate would. */
const char *fuzz_str(fuzz_input_t *in, apr_pool_t *p);

/* The whole input as a NUL-terminated string (ending at a NUL in it). */
const char *fuzz_cstr(const uint8_t *data, size_t size, apr_pool_t *p);

/* Whether s[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). Written apart from the renderer's
 * own decoder, so that one checks the other. */
int fuzz_utf8_valid(const char *s, size_t n);

/* Everything one explanation shows, read from the input with every
 * string hostile: the connection record (both certificates, reason,
 * depth, failure class, a chain deeper than the site allows), the policy, the request's host, path and ID, the
 * language, the contact text and up to three accepted CA names. Link
 * targets come from the configuration, which checked them, so they are
 * fixed values switched on by the input. */
typedef struct {
    mtls_peer_t peer;
    mtls_decision_t decision;
    mtls_page_t page;
    apr_array_header_t *accepted;
} fuzz_page_t;

void fuzz_page(fuzz_input_t *in, apr_pool_t *p, fuzz_page_t *out);

/* Stop the fuzzer with a message when an invariant does not hold. */
#define FUZZ_ASSERT(cond, what) \
    do { if (!(cond)) fuzz_fail(__FILE__, __LINE__, (what)); } while (0)

void fuzz_fail(const char *file, int line, const char *what)
    __attribute__((noreturn));

#endif /* MTLS_FUZZ_H */
