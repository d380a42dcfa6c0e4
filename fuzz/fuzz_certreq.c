/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * `Require mtls-cert` arguments and certificate fields, both hostile: the
 * input's first string is the requirement line, the rest fill a
 * certificate record (subject and issuer attributes, SANs of each type,
 * EKU and policy OIDs). Asserts that the matcher answers within the
 * clause count, that a met requirement stays met when the certificate
 * gains fields, and that any printable name without '*' matches itself.
 */

#include <string.h>

#include <apr_strings.h>

#include "fuzz.h"
#include "mtls_certreq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void add_str(fuzz_input_t *in, apr_pool_t *p, apr_array_header_t *list)
{
    const char *v = fuzz_str(in, p);
    mtls_certreq_str_t *s = apr_array_push(list);

    s->value = v;
    s->len = v ? strlen(v) : 0;
}

static void add_ava(fuzz_input_t *in, apr_pool_t *p, mtls_certreq_dn_t *dn)
{
    static const char *const oids[] = { "2.5.4.3", "2.5.4.10", "2.5.4.11",
                                        "1.2.840.113549.1.9.1", NULL };
    mtls_certreq_ava_t *ava = apr_array_push(dn->avas);

    ava->oid = oids[fuzz_byte(in) % 5];
    ava->value.value = fuzz_str(in, p);
    ava->value.len = ava->value.value ? strlen(ava->value.value) : 0;
}

static int printable(const char *s)
{
    if (!s || !*s || strlen(s) > MTLS_CERTREQ_VALUE_MAX) {
        return 0;
    }
    for (; *s; s++) {
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f
            || *s == '*' || *s == '"' || *s == '\'' || *s == '\\') {
            return 0;
        }
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fuzz_pool_begin();
    fuzz_input_t in = { data, size };
    const char *line = fuzz_str(&in, p);
    mtls_certreq_cert_t *cert = mtls_certreq_cert_make(p);
    const mtls_certreq_t *req = NULL, *self = NULL;
    const mtls_certreq_str_t *uri;
    unsigned i, n = fuzz_byte(&in) % 8;
    int got;

    for (i = 0; i < n; i++) {
        add_ava(&in, p, &cert->subject);
        add_ava(&in, p, &cert->issuer);
        add_str(&in, p, cert->san_email);
        add_str(&in, p, cert->san_dns);
        add_str(&in, p, cert->san_uri);
        APR_ARRAY_PUSH(cert->eku, const char *) = "1.3.6.1.5.5.7.3.2";
    }
    cert->issuer.complete = fuzz_byte(&in) & 1;
    if (line && !mtls_certreq_parse(p, line, &req)) {
        FUZZ_ASSERT(req && mtls_certreq_count(req) > 0, "no clauses");
        got = mtls_certreq_match(req, cert);
        FUZZ_ASSERT(got >= -1 && got < mtls_certreq_count(req),
                    "unmet clause out of range");
        for (i = 0; i < (unsigned)mtls_certreq_count(req); i++) {
            FUZZ_ASSERT(mtls_certreq_text(req, i) != NULL, "no clause text");
        }
        if (got == -1) {
            add_str(&in, p, cert->san_dns);
            APR_ARRAY_PUSH(cert->policy, const char *) = "1.2.3";
            FUZZ_ASSERT(mtls_certreq_match(req, cert) == -1,
                        "more fields unmet a requirement");
        }
    }
    for (i = 0; i < (unsigned)cert->san_uri->nelts; i++) {
        uri = &APR_ARRAY_IDX(cert->san_uri, i, mtls_certreq_str_t);
        if (printable(uri->value)) {
            FUZZ_ASSERT(!mtls_certreq_parse(p, apr_pstrcat(p, "san-uri ",
                                            uri->value, NULL), &self),
                        "a printable URI is not a pattern");
            FUZZ_ASSERT(mtls_certreq_match(self, cert) == -1,
                        "a URI does not match itself");
        }
    }
    fuzz_pool_end(p);
    return 0;
}
