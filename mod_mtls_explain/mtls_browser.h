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
 * The reader's browser, told from User-Agent, for advice on choosing
 * another client certificate: each family remembers the choice its own
 * way. A pure function of a hostile header, unit-tested.
 */

#ifndef MTLS_BROWSER_H
#define MTLS_BROWSER_H

typedef enum {
    MTLS_BROWSER_OTHER = 0,
    MTLS_BROWSER_CHROME,    /* Chrome, Edge and other Chromium browsers */
    MTLS_BROWSER_FIREFOX,
    MTLS_BROWSER_SAFARI
} mtls_browser_e;

/* The family of a User-Agent header value; NULL reads as OTHER. */
mtls_browser_e mtls_browser_family(const char *user_agent);

#endif /* MTLS_BROWSER_H */
