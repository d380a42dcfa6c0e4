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

/* The table of built-in languages and the lookup by language tag. */

#include <string.h>
#include <strings.h>

#include <apr_lib.h>

#include "mtls_lang.h"

/* A new language is its mtls_lang_XX.c file, a line here and one in
 * Makefile.am. English comes first: it is the fallback. */
extern const mtls_lang_t mtls_lang_en, mtls_lang_ja, mtls_lang_de,
                         mtls_lang_fr;

static const mtls_lang_t *const languages[] = {
    &mtls_lang_en,
    &mtls_lang_ja,
    &mtls_lang_de,
    &mtls_lang_fr,
};

#define LANG_COUNT ((int)(sizeof(languages) / sizeof(languages[0])))

int mtls_lang_count(void)
{
    return LANG_COUNT;
}

const mtls_lang_t *mtls_lang_at(int i)
{
    return (i >= 0 && i < LANG_COUNT) ? languages[i] : NULL;
}

const mtls_lang_t *mtls_lang_find(const char *tag)
{
    apr_size_t n = 0;
    int i;

    if (!tag) {
        return NULL;
    }
    while (apr_isalpha(tag[n])) {
        n++;
    }
    /* Only the primary subtag counts: "de-CH" is served in German. */
    if (n == 0 || (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_')) {
        return NULL;
    }
    for (i = 0; i < LANG_COUNT; i++) {
        if (strlen(languages[i]->code) == n
            && !strncasecmp(languages[i]->code, tag, n)) {
            return languages[i];
        }
    }
    return NULL;
}
