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

/* Content negotiation: the Accept and Accept-Language parsers. */

#include <string.h>
#include <strings.h>

#include <apr_lib.h>

#include "mtls_accept.h"

/* One element of a comma-separated header: [start, end) of its value
 * (before any ';') and its q-value in thousandths. */
typedef struct {
    const char *start;
    apr_size_t len;
    int q;
} element_t;

/* q = 1, 0.5, 0.123 (RFC 9110 qvalue); anything else reads as 0, so a
 * malformed weight never promotes a range. */
static int parse_q(const char *s, const char *end)
{
    int q, digits = 0;

    if (s < end && *s == '1') {
        s++;
        if (s < end && *s == '.') {
            for (s++; s < end && *s == '0' && digits < 3; s++, digits++)
                ;
        }
        return s == end ? 1000 : 0;
    }
    if (s >= end || *s != '0') {
        return 0;
    }
    s++;
    q = 0;
    if (s < end && *s == '.') {
        for (s++; s < end && apr_isdigit(*s) && digits < 3; s++, digits++) {
            q = q * 10 + (*s - '0');
        }
        for (; digits < 3; digits++) {
            q *= 10;
        }
    }
    return s == end ? q : 0;
}

static const char *skip_ws(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t')) {
        s++;
    }
    return s;
}

/* Read the element starting at *pos; returns 0 at the end of the header. */
static int next_element(const char **pos, element_t *el)
{
    const char *s = *pos, *e, *stop, *param;

    while (*s == ',' || *s == ' ' || *s == '\t') {
        s++;
    }
    if (!*s) {
        return 0;
    }
    stop = strchr(s, ',');
    if (!stop) {
        stop = s + strlen(s);
    }
    for (e = s; e < stop && *e != ';' && *e != ' ' && *e != '\t'; e++)
        ;
    el->start = s;
    el->len = (apr_size_t)(e - s);
    el->q = 1000;
    /* Parameters: only q matters; the last one said wins. */
    for (param = memchr(e, ';', (apr_size_t)(stop - e)); param;
         param = memchr(param + 1, ';', (apr_size_t)(stop - param - 1))) {
        const char *v = skip_ws(param + 1, stop), *ve;

        if (stop - v >= 2 && (v[0] == 'q' || v[0] == 'Q') && v[1] == '=') {
            v += 2;
            for (ve = v; ve < stop && *ve != ';' && *ve != ' '
                         && *ve != '\t'; ve++)
                ;
            el->q = parse_q(v, ve);
        }
    }
    *pos = stop;
    return 1;
}

static int token_is(const element_t *el, const char *word)
{
    return el->len == strlen(word) && !strncasecmp(el->start, word, el->len);
}

/* How specifically a media range names a format: 3 exactly, 2 through
 * an alias (application/json), 1 by a "text/" or "application/" wildcard,
 * 0 by the full wildcard, -1 not at all. */
static int media_match(const element_t *el, mtls_format_e f)
{
    switch (f) {
    case MTLS_FORMAT_HTML:
        return token_is(el, "text/html") ? 3
               : token_is(el, "application/xhtml+xml") ? 2
               : token_is(el, "text/*") ? 1 : token_is(el, "*/*") ? 0 : -1;
    case MTLS_FORMAT_PROBLEM_JSON:
        return token_is(el, "application/problem+json") ? 3
               : token_is(el, "application/json") ? 2
               : token_is(el, "application/*") ? 1
               : token_is(el, "*/*") ? 0 : -1;
    case MTLS_FORMAT_TEXT:
        return token_is(el, "text/plain") ? 3
               : token_is(el, "text/*") ? 1 : token_is(el, "*/*") ? 0 : -1;
    }
    return -1;
}

mtls_format_e mtls_accept_format(const char *accept)
{
    static const mtls_format_e order[] = {
        MTLS_FORMAT_HTML, MTLS_FORMAT_PROBLEM_JSON, MTLS_FORMAT_TEXT
    };
    int best_q[3] = { -1, -1, -1 }, best_spec[3] = { -1, -1, -1 };
    mtls_format_e chosen = MTLS_FORMAT_HTML;
    const char *pos = accept;
    element_t el;
    int i, top = 0, top_spec = -1;

    if (!accept) {
        return MTLS_FORMAT_HTML;
    }
    /* Each format takes the q of its most specific matching range. */
    while (next_element(&pos, &el)) {
        for (i = 0; i < 3; i++) {
            int spec = media_match(&el, order[i]);

            if (spec > best_spec[i]) {
                best_spec[i] = spec;
                best_q[i] = el.q;
            }
        }
    }
    /* Highest q wins; then the more specific range; then our order. */
    for (i = 0; i < 3; i++) {
        if (best_q[i] > top
            || (best_q[i] == top && top > 0 && best_spec[i] > top_spec)) {
            top = best_q[i];
            top_spec = best_spec[i];
            chosen = order[i];
        }
    }
    return chosen;
}

/* Longer than any tag this module serves, and than the 35 characters RFC
 * 5646 asks every implementation to keep. */
#define MTLS_TAG_MAX 64

/* The tag, or, when it is longer than the buffer, its longest prefix that
 * ends at a subtag boundary, as RFC 4647 lookup truncates: a long
 * extension ("ja-JP-u-ca-japanese-...") still finds its language. */
static const char *bounded_tag(const element_t *el, char *tag,
                               apr_size_t size)
{
    apr_size_t n = el->len;

    if (n >= size) {
        n = size - 1;
        while (n > 0 && el->start[n] != '-') {
            n--;
        }
    }
    memcpy(tag, el->start, n);
    tag[n] = '\0';
    return tag;
}

const mtls_lang_t *mtls_accept_language(const char *accept_language,
                                        const mtls_lang_t *fallback)
{
    const mtls_lang_t *best = NULL, *lang;
    const char *pos = accept_language;
    int best_q = 0;
    element_t el;
    char tag[MTLS_TAG_MAX];

    if (!accept_language) {
        return fallback;
    }
    while (next_element(&pos, &el)) {
        if (el.q <= best_q) {
            continue;
        }
        if (el.len == 1 && el.start[0] == '*') {
            lang = fallback;
        }
        else {
            lang = mtls_lang_find(bounded_tag(&el, tag, sizeof(tag)));
        }
        if (lang) {
            best = lang;
            best_q = el.q;
        }
    }
    return best ? best : fallback;
}
