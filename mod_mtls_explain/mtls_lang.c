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

#include <apr_lib.h>

#include "mtls_lang.h"

/* Generated from po/ by build/po2c.pl; English comes first: it is the
 * fallback. */
extern const mtls_lang_t *const mtls_lang_table[];
extern const int mtls_lang_table_count;

int mtls_lang_count(void)
{
    return mtls_lang_table_count;
}

const mtls_lang_t *mtls_lang_at(int i)
{
    return (i >= 0 && i < mtls_lang_table_count) ? mtls_lang_table[i]
                                                 : NULL;
}

/* tag[0..n) names exactly this tag; '_' reads as '-'. */
static int same_tag(const char *name, const char *tag, apr_size_t n)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        char a = name[i], b = tag[i] == '_' ? '-' : tag[i];

        if (!a || apr_tolower(a) != apr_tolower(b)) {
            return 0;
        }
    }
    return name[n] == '\0';
}

static const mtls_lang_t *find_exact(const char *tag, apr_size_t n)
{
    int i, k;

    for (i = 0; i < mtls_lang_table_count; i++) {
        const mtls_lang_t *l = mtls_lang_table[i];

        if (same_tag(l->code, tag, n)) {
            return l;
        }
        for (k = 0; l->serves[k]; k++) {
            if (same_tag(l->serves[k], tag, n)) {
                return l;
            }
        }
    }
    return NULL;
}

const mtls_lang_t *mtls_lang_find(const char *tag)
{
    const mtls_lang_t *l;
    apr_size_t n = 0;

    if (!tag) {
        return NULL;
    }
    while (apr_isalnum(tag[n]) || tag[n] == '-' || tag[n] == '_') {
        n++;
    }
    if (tag[n] != '\0') {
        return NULL;
    }
    /* RFC 4647 lookup: drop the last subtag until a language answers,
     * and a single-character subtag ("-u", "-x") along with the one after
     * it, since it means nothing alone. */
    while (n > 0) {
        if ((l = find_exact(tag, n)) != NULL) {
            return l;
        }
        while (n > 0 && tag[n - 1] != '-' && tag[n - 1] != '_') {
            n--;
        }
        if (n > 0) {
            n--;
        }
        if (n >= 2 && (tag[n - 2] == '-' || tag[n - 2] == '_')) {
            n -= 2;
        }
    }
    return NULL;
}
