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
 * The parsed form of a `Require mtls-cert` clause, shared by the parser
 * (mtls_certreq.c) and the matcher (mtls_certreq_match.c).
 */

#ifndef MTLS_CERTREQ_CLAUSE_H
#define MTLS_CERTREQ_CLAUSE_H

#include "mtls_certreq.h"

/* The clause keywords. */
typedef enum {
    MTLS_CR_ISSUER,
    MTLS_CR_SUBJECT,
    MTLS_CR_SAN_EMAIL,
    MTLS_CR_SAN_DNS,
    MTLS_CR_SAN_URI,
    MTLS_CR_FINGERPRINT,
    MTLS_CR_SPKI,
    MTLS_CR_EKU,
    MTLS_CR_POLICY
} mtls_certreq_kind_e;

/* One clause, its value parsed as its kind needs. */
typedef struct {
    mtls_certreq_kind_e kind;
    const char *text;           /* as written */
    const char *oid;            /* subject attribute, EKU, policy */
    mtls_certreq_str_t value;   /* subject value, SAN pattern */
    apr_array_header_t *dn;     /* issuer, of mtls_certreq_ava_t */
    unsigned char digest[32];
} mtls_certreq_clause_t;

/* The clauses of one line, all to be met. */
struct mtls_certreq_t {
    apr_array_header_t *clauses;    /* of mtls_certreq_clause_t */
};

#endif /* MTLS_CERTREQ_CLAUSE_H */
