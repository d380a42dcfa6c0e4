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


/* Which browser family a User-Agent names, for the advice on choosing
 * another certificate. */

#include <string.h>

#include "mtls_browser.h"

/* Only the first bytes are looked at: a browser's tokens come early, and
 * a hostile header costs no more than this. */
#define UA_SCAN_MAX 512

static int has(const char *ua, size_t n, const char *token)
{
    size_t t = strlen(token), i;

    for (i = 0; i + t <= n; i++) {
        if (!memcmp(ua + i, token, t)) {
            return 1;
        }
    }
    return 0;
}

/*
 * As of 2026-11: Edge says "Edg/" and Chrome; Chromium browsers on iOS
 * say "CriOS/" or "EdgiOS/" but are Safari underneath, as are Firefox's
 * ("FxiOS/"), so those keep Safari's advice. Safari says "Version/" and
 * "Safari/" without Chrome's token.
 */
mtls_browser_e mtls_browser_family(const char *ua)
{
    size_t n;

    if (!ua) {
        return MTLS_BROWSER_OTHER;
    }
    n = strnlen(ua, UA_SCAN_MAX);
    if (has(ua, n, "CriOS/") || has(ua, n, "EdgiOS/")
        || has(ua, n, "FxiOS/")) {
        return MTLS_BROWSER_SAFARI;
    }
    if (has(ua, n, "Firefox/")) {
        return MTLS_BROWSER_FIREFOX;
    }
    if (has(ua, n, "Chrome/") || has(ua, n, "Chromium/")
        || has(ua, n, "Edg/")) {
        return MTLS_BROWSER_CHROME;
    }
    if (has(ua, n, "Safari/") && has(ua, n, "Version/")) {
        return MTLS_BROWSER_SAFARI;
    }
    return MTLS_BROWSER_OTHER;
}
