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
 * A host's client-certificate trust as one digest, part of the mod_ssl
 * bridge: the configuration that decides it (mtls_check_trust_text), and
 * what mod_ssl built from it, read from the host's SSL_CTX: the verify
 * mode, depth and flags, every certificate and CRL in its stores, and the
 * CA names it asks the client for. Two hosts with the same digest verify
 * a client certificate the same way; a changed CA or CRL file changes the
 * digest at the next restart, even under the same name.
 */

#include <stdlib.h>

#include <apr_strings.h>

#include "httpd.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "mtls_private.h"
#include "mtls_check.h"
#include "mtls_conf.h"
#include "mtls_ssl_trust.h"

#define DIGEST_LEN 32

static int digest_cmp(const void *a, const void *b)
{
    return memcmp(a, b, DIGEST_LEN);
}

/* Every certificate and CRL of a store, in an order of their own: the
 * order files were read in does not change what verifies. */
static void digest_store(apr_pool_t *p, EVP_MD_CTX *md, X509_STORE *store)
{
    STACK_OF(X509_OBJECT) *objs;
    unsigned char *all;
    unsigned int len;
    int i, n, used = 0;

    if (!store || !(objs = X509_STORE_get0_objects(store))) {
        EVP_DigestUpdate(md, "-", 1);
        return;
    }
    n = sk_X509_OBJECT_num(objs);
    all = apr_pcalloc(p, (apr_size_t)(n > 0 ? n : 1) * DIGEST_LEN);
    for (i = 0; i < n; i++) {
        X509_OBJECT *o = sk_X509_OBJECT_value(objs, i);
        unsigned char *out = all + (apr_size_t)used * DIGEST_LEN;

        len = 0;
        switch (X509_OBJECT_get_type(o)) {
        case X509_LU_X509:
            X509_digest(X509_OBJECT_get0_X509(o), EVP_sha256(), out, &len);
            break;
        case X509_LU_CRL:
            X509_CRL_digest(X509_OBJECT_get0_X509_CRL(o), EVP_sha256(), out,
                            &len);
            break;
        default:
            break;
        }
        if (len == DIGEST_LEN) {
            used++;
        }
    }
    qsort(all, (size_t)used, DIGEST_LEN, digest_cmp);
    EVP_DigestUpdate(md, all, (size_t)used * DIGEST_LEN);
    EVP_DigestUpdate(md, "|", 1);
}

static void digest_ca_names(EVP_MD_CTX *md, const SSL_CTX *ctx)
{
    const STACK_OF(X509_NAME) *cas = SSL_CTX_get_client_CA_list(ctx);
    unsigned char *der;
    int i, len;

    for (i = 0; cas && i < sk_X509_NAME_num(cas); i++) {
        der = NULL;
        len = i2d_X509_NAME(sk_X509_NAME_value(cas, i), &der);
        if (len > 0) {
            EVP_DigestUpdate(md, der, (size_t)len);
        }
        OPENSSL_free(der);
    }
}

int mtls_ssl_trust_init(server_rec *s, apr_pool_t *p, SSL_CTX *ctx)
{
    mtls_conf_srv_t *conf = ap_get_module_config(s->module_config,
                                                 &mtls_explain_module);
    X509_STORE *store = SSL_CTX_get_cert_store(ctx), *verify = NULL;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char out[EVP_MAX_MD_SIZE];
    const char *facts;
    unsigned int len = 0;

    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        return 0;
    }
    facts = apr_psprintf(p, "%s\nmode %d depth %d flags %lx/%lx\n",
        mtls_check_trust_text(p, s), SSL_CTX_get_verify_mode(ctx),
        SSL_CTX_get_verify_depth(ctx),
        X509_VERIFY_PARAM_get_flags(SSL_CTX_get0_param(ctx)),
        store ? X509_VERIFY_PARAM_get_flags(X509_STORE_get0_param(store))
              : 0UL);
    EVP_DigestUpdate(md, facts, strlen(facts));
    digest_store(p, md, store);
    /* A separate verify store (SSLOpenSSLConfCmd VerifyCAFile) decides
     * instead of the main one. */
    SSL_CTX_get0_verify_cert_store(ctx, &verify);
    digest_store(p, md, verify);
    digest_ca_names(md, ctx);
    EVP_DigestFinal_ex(md, out, &len);
    EVP_MD_CTX_free(md);
    memcpy(conf->trust, out, MTLS_TRUST_LEN);
    return 1;
}
