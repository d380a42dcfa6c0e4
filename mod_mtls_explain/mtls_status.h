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
 * The module's section of mod_status's server-status page: decisions per
 * host and policy section, handshakes, and the certificates seen that
 * expire soonest.
 */

#ifndef MTLS_STATUS_H
#define MTLS_STATUS_H

#include "httpd.h"

/* mod_status's status_hook: the HTML section, or ?auto lines. */
int mtls_status_hook(request_rec *r, int flags);

#endif /* MTLS_STATUS_H */
