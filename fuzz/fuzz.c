/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * The support every fuzz target links with; see fuzz.h.
 */

/* RTLD_NEXT; APR_CFLAGS usually defines it already. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "fuzz.h"

typedef void *(*palloc_fn)(apr_pool_t *, apr_size_t);

static palloc_fn real_palloc;
static apr_pool_t *tracked;
static void **blocks;
static size_t nblocks, capacity;

static void *tracked_alloc(apr_size_t size)
{
    void *mem = malloc(size ? size : 1);

    if (!mem) {
        fuzz_fail(__FILE__, __LINE__, "out of memory");
    }
    if (nblocks == capacity) {
        capacity = capacity ? capacity * 2 : 256;
        blocks = realloc(blocks, capacity * sizeof(*blocks));
        if (!blocks) {
            fuzz_fail(__FILE__, __LINE__, "out of memory");
        }
    }
    blocks[nblocks++] = mem;
    return mem;
}

/* These replace APR's own for the whole process: libapr calls them through
 * its PLT, so apr_pstrcat() and the rest come here too. Only the pool of
 * the input being run is redirected; APR's global pool keeps its blocks. */
void *apr_palloc(apr_pool_t *p, apr_size_t size)
{
    if (p == tracked && tracked) {
        return tracked_alloc(size);
    }
    if (!real_palloc) {
        real_palloc = (palloc_fn)dlsym(RTLD_NEXT, "apr_palloc");
        if (!real_palloc) {
            fuzz_fail(__FILE__, __LINE__, "apr_palloc not found in libapr");
        }
    }
    return real_palloc(p, size);
}

/* apr_pools.h makes apr_pcalloc() a macro over apr_palloc(); libapr still
 * exports the function, for callers built without the header. */
void *(apr_pcalloc)(apr_pool_t *p, apr_size_t size)
{
    void *mem = apr_palloc(p, size);

    memset(mem, 0, size);
    return mem;
}

apr_pool_t *fuzz_pool_begin(void)
{
    static int initialized;
    apr_pool_t *p;

    if (!initialized) {
        if (apr_initialize() != APR_SUCCESS) {
            fuzz_fail(__FILE__, __LINE__, "apr_initialize failed");
        }
        initialized = 1;
    }
    if (apr_pool_create(&p, NULL) != APR_SUCCESS) {
        fuzz_fail(__FILE__, __LINE__, "apr_pool_create failed");
    }
    tracked = p;
    return p;
}

void fuzz_pool_end(apr_pool_t *p)
{
    size_t i;

    /* Cleanups registered on the pool live in tracked blocks: destroy
     * first, free after. */
    apr_pool_destroy(p);
    tracked = NULL;
    for (i = 0; i < nblocks; i++) {
        free(blocks[i]);
    }
    nblocks = 0;
}

unsigned fuzz_byte(fuzz_input_t *in)
{
    unsigned b;

    if (!in->size) {
        return 0;
    }
    b = in->data[0];
    in->data++;
    in->size--;
    return b;
}

int64_t fuzz_int64(fuzz_input_t *in)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < 8; i++) {
        v = (v << 8) | fuzz_byte(in);
    }
    return (int64_t)v;
}

const char *fuzz_str(fuzz_input_t *in, apr_pool_t *p)
{
    size_t len = fuzz_byte(in);

    len |= (size_t)fuzz_byte(in) << 8;
    if (len == 0xFFFF) {
        return NULL;
    }
    if (len > in->size) {
        len = in->size;
    }
    {
        const char *s = fuzz_cstr(in->data, len, p);

        in->data += len;
        in->size -= len;
        return s;
    }
}

const char *fuzz_cstr(const uint8_t *data, size_t size, apr_pool_t *p)
{
    char *s = apr_palloc(p, size + 1);

    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

int fuzz_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    /* RFC 3629, section 4: the well-formed byte sequences, range by range. */
    while (i < n) {
        unsigned char c = s[i];
        unsigned char lo = 0x80, hi = 0xBF;
        size_t len, k;

        if (c <= 0x7F) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        }
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            }
            else if (c == 0xED) {
                hi = 0x9F;
            }
        }
        else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) {
                lo = 0x90;
            }
            else if (c == 0xF4) {
                hi = 0x8F;
            }
        }
        else {
            return 0;
        }
        if (n - i < len) {
            return 0;
        }
        if (s[i + 1] < lo || s[i + 1] > hi) {
            return 0;
        }
        for (k = 2; k < len; k++) {
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) {
                return 0;
            }
        }
        i += len;
    }
    return 1;
}

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant does not hold: %s\n", file, line, what);
    abort();
}

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

void fuzz_page(fuzz_input_t *in, apr_pool_t *p, fuzz_page_t *out)
{
    unsigned flags = fuzz_byte(in);
    mtls_mode_e mode = (mtls_mode_e)((int)(fuzz_byte(in) % 5) - 1);
    mtls_peer_t *peer = &out->peer;
    mtls_page_t *page = &out->page;
    mtls_policy_t policy;
    unsigned i;

    memset(out, 0, sizeof(*out));
    peer->presented = flags & 1;
    peer->issuer_only = (flags >> 1) & 1;
    peer->site_only = (flags >> 6) & 1;
    peer->failure = (mtls_fail_e)(fuzz_byte(in)
                                  % (MTLS_FAIL_WRONG_PURPOSE + 1));
    peer->depth = (int)fuzz_byte(in);
    peer->errnum = (int)fuzz_int64(in);
    peer->reason = fuzz_str(in, p);
    read_cert(in, p, &peer->leaf);
    read_cert(in, p, &peer->failing);
    /* A chain longer than SSLVerifyDepth, at any two depths. */
    if (flags & 32) {
        peer->chain_depth = (int)fuzz_byte(in);
        peer->depth_limit = (int)fuzz_byte(in);
    }
    policy.mode = mode;
    policy.report_only = (flags >> 2) & 1;
    policy.revocation_unknown_allow = (flags >> 7) & 1;
    mtls_verdict_decide(peer, &policy, &out->decision);

    page->decision = &out->decision;
    page->peer = peer;
    page->now = fuzz_int64(in);
    page->host = fuzz_str(in, p);
    page->request_id = fuzz_str(in, p);
    page->lang = mtls_lang_at((int)(fuzz_byte(in) % mtls_lang_count()));
    page->uri = fuzz_str(in, p);
    page->contact = fuzz_str(in, p);
    page->contact_url = (flags & 8) ? "mailto:pki@example.org" : NULL;
    page->help_url = (flags & 16) ? "https://help.example.org/" : NULL;
    out->accepted = apr_array_make(p, 3, sizeof(const char *));
    for (i = fuzz_byte(in) % 4; i > 0; i--) {
        APR_ARRAY_PUSH(out->accepted, const char *) = fuzz_str(in, p);
    }
    page->accepted = out->accepted;
}
