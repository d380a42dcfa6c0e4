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
 * Certificate requirements (`Require mtls-cert ...`): the plain record of a
 * verified certificate's fields, the clause parser and the matcher, all
 * pure, so they are unit-tested and fuzzed without a TLS connection.
 */

#ifndef MTLS_CERTREQ_H
#define MTLS_CERTREQ_H

#include <apr_pools.h>
#include <apr_tables.h>

/* A hostile certificate must not cost unbounded memory: at most this many
 * entries are kept per list (name attributes, names of one SAN type, EKU
 * or policy OIDs), and a value longer than this is never matched. */
#define MTLS_CERTREQ_LIST_MAX 64
#define MTLS_CERTREQ_VALUE_MAX 1024

/* A byte string that may hold any byte but NUL; value NULL when the
 * certificate's value cannot be matched (too long, a NUL inside, not
 * convertible to UTF-8). */
typedef struct {
    const char *value;
    apr_size_t len;
} mtls_certreq_str_t;

/* One attribute of a distinguished name: its OID in dotted form (NULL if
 * too long) and its value as UTF-8. */
typedef struct {
    const char *oid;
    mtls_certreq_str_t value;
} mtls_certreq_ava_t;

/* A distinguished name, in DER order (the most general attribute first,
 * the reverse of the RFC 4514 string). complete is 0 when entries were
 * left out, so the name never equals a whole DN. */
typedef struct {
    apr_array_header_t *avas;   /* of mtls_certreq_ava_t */
    int complete;
} mtls_certreq_dn_t;

/* What a verified client certificate offers to a requirement, as OpenSSL
 * parsed it. */
typedef struct {
    mtls_certreq_dn_t subject;
    mtls_certreq_dn_t issuer;
    apr_array_header_t *san_email;  /* of mtls_certreq_str_t */
    apr_array_header_t *san_dns;
    apr_array_header_t *san_uri;
    apr_array_header_t *eku;        /* of const char *, dotted OIDs */
    apr_array_header_t *policy;
    int has_sha256;
    unsigned char sha256[32];       /* of the certificate's DER */
    int has_spki;
    unsigned char spki_sha256[32];  /* of its SubjectPublicKeyInfo DER */
} mtls_certreq_cert_t;

/* The parsed arguments of one `Require mtls-cert` line. */
typedef struct mtls_certreq_t mtls_certreq_t;

/* An empty record, for the bridge to fill. */
mtls_certreq_cert_t *mtls_certreq_cert_make(apr_pool_t *p);

/* Parse the arguments of `Require mtls-cert`. Returns NULL and sets *out,
 * or the error message naming the bad clause. */
const char *mtls_certreq_parse(apr_pool_t *p, const char *line,
                               const mtls_certreq_t **out);

/* The number of clauses. */
int mtls_certreq_count(const mtls_certreq_t *req);

/* Clause i as written (for log lines). */
const char *mtls_certreq_text(const mtls_certreq_t *req, int i);

/* The kind of clause i (mtls_certreq_kind_e, mtls_certreq_clause.h) and
 * its value as written, for the 403.12 page. */
int mtls_certreq_kind(const mtls_certreq_t *req, int i);
const char *mtls_certreq_value(const mtls_certreq_t *req, int i);

/* The index of the first clause the certificate does not meet, or -1 when
 * it meets every one. */
int mtls_certreq_match(const mtls_certreq_t *req,
                       const mtls_certreq_cert_t *cert);

/* The dotted OID of a distinguished-name attribute given by short name,
 * long name (case-insensitive) or dotted OID, or NULL. */
const char *mtls_certreq_attr_oid(const char *name);

#endif /* MTLS_CERTREQ_H */
