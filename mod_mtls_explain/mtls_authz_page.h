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
 * The 403.12 page: an authorization (Require) refusal of a request on an
 * armed host, told apart from every other 403 and answered with the
 * explanation of what the location requires.
 */

#ifndef MTLS_AUTHZ_PAGE_H
#define MTLS_AUTHZ_PAGE_H

#include "httpd.h"
#include "http_config.h"

/* r->notes keys: the value and the kind (a number) of the mtls-cert
 * clause a certificate did not meet. */
#define MTLS_NOTE_UNMET "mtls-explain-unmet"
#define MTLS_NOTE_UNMET_KIND "mtls-explain-unmet-kind"

/* check_access_ex and check_authz, first: authorization is deciding. */
int mtls_authz_page_enter(request_rec *r);

/* type_checker, first: authorization let the request through. */
int mtls_authz_page_leave(request_rec *r);

/* insert_error_filter: a 403 that authorization gave gets the page. */
void mtls_authz_page_insert_error_filter(request_rec *r);

/* The output filter that writes the page instead of Apache's body. */
void mtls_authz_page_register_filter(void);

/* MTLSExplainAuthzPage On|Off. */
const char *mtls_authz_page_cmd_page(cmd_parms *cmd, void *dconf,
                                     const char *arg);

/* MTLSExplainRequirement [language] text. */
const char *mtls_authz_page_cmd_requirement(cmd_parms *cmd, void *dconf,
                                            const char *args);

#endif /* MTLS_AUTHZ_PAGE_H */
