/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * Unit tests for `Require mtls-cert`: the clause parser's errors and the
 * matcher against certificate records built by hand, forged attributes
 * and wildcards included. TAP output, run by `make check`.
 */

#include <stdio.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "mtls_certreq.h"

#include "tap.h"

static apr_pool_t *pool;

static void add_ava(mtls_certreq_dn_t *dn, const char *oid, const char *v,
                    apr_size_t len)
{
    mtls_certreq_ava_t *ava = apr_array_push(dn->avas);

    ava->oid = oid;
    ava->value.value = v;
    ava->value.len = len;
}

static void add_str(apr_array_header_t *list, const char *v)
{
    mtls_certreq_str_t *s = apr_array_push(list);

    s->value = v;
    s->len = v ? strlen(v) : 0;
}

/* A certificate like t/make-pki.sh's finance one, issued by its root. */
static mtls_certreq_cert_t *finance_cert(void)
{
    mtls_certreq_cert_t *c = mtls_certreq_cert_make(pool);
    int i;

    add_ava(&c->issuer, "2.5.4.10", "mtls-explain tests", 18);
    add_ava(&c->issuer, "2.5.4.3", "mtls-explain Test Root CA", 25);
    add_ava(&c->subject, "2.5.4.10", "Example", 7);
    add_ava(&c->subject, "2.5.4.11", "Finance", 7);
    add_ava(&c->subject, "2.5.4.3", "alice", 5);
    add_str(c->san_email, "alice@example.com");
    add_str(c->san_dns, "alice.finance.example.com");
    add_str(c->san_uri, "spiffe://example.com/finance/alice");
    APR_ARRAY_PUSH(c->eku, const char *) = "1.3.6.1.5.5.7.3.2";
    APR_ARRAY_PUSH(c->policy, const char *) = "1.3.6.1.4.1.99999.1";
    c->has_sha256 = c->has_spki = 1;
    for (i = 0; i < 32; i++) {
        c->sha256[i] = (unsigned char)i;
        c->spki_sha256[i] = 0xfb;
    }
    return c;
}

/* Is the requirement parsed, and met by the certificate? -2: parse error. */
static int outcome(const char *line, const mtls_certreq_cert_t *cert)
{
    const mtls_certreq_t *req = NULL;

    if (mtls_certreq_parse(pool, line, &req)) {
        return -2;
    }
    return mtls_certreq_match(req, cert);
}

static void test_match(void)
{
    static const struct {
        const char *line;
        int want;       /* -1 met, else the first unmet clause */
    } cases[] = {
        { "subject OU=Finance", -1 },
        { "subject ou=Finance", -1 },
        { "subject organizationalUnitName=Finance", -1 },
        { "subject 2.5.4.11=Finance", -1 },
        { "subject OU=finance", 0 },
        { "subject OU=Financ", 0 },
        { "subject O=Finance", 0 },
        { "subject \"CN=alice\" subject O=Example", -1 },
        { "subject O=Example subject OU=Sales", 1 },
        { "issuer \"CN=mtls-explain Test Root CA,O=mtls-explain tests\"", -1 },
        { "issuer \"CN=mtls-explain Test Root CA, O=mtls-explain tests\"", -1 },
        { "issuer 'CN=mtls-explain\\20Test Root CA,O=mtls-explain tests'",
          -1 },
        { "issuer \"O=mtls-explain tests,CN=mtls-explain Test Root CA\"", 0 },
        { "issuer \"CN=mtls-explain Test Root CA\"", 0 },
        { "san-email alice@example.com", -1 },
        { "san-email *@example.com", -1 },
        { "san-email alice@*.com", -1 },
        { "san-email *@other.com", 0 },
        { "san-email ALICE@example.com", 0 },
        { "san-dns *.finance.example.com", -1 },
        { "san-dns ALICE.finance.example.COM", -1 },
        { "san-dns *.example.com", 0 },
        { "san-dns a*e.finance.example.com", -1 },
        { "san-dns *", 0 },
        { "san-uri spiffe://example.com/finance/*", -1 },
        { "san-uri spiffe://example.com/*", 0 },
        { "san-uri spiffe://example.com/*/alice", -1 },
        { "fingerprint sha256:000102030405060708090a0b0c0d0e0f"
          "101112131415161718191a1b1c1d1e1f", -1 },
        { "fingerprint sha256:00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:"
          "0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F", -1 },
        { "fingerprint sha256:ff0102030405060708090a0b0c0d0e0f"
          "101112131415161718191a1b1c1d1e1f", 0 },
        { "spki sha256:+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s=", -1 },
        { "spki sha256:+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/o=", 0 },
        { "eku clientAuth", -1 },
        { "eku CLIENTAUTH", -1 },
        { "eku 1.3.6.1.5.5.7.3.2", -1 },
        { "eku emailProtection", 0 },
        { "policy 1.3.6.1.4.1.99999.1", -1 },
        { "policy 1.3.6.1.4.1.99999", 0 },
        { "subject OU=Finance eku clientAuth policy 1.3.6.1.4.1.99999.1 "
          "san-dns *.finance.example.com eku serverAuth", 4 },
    };
    const mtls_certreq_cert_t *cert = finance_cert();
    char name[300];
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = outcome(cases[i].line, cert);

        snprintf(name, sizeof(name), "%s -> %d", cases[i].line, cases[i].want);
        ok(got == cases[i].want, name);
        if (got != cases[i].want) {
            printf("#   got %d\n", got);
        }
    }
}

/* What printed strings would let a hostile certificate claim. */
static void test_forgery(void)
{
    mtls_certreq_cert_t *c = mtls_certreq_cert_make(pool);
    mtls_certreq_cert_t *t = mtls_certreq_cert_make(pool);
    mtls_certreq_cert_t *n = mtls_certreq_cert_make(pool);
    mtls_certreq_cert_t *cut = mtls_certreq_cert_make(pool);
    int i;

    add_ava(&c->subject, "2.5.4.3", "x,O=Example", 11);
    add_ava(&c->subject, "2.5.4.3", "x/OU=Finance", 12);
    ok(outcome("subject O=Example", c) == 0, "CN 'x,O=Example' is no O");
    ok(outcome("subject OU=Finance", c) == 0, "CN 'x/OU=Finance' is no OU");
    ok(outcome("subject \"CN=x,O=Example\"", c) == -1,
       "but it is that CN, written whole");

    /* A NUL inside: the bridge gives NULL; a length says the rest. */
    add_ava(&n->subject, "2.5.4.11", "Finance\0x", 9);
    add_ava(&n->subject, "2.5.4.10", NULL, 0);
    add_str(n->san_dns, NULL);
    ok(outcome("subject OU=Finance", n) == 0, "'Finance\\0x' is not Finance");
    ok(outcome("subject O=", n) == 0, "an unreadable value matches nothing");
    ok(outcome("san-dns *", n) == 0, "an unreadable SAN matches nothing");

    /* RFC 4514 escapes: the comma belongs to the value. */
    add_ava(&c->issuer, "2.5.4.10", "Example, Inc", 12);
    add_ava(&c->issuer, "2.5.4.3", "Root+CA", 7);
    ok(outcome("issuer \"CN=Root\\+CA,O=Example\\, Inc\"", c) == -1,
       "escaped ',' and '+' stay in their values");
    ok(outcome("issuer \"CN=Root\\+CA,O=Example,O=Inc\"", c) == 0,
       "an unescaped ',' separates");

    /* An issuer cut short never equals a whole DN. */
    add_ava(&cut->issuer, "2.5.4.3", "CA", 2);
    ok(outcome("issuer CN=CA", cut) == -1, "a whole issuer matches");
    cut->issuer.complete = 0;
    ok(outcome("issuer CN=CA", cut) == 0, "a cut issuer does not");

    /* Digests the bridge could not compute. */
    for (i = 0; i < 32; i++) {
        t->sha256[i] = 0;
    }
    ok(outcome("fingerprint sha256:" "0000000000000000000000000000000000000000"
               "000000000000000000000000", t) == 0,
       "no fingerprint matches nothing, not zeros");
    ok(outcome("spki sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", t)
       == 0, "no SPKI digest matches nothing");
    ok(outcome("eku clientAuth", t) == 0, "no EKU extension: no eku match");
}

static void test_errors(void)
{
    static const struct {
        const char *line, *want;
    } cases[] = {
        { "", "needs at least one clause" },
        { "   ", "needs at least one clause" },
        { "subjct OU=Finance", "unknown clause 'subjct'; use one of issuer" },
        { "subject", "clause 'subject' needs a value" },
        { "subject OU=Finance eku", "clause 'eku' needs a value" },
        { "subject \"\"", "clause 'subject' needs a value" },
        { "subject Finance", "bad clause 'subject Finance': expected "
          "<attribute>=<value>" },
        { "subject =Finance", "expected <attribute>=<value>" },
        { "subject OUX=Finance", "unknown attribute 'OUX'" },
        { "issuer Example", "bad clause 'issuer Example': expected "
          "<attribute>=<value>" },
        { "issuer \"CN=a,XX=b\"", "unknown attribute 'XX'" },
        { "issuer CN=#0403", "hex-encoded values" },
        { "issuer CN=a\\", "may not end with a backslash" },
        { "issuer CN=a\\00b", "may not contain NUL" },
        { "fingerprint 00", "expected sha256:<64 hex digits>" },
        { "fingerprint sha1:00", "expected sha256:<64 hex digits>" },
        { "fingerprint sha256:0g0102030405060708090a0b0c0d0e0f"
          "101112131415161718191a1b1c1d1e1f", "expected sha256:" },
        { "fingerprint sha256:000102030405060708090a0b0c0d0e0f"
          "101112131415161718191a1b1c1d1e1f00", "expected sha256:" },
        { "spki sha256:abc=", "expected sha256:<base64 of 32 bytes" },
        { "spki sha256:+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/t=",
          "expected sha256:<base64" },
        { "spki sha256:+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s", "base64" },
        { "eku login", "bad clause 'eku login': expected a dotted OID" },
        { "policy any", "bad clause 'policy any': expected a dotted OID" },
        { "policy 3.1", "expected a dotted OID" },
        { "policy 1.02", "expected a dotted OID" },
        { "policy 1.", "expected a dotted OID" },
        { "policy 1", "expected a dotted OID" },
        { "san-dns \"a b\"", "printable ASCII without spaces" },
        { "san-email caf\xc3\xa9@example.com", "printable ASCII" },
    };
    const mtls_certreq_t *req;
    const char *err;
    char name[300];
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        req = NULL;
        err = mtls_certreq_parse(pool, cases[i].line, &req);
        snprintf(name, sizeof(name), "'%s' is refused: %s", cases[i].line,
                 cases[i].want);
        ok(err && strstr(err, cases[i].want) && !req, name);
        if (!err || !strstr(err, cases[i].want)) {
            printf("#   got: %s\n", err ? err : "(accepted)");
        }
    }
}

static void test_text(void)
{
    const mtls_certreq_t *req = NULL;

    ok(!mtls_certreq_parse(pool, "subject \"OU=Finance Dept\"  eku clientAuth",
                           &req) && req, "quoted value with a space parses");
    ok(req && mtls_certreq_count(req) == 2, "two clauses");
    is_str(req ? mtls_certreq_text(req, 0) : NULL, "subject OU=Finance Dept",
           "clause 0 as written, unquoted");
    is_str(req ? mtls_certreq_text(req, 1) : NULL, "eku clientAuth",
           "clause 1 as written");
    is_str(mtls_certreq_attr_oid("domainComponent"),
           "0.9.2342.19200300.100.1.25", "long attribute names");
    ok(mtls_certreq_attr_oid("nope") == NULL, "unknown attribute name");
}

/* A long value, and patterns that would make a naive glob backtrack. */
static void test_bounds(void)
{
    mtls_certreq_cert_t *c = mtls_certreq_cert_make(pool);
    char *value = apr_palloc(pool, 1001), *pat;

    memset(value, 'a', 1000);
    value[1000] = '\0';
    add_str(c->san_uri, value);
    pat = apr_pstrcat(pool, "san-uri ",
                      "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", NULL);
    ok(outcome(pat, c) == 0, "many stars against a long value: no match");
    ok(outcome("san-uri *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", c)
       == -1, "many stars against a long value: match");
    ok(outcome(apr_pstrcat(pool, "subject CN=", value, value, NULL), c)
       == -2, "a subject value over 1024 bytes is refused at startup");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_match();
    test_forgery();
    test_errors();
    test_text();
    test_bounds();
    printf("1..%d\n", count);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? 1 : 0;
}
