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
 * The parser of `Require mtls-cert` clauses, run once at startup (or when
 * an .htaccess file is read), and the empty certificate record the bridge
 * fills.
 */

#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>

#include "mtls_certreq.h"
#include "mtls_certreq_clause.h"

static const struct {
    const char *name;
    mtls_certreq_kind_e kind;
} clause_names[] = {
    { "issuer", MTLS_CR_ISSUER },
    { "subject", MTLS_CR_SUBJECT },
    { "san-email", MTLS_CR_SAN_EMAIL },
    { "san-dns", MTLS_CR_SAN_DNS },
    { "san-uri", MTLS_CR_SAN_URI },
    { "fingerprint", MTLS_CR_FINGERPRINT },
    { "spki", MTLS_CR_SPKI },
    { "eku", MTLS_CR_EKU },
    { "policy", MTLS_CR_POLICY },
};

#define CLAUSE_LIST "issuer, subject, san-email, san-dns, san-uri, " \
                    "fingerprint, spki, eku, policy"

/* The attributes of X.520, RFC 4519 and PKCS #9 that certificates use. */
static const struct {
    const char *sn, *ln, *oid;
} attrs[] = {
    { "CN", "commonName", "2.5.4.3" },
    { "SN", "surname", "2.5.4.4" },
    { "serialNumber", "serialNumber", "2.5.4.5" },
    { "C", "countryName", "2.5.4.6" },
    { "L", "localityName", "2.5.4.7" },
    { "ST", "stateOrProvinceName", "2.5.4.8" },
    { "street", "streetAddress", "2.5.4.9" },
    { "O", "organizationName", "2.5.4.10" },
    { "OU", "organizationalUnitName", "2.5.4.11" },
    { "title", "title", "2.5.4.12" },
    { "description", "description", "2.5.4.13" },
    { "businessCategory", "businessCategory", "2.5.4.15" },
    { "postalCode", "postalCode", "2.5.4.17" },
    { "name", "name", "2.5.4.41" },
    { "GN", "givenName", "2.5.4.42" },
    { "initials", "initials", "2.5.4.43" },
    { "generationQualifier", "generationQualifier", "2.5.4.44" },
    { "dnQualifier", "dnQualifier", "2.5.4.46" },
    { "pseudonym", "pseudonym", "2.5.4.65" },
    { "organizationIdentifier", "organizationIdentifier", "2.5.4.97" },
    { "emailAddress", "emailAddress", "1.2.840.113549.1.9.1" },
    { "DC", "domainComponent", "0.9.2342.19200300.100.1.25" },
    { "UID", "userId", "0.9.2342.19200300.100.1.1" },
};

/* RFC 5280's extended key usages, and Microsoft's smart card logon. */
static const struct {
    const char *name, *oid;
} ekus[] = {
    { "serverAuth", "1.3.6.1.5.5.7.3.1" },
    { "clientAuth", "1.3.6.1.5.5.7.3.2" },
    { "codeSigning", "1.3.6.1.5.5.7.3.3" },
    { "emailProtection", "1.3.6.1.5.5.7.3.4" },
    { "timeStamping", "1.3.6.1.5.5.7.3.8" },
    { "OCSPSigning", "1.3.6.1.5.5.7.3.9" },
    { "ipsecIKE", "1.3.6.1.5.5.7.3.17" },
    { "msSmartcardLogin", "1.3.6.1.4.1.311.20.2.2" },
    { "anyExtendedKeyUsage", "2.5.29.37.0" },
};

#define NELTS(a) (sizeof(a) / sizeof((a)[0]))

mtls_certreq_cert_t *mtls_certreq_cert_make(apr_pool_t *p)
{
    mtls_certreq_cert_t *cert = apr_pcalloc(p, sizeof(*cert));

    cert->subject.avas = apr_array_make(p, 4, sizeof(mtls_certreq_ava_t));
    cert->issuer.avas = apr_array_make(p, 4, sizeof(mtls_certreq_ava_t));
    cert->subject.complete = cert->issuer.complete = 1;
    cert->san_email = apr_array_make(p, 1, sizeof(mtls_certreq_str_t));
    cert->san_dns = apr_array_make(p, 1, sizeof(mtls_certreq_str_t));
    cert->san_uri = apr_array_make(p, 1, sizeof(mtls_certreq_str_t));
    cert->eku = apr_array_make(p, 2, sizeof(const char *));
    cert->policy = apr_array_make(p, 1, sizeof(const char *));
    return cert;
}

/* A dotted OID: two arcs or more, the first 0, 1 or 2, no leading zeros. */
static int is_oid(const char *s)
{
    int arcs = 0;

    if (!s || strlen(s) > 128 || (s[0] < '0' || s[0] > '2') || s[1] != '.') {
        return 0;
    }
    while (*s) {
        if (!apr_isdigit(*s) || (s[0] == '0' && apr_isdigit(s[1]))) {
            return 0;
        }
        while (apr_isdigit(*s)) {
            s++;
        }
        arcs++;
        if (*s == '.') {
            s++;
            if (!*s) {
                return 0;
            }
        }
        else if (*s) {
            return 0;
        }
    }
    return arcs >= 2;
}

const char *mtls_certreq_attr_oid(const char *name)
{
    apr_size_t i;

    if (is_oid(name)) {
        return name;
    }
    for (i = 0; name && i < NELTS(attrs); i++) {
        if (!strcasecmp(name, attrs[i].sn) || !strcasecmp(name, attrs[i].ln)) {
            return attrs[i].oid;
        }
    }
    return NULL;
}

/* The next word of the line, as httpd's ap_getword_conf reads it: quotes
 * group, and a backslash before the quote character stands for it. */
static const char *next_word(apr_pool_t *p, const char **line)
{
    const char *s = *line, *start;
    char *word, *w;
    char quote;

    while (apr_isspace(*s)) {
        s++;
    }
    if (!*s) {
        *line = s;
        return NULL;
    }
    if (*s == '"' || *s == '\'') {
        quote = *s++;
        start = s;
        while (*s && *s != quote) {
            s += (*s == '\\' && s[1] == quote) ? 2 : 1;
        }
        w = word = apr_palloc(p, s - start + 1);
        while (start < s) {
            if (*start == '\\' && start[1] == quote) {
                start++;
            }
            *w++ = *start++;
        }
        *w = '\0';
        *line = *s ? s + 1 : s;
        return word;
    }
    start = s;
    while (*s && !apr_isspace(*s)) {
        s++;
    }
    *line = s;
    return apr_pstrmemdup(p, start, s - start);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = apr_tolower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* An RFC 4514 string ("CN=Example CA,O=Example") into attributes in DER
 * order. Backslash escapes a character or gives two hex digits; spaces
 * around an attribute or value are dropped unless escaped. */
static const char *parse_dn(apr_pool_t *p, const char *s,
                            apr_array_header_t **out)
{
    apr_array_header_t *dn = apr_array_make(p, 4, sizeof(mtls_certreq_ava_t));
    apr_array_header_t *rev;
    char *buf = apr_palloc(p, strlen(s) + 1);
    mtls_certreq_ava_t *ava;
    const char *eq, *oid;
    apr_size_t n, keep;
    int i;

    for (;;) {
        while (*s == ' ') {
            s++;
        }
        eq = strchr(s, '=');
        if (!eq || eq == s) {
            return apr_psprintf(p, "expected <attribute>=<value> at '%s'", s);
        }
        n = eq - s;
        while (n > 0 && s[n - 1] == ' ') {
            n--;
        }
        oid = mtls_certreq_attr_oid(apr_pstrmemdup(p, s, n));
        if (!oid) {
            return apr_psprintf(p, "unknown attribute '%s' (use a name such "
                                "as CN, O, OU, C, DC or a dotted OID)",
                                apr_pstrmemdup(p, s, n));
        }
        s = eq + 1;
        while (*s == ' ') {
            s++;
        }
        if (*s == '#') {
            return "hex-encoded values (#...) are not supported; write the "
                   "value as text";
        }
        n = keep = 0;
        while (*s && *s != ',' && *s != '+' && *s != ';') {
            if (*s == '\\') {
                if (hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
                    buf[n++] = (char)(hexval(s[1]) * 16 + hexval(s[2]));
                    s += 3;
                }
                else if (s[1]) {
                    buf[n++] = s[1];
                    s += 2;
                }
                else {
                    return "a DN may not end with a backslash";
                }
                keep = n;
                if (buf[n - 1] == '\0') {
                    return "a DN value may not contain NUL";
                }
                continue;
            }
            buf[n++] = *s++;
        }
        while (n > keep && buf[n - 1] == ' ') {
            n--;
        }
        ava = apr_array_push(dn);
        ava->oid = oid;
        ava->value.value = apr_pstrmemdup(p, buf, n);
        ava->value.len = n;
        if (!*s) {
            break;
        }
        s++;
    }
    rev = apr_array_make(p, dn->nelts, sizeof(mtls_certreq_ava_t));
    for (i = dn->nelts - 1; i >= 0; i--) {
        *(mtls_certreq_ava_t *)apr_array_push(rev) =
            APR_ARRAY_IDX(dn, i, mtls_certreq_ava_t);
    }
    *out = rev;
    return NULL;
}

/* "sha256:" then 64 hex digits, with or without colons. */
static const char *parse_fingerprint(const char *s, unsigned char *out)
{
    int n = 0, hi, lo;

    if (strncasecmp(s, "sha256:", 7)) {
        return "expected sha256:<64 hex digits>";
    }
    for (s += 7; *s; s++) {
        if (*s == ':') {
            continue;
        }
        hi = hexval(s[0]);
        lo = hi >= 0 ? hexval(s[1]) : -1;
        if (lo < 0 || n == 32) {
            return "expected sha256:<64 hex digits>";
        }
        out[n++] = (unsigned char)(hi * 16 + lo);
        s++;
    }
    return n == 32 ? NULL : "expected sha256:<64 hex digits>";
}

static int b64val(char c)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *at = c ? strchr(digits, c) : NULL;

    return at ? (int)(at - digits) : -1;
}

/* "sha256:" then the standard base64 of 32 bytes: 43 digits and '=', as
 * `openssl dgst -sha256 -binary | base64` and HPKP pins write it. */
static const char *parse_spki(const char *s, unsigned char *out)
{
    static const char *const err =
        "expected sha256:<base64 of 32 bytes, 44 characters ending in '='>";
    unsigned long acc = 0;
    int i, n = 0, v;

    if (strncasecmp(s, "sha256:", 7) || strlen(s + 7) != 44 || s[50] != '=') {
        return err;
    }
    for (s += 7, i = 0; i < 43; i++) {
        if ((v = b64val(s[i])) < 0) {
            return err;
        }
        acc = (acc << 6) | (unsigned long)v;
        if (i % 4 == 3) {
            out[n++] = (unsigned char)(acc >> 16);
            out[n++] = (unsigned char)(acc >> 8);
            out[n++] = (unsigned char)acc;
            acc = 0;
        }
    }
    /* 3 digits left: 18 bits, of which the last 2 must be zero. */
    if (acc & 3) {
        return err;
    }
    out[n++] = (unsigned char)(acc >> 10);
    out[n++] = (unsigned char)(acc >> 2);
    return NULL;
}

/* A SAN pattern: printable ASCII, bounded, non-empty. */
static const char *check_pattern(const char *s)
{
    apr_size_t n = strlen(s);

    if (n == 0 || n > MTLS_CERTREQ_VALUE_MAX) {
        return "the pattern must have 1 to 1024 characters";
    }
    for (; *s; s++) {
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f) {
            return "the pattern must be printable ASCII without spaces";
        }
    }
    return NULL;
}

static const char *parse_clause(apr_pool_t *p, mtls_certreq_kind_e kind, const char *arg,
                                mtls_certreq_clause_t *cl)
{
    const char *eq, *err = NULL;
    apr_size_t i;

    cl->kind = kind;
    switch (kind) {
    case MTLS_CR_ISSUER:
        return parse_dn(p, arg, &cl->dn);
    case MTLS_CR_SUBJECT:
        eq = strchr(arg, '=');
        if (!eq || eq == arg) {
            return "expected <attribute>=<value>, such as OU=Finance";
        }
        cl->oid = mtls_certreq_attr_oid(apr_pstrmemdup(p, arg, eq - arg));
        if (!cl->oid) {
            return apr_psprintf(p, "unknown attribute '%s' (use a name such "
                                "as CN, O, OU, C, DC or a dotted OID)",
                                apr_pstrmemdup(p, arg, eq - arg));
        }
        cl->value.value = eq + 1;
        cl->value.len = strlen(eq + 1);
        return cl->value.len > MTLS_CERTREQ_VALUE_MAX
               ? "the value must have at most 1024 bytes" : NULL;
    case MTLS_CR_SAN_EMAIL:
    case MTLS_CR_SAN_DNS:
    case MTLS_CR_SAN_URI:
        cl->value.value = arg;
        cl->value.len = strlen(arg);
        return check_pattern(arg);
    case MTLS_CR_FINGERPRINT:
        return parse_fingerprint(arg, cl->digest);
    case MTLS_CR_SPKI:
        return parse_spki(arg, cl->digest);
    case MTLS_CR_EKU:
        for (i = 0; i < NELTS(ekus); i++) {
            if (!strcasecmp(arg, ekus[i].name)) {
                cl->oid = ekus[i].oid;
            }
        }
        if (!cl->oid && is_oid(arg)) {
            cl->oid = arg;
        }
        if (!cl->oid) {
            err = "expected a dotted OID or one of serverAuth, clientAuth, "
                  "codeSigning, emailProtection, timeStamping, OCSPSigning, "
                  "ipsecIKE, msSmartcardLogin, anyExtendedKeyUsage";
        }
        return err;
    case MTLS_CR_POLICY:
        cl->oid = arg;
        return is_oid(arg) ? NULL : "expected a dotted OID, such as "
                                    "1.3.6.1.4.1.99999.1";
    }
    return "unknown clause";
}

const char *mtls_certreq_parse(apr_pool_t *p, const char *line,
                               const mtls_certreq_t **out)
{
    mtls_certreq_t *req = apr_pcalloc(p, sizeof(*req));
    const char *word, *arg, *err;
    mtls_certreq_clause_t *cl;
    apr_size_t i;
    int kind;

    req->clauses = apr_array_make(p, 2, sizeof(mtls_certreq_clause_t));
    while ((word = next_word(p, &line)) != NULL) {
        kind = -1;
        for (i = 0; i < NELTS(clause_names); i++) {
            if (!strcasecmp(word, clause_names[i].name)) {
                kind = clause_names[i].kind;
            }
        }
        if (kind < 0) {
            return apr_psprintf(p, "Require mtls-cert: unknown clause '%s'; "
                                "use one of " CLAUSE_LIST, word);
        }
        arg = next_word(p, &line);
        if (!arg || !*arg) {
            return apr_psprintf(p, "Require mtls-cert: clause '%s' needs a "
                                "value", word);
        }
        cl = apr_array_push(req->clauses);
        memset(cl, 0, sizeof(*cl));
        cl->text = apr_pstrcat(p, word, " ", arg, NULL);
        err = parse_clause(p, (mtls_certreq_kind_e)kind, arg, cl);
        if (err) {
            return apr_psprintf(p, "Require mtls-cert: bad clause '%s': %s",
                                cl->text, err);
        }
    }
    if (req->clauses->nelts == 0) {
        return "Require mtls-cert needs at least one clause, such as "
               "'subject OU=Finance'";
    }
    *out = req;
    return NULL;
}
