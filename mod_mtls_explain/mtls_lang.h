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
 * Languages: every sentence a person reads. They come from the translation
 * catalogs in po/, which build/po2c.pl turns into mtls_lang_table.c at
 * build time, so a translation never touches the code. Strings are plain
 * UTF-8 text, never markup: each output format escapes them for its own
 * context.
 */

#ifndef MTLS_LANG_H
#define MTLS_LANG_H

#include "mtls_verdict.h"

/* The most plural forms a language may have. */
#define MTLS_LANG_PLURALS 4

/* What a person reads about one verdict. The *_chain variants are used
 * when the certificate that failed is a CA above the person's own. */
typedef struct {
    const char *name;          /* a short name, for the page's footer */
    const char *title;
    const char *title_chain;
    const char *what;
    const char *what_chain;
    const char *todo[5];
    const char *todo_text[5];  /* for a terminal, where todo speaks of a
                                * browser; else empty */
    const char *todo_chain[4];
} mtls_lang_verdict_t;

typedef struct {
    const char *code;   /* the language tag: "ja", "pt-BR", "zh-Hant" */
    const char *serves[4]; /* further tags it answers for, NULL-ended */
    const char *name;   /* the language's own name for itself */

    mtls_lang_verdict_t verdict[MTLS_VERDICT_COUNT];

    /* The policies (MTLSExplainVerifyClient), by mtls_mode_e. */
    const char *mode[4];

    /* Why no certificate arrived: the likely causes, since browsers hide
     * certificates that have expired or come from a CA the site does not
     * accept. */
    const char *why_none_intro;
    const char *why_none[5];

    /* "Error" before the sub-status code in the heading. */
    const char *error;

    /* Section headings. */
    const char *h_what;
    const char *h_why;
    const char *h_todo;
    const char *h_cert;
    const char *h_failing;      /* %d: depth */
    const char *h_accepted;
    const char *h_help;

    /* Field labels. */
    const char *l_subject;
    const char *l_issuer;
    const char *l_serial;
    const char *l_not_before;
    const char *l_not_after;
    const char *l_sha256;
    const char *l_problem;
    const char *l_verdict;
    const char *l_policy;
    const char *l_host;
    const char *l_time;
    const char *l_request_id;
    const char *l_contact;
    const char *l_help;

    /* Sentences with values; arguments are in the order given. */
    const char *why_own;        /* %s: reason, %d: OpenSSL error number */
    const char *why_expired;    /* %s: the end date */
    const char *why_not_yet;    /* %s: the start date */
    const char *why_untrusted;  /* %s: the issuer's name */
    const char *problem_value;  /* %s: reason, %d: OpenSSL error number */
    const char *why_reason;     /* the same, after failed_at_* */
    const char *failed_at_one;  /* %s: failing subject (depth 1) */
    const char *failed_at_many; /* %s: failing subject, %d: depth */
    const char *accepted_intro;
    const char *accepted_unknown;
    const char *contact_intro;
    const char *help_text;      /* link text for MTLSExplainHelpURL */
    const char *h_details;      /* a template's summary of the details */
    const char *requires;       /* %s: what a refused page requires */
    const char *requires_unknown;

    /* A Require mtls-cert clause in plain words, by kind; %s: its value
     * as written. */
    const char *clause_issuer;
    const char *clause_subject;
    const char *clause_san_email;
    const char *clause_san_dns;
    const char *clause_san_uri;
    const char *clause_fingerprint;
    const char *clause_spki;
    const char *clause_eku;
    const char *clause_policy;

    /* A chain longer than the site's SSLVerifyDepth: the site's limit,
     * not a fault of the certificate, so no advice to choose another.
     * too_long_why: %d the CAs above the certificate, %d the limit. */
    const char *too_long_title;
    const char *too_long_what;
    const char *too_long_why;
    const char *too_long_todo;
    const char *too_long_todo_text;

    /* How to choose another certificate, by browser family. */
    const char *browser_chrome;
    const char *browser_firefox;
    const char *browser_safari;
    const char *browser_other;

    /* Dates: "{day} {month} {year}, {time} UTC" with the month's name;
     * dated puts a relative date after another text ("%s (%s)"). */
    const char *date;
    const char *months[12];
    const char *dated;

    /* Relative dates: ago/in wrap a quantity such as "3 days". units are
     * minute, hour, day, month, year, each in the language's plural forms
     * (gettext's Plural-Forms: plural(n) picks one of nplurals) taking
     * the number. */
    const char *ago;            /* %s */
    const char *in;             /* %s */
    const char *units[5][MTLS_LANG_PLURALS];
    int (*plural)(int n);
    int nplurals;
} mtls_lang_t;

/* A built-in language for one language range, by RFC 4647 lookup: the
 * range, then the range with its last subtag removed, until one names a
 * language ("zh-Hant-TW" finds zh-Hant, "ja-JP-u-ca-japanese" finds ja);
 * case does not matter. NULL when none does. */
const mtls_lang_t *mtls_lang_find(const char *tag);

/* The number of built-in languages, and the i-th, for documentation and
 * tests. */
int mtls_lang_count(void);
const mtls_lang_t *mtls_lang_at(int i);

#endif /* MTLS_LANG_H */
