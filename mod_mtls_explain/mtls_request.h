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
 * The request side: applies the location's policy to the connection's
 * record, publishes the decision as variables and a log line, and answers
 * a denied request with the explanation.
 */

#ifndef MTLS_REQUEST_H
#define MTLS_REQUEST_H

#include "httpd.h"
#include "ap_expr.h"

#include "mtls_verdict.h"

/* post_perdir_config: decide, publish, and answer a denial, for every
 * request, subrequest and internal redirect. */
int mtls_request_decide(request_rec *r);

/* check_access, after mod_ssl's: put mod_ssl's verify result back to the
 * truth before authorization reads it. */
int mtls_request_check_access(request_rec *r);

/* expr_lookup: %{MTLS_EXPLAIN_*} in ap_expr, <If> included. */
int mtls_request_expr_lookup(ap_expr_lookup_parms *parms);

/* The explanation of d for r's client, in its format and language, with
 * what the location requires (NULL when unknown): sets the content type
 * and the page's error headers, and returns the body. */
const char *mtls_request_page(request_rec *r, const mtls_decision_t *d,
                              const mtls_peer_t *peer,
                              const char *requirement, apr_size_t *len);

/* The decision as MTLS_EXPLAIN_* variables and its log line. */
void mtls_request_announce(request_rec *r, const mtls_decision_t *d,
                           const mtls_peer_t *peer);

/* The record with the client's certificate described, for a page or a
 * log line. */
const mtls_peer_t *mtls_request_with_leaf(request_rec *r,
                                          const mtls_peer_t *peer);

#endif /* MTLS_REQUEST_H */
