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
 * Configuration: the directive table and the per-server and per-directory
 * records with their merge rules.
 */

#include <apr_lib.h>
#include <apr_strings.h>

#include "httpd.h"
#include "http_core.h"
#include "http_main.h"

#include "mtls_private.h"
#include "mtls_authz_page.h"
#include "mtls_conf.h"
#include "mtls_conf_page.h"
#include "mtls_crl_watch.h"
#include "mtls_expiry.h"
#include "mtls_metrics.h"

#define UNSET (-1)
#define MERGE(field, unset) \
    conf->field = (add->field == (unset)) ? base->field : add->field

void *mtls_conf_create_srv(apr_pool_t *p, server_rec *s)
{
    mtls_conf_srv_t *conf = apr_pcalloc(p, sizeof(*conf));

    (void)s;
    conf->armed = UNSET;
    conf->show_subjects = UNSET;
    conf->crl_warn_window = UNSET;
    return conf;
}

void *mtls_conf_merge_srv(apr_pool_t *p, void *basev, void *addv)
{
    const mtls_conf_srv_t *base = basev, *add = addv;
    mtls_conf_srv_t *conf = apr_pcalloc(p, sizeof(*conf));

    MERGE(armed, UNSET);
    MERGE(armed_file, NULL);
    MERGE(armed_line, 0);
    MERGE(show_subjects, UNSET);
    MERGE(crl_warn_window, UNSET);
    return conf;
}

void *mtls_conf_create_dir(apr_pool_t *p, char *dir)
{
    mtls_conf_dir_t *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dir;
    conf->policy.mode = MTLS_MODE_UNSET;
    conf->policy.report_only = UNSET;
    conf->policy.revocation_unknown_allow = UNSET;
    conf->keep_identity = UNSET;
    conf->section = MTLS_SECTION_UNSET;
    conf->warn_window = UNSET;
    conf->retry_after = UNSET;
    conf->authz_page = UNSET;
    return conf;
}

/* An inner section's template for a language replaces the outer one for
 * that language only; the others still apply. */
static apr_array_header_t *merge_templates(apr_pool_t *p,
                                           apr_array_header_t *base,
                                           apr_array_header_t *add)
{
    apr_array_header_t *out;
    int i, j;

    if (!base || !add) {
        return add ? add : base;
    }
    out = apr_array_copy(p, add);
    for (i = 0; i < base->nelts; i++) {
        const mtls_conf_template_t *b =
            &APR_ARRAY_IDX(base, i, mtls_conf_template_t);

        for (j = 0; j < add->nelts; j++) {
            const mtls_conf_template_t *a =
                &APR_ARRAY_IDX(add, j, mtls_conf_template_t);

            if ((!a->lang && !b->lang)
                || (a->lang && b->lang && !strcmp(a->lang, b->lang))) {
                break;
            }
        }
        if (j == add->nelts) {
            APR_ARRAY_PUSH(out, mtls_conf_template_t) = *b;
        }
    }
    return out;
}

void *mtls_conf_merge_dir(apr_pool_t *p, void *basev, void *addv)
{
    const mtls_conf_dir_t *base = basev, *add = addv;
    mtls_conf_dir_t *conf = apr_pcalloc(p, sizeof(*conf));

    MERGE(policy.mode, MTLS_MODE_UNSET);
    /* The section is where the effective mode was said. */
    conf->section = add->policy.mode != MTLS_MODE_UNSET ? add->section
                                                        : base->section;
    MERGE(policy.report_only, UNSET);
    MERGE(policy.revocation_unknown_allow, UNSET);
    /* The link goes with its contact text. */
    conf->contact = add->contact ? add->contact : base->contact;
    conf->contact_url = add->contact ? add->contact_url : base->contact_url;
    MERGE(help_url, NULL);
    MERGE(lang, NULL);
    conf->templates = merge_templates(p, base->templates, add->templates);
    MERGE(keep_identity, UNSET);
    MERGE(warn_window, UNSET);
    MERGE(retry_after, UNSET);
    MERGE(authz_page, UNSET);
    /* An inner section's text for a language replaces the outer one's
     * for that language only: the first found wins. */
    conf->requirements = !base->requirements ? add->requirements
                         : !add->requirements ? base->requirements
                         : apr_table_overlay(p, add->requirements,
                                             base->requirements);
    return conf;
}

int mtls_conf_retry_after(const mtls_conf_dir_t *conf)
{
    return conf->retry_after == UNSET ? MTLS_RETRY_AFTER_DEFAULT
                                      : conf->retry_after;
}

const mtls_template_t *mtls_conf_template(const mtls_conf_dir_t *conf,
                                          const mtls_lang_t *lang)
{
    const mtls_template_t *any = NULL;
    int i;

    for (i = 0; conf->templates && i < conf->templates->nelts; i++) {
        const mtls_conf_template_t *t =
            &APR_ARRAY_IDX(conf->templates, i, mtls_conf_template_t);

        if (!t->lang) {
            any = t->tpl;
        }
        else if (!strcmp(t->lang, lang->code)) {
            return t->tpl;
        }
    }
    return any;
}

/* Not FLAG: httpd's FLAG parser reads 'On Off' as On and drops the rest. */
const char *mtls_conf_on_off(cmd_parms *cmd, const char *arg, int *out)
{
    if (!strcasecmp(arg, "on")) {
        *out = 1;
    }
    else if (!strcasecmp(arg, "off")) {
        *out = 0;
    }
    else {
        return apr_psprintf(cmd->pool, "%s must be On or Off, not '%s'",
                            cmd->cmd->name, arg);
    }
    return NULL;
}

/* A policy belongs to a location, not to a request method: inside <Limit>
 * it would apply to every method all the same. */
const char *mtls_conf_not_in_limit(cmd_parms *cmd)
{
    if (cmd->limited != -1) {
        return apr_psprintf(cmd->pool, "%s cannot be used inside <Limit> or "
                            "<LimitExcept>: it would apply to every request "
                            "method; put it in a <Location> or <If> of its "
                            "own", cmd->cmd->name);
    }
    return NULL;
}

static const char *mtls_cmd_MTLSExplain(cmd_parms *cmd, void *dconf,
                                        const char *arg)
{
    mtls_conf_srv_t *conf = ap_get_module_config(cmd->server->module_config,
                                                 &mtls_explain_module);
    const char *err;
    int on = 0;

    (void)dconf;
    if ((err = mtls_conf_on_off(cmd, arg, &on))) {
        return err;
    }
    conf->armed = on;
    conf->armed_file = cmd->directive->filename;
    conf->armed_line = cmd->directive->line_num;
    return NULL;
}

static const char *mtls_cmd_MTLSExplainVerifyClient(cmd_parms *cmd,
                                                    void *dconf,
                                                    const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    mtls_mode_e mode = mtls_mode_parse(arg);
    const char *err;

    if ((err = mtls_conf_not_in_limit(cmd))) {
        return err;
    }
    if (mode == MTLS_MODE_UNSET) {
        return apr_psprintf(cmd->pool, "%s: unknown mode '%s'; use one of "
                            "none, optional, optional_no_ca, require",
                            cmd->cmd->name, arg);
    }
    conf->policy.mode = mode;
    conf->section = mtls_metrics_section(cmd);
    return NULL;
}

static const char *mtls_cmd_MTLSExplainReportOnly(cmd_parms *cmd,
                                                  void *dconf,
                                                  const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err;

    if ((err = mtls_conf_not_in_limit(cmd))
        || (err = mtls_conf_on_off(cmd, arg, &conf->policy.report_only))) {
        return err;
    }
    return NULL;
}

static const char *mtls_cmd_MTLSExplainIdentity(cmd_parms *cmd, void *dconf,
                                                const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err;

    if ((err = mtls_conf_not_in_limit(cmd))) {
        return err;
    }
    if (!strcasecmp(arg, "scrub")) {
        conf->keep_identity = 0;
    }
    else if (!strcasecmp(arg, "keep")) {
        conf->keep_identity = 1;
    }
    else {
        return apr_psprintf(cmd->pool, "%s: unknown value '%s'; use scrub "
                            "or keep", cmd->cmd->name, arg);
    }
    return NULL;
}

static const char *mtls_cmd_MTLSExplainWarnWindow(cmd_parms *cmd,
                                                  void *dconf,
                                                  const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err;

    if ((err = mtls_conf_not_in_limit(cmd))
        || (err = mtls_expiry_parse_window(cmd->pool, arg,
                                           &conf->warn_window))) {
        return apr_pstrcat(cmd->pool, cmd->cmd->name, ": ", err, NULL);
    }
    return NULL;
}

/* A day at most: a client told to wait longer has given up anyway. */
static const char *mtls_cmd_MTLSExplainRetryAfter(cmd_parms *cmd,
                                                  void *dconf,
                                                  const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err;
    char *end;
    apr_int64_t n;

    if ((err = mtls_conf_not_in_limit(cmd))) {
        return err;
    }
    n = apr_strtoi64(arg, &end, 10);
    if (!apr_isdigit(*arg) || *end || n < 1 || n > 86400) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a number of seconds "
                            "from 1 to 86400", cmd->cmd->name, arg);
    }
    conf->retry_after = (int)n;
    return NULL;
}

static const char *mtls_cmd_MTLSExplainRevocationUnknown(cmd_parms *cmd,
                                                         void *dconf,
                                                         const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err;

    if ((err = mtls_conf_not_in_limit(cmd))) {
        return err;
    }
    if (!strcasecmp(arg, "deny")) {
        conf->policy.revocation_unknown_allow = 0;
    }
    else if (!strcasecmp(arg, "allow")) {
        conf->policy.revocation_unknown_allow = 1;
    }
    else {
        return apr_psprintf(cmd->pool, "%s: unknown value '%s'; use deny "
                            "or allow", cmd->cmd->name, arg);
    }
    return NULL;
}

static const char *mtls_cmd_MTLSExplainStatusShowSubjects(cmd_parms *cmd,
                                                          void *dconf,
                                                          const char *arg)
{
    mtls_conf_srv_t *conf = ap_get_module_config(cmd->server->module_config,
                                                 &mtls_explain_module);

    (void)dconf;
    return mtls_conf_on_off(cmd, arg, &conf->show_subjects);
}

const command_rec mtls_conf_cmds[] = {
    AP_INIT_TAKE1("MTLSExplain", mtls_cmd_MTLSExplain, NULL, RSRC_CONF,
        "On|Off - keep TLS connections whose client certificate is missing "
        "or fails verification, and answer them over HTTP (default Off); "
        "needs 'SSLVerifyClient optional_no_ca' on the virtual host"),
    AP_INIT_TAKE1("MTLSExplainVerifyClient", mtls_cmd_MTLSExplainVerifyClient,
        NULL, RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "none|optional|optional_no_ca|require - the client certificate this "
        "location needs (default optional)"),
    AP_INIT_TAKE1("MTLSExplainReportOnly", mtls_cmd_MTLSExplainReportOnly,
        NULL, RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "On|Off - decide and log, but let denied requests through "
        "(default Off)"),
    AP_INIT_TAKE1("MTLSExplainContact", mtls_conf_page_cmd_contact, NULL,
        RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "text - who to contact, shown on the explanation; mailto: and "
        "https: values become links (default none)"),
    AP_INIT_TAKE1("MTLSExplainHelpURL", mtls_conf_page_cmd_help_url, NULL,
        RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "URL - a page with more help, linked from the explanation "
        "(default none)"),
    AP_INIT_TAKE1("MTLSExplainLanguage", mtls_conf_page_cmd_language, NULL,
        RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "language - the explanation's language, a built-in tag such as "
        "en or ja, when the browser's Accept-Language names none of them "
        "(default en)"),
    AP_INIT_TAKE12("MTLSExplainTemplate", mtls_conf_page_cmd_template, NULL,
        RSRC_CONF | ACCESS_CONF,
        "path [language] - an HTML file with {{placeholders}} used instead "
        "of the built-in page, for one language or for all (default: the "
        "built-in page)"),
    AP_INIT_TAKE1("MTLSExplainIdentity", mtls_cmd_MTLSExplainIdentity,
        NULL, RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "scrub|keep - whether mod_ssl's SSL_CLIENT_* variables and user "
        "name describe a certificate that failed verification (default "
        "scrub: they read empty)"),
    AP_INIT_TAKE1("MTLSExplainWarnWindow", mtls_cmd_MTLSExplainWarnWindow,
        NULL, RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "duration|off - warn about verified client certificates that "
        "expire within this time, given as 30d, 12h, 90m, 45s or plain "
        "seconds (default 30d)"),
    AP_INIT_TAKE1("MTLSExplainRetryAfter", mtls_cmd_MTLSExplainRetryAfter,
        NULL, RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "seconds - the Retry-After of the 503 answered when the site's own "
        "CRL or OCSP responder cannot be used, 1 to 86400 (default 300)"),
    AP_INIT_TAKE1("MTLSExplainCRLWarnWindow", mtls_crl_watch_cmd_window,
        NULL, RSRC_CONF,
        "duration|off - warn in the error log when a CRL the host loaded "
        "is this close to its nextUpdate, as 2d, 12h, 90m or 3600s "
        "(default 2d)"),
    AP_INIT_TAKE1("MTLSExplainRevocationUnknown",
        mtls_cmd_MTLSExplainRevocationUnknown, NULL,
        RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "deny|allow - whether a certificate whose only fault is that the "
        "site's CRL or OCSP responder could not be used is refused with "
        "the 503 or let through, flagged and logged (default deny)"),
    AP_INIT_TAKE1("MTLSExplainStatusShowSubjects",
        mtls_cmd_MTLSExplainStatusShowSubjects, NULL, RSRC_CONF,
        "On|Off - name certificate subjects in the server-status list of "
        "certificates about to expire (default Off: fingerprints only)"),
    AP_INIT_TAKE1("MTLSExplainAuthzPage", mtls_authz_page_cmd_page, NULL,
        RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "On|Off - answer a refusal by Require on an armed host with the "
        "403.12 explanation (default On)"),
    AP_INIT_RAW_ARGS("MTLSExplainRequirement",
        mtls_authz_page_cmd_requirement, NULL,
        RSRC_CONF | ACCESS_CONF | OR_AUTHCFG,
        "[language] text - what this location requires, shown on the "
        "403.12 explanation, for one language or for all (default: the "
        "unmet mtls-cert clause, else nothing)"),
    { NULL, { NULL }, NULL, 0, RAW_ARGS, NULL }
};
