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
 * Content negotiation for the explanation: which format (Accept) and which
 * language (Accept-Language). Pure parsing of hostile header values; the
 * answer is always one of ours, never a piece of the header.
 */

#ifndef MTLS_ACCEPT_H
#define MTLS_ACCEPT_H

#include "mtls_lang.h"

typedef enum {
    MTLS_FORMAT_HTML = 0,
    MTLS_FORMAT_PROBLEM_JSON,
    MTLS_FORMAT_TEXT
} mtls_format_e;

/* The format an Accept header prefers. HTML when the header is absent,
 * malformed or asks only for types we cannot produce: a refusal is sent
 * either way, and a page is the most useful fallback. */
mtls_format_e mtls_accept_format(const char *accept);

/* The built-in language an Accept-Language header prefers, by q-value and
 * then by order; fallback when none of its ranges matches (or it is
 * absent). */
const mtls_lang_t *mtls_accept_language(const char *accept_language,
                                        const mtls_lang_t *fallback);

#endif /* MTLS_ACCEPT_H */
