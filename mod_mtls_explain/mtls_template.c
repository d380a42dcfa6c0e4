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

/* Administrators' templates: the context-aware parser and the filler. */

#include <string.h>
#include <strings.h>

#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "mtls_escape.h"
#include "mtls_template.h"

static const struct {
    const char *name;
    mtls_ph_kind_e kind;
} placeholders[MTLS_PH_COUNT] = {
    { "lang", MTLS_PH_KIND_TEXT },
    { "status", MTLS_PH_KIND_TEXT },
    { "substatus", MTLS_PH_KIND_TEXT },
    { "verdict", MTLS_PH_KIND_TEXT },
    { "mode", MTLS_PH_KIND_TEXT },
    { "title", MTLS_PH_KIND_TEXT },
    { "what", MTLS_PH_KIND_TEXT },
    { "why", MTLS_PH_KIND_TEXT },
    { "reason", MTLS_PH_KIND_TEXT },
    { "depth", MTLS_PH_KIND_TEXT },
    { "subject", MTLS_PH_KIND_TEXT },
    { "issuer", MTLS_PH_KIND_TEXT },
    { "serial", MTLS_PH_KIND_TEXT },
    { "not_before", MTLS_PH_KIND_TEXT },
    { "not_after", MTLS_PH_KIND_TEXT },
    { "not_before_relative", MTLS_PH_KIND_TEXT },
    { "not_after_relative", MTLS_PH_KIND_TEXT },
    { "sha256", MTLS_PH_KIND_TEXT },
    { "failing_subject", MTLS_PH_KIND_TEXT },
    { "host", MTLS_PH_KIND_TEXT },
    { "time", MTLS_PH_KIND_TEXT },
    { "request_id", MTLS_PH_KIND_TEXT },
    { "contact", MTLS_PH_KIND_TEXT },
    { "contact_url", MTLS_PH_KIND_URL },
    { "help_url", MTLS_PH_KIND_URL },
    { "todo_list", MTLS_PH_KIND_MARKUP },
    { "why_list", MTLS_PH_KIND_MARKUP },
    { "accepted_issuers", MTLS_PH_KIND_MARKUP },
    { "details", MTLS_PH_KIND_MARKUP },
    { "contact_link", MTLS_PH_KIND_MARKUP },
    { "todo_heading", MTLS_PH_KIND_TEXT },
    { "why_heading", MTLS_PH_KIND_TEXT },
    { "accepted_heading", MTLS_PH_KIND_TEXT },
    { "details_heading", MTLS_PH_KIND_TEXT },
    { "help_section", MTLS_PH_KIND_MARKUP },
};

const char *mtls_template_ph_name(mtls_ph_e ph)
{
    return (ph >= 0 && ph < MTLS_PH_COUNT) ? placeholders[ph].name : NULL;
}

mtls_ph_kind_e mtls_template_ph_kind(mtls_ph_e ph)
{
    return placeholders[ph].kind;
}

/* A run of literal text (ph < 0) or one placeholder. */
typedef struct {
    const char *text;
    apr_size_t len;
    int ph;
} segment_t;

struct mtls_template_t {
    apr_array_header_t *segments;
};

typedef enum {
    S_TEXT,       /* between tags, or in <title>/<textarea> */
    S_TAG_NAME,   /* after '<' */
    S_TAG,        /* between attributes */
    S_ATTR_NAME,
    S_AFTER_NAME, /* after an attribute name: '=' or another attribute */
    S_BEFORE_VAL, /* after '=' */
    S_VAL_DQ,
    S_VAL_SQ,
    S_VAL_UNQ,
    S_END_TAG,    /* "</name ...>" */
    S_DECL,       /* "<!DOCTYPE ...>", "<?...>" */
    S_COMMENT,
    S_RAW         /* <script>, <style> and the like, until their end tag */
} state_e;

typedef struct {
    apr_pool_t *p;
    const char *start, *end;
    int line;
    state_e state;
    char tag[16];         /* lower-cased tag name, truncated */
    apr_size_t tag_len;
    char attr[16];        /* lower-cased attribute name, truncated */
    apr_size_t attr_len;
    int value_started;    /* a literal byte is already in this value */
    int rcdata;           /* S_TEXT inside <title>/<textarea> */
    const char *err;
} parser_t;

static int in_list(const char *word, const char *const *list)
{
    for (; *list; list++) {
        if (!strcmp(word, *list)) {
            return 1;
        }
    }
    return 0;
}

/* Elements whose content the browser does not parse as HTML, where an
 * escaped value is not inert text. */
static const char *const raw_elements[] = {
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
    "plaintext", "template", NULL
};

/* Content is text with entities, no tags: escaped values are safe. */
static const char *const rcdata_elements[] = { "title", "textarea", NULL };

/* Attributes whose value is fetched or navigated to. */
static const char *const url_attributes[] = {
    "href", "src", "action", "formaction", "cite", "poster", "background",
    "data", "srcset", "ping", "longdesc", "manifest", "codebase", "icon",
    "usemap", "profile", "lowsrc", "dynsrc", "xlink:href", NULL
};

/* Where the value is code or markup, not text. */
static int attr_is_code(const char *attr)
{
    return !strncmp(attr, "on", 2) || !strcmp(attr, "style")
           || !strcmp(attr, "srcdoc");
}

static void append(apr_array_header_t *segs, const char *text,
                   apr_size_t len, int ph)
{
    segment_t *seg;

    if (ph < 0 && len == 0) {
        return;
    }
    seg = apr_array_push(segs);
    seg->text = text;
    seg->len = len;
    seg->ph = ph;
}

/* Is a placeholder allowed here? NULL if so, else why not. */
static const char *check_context(parser_t *ps, int ph)
{
    mtls_ph_kind_e kind = placeholders[ph].kind;

    switch (ps->state) {
    case S_TEXT:
        if (ps->rcdata && kind == MTLS_PH_KIND_MARKUP) {
            return apr_psprintf(ps->p, "holds HTML and cannot go inside "
                                "<%s>", ps->tag);
        }
        return NULL;
    case S_VAL_DQ:
    case S_VAL_SQ:
        if (!strcmp(ps->tag, "meta")) {
            return "cannot go inside a <meta> tag";
        }
        if (attr_is_code(ps->attr)) {
            return apr_psprintf(ps->p, "cannot go inside the attribute "
                                "'%s', whose value is code", ps->attr);
        }
        if (kind == MTLS_PH_KIND_MARKUP) {
            return "holds HTML and cannot go inside an attribute value";
        }
        if (in_list(ps->attr, url_attributes)) {
            if (kind != MTLS_PH_KIND_URL) {
                return apr_psprintf(ps->p, "cannot go inside the URL "
                                    "attribute '%s'; only {{help_url}} and "
                                    "{{contact_url}} can", ps->attr);
            }
            if (ps->value_started) {
                return apr_psprintf(ps->p, "must start the value of the URL "
                                    "attribute '%s'", ps->attr);
            }
        }
        return NULL;
    case S_VAL_UNQ:
    case S_BEFORE_VAL:
        return "is in an unquoted attribute value; put the value in "
               "double quotes";
    case S_COMMENT:
        return "is inside an HTML comment";
    case S_RAW:
        return apr_psprintf(ps->p, "cannot go inside <%s>", ps->tag);
    default:
        return "is inside a tag; use it in text or in a quoted attribute "
               "value";
    }
}

/* At "{{": parse the placeholder, check its context, and return the
 * position after "}}", or NULL with ps->err set. */
static const char *placeholder(parser_t *ps, const char *at,
                               apr_array_header_t *segs)
{
    const char *name = at + 2, *name_end, *close;
    apr_size_t n;
    const char *why;
    int i;

    for (close = name; close + 1 < ps->end; close++) {
        if (close[0] == '}' && close[1] == '}') {
            break;
        }
        if (*close == '\n' || *close == '<' || *close == '{') {
            break;
        }
    }
    if (close + 1 >= ps->end || close[0] != '}') {
        ps->err = "'{{' without a closing '}}' on the same line";
        return NULL;
    }
    while (name < close && (*name == ' ' || *name == '\t')) {
        name++;
    }
    for (name_end = close; name_end > name
         && (name_end[-1] == ' ' || name_end[-1] == '\t'); name_end--)
        ;
    n = (apr_size_t)(name_end - name);
    for (i = 0; i < MTLS_PH_COUNT; i++) {
        if (strlen(placeholders[i].name) == n
            && !memcmp(placeholders[i].name, name, n)) {
            break;
        }
    }
    if (i == MTLS_PH_COUNT) {
        ps->err = apr_psprintf(ps->p, "unknown placeholder {{%s}}",
                               mtls_escape_log(ps->p,
                                   apr_pstrmemdup(ps->p, name,
                                                  n > 40 ? 40 : n)));
        return NULL;
    }
    /* "<{{verdict}}>" would make the value a tag name, where no escaping
     * helps. */
    if ((at - ps->start >= 1 && at[-1] == '<')
        || (at - ps->start >= 2 && at[-1] == '/' && at[-2] == '<')) {
        ps->err = apr_psprintf(ps->p, "placeholder {{%s}} cannot follow "
                               "'<': its value would become a tag",
                               placeholders[i].name);
        return NULL;
    }
    why = check_context(ps, i);
    if (why) {
        ps->err = apr_psprintf(ps->p, "placeholder {{%s}} %s",
                               placeholders[i].name, why);
        return NULL;
    }
    append(segs, NULL, 0, i);
    return close + 2;
}

static int starts_with_ci(const char *s, const char *end, const char *word)
{
    apr_size_t n = strlen(word);

    return (apr_size_t)(end - s) >= n && !strncasecmp(s, word, n);
}

/* Add a lower-cased byte to a bounded name buffer. */
static void name_add(char *buf, apr_size_t *len, apr_size_t size, char c)
{
    if (*len + 1 < size) {
        buf[(*len)++] = (char)apr_tolower(c);
        buf[*len] = '\0';
    }
}

/* The tag name is complete: does its content switch state? */
static state_e after_start_tag(parser_t *ps)
{
    if (in_list(ps->tag, raw_elements)) {
        return S_RAW;
    }
    ps->rcdata = in_list(ps->tag, rcdata_elements);
    return S_TEXT;
}

mtls_template_t *mtls_template_parse(apr_pool_t *p, const char *text,
                                     apr_size_t len, const char **err,
                                     int *err_line)
{
    mtls_template_t *t = apr_pcalloc(p, sizeof(*t));
    apr_array_header_t *segs = apr_array_make(p, 32, sizeof(segment_t));
    parser_t ps;
    const char *s = text, *lit = text;
    char c;

    memset(&ps, 0, sizeof(ps));
    ps.p = p;
    ps.start = text;
    ps.end = text + len;
    ps.line = 1;
    ps.state = S_TEXT;
    *err = NULL;
    *err_line = 0;

    if (len > MTLS_TEMPLATE_MAX) {
        *err = apr_psprintf(p, "is larger than %d bytes",
                            MTLS_TEMPLATE_MAX);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        *err = "contains a NUL byte";
        return NULL;
    }

    while (s < ps.end) {
        c = *s;
        if (c == '{' && s + 1 < ps.end && s[1] == '{') {
            const char *next;

            append(segs, lit, (apr_size_t)(s - lit), -1);
            next = placeholder(&ps, s, segs);
            if (!next) {
                *err = ps.err;
                *err_line = ps.line;
                return NULL;
            }
            /* A placeholder counts as content of an attribute value. */
            ps.value_started = 1;
            s = lit = next;
            continue;
        }
        if (c == '\n') {
            ps.line++;
        }
        switch (ps.state) {
        case S_TEXT:
            if (c == '<' && ps.rcdata) {
                if (s + 1 < ps.end && s[1] == '/'
                    && starts_with_ci(s + 2, ps.end, ps.tag)) {
                    ps.rcdata = 0;
                    ps.state = S_END_TAG;
                }
            }
            else if (c == '<' && s + 1 < ps.end) {
                if (starts_with_ci(s, ps.end, "<!--")) {
                    ps.state = S_COMMENT;
                    s += 4;
                    continue;
                }
                if (apr_isalpha(s[1])) {
                    ps.state = S_TAG_NAME;
                    ps.tag_len = 0;
                    ps.tag[0] = '\0';
                }
                else if (s[1] == '/') {
                    ps.state = S_END_TAG;
                }
                else if (s[1] == '!' || s[1] == '?') {
                    ps.state = S_DECL;
                }
            }
            break;
        case S_TAG_NAME:
            if (apr_isspace(c) || c == '/') {
                ps.state = S_TAG;
            }
            else if (c == '>') {
                ps.state = after_start_tag(&ps);
            }
            else if (c != '<') {
                name_add(ps.tag, &ps.tag_len, sizeof(ps.tag), c);
            }
            break;
        case S_TAG:
        case S_AFTER_NAME:
            if (c == '>') {
                ps.state = after_start_tag(&ps);
            }
            else if (c == '=' && ps.state == S_AFTER_NAME) {
                ps.state = S_BEFORE_VAL;
            }
            else if (!apr_isspace(c) && c != '/') {
                ps.state = S_ATTR_NAME;
                ps.attr_len = 0;
                ps.attr[0] = '\0';
                name_add(ps.attr, &ps.attr_len, sizeof(ps.attr), c);
            }
            break;
        case S_ATTR_NAME:
            if (c == '=') {
                ps.state = S_BEFORE_VAL;
            }
            else if (c == '>') {
                ps.state = after_start_tag(&ps);
            }
            else if (apr_isspace(c) || c == '/') {
                ps.state = S_AFTER_NAME;
            }
            else {
                name_add(ps.attr, &ps.attr_len, sizeof(ps.attr), c);
            }
            break;
        case S_BEFORE_VAL:
            ps.value_started = 0;
            if (c == '"') {
                ps.state = S_VAL_DQ;
            }
            else if (c == '\'') {
                ps.state = S_VAL_SQ;
            }
            else if (c == '>') {
                ps.state = after_start_tag(&ps);
            }
            else if (!apr_isspace(c)) {
                ps.state = S_VAL_UNQ;
            }
            break;
        case S_VAL_DQ:
        case S_VAL_SQ:
            if (c == (ps.state == S_VAL_DQ ? '"' : '\'')) {
                ps.state = S_TAG;
            }
            else if (!apr_isspace(c) || ps.value_started) {
                ps.value_started = 1;
            }
            break;
        case S_VAL_UNQ:
            if (apr_isspace(c)) {
                ps.state = S_TAG;
            }
            else if (c == '>') {
                ps.state = after_start_tag(&ps);
            }
            break;
        case S_END_TAG:
        case S_DECL:
            if (c == '>') {
                ps.state = S_TEXT;
            }
            break;
        case S_COMMENT:
            if (starts_with_ci(s, ps.end, "-->")) {
                ps.state = S_TEXT;
                s += 3;
                continue;
            }
            break;
        case S_RAW:
            if (c == '<' && s + 1 < ps.end && s[1] == '/'
                && starts_with_ci(s + 2, ps.end, ps.tag)) {
                ps.state = S_END_TAG;
            }
            break;
        }
        s++;
    }
    append(segs, lit, (apr_size_t)(s - lit), -1);
    t->segments = segs;
    return t;
}

const char *mtls_template_render(apr_pool_t *p, const mtls_template_t *t,
                                 const char *const *vals, apr_size_t *len)
{
    const segment_t *segs = (const segment_t *)t->segments->elts;
    struct iovec *vec;
    int i, n = t->segments->nelts;
    char *out;

    vec = apr_palloc(p, sizeof(*vec) * (n ? n : 1));
    for (i = 0; i < n; i++) {
        const char *v;

        if (segs[i].ph < 0) {
            vec[i].iov_base = (void *)segs[i].text;
            vec[i].iov_len = segs[i].len;
            continue;
        }
        v = vals[segs[i].ph] ? vals[segs[i].ph] : "";
        if (placeholders[segs[i].ph].kind != MTLS_PH_KIND_MARKUP) {
            v = mtls_escape_html(p, v);
        }
        vec[i].iov_base = (void *)v;
        vec[i].iov_len = strlen(v);
    }
    out = apr_pstrcatv(p, vec, (apr_size_t)n, len);
    return out;
}
