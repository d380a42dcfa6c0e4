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
 * The startup checks that `apache2 -t` runs: they walk the configuration
 * tree for armed hosts mod_ssl would not keep alive, or would make verify
 * again per directory, and for policies that can never apply.
 */

#include <apr_strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"

#include "mtls_private.h"
#include "mtls_check.h"
#include "mtls_conf.h"

/* Conditional sections whose contents apply to the enclosing scope. */
static int is_transparent_section(const char *name)
{
    return name[0] == '<' && !strncasecmp(name, "<If", 3)
           && name[3] != '\0' && name[3] != '>';
}

/*
 * The last `name` said directly in this scope (not inside a <Directory>,
 * <Location> or similar), as the module that owns it would apply it.
 */
static const ap_directive_t *find_scope(const ap_directive_t *d,
                                        const char *name)
{
    const ap_directive_t *found = NULL, *inner;

    for (; d; d = d->next) {
        if (!strcasecmp(d->directive, name)) {
            found = d;
        }
        else if (d->first_child && is_transparent_section(d->directive)) {
            if ((inner = find_scope(d->first_child, name))) {
                found = inner;
            }
        }
    }
    return found;
}

/* The <VirtualHost> section that defined server s. */
static const ap_directive_t *find_vhost_node(const ap_directive_t *d,
                                             const server_rec *s)
{
    const ap_directive_t *found;

    for (; d; d = d->next) {
        if (!strcasecmp(d->directive, "<VirtualHost")) {
            if ((unsigned)d->line_num == s->defn_line_number && d->filename
                && s->defn_name && !strcmp(d->filename, s->defn_name)) {
                return d;
            }
        }
        else if (d->first_child && is_transparent_section(d->directive)) {
            if ((found = find_vhost_node(d->first_child, s))) {
                return found;
            }
        }
    }
    return NULL;
}

const ap_directive_t *mtls_check_vhost_node(const server_rec *s)
{
    return s->is_virtual ? find_vhost_node(ap_conftree, s) : NULL;
}

const ap_directive_t *mtls_check_effective(const ap_directive_t *node,
                                           const char *name)
{
    const ap_directive_t *d = node ? find_scope(node->first_child, name)
                                   : NULL;

    return d ? d : find_scope(ap_conftree, name);
}

/* Everything in the configuration that decides whether a client
 * certificate verifies on a host, and how; what mod_ssl builds from the
 * files they name is digested from its SSL_CTX (mtls_ssl_trust.c). */
static const char *const trust_directives[] = {
    "MTLSExplain", "SSLEngine", "SSLVerifyClient", "SSLVerifyDepth",
    "SSLCACertificateFile", "SSLCACertificatePath",
    "SSLCADNRequestFile", "SSLCADNRequestPath",
    "SSLCARevocationFile", "SSLCARevocationPath", "SSLCARevocationCheck",
    "SSLOCSPEnable", "SSLOCSPDefaultResponder", "SSLOCSPOverrideResponder",
    "SSLOCSPResponderCertificateFile", "SSLOCSPNoVerify",
    "SSLOCSPUseRequestNonce", "SSLOCSPResponseMaxAge",
    "SSLOCSPResponseTimeSkew", "SSLOCSPResponderTimeout", "SSLOCSPProxyURL",
    "SSLOpenSSLConfCmd", NULL
};

const char *mtls_check_trust_text(apr_pool_t *p, const server_rec *s)
{
    const ap_directive_t *node = mtls_check_vhost_node(s), *d;
    const char *text = "";
    int i;

    for (i = 0; trust_directives[i]; i++) {
        d = mtls_check_effective(node, trust_directives[i]);
        text = apr_pstrcat(p, text, trust_directives[i], " ",
                           d && d->args ? d->args : "", "\n", NULL);
    }
    /* SSLOpenSSLConfCmd may be said many times; every one counts. */
    for (d = node ? node->first_child : NULL; d; d = d->next) {
        if (!strcasecmp(d->directive, "SSLOpenSSLConfCmd") && d->args) {
            text = apr_pstrcat(p, text, "+", d->args, "\n", NULL);
        }
    }
    return text;
}

static const char *vhost_label(apr_pool_t *p, const server_rec *s)
{
    if (!s->is_virtual) {
        return "the main server";
    }
    return apr_psprintf(p, "virtual host %s (%s:%d)",
                        s->server_hostname ? s->server_hostname : "?",
                        s->defn_name ? s->defn_name : "?",
                        s->defn_line_number);
}

static const char *strip_quotes(apr_pool_t *p, const char *arg)
{
    apr_size_t n = strlen(arg);

    if (n >= 2 && (arg[0] == '"' || arg[0] == '\'') && arg[n - 1] == arg[0]) {
        return apr_pstrndup(p, arg + 1, n - 2);
    }
    return arg;
}

static int is_policy(const char *name)
{
    return !strcasecmp(name, "MTLSExplainVerifyClient")
           || !strcasecmp(name, "MTLSExplainReportOnly")
           || !strcasecmp(name, "MTLSExplainIdentity")
           || !strcasecmp(name, "MTLSExplainRevocationUnknown");
}

/* `Require mtls-cert ...` or `Require not mtls-cert ...`. */
static int is_certreq(apr_pool_t *p, const ap_directive_t *d)
{
    const char *args = d->args, *word;

    if (strcasecmp(d->directive, "Require")) {
        return 0;
    }
    word = ap_getword_conf(p, &args);
    if (!strcasecmp(word, "not")) {
        word = ap_getword_conf(p, &args);
    }
    return !strcasecmp(word, "mtls-cert");
}

/* Warn about every per-location policy inside a host it cannot apply to;
 * s NULL: the main server's own sections, when no host at all is armed. */
static void warn_unarmed_policies(const ap_directive_t *d, server_rec *s,
                                  server_rec *main_s, apr_pool_t *ptemp)
{
    for (; d; d = d->next) {
        if (!s && !strcasecmp(d->directive, "<VirtualHost")) {
            continue;
        }
        if (is_policy(d->directive)) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s ? s : main_s,
                         MTLS_LOGNO(0005)
                         "%s at %s:%d has no effect: %s. Add "
                         "'MTLSExplain On' (with 'SSLVerifyClient "
                         "optional_no_ca') to the virtual host it is for, "
                         "or remove the directive.", d->directive,
                         d->filename, d->line_num,
                         s ? apr_pstrcat(ptemp, vhost_label(ptemp, s),
                                         " is not armed", NULL)
                           : "no virtual host is armed");
        }
        /* Not "no effect": it refuses every request, as no certificate
         * there was verified by this module. */
        if (is_certreq(ptemp, d)) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s ? s : main_s,
                         MTLS_LOGNO(0060)
                         "Require %s at %s:%d never grants access: %s. Add "
                         "'MTLSExplain On' (with 'SSLVerifyClient "
                         "optional_no_ca') to the virtual host it is for, "
                         "or remove the directive.", d->args,
                         d->filename, d->line_num,
                         s ? apr_pstrcat(ptemp, vhost_label(ptemp, s),
                                         " is not armed", NULL)
                           : "no virtual host is armed");
        }
        if (d->first_child) {
            warn_unarmed_policies(d->first_child, s, main_s, ptemp);
        }
    }
}

/* Sections whose contents mod_ssl applies per request, not per host. */
static int is_dir_section(const char *name)
{
    static const char *const names[] = {
        "<Directory", "<DirectoryMatch", "<Files", "<FilesMatch",
        "<Location", "<LocationMatch", "<If", "<ElseIf", "<Else",
        "<Proxy", "<ProxyMatch", NULL
    };
    int i;

    for (i = 0; names[i]; i++) {
        if (!strcasecmp(name, names[i])) {
            return 1;
        }
    }
    return 0;
}

/*
 * What to write instead of a mod_ssl directive that, per directory, makes
 * mod_ssl verify the client again in its access hook, or NULL. In
 * ssl_hook_Access: SSLVerifyClient stronger than the host's renegotiates
 * (TLS 1.2) or asks for post-handshake authentication (TLS 1.3); a smaller
 * SSLVerifyDepth asks for post-handshake authentication on TLS 1.3 and is
 * ignored on TLS 1.2; a different SSLCipherSuite renegotiates on TLS 1.2.
 * A renegotiation runs mod_ssl's own verify callback, so a failed
 * certificate ends the connection after all, and HTTP/2 refuses each of
 * them with a bare 403. Weaker values change nothing but look as if they
 * did.
 */
static const char *per_dir_advice(apr_pool_t *p, const ap_directive_t *d)
{
    if (!strcasecmp(d->directive, "SSLVerifyClient")) {
        return apr_psprintf(p, "write 'MTLSExplainVerifyClient %s' in that "
                            "section instead: it decides per location with "
                            "no renegotiation", d->args);
    }
    if (!strcasecmp(d->directive, "SSLVerifyDepth")) {
        return "set SSLVerifyDepth once, in the virtual host (per directory "
               "it takes effect only through post-handshake authentication "
               "on TLS 1.3, and not at all on TLS 1.2)";
    }
    if (!strcasecmp(d->directive, "SSLCipherSuite")) {
        return "set SSLCipherSuite once, in the virtual host (per directory "
               "it renegotiates TLS 1.2 connections and does nothing on "
               "TLS 1.3)";
    }
    return NULL;
}

/* Refuse the directives above inside per-directory sections; section is
 * the innermost one around d (its args end in '>'), host says which armed
 * host they reach. */
static int refuse_per_dir_ssl(const ap_directive_t *d,
                              const ap_directive_t *section,
                              const char *host, server_rec *s,
                              apr_pool_t *ptemp)
{
    const char *advice;
    int failed = 0;

    for (; d; d = d->next) {
        if (!section && !strcasecmp(d->directive, "<VirtualHost")) {
            continue;
        }
        if (d->first_child) {
            failed |= refuse_per_dir_ssl(d->first_child,
                                         is_dir_section(d->directive)
                                         ? d : section, host, s, ptemp);
        }
        else if (section && (advice = per_dir_advice(ptemp, d))) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, MTLS_LOGNO(0033)
                "'%s %s' at %s:%d, inside %s %s (%s:%d), applies to %s. "
                "Per directory, mod_ssl applies it by verifying the client "
                "again in mid-connection (a TLS 1.2 renegotiation or a TLS "
                "1.3 post-handshake authentication, which browsers refuse "
                "and HTTP/2 forbids), even for clients that already sent a "
                "good certificate, and a failed certificate then ends the "
                "connection unexplained. Remove it and %s.",
                d->directive, d->args, d->filename, d->line_num,
                section->directive, section->args ? section->args : "",
                section->filename, section->line_num, host, advice);
            failed = 1;
        }
    }
    return failed;
}



/* 'optional' only upgrades plain connections on request (RFC 2817),
 * which no client certificate comes with. */
static int engine_off(apr_pool_t *p, const ap_directive_t *engine)
{
    const char *arg = engine ? strip_quotes(p, engine->args) : "off";

    return !strcasecmp(arg, "off") || !strcasecmp(arg, "optional");
}

int mtls_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                    server_rec *s)
{
    const ap_directive_t *node, *verify, *said, *engine;
    server_rec *first_armed = NULL;
    const mtls_conf_srv_t *conf;
    const char *mode;
    int failed = 0;
    server_rec *sv;

    (void)pconf;
    (void)plog;
    for (sv = s; sv; sv = sv->next) {
        conf = mtls_conf_srv(sv);
        if (conf->armed != 1) {
            /* A policy in an unarmed host looks like protection and is
             * none; policies in shared sections may serve armed hosts. */
            node = mtls_check_vhost_node(sv);
            if (node) {
                warn_unarmed_policies(node->first_child, sv, s, ptemp);
            }
            continue;
        }
        if (!first_armed) {
            first_armed = sv;
        }
        if (!ap_find_linked_module("mod_ssl.c")) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, sv, MTLS_LOGNO(0002)
                         "MTLSExplain On (%s:%d) for %s needs mod_ssl: "
                         "load it with 'LoadModule ssl_module ...' "
                         "(Debian: a2enmod ssl)",
                         conf->armed_file, conf->armed_line,
                         vhost_label(ptemp, sv));
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        node = mtls_check_vhost_node(sv);
        if (node) {
            failed |= refuse_per_dir_ssl(node->first_child, NULL,
                                         apr_pstrcat(ptemp, "the armed ",
                                                     vhost_label(ptemp, sv),
                                                     NULL), sv, ptemp);
        }
        /* Said in the host itself, not inherited: inherited, it arms the
         * TLS hosts among many. */
        said = node ? find_scope(node->first_child, "MTLSExplain") : NULL;
        engine = mtls_check_effective(node, "SSLEngine");
        if (said && engine_off(ptemp, engine)) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, sv, MTLS_LOGNO(0032)
                "MTLSExplain On (%s:%d) for %s, which does not use TLS: "
                "%s. There is no client certificate to explain. Write "
                "'SSLEngine on' in that virtual host, or remove "
                "'MTLSExplain On'.", said->filename, said->line_num,
                vhost_label(ptemp, sv),
                engine ? apr_psprintf(ptemp, "it reads 'SSLEngine %s' "
                                      "(%s:%d)", engine->args,
                                      engine->filename, engine->line_num)
                       : "SSLEngine is not set (mod_ssl's default is off)");
            failed = 1;
        }
        verify = mtls_check_effective(node, "SSLVerifyClient");
        mode = verify ? strip_quotes(ptemp, verify->args) : NULL;
        if (!mode || strcasecmp(mode, "optional_no_ca")) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, sv, MTLS_LOGNO(0001)
                "MTLSExplain On (%s:%d) for %s needs "
                "'SSLVerifyClient optional_no_ca' in that virtual host, "
                "but %s%s%s%s%s%s. Any other mode lets mod_ssl end the TLS "
                "handshake or drop the connection before a page can be "
                "sent. Write 'SSLVerifyClient optional_no_ca' there and "
                "choose the per-location policy with "
                "'MTLSExplainVerifyClient', or set 'MTLSExplain Off'.",
                conf->armed_file, conf->armed_line, vhost_label(ptemp, sv),
                mode ? "it reads 'SSLVerifyClient " : "SSLVerifyClient is "
                "not set (mod_ssl's default is 'none')",
                mode ? mode : "", mode ? "' (" : "",
                mode ? verify->filename : "",
                mode ? apr_psprintf(ptemp, ":%d", verify->line_num) : "",
                mode ? ")" : "");
            failed = 1;
        }
    }
    /* The main server's own sections reach every host, armed or not. */
    if (first_armed) {
        failed |= refuse_per_dir_ssl(ap_conftree, NULL, apr_pstrcat(ptemp,
                     "every host, including ", vhost_label(ptemp, first_armed),
                     ", which is armed", NULL), s, ptemp);
    }
    else {
        warn_unarmed_policies(ap_conftree, NULL, s, ptemp);
    }
    return failed ? HTTP_INTERNAL_SERVER_ERROR : OK;
}
