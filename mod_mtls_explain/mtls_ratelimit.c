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

/* A per-process limit on lines that repeat during an outage. */

#include <apr_time.h>

#include "mtls_ratelimit.h"

int mtls_ratelimit_due(mtls_ratelimit_t *rl, apr_uint32_t every,
                       apr_uint32_t *skipped)
{
    apr_uint32_t now = (apr_uint32_t)apr_time_sec(apr_time_now());
    apr_uint32_t last = apr_atomic_read32(&rl->last);

    if ((last && now - last < every)
        || apr_atomic_cas32(&rl->last, now, last) != last) {
        apr_atomic_inc32(&rl->left_out);
        return 0;
    }
    *skipped = apr_atomic_xchg32(&rl->left_out, 0);
    return 1;
}
