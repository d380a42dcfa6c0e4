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
 * The authorization provider `Require mtls-cert <clause> ...`: grants a
 * request whose client certificate verified on an armed host and meets
 * every clause.
 */

#ifndef MTLS_AUTHZ_H
#define MTLS_AUTHZ_H

#include "httpd.h"

/* register_hooks: make `mtls-cert` known to mod_authz_core's Require. */
void mtls_authz_register(apr_pool_t *p);

/* Did the configuration read at startup use `Require mtls-cert`? */
int mtls_authz_in_use(void);

#endif /* MTLS_AUTHZ_H */
