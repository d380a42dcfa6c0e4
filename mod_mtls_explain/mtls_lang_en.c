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

/* English: the reference every translation follows, and the fallback. */

#include "mtls_lang.h"

const mtls_lang_t mtls_lang_en = {
    "en", "English",
    {
        /* ok */
        { "Your client certificate was accepted", NULL,
          "Your client certificate was verified.", NULL,
          { NULL }, { NULL } },
        /* generous */
        { "Your client certificate was accepted without a trusted issuer",
          NULL,
          "Your certificate's issuer is not trusted, and this part of the "
          "site allows that.", NULL,
          { NULL }, { NULL } },
        /* none */
        { "A client certificate is required", NULL,
          "This page can only be opened with a client certificate, and "
          "your browser did not send one.", NULL,
          { "Reload the page and, when your browser asks, choose your "
            "certificate. If you cancelled that prompt, close every browser "
            "window and try again.",
            "Open your browser's certificate settings and check your "
            "certificate's end date, and check its issuer against the list "
            "below. If it has expired, renew it with whoever issued it.",
            "If your certificate is on a smart card or security key, insert "
            "it, then restart the browser.",
            "If none of this helps, contact the site's support.",
            NULL },
          { NULL } },
        /* expired */
        { "Your client certificate has expired",
          "A certificate authority in your certificate's chain has expired",
          "Your certificate is past its end date, so it can no longer be "
          "used.",
          "Your own certificate is not the problem: the certificate of an "
          "authority that issued it has expired, so it can no longer be "
          "verified.",
          { "Renew your certificate with whoever issued it, install the new "
            "one, and try again.",
            "If you already have a newer certificate, restart the browser "
            "and choose that one.",
            NULL },
          { "Contact the site's support or whoever issued your certificate: "
            "the authority's certificate named below must be renewed, and "
            "your certificate may need to be issued again.",
            NULL } },
        /* not_yet_valid */
        { "Your client certificate is not valid yet",
          "A certificate authority in your certificate's chain is not valid "
          "yet",
          "Your certificate's start date is still in the future.",
          "The certificate of an authority that issued your certificate "
          "only becomes valid in the future.",
          { "Check that your device's date and time are correct.",
            "If they are, wait until the start date below, or ask whoever "
            "issued the certificate.",
            NULL },
          { "Check that your device's date and time are correct.",
            "If they are, contact the site's support with the details below.",
            NULL } },
        /* revoked */
        { "Your client certificate has been revoked",
          "A certificate authority in your certificate's chain has been "
          "revoked",
          "The authority that issued your certificate has withdrawn it. A "
          "revoked certificate can never be used again.",
          "An authority that issued your certificate has itself been "
          "withdrawn, so certificates under it can no longer be verified.",
          { "Ask whoever issued your certificate for a new one.",
            "If you have another certificate, restart the browser and "
            "choose that one.",
            NULL },
          { "Ask whoever issued your certificate for a new one from an "
            "authority that is still valid.",
            NULL } },
        /* untrusted */
        { "Your client certificate is not trusted here", NULL,
          "Your certificate was issued by an authority this site does not "
          "accept, or the chain of authorities above it is incomplete.",
          NULL,
          { "Restart the browser and choose a certificate issued by one of "
            "the authorities listed below.",
            "If your certificate comes from one of them through an "
            "intermediate authority, install that intermediate "
            "authority's certificate on your device, so the browser can "
            "send the whole chain.",
            "If you believe this certificate should work, contact the "
            "site's support and include the details below.",
            NULL },
          { NULL } },
        /* invalid */
        { "Your client certificate could not be verified", NULL,
          "Your certificate failed verification for the reason shown "
          "below.", NULL,
          { "Restart the browser and choose another certificate, if you "
            "have one.",
            "Contact the site's support and include the details below.",
            NULL },
          { NULL } },
    },

    "Browsers do not offer every certificate. Most often, no certificate "
    "arrives because:",
    {
        "your certificate has expired: browsers do not offer expired "
        "certificates;",
        "your certificate was issued by an authority this site does not "
        "accept: browsers only offer certificates from the authorities "
        "listed below;",
        "your smart card or security key is not inserted;",
        "the certificate prompt was cancelled, or no certificate is "
        "installed in this browser.",
        NULL
    },

    "Error",

    "What happened",
    "Why",
    "What you can do",
    "Your certificate",
    "The certificate that failed (depth %d)",
    "Certificates this site accepts",
    "Help",

    "Subject",
    "Issuer",
    "Serial number",
    "Valid from",
    "Valid until",
    "SHA-256 fingerprint",
    "Problem",
    "Verdict",
    "Policy",
    "Host",
    "Time",
    "Request ID",
    "Contact",
    "Help",

    "Verification of your certificate failed: %s (OpenSSL error %d).",
    "Verification of that certificate failed: %s (OpenSSL error %d).",
    "The certificate that failed is %s, one step above your own in the "
    "chain.",
    "The certificate that failed is %s, %d steps above your own in the "
    "chain.",
    "This site accepts certificates issued by these authorities:",
    "This site did not list the authorities it accepts.",
    "For help, contact:",
    "More help",

    "%s ago",
    "in %s",
    {
        { "%d minute", "%d minutes" },
        { "%d hour", "%d hours" },
        { "%d day", "%d days" },
        { "%d month", "%d months" },
        { "%d year", "%d years" },
    },
    0,
};
