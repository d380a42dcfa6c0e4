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
 * Declarations shared by every file of mod_mtls_explain: the module
 * record, the log-code macro and the per-module log level.
 */

#ifndef MTLS_PRIVATE_H
#define MTLS_PRIVATE_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"

/* The module's own stable log codes: "MTLS0001: ..." (see README). */
#define MTLS_LOGNO(n) "MTLS" #n ": "

extern module AP_MODULE_DECLARE_DATA mtls_explain_module;

#ifdef APLOG_USE_MODULE
APLOG_USE_MODULE(mtls_explain);
#endif

#endif /* MTLS_PRIVATE_H */
