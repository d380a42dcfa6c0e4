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
 * Administrators' own explanation pages (MTLSExplainTemplate): HTML with
 * {{placeholders}}. The parser follows the HTML context of every
 * placeholder and refuses, at startup, the places where escaping cannot
 * make a value safe (inside a tag, a script or style, an event handler,
 * a URL attribute). Rendering then escapes every value itself, so a
 * template cannot forget to.
 */

#ifndef MTLS_TEMPLATE_H
#define MTLS_TEMPLATE_H

#include <apr_pools.h>

typedef enum {
    MTLS_PH_LANG = 0,
    MTLS_PH_STATUS,
    MTLS_PH_SUBSTATUS,
    MTLS_PH_VERDICT,
    MTLS_PH_MODE,
    MTLS_PH_TITLE,
    MTLS_PH_WHAT,
    MTLS_PH_WHY,
    MTLS_PH_REASON,
    MTLS_PH_DEPTH,
    MTLS_PH_SUBJECT,
    MTLS_PH_ISSUER,
    MTLS_PH_SERIAL,
    MTLS_PH_NOT_BEFORE,
    MTLS_PH_NOT_AFTER,
    MTLS_PH_NOT_BEFORE_RELATIVE,
    MTLS_PH_NOT_AFTER_RELATIVE,
    MTLS_PH_SHA256,
    MTLS_PH_FAILING_SUBJECT,
    MTLS_PH_HOST,
    MTLS_PH_TIME,
    MTLS_PH_REQUEST_ID,
    MTLS_PH_CONTACT,
    MTLS_PH_CONTACT_URL,
    MTLS_PH_HELP_URL,
    MTLS_PH_TODO_LIST,
    MTLS_PH_WHY_LIST,
    MTLS_PH_ACCEPTED_ISSUERS,
    MTLS_PH_DETAILS,
    MTLS_PH_CONTACT_LINK,
    MTLS_PH_TODO_HEADING,
    MTLS_PH_WHY_HEADING,
    MTLS_PH_ACCEPTED_HEADING,
    MTLS_PH_DETAILS_HEADING,
    MTLS_PH_HELP_SECTION,
    MTLS_PH_COUNT
} mtls_ph_e;

/* How a value is made safe: text is escaped; a URL is a value the
 * configuration already checked, escaped too, and the only kind allowed in
 * a URL attribute; markup is HTML the module builds, allowed only in text. */
typedef enum {
    MTLS_PH_KIND_TEXT = 0,
    MTLS_PH_KIND_URL,
    MTLS_PH_KIND_MARKUP
} mtls_ph_kind_e;

typedef struct mtls_template_t mtls_template_t;

/* Templates larger than this are refused: a page, not a site. */
#define MTLS_TEMPLATE_MAX (256 * 1024)

/* Parse text[0..len). On error returns NULL, with *err describing it and
 * *err_line the 1-based line it is on. */
mtls_template_t *mtls_template_parse(apr_pool_t *p, const char *text,
                                     apr_size_t len, const char **err,
                                     int *err_line);

/* Fill the template. vals[MTLS_PH_COUNT] are raw values (NULL reads as
 * empty); markup placeholders' values are inserted as they are. */
const char *mtls_template_render(apr_pool_t *p, const mtls_template_t *t,
                                 const char *const *vals, apr_size_t *len);

/* A placeholder's name ("not_after") and kind, for documentation and
 * tests. */
const char *mtls_template_ph_name(mtls_ph_e ph);
mtls_ph_kind_e mtls_template_ph_kind(mtls_ph_e ph);

#endif /* MTLS_TEMPLATE_H */
