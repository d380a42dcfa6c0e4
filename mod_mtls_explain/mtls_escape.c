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

/* The escapers: each output context's rules for hostile text, and the
 * UTF-8 checks they share. */

#include <string.h>

#include "mtls_escape.h"

static const char utf8_replacement[] = "\xEF\xBF\xBD";

/* Length of a valid UTF-8 sequence at s with its code point in *cp, or 0
 * if it is not one. */
static apr_size_t utf8_decode(const unsigned char *s, unsigned int *cp)
{
    apr_size_t n, i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        *cp = s[0] & 0x1F;
    }
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        *cp = s[0] & 0x0F;
    }
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        *cp = s[0] & 0x07;
    }
    else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF hide
     * characters from filters; treat them as garbage. */
    if ((n == 3 && *cp < 0x800)
        || (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF))
        || (*cp >= 0xD800 && *cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

/* Characters that change how the text around them is ordered or read:
 * C0/C1 controls, bidirectional embeddings, overrides and isolates. */
static int is_disruptive(unsigned int cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
           || (cp >= 0x202A && cp <= 0x202E)
           || (cp >= 0x2066 && cp <= 0x2069);
}

/* Bytes copied as they are into HTML: printable ASCII but markup. */
static const unsigned char plain_html[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/* Bytes copied as they are into text: printable ASCII. */
static const unsigned char plain_text[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/* The shared walk of the HTML and text escapes. */
static const char *escape_utf8(apr_pool_t *p, const char *s, int entities)
{
    const unsigned char *in = (const unsigned char *)s;
    const unsigned char *plain = entities ? plain_html : plain_text;
    char *out, *o;
    unsigned int cp;
    apr_size_t n;

    if (!s) {
        return "";
    }
    /* Worst case: every byte becomes "&quot;" (6) or U+FFFD (3). */
    o = out = apr_palloc(p, strlen(s) * 6 + 1);
    while (*in) {
        /* Most text is printable ASCII without markup characters: copy
         * it without decoding, a run at a time (every page escapes its
         * whole text). */
        if (plain[*in]) {
            const unsigned char *run = in;

            while (plain[*++in]) {
            }
            memcpy(o, run, (apr_size_t)(in - run));
            o += in - run;
            continue;
        }
        if (entities) {
            const char *ent = NULL;

            switch (*in) {
            case '&':  ent = "&amp;";  break;
            case '<':  ent = "&lt;";   break;
            case '>':  ent = "&gt;";   break;
            case '"':  ent = "&quot;"; break;
            case '\'': ent = "&#39;";  break;
            default:   break;
            }
            if (ent) {
                n = strlen(ent);
                memcpy(o, ent, n);
                o += n;
                in++;
                continue;
            }
        }
        n = utf8_decode(in, &cp);
        if (n == 0 || is_disruptive(cp)) {
            memcpy(o, utf8_replacement, 3);
            o += 3;
            in += n ? n : 1;
            continue;
        }
        memcpy(o, in, n);
        o += n;
        in += n;
    }
    *o = '\0';
    return out;
}

const char *mtls_escape_html(apr_pool_t *p, const char *s)
{
    return escape_utf8(p, s, 1);
}

const char *mtls_escape_text(apr_pool_t *p, const char *s)
{
    return escape_utf8(p, s, 0);
}

static const char hexdigits[] = "0123456789abcdef";

const char *mtls_escape_json(apr_pool_t *p, const char *s)
{
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;
    unsigned int cp;
    apr_size_t n;

    if (!s) {
        return "";
    }
    /* Worst case: every byte becomes a six-byte \u escape. */
    o = out = apr_palloc(p, strlen(s) * 6 + 1);
    while (*in) {
        n = utf8_decode(in, &cp);
        if (n == 0) {
            cp = 0xFFFD;
            n = 1;
        }
        if (cp == '"' || cp == '\\') {
            *o++ = '\\';
            *o++ = (char)cp;
        }
        else if (cp < 0x20 || cp == 0x7F || cp == '<' || cp == '>'
                 || cp == '&' || cp == '\'' || cp > 0x7E) {
            /* Everything outside printable ASCII as \u escapes: the
             * document stays ASCII, and nothing in it can end a <script>
             * or reorder a viewer's line. Astral characters become a
             * surrogate pair. */
            unsigned int units[2], k, count = 1;

            units[0] = cp;
            if (cp > 0xFFFF) {
                units[0] = 0xD800 + ((cp - 0x10000) >> 10);
                units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
                count = 2;
            }
            for (k = 0; k < count; k++) {
                *o++ = '\\';
                *o++ = 'u';
                *o++ = hexdigits[(units[k] >> 12) & 0xF];
                *o++ = hexdigits[(units[k] >> 8) & 0xF];
                *o++ = hexdigits[(units[k] >> 4) & 0xF];
                *o++ = hexdigits[units[k] & 0xF];
            }
        }
        else {
            *o++ = (char)cp;
        }
        in += n;
    }
    *o = '\0';
    return out;
}

const char *mtls_escape_log(apr_pool_t *p, const char *s)
{
    static const char upper[] = "0123456789ABCDEF";
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;

    if (!s) {
        return "";
    }
    o = out = apr_palloc(p, strlen(s) * 3 + 1);
    for (; *in; in++) {
        if (*in == '%' || *in == '"' || *in < 0x20 || *in == 0x7F) {
            *o++ = '%';
            *o++ = upper[*in >> 4];
            *o++ = upper[*in & 0x0F];
        }
        else {
            *o++ = (char)*in;
        }
    }
    *o = '\0';
    return out;
}
