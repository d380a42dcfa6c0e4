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

/* What every format says: the sentences chosen for a verdict, the title
 * and the relative dates; the formats themselves are mtls_render_*.c. */

#include <apr_strings.h>
#include <apr_tables.h>

#include "mtls_render.h"

void mtls_render_explain(apr_pool_t *p, const mtls_page_t *page,
                         mtls_explain_t *e)
{
    const mtls_lang_t *l = page->lang;
    const mtls_peer_t *peer = page->peer;

    e->vt = &l->verdict[page->decision->verdict];
    e->above = peer->presented && peer->failure != MTLS_FAIL_NONE
               && peer->depth > 0;
    e->chain = e->above && e->vt->title_chain != NULL;
    e->heading = e->chain ? e->vt->title_chain : e->vt->title;
    e->what = e->chain ? e->vt->what_chain : e->vt->what;
    e->todo = e->chain ? e->vt->todo_chain : e->vt->todo;
    e->why = NULL;
    e->why_list = NULL;
    if (!peer->presented) {
        e->why = l->why_none_intro;
        e->why_list = l->why_none;
    }
    else if (peer->reason && !e->above) {
        e->why = apr_psprintf(p, l->why_own, peer->reason, peer->errnum);
    }
    else if (peer->reason) {
        e->why = apr_pstrcat(p,
            peer->depth == 1
                ? apr_psprintf(p, l->failed_at_one, peer->failing.subject)
                : apr_psprintf(p, l->failed_at_many, peer->failing.subject,
                               peer->depth),
            " ", apr_psprintf(p, l->why_reason, peer->reason, peer->errnum),
            NULL);
    }
}

const char *mtls_render_title(apr_pool_t *p, const mtls_page_t *page)
{
    const char *sub = page->decision->substatus;
    mtls_explain_t e;

    mtls_render_explain(p, page, &e);
    return (sub && *sub) ? apr_pstrcat(p, sub, " \xE2\x80\x94 ", e.heading,
                                       NULL)
                         : apr_pstrdup(p, e.heading);
}

/* "5 years ago", "in 3 days": a date people can judge at a glance. */
const char *mtls_render_relative(apr_pool_t *p, const mtls_lang_t *l,
                                 apr_time_t when, apr_time_t now)
{
    static const apr_int64_t limits[] = { 3600, 86400, 60 * 86400,
                                          730 * 86400 };
    static const apr_int64_t sizes[] = { 60, 3600, 86400, 30 * 86400,
                                         365 * 86400 };
    apr_int64_t secs = apr_time_sec(when) - apr_time_sec(now);
    apr_int64_t a = secs < 0 ? -secs : secs;
    int unit = 0, n, plural;

    while (unit < 4 && a >= limits[unit]) {
        unit++;
    }
    n = (int)(a / sizes[unit]);
    /* The catalog's own plural rule; a form it lacks reads as the first. */
    plural = l->plural(n);
    if (plural < 0 || plural >= l->nplurals || !l->units[unit][plural]) {
        plural = 0;
    }
    return apr_psprintf(p, secs < 0 ? l->ago : l->in,
                        apr_psprintf(p, l->units[unit][plural], n));
}

const char *mtls_render_dated(apr_pool_t *p, const mtls_lang_t *l,
                              const char *text, apr_time_t when,
                              apr_time_t now)
{
    if (!text || !when) {
        return text;
    }
    return apr_pstrcat(p, text, " (", mtls_render_relative(p, l, when, now),
                       ")", NULL);
}
