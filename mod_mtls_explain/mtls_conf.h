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

#ifndef MTLS_CONF_H
#define MTLS_CONF_H

#include <apr_tables.h>

#include "httpd.h"
#include "http_config.h"

#include "mtls_lang.h"
#include "mtls_template.h"
#include "mtls_verdict.h"

/* The size of a host's trust digest (SHA-1). */
#define MTLS_TRUST_LEN 20

/* Per virtual host: is the TLS bridge armed here? */
typedef struct {
    int armed;                  /* -1 unset, 0 Off, 1 On */
    const char *armed_file;     /* where MTLSExplain was said */
    int armed_line;
    /* The CA names mod_ssl sends in its certificate request, read once
     * from the SSL_CTX when mod_ssl builds it; never merged. */
    const apr_array_header_t *accepted_cas;
    /* What decides whether a client certificate verifies on this host
     * (mtls_vhost.c), computed at startup; never merged. */
    unsigned char trust[MTLS_TRUST_LEN];
    /* Its counters, laid out at startup; never merged. */
    const struct mtls_metrics_host_t *metrics;
    /* The CRLs mod_ssl loaded for the host (mtls_crl_t), read from the
     * SSL_CTX at startup for the metrics; never merged. */
    const apr_array_header_t *crls;
    /* mod_ssl's SSLVerifyDepth for the host, read at startup to name it
     * when a chain exceeds it; never merged. */
    int verify_depth;
    int show_subjects;          /* -1 unset, 0 Off, 1 On */
    apr_interval_time_t crl_warn_window;    /* -1 unset, 0 off */
} mtls_conf_srv_t;

/* One MTLSExplainTemplate: a parsed page for one language, or for all
 * (lang NULL). */
typedef struct {
    const char *lang;
    const char *path;
    const mtls_template_t *tpl;
} mtls_conf_template_t;

/* Per directory/location: the policy applied to requests, and how a
 * refusal is explained. NULL fields are unset and inherit. */
typedef struct {
    /* MTLSExplainVerifyClient, MTLSExplainReportOnly and
     * MTLSExplainRevocationUnknown, unset (-1) when not said */
    mtls_policy_t policy;
    const char *contact;
    const char *contact_url;    /* the contact when it is a link */
    const char *help_url;
    const mtls_lang_t *lang;
    apr_array_header_t *templates;  /* of mtls_conf_template_t */
    int keep_identity;          /* -1 unset, 0 scrub (default), 1 keep */
    int section;                /* where mode was said (mtls_metrics.h) */
    apr_interval_time_t warn_window;    /* -1 unset, 0 off */
    int retry_after;            /* seconds; -1 unset */
    int authz_page;             /* -1 unset, 0 Off, 1 On (default) */
    apr_table_t *requirements;  /* MTLSExplainRequirement by language
                                 * tag, "*" for every language */
} mtls_conf_dir_t;

/* MTLSExplainRetryAfter's default: long enough for an operator to fetch a
 * fresh CRL, short enough that users do not give up. */
#define MTLS_RETRY_AFTER_DEFAULT 300

/* The Retry-After, in seconds, of a 503 where the site's revocation data
 * failed. */
int mtls_conf_retry_after(const mtls_conf_dir_t *conf);

/* The directive table. */
extern const command_rec mtls_conf_cmds[];

/* A CRL a host loaded: its issuer (RFC 2253) and nextUpdate (0 when it
 * has none). */
typedef struct {
    const char *issuer;
    apr_time_t next_update;
} mtls_crl_t;

/* Per-server config record, created with everything unset. */
void *mtls_conf_create_srv(apr_pool_t *p, server_rec *s);

/* A virtual host's record: whatever it says overrides the main server. */
void *mtls_conf_merge_srv(apr_pool_t *p, void *basev, void *addv);

/* Per-directory config record, created with everything unset. */
void *mtls_conf_create_dir(apr_pool_t *p, char *dir);

/* Inner sections override outer ones, field by field. */
void *mtls_conf_merge_dir(apr_pool_t *p, void *basev, void *addv);

/* The module record (mod_mtls_explain.c), for the inline look-ups below;
 * mtls_private.h would also bring the log module's declaration, which the
 * file defining the module must not see twice. */
extern module AP_MODULE_DECLARE_DATA mtls_explain_module;

/* The server's record. Inline, like the two below: every hook asks. */
static APR_INLINE const mtls_conf_srv_t *mtls_conf_srv(const server_rec *s)
{
    return ap_get_module_config(s->module_config, &mtls_explain_module);
}

/* The request's effective policy record. */
static APR_INLINE const mtls_conf_dir_t *mtls_conf_dir(const request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &mtls_explain_module);
}

/* The template for a language: its own, else the one for all languages,
 * else NULL for the built-in page. */
const mtls_template_t *mtls_conf_template(const mtls_conf_dir_t *conf,
                                          const mtls_lang_t *lang);

/* Is the bridge armed on this virtual host? */
static APR_INLINE int mtls_conf_armed(const server_rec *s)
{
    return mtls_conf_srv(s)->armed == 1;
}

/* On or Off, and nothing else: httpd's FLAG parser would read 'On Off'
 * as On. */
const char *mtls_conf_on_off(cmd_parms *cmd, const char *arg, int *out);

/* NULL, or the error for a policy directive said inside <Limit>. */
const char *mtls_conf_not_in_limit(cmd_parms *cmd);

#endif /* MTLS_CONF_H */
