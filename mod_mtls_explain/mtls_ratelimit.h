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
 * Error-log lines that would repeat on every handshake or request during
 * an outage, limited to one per interval per server process, with a count
 * of those left out.
 */

#ifndef MTLS_RATELIMIT_H
#define MTLS_RATELIMIT_H

#include <apr_atomic.h>

/* One kind of line; zeroed (static storage) means never logged. */
typedef struct {
    apr_uint32_t last;      /* second of the last line */
    apr_uint32_t left_out;  /* lines left out since */
} mtls_ratelimit_t;

/* Is a line due, at most one per every seconds? When it is not, it is
 * counted as left out; when it is, *skipped is how many were left out
 * since the last one. Safe from many threads. */
int mtls_ratelimit_due(mtls_ratelimit_t *rl, apr_uint32_t every,
                       apr_uint32_t *skipped);

#endif /* MTLS_RATELIMIT_H */
