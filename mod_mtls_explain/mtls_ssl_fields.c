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
 * Part of the mod_ssl bridge: a client certificate's parsed fields (names
 * attribute by attribute, SANs by type, digests, EKU and policy OIDs)
 * copied into the plain record the certificate requirements match.
 */

#include <string.h>

#include <apr_strings.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "mtls_authz.h"
#include "mtls_ssl_fields.h"

/* Longer OIDs than this are never compared (OpenSSL's own advice for
 * OBJ_obj2txt buffers is 80). */
#define MTLS_OID_MAX 128

static const char *oid_text(apr_pool_t *p, const ASN1_OBJECT *obj)
{
    char buf[MTLS_OID_MAX];
    int n = OBJ_obj2txt(buf, sizeof(buf), obj, 1);

    return (n > 0 && n < (int)sizeof(buf)) ? apr_pstrmemdup(p, buf, n) : NULL;
}

/* A value as UTF-8, or NULL when it cannot be matched: a NUL inside would
 * end it early wherever it is read as a C string. */
static void utf8_value(apr_pool_t *p, const ASN1_STRING *s,
                       mtls_certreq_str_t *out)
{
    unsigned char *utf8 = NULL;
    int n = ASN1_STRING_to_UTF8(&utf8, s);

    out->value = NULL;
    out->len = 0;
    if (n >= 0 && n <= MTLS_CERTREQ_VALUE_MAX
        && !memchr(utf8, '\0', (size_t)n)) {
        out->value = apr_pstrmemdup(p, (const char *)utf8, n);
        out->len = (apr_size_t)n;
    }
    OPENSSL_free(utf8);
}

static void name_fields(apr_pool_t *p, const X509_NAME *name,
                        mtls_certreq_dn_t *out)
{
    int i, n = X509_NAME_entry_count(name);
    const X509_NAME_ENTRY *e;
    mtls_certreq_ava_t *ava;

    out->complete = (n <= MTLS_CERTREQ_LIST_MAX);
    for (i = 0; i < n && i < MTLS_CERTREQ_LIST_MAX; i++) {
        e = X509_NAME_get_entry(name, i);
        ava = apr_array_push(out->avas);
        ava->oid = oid_text(p, X509_NAME_ENTRY_get_object(e));
        utf8_value(p, X509_NAME_ENTRY_get_data(e), &ava->value);
    }
}

/* IA5String names: ASCII only, so the bytes are compared as they are. */
static void push_ia5(apr_pool_t *p, apr_array_header_t *list,
                     const ASN1_IA5STRING *s)
{
    mtls_certreq_str_t *str;
    int n = ASN1_STRING_length(s);
    const unsigned char *d = ASN1_STRING_get0_data(s);

    if (list->nelts >= MTLS_CERTREQ_LIST_MAX) {
        return;
    }
    str = apr_array_push(list);
    str->value = NULL;
    str->len = 0;
    if (n >= 0 && n <= MTLS_CERTREQ_VALUE_MAX && !memchr(d, '\0', (size_t)n)) {
        str->value = apr_pstrmemdup(p, (const char *)d, n);
        str->len = (apr_size_t)n;
    }
}

static void san_fields(apr_pool_t *p, X509 *x, mtls_certreq_cert_t *out)
{
    GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
                                            NULL);
    const GENERAL_NAME *gn;
    int i, n = names ? sk_GENERAL_NAME_num(names) : 0;

    for (i = 0; i < n; i++) {
        gn = sk_GENERAL_NAME_value(names, i);
        switch (gn->type) {
        case GEN_EMAIL:
            push_ia5(p, out->san_email, gn->d.rfc822Name);
            break;
        case GEN_DNS:
            push_ia5(p, out->san_dns, gn->d.dNSName);
            break;
        case GEN_URI:
            push_ia5(p, out->san_uri, gn->d.uniformResourceIdentifier);
            break;
        default:
            break;
        }
    }
    GENERAL_NAMES_free(names);
}

static void push_oid(apr_pool_t *p, apr_array_header_t *list,
                     const ASN1_OBJECT *obj)
{
    const char *oid = oid_text(p, obj);

    if (oid && list->nelts < MTLS_CERTREQ_LIST_MAX) {
        APR_ARRAY_PUSH(list, const char *) = oid;
    }
}

static void oid_fields(apr_pool_t *p, X509 *x, mtls_certreq_cert_t *out)
{
    EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL,
                                               NULL);
    CERTIFICATEPOLICIES *pols = X509_get_ext_d2i(x, NID_certificate_policies,
                                                 NULL, NULL);
    int i;

    for (i = 0; eku && i < sk_ASN1_OBJECT_num(eku); i++) {
        push_oid(p, out->eku, sk_ASN1_OBJECT_value(eku, i));
    }
    for (i = 0; pols && i < sk_POLICYINFO_num(pols); i++) {
        push_oid(p, out->policy, sk_POLICYINFO_value(pols, i)->policyid);
    }
    EXTENDED_KEY_USAGE_free(eku);
    CERTIFICATEPOLICIES_free(pols);
}

static void digest_fields(X509 *x, mtls_certreq_cert_t *out)
{
    unsigned char *der = NULL;
    unsigned int n = 0;
    int len;

    out->has_sha256 = X509_digest(x, EVP_sha256(), out->sha256, &n)
                      && n == sizeof(out->sha256);
    /* The whole SubjectPublicKeyInfo, as HPKP pins and `openssl pkey
     * -pubout -outform DER | openssl dgst -sha256` hash it; not
     * X509_pubkey_digest, which hashes the key bits alone. */
    len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
    out->has_spki = len > 0 && EVP_Digest(der, (size_t)len, out->spki_sha256,
                                          &n, EVP_sha256(), NULL)
                    && n == sizeof(out->spki_sha256);
    OPENSSL_free(der);
}

mtls_certreq_cert_t *mtls_ssl_fields_extract(apr_pool_t *p, X509 *x)
{
    mtls_certreq_cert_t *out = mtls_certreq_cert_make(p);

    name_fields(p, X509_get_subject_name(x), &out->subject);
    name_fields(p, X509_get_issuer_name(x), &out->issuer);
    san_fields(p, x, out);
    oid_fields(p, x, out);
    digest_fields(x, out);
    return out;
}

mtls_certreq_cert_t *mtls_ssl_fields_read(apr_pool_t *p, SSL *ssl)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    X509 *x = SSL_get1_peer_certificate(ssl);
#else
    X509 *x = SSL_get_peer_certificate(ssl);
#endif
    mtls_certreq_cert_t *fields = x ? mtls_ssl_fields_extract(p, x) : NULL;

    X509_free(x);
    return fields;
}

int mtls_ssl_fields_early(SSL *ssl)
{
    const unsigned char *proto = NULL;
    unsigned int len = 0;

    if (!mtls_authz_in_use()) {
        return 0;
    }
    SSL_get0_alpn_selected(ssl, &proto, &len);
    return len == 2 && !memcmp(proto, "h2", 2);
}
