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
 * Configuration of the explanation itself: the contact, help link,
 * language and template directives, checked at startup.
 */

#ifndef MTLS_CONF_PAGE_H
#define MTLS_CONF_PAGE_H

#include "httpd.h"
#include "http_config.h"

/* MTLSExplainContact: text, a mailto: address or a web address. */
const char *mtls_conf_page_cmd_contact(cmd_parms *cmd, void *dconf,
                                       const char *arg);

/* MTLSExplainHelpURL: an absolute http(s) URL or a path on this server. */
const char *mtls_conf_page_cmd_help_url(cmd_parms *cmd, void *dconf,
                                        const char *arg);

/* MTLSExplainLanguage: a built-in language tag. */
const char *mtls_conf_page_cmd_language(cmd_parms *cmd, void *dconf,
                                        const char *arg);

/* MTLSExplainTemplate: a page read and parsed now, never per request. */
const char *mtls_conf_page_cmd_template(cmd_parms *cmd, void *dconf,
                                        const char *path,
                                        const char *lang_arg);

#endif /* MTLS_CONF_PAGE_H */
