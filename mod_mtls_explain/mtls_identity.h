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
 * Identity containment: on an armed virtual host, a client certificate
 * that failed verification names nobody. Wherever mod_ssl would hand out
 * what it claims (SSL_CLIENT_* variables by every route, r->user from
 * SSLUserName, the Authorization header FakeBasicAuth makes up), the
 * application sees what it would see with no certificate at all, unless
 * the location says MTLSExplainIdentity keep.
 */

#ifndef MTLS_IDENTITY_H
#define MTLS_IDENTITY_H

#include "httpd.h"
#include "ap_expr.h"

/* ssl_var_lookup: SSL_CLIENT_* read empty for a failed certificate. */
const char *mtls_identity_var_lookup(apr_pool_t *p, server_rec *s,
                                     conn_rec *c, request_rec *r,
                                     const char *name);

/* expr_lookup, ahead of mod_ssl's: route SSL_CLIENT_*, SSL() and
 * PeerExtList through the same rule. */
int mtls_identity_expr_lookup(ap_expr_lookup_parms *parms);

/* check_access, after mod_ssl's: withdraw r->user set by SSLUserName. */
int mtls_identity_check_access(request_rec *r);

/* check_access_ex, first: the same, for when an earlier access hook's
 * refusal kept the one above from running and Satisfy Any goes on to
 * authorization. */
int mtls_identity_check_access_ex(request_rec *r);

/* fixups and log_transaction, first: the same, for an internal redirect
 * that copied the user of a request with the same configuration, and for
 * the access log's %u. */
int mtls_identity_withdraw_user(request_rec *r);

/* check_authn, after mod_ssl's: withdraw FakeBasicAuth's made-up header. */
int mtls_identity_check_authn(request_rec *r);

/* fixups, after mod_ssl's: remove SSL_CLIENT_* from the environment. */
int mtls_identity_fixups(request_rec *r);

#endif /* MTLS_IDENTITY_H */
