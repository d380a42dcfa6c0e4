/* Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * The matcher of `Require mtls-cert`: each clause against the plain record
 * of a verified certificate's parsed fields, field by field, never as
 * printed strings a hostile certificate could forge.
 */

#include <string.h>

#include <apr_lib.h>

#include "mtls_certreq.h"
#include "mtls_certreq_clause.h"

int mtls_certreq_count(const mtls_certreq_t *req)
{
    return req->clauses->nelts;
}

const char *mtls_certreq_text(const mtls_certreq_t *req, int i)
{
    return APR_ARRAY_IDX(req->clauses, i, mtls_certreq_clause_t).text;
}

int mtls_certreq_kind(const mtls_certreq_t *req, int i)
{
    return APR_ARRAY_IDX(req->clauses, i, mtls_certreq_clause_t).kind;
}

/* The text is the keyword, one space and the value (mtls_certreq.c). */
const char *mtls_certreq_value(const mtls_certreq_t *req, int i)
{
    const char *text = mtls_certreq_text(req, i);
    const char *space = strchr(text, ' ');

    return space ? space + 1 : text;
}

static int same_str(const mtls_certreq_str_t *a, const mtls_certreq_str_t *b)
{
    return a->value && b->value && a->len == b->len
           && !memcmp(a->value, b->value, a->len);
}

static int same_ava(const mtls_certreq_ava_t *a, const mtls_certreq_ava_t *b)
{
    return a->oid && b->oid && !strcmp(a->oid, b->oid)
           && same_str(&a->value, &b->value);
}

static int fold(char c, int nocase)
{
    return nocase ? apr_tolower(c) : (unsigned char)c;
}

/* One separator-free segment against a pattern segment whose '*' matches
 * any run of characters; the classic two-pointer glob, O(n*m) at worst. */
static int glob_segment(const char *pat, apr_size_t pn, const char *val,
                        apr_size_t vn, int nocase)
{
    apr_size_t pi = 0, vi = 0, star = (apr_size_t)-1, mark = 0;

    while (vi < vn) {
        if (pi < pn && pat[pi] == '*') {
            star = pi++;
            mark = vi;
        }
        else if (pi < pn && fold(pat[pi], nocase) == fold(val[vi], nocase)) {
            pi++;
            vi++;
        }
        else if (star != (apr_size_t)-1) {
            pi = star + 1;
            vi = ++mark;
        }
        else {
            return 0;
        }
    }
    while (pi < pn && pat[pi] == '*') {
        pi++;
    }
    return pi == pn;
}

/* '*' never crosses sep: a DNS label, an e-mail's local part or domain, a
 * URI's path segment. */
static int glob(const mtls_certreq_str_t *pat, const mtls_certreq_str_t *val,
                char sep, int nocase)
{
    const char *p = pat->value, *pe = p + pat->len;
    const char *v = val->value, *ve;
    const char *ps, *vs;

    if (!v) {
        return 0;
    }
    ve = v + val->len;
    for (;;) {
        ps = memchr(p, sep, pe - p);
        vs = memchr(v, sep, ve - v);
        if (!ps != !vs) {
            return 0;
        }
        if (!glob_segment(p, (ps ? ps : pe) - p, v, (vs ? vs : ve) - v,
                          nocase)) {
            return 0;
        }
        if (!ps) {
            return 1;
        }
        p = ps + 1;
        v = vs + 1;
    }
}

static int any_glob(const apr_array_header_t *names,
                    const mtls_certreq_str_t *pat, char sep, int nocase)
{
    int i;

    for (i = 0; i < names->nelts; i++) {
        if (glob(pat, &APR_ARRAY_IDX(names, i, mtls_certreq_str_t), sep,
                 nocase)) {
            return 1;
        }
    }
    return 0;
}

static int any_oid(const apr_array_header_t *oids, const char *oid)
{
    int i;

    for (i = 0; i < oids->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(oids, i, const char *), oid)) {
            return 1;
        }
    }
    return 0;
}

static int clause_met(const mtls_certreq_clause_t *cl, const mtls_certreq_cert_t *cert)
{
    const apr_array_header_t *avas;
    mtls_certreq_ava_t want;
    int i;

    switch (cl->kind) {
    case MTLS_CR_ISSUER:
        avas = cert->issuer.avas;
        if (!cert->issuer.complete || avas->nelts != cl->dn->nelts) {
            return 0;
        }
        for (i = 0; i < avas->nelts; i++) {
            if (!same_ava(&APR_ARRAY_IDX(avas, i, mtls_certreq_ava_t),
                          &APR_ARRAY_IDX(cl->dn, i, mtls_certreq_ava_t))) {
                return 0;
            }
        }
        return 1;
    case MTLS_CR_SUBJECT:
        want.oid = cl->oid;
        want.value = cl->value;
        avas = cert->subject.avas;
        for (i = 0; i < avas->nelts; i++) {
            if (same_ava(&APR_ARRAY_IDX(avas, i, mtls_certreq_ava_t), &want)) {
                return 1;
            }
        }
        return 0;
    case MTLS_CR_SAN_EMAIL:
        return any_glob(cert->san_email, &cl->value, '@', 0);
    case MTLS_CR_SAN_DNS:
        return any_glob(cert->san_dns, &cl->value, '.', 1);
    case MTLS_CR_SAN_URI:
        return any_glob(cert->san_uri, &cl->value, '/', 0);
    case MTLS_CR_FINGERPRINT:
        return cert->has_sha256 && !memcmp(cert->sha256, cl->digest, 32);
    case MTLS_CR_SPKI:
        return cert->has_spki && !memcmp(cert->spki_sha256, cl->digest, 32);
    case MTLS_CR_EKU:
        return any_oid(cert->eku, cl->oid);
    case MTLS_CR_POLICY:
        return any_oid(cert->policy, cl->oid);
    }
    return 0;
}

int mtls_certreq_match(const mtls_certreq_t *req,
                       const mtls_certreq_cert_t *cert)
{
    int i;

    for (i = 0; i < req->clauses->nelts; i++) {
        if (!clause_met(&APR_ARRAY_IDX(req->clauses, i, mtls_certreq_clause_t), cert)) {
            return i;
        }
    }
    return -1;
}
