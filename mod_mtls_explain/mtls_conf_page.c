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
 * Configuration of the explanation itself: the contact, help link,
 * language and template directives, checked at startup.
 */

#include <apr_file_info.h>
#include <apr_file_io.h>
#include <apr_strings.h>
#include <apr_uri.h>

#include "httpd.h"
#include "http_config.h"

#include "mtls_conf.h"
#include "mtls_conf_page.h"

/* Characters that may not appear in a URL we print into a page. */
static int url_is_clean(const char *url)
{
    const unsigned char *u;

    for (u = (const unsigned char *)url; *u; u++) {
        if (*u <= 0x20 || *u >= 0x7F || strchr("\"'<>\\`", *u)) {
            return 0;
        }
    }
    return 1;
}

/* An absolute http(s) URL with a host, or a path on this server. */
static int url_is_page(apr_pool_t *p, const char *url)
{
    apr_uri_t uri;

    if (!url_is_clean(url)) {
        return 0;
    }
    if (url[0] == '/') {
        return url[1] != '/';
    }
    return apr_uri_parse(p, url, &uri) == APR_SUCCESS && uri.scheme
           && (!strcasecmp(uri.scheme, "https")
               || !strcasecmp(uri.scheme, "http"))
           && uri.hostname && *uri.hostname;
}

const char *mtls_conf_page_cmd_contact(cmd_parms *cmd, void *dconf,
                                       const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const unsigned char *c;
    const char *err;

    if ((err = mtls_conf_not_in_limit(cmd))) {
        return err;
    }
    if (!*arg) {
        return apr_psprintf(cmd->pool, "%s needs a text, an e-mail "
                            "(mailto:...) or a web address (https://...)",
                            cmd->cmd->name);
    }
    for (c = (const unsigned char *)arg; *c; c++) {
        if (*c < 0x20 || *c == 0x7F) {
            return apr_psprintf(cmd->pool, "%s: the text contains a control "
                                "character", cmd->cmd->name);
        }
    }
    conf->contact = arg;
    conf->contact_url = NULL;
    if (!strncasecmp(arg, "mailto:", 7)) {
        if (!url_is_clean(arg) || !strchr(arg + 7, '@')) {
            return apr_psprintf(cmd->pool, "%s: '%s' is not a usable "
                                "mailto: address (mailto:someone@example."
                                "org, without spaces or quotes)",
                                cmd->cmd->name, arg);
        }
        conf->contact_url = arg;
    }
    else if (!strncasecmp(arg, "https:", 6) || !strncasecmp(arg, "http:", 5)) {
        if (!url_is_page(cmd->temp_pool, arg)) {
            return apr_psprintf(cmd->pool, "%s: '%s' is not a usable web "
                                "address (https://host/path, without spaces "
                                "or quotes)", cmd->cmd->name, arg);
        }
        conf->contact_url = arg;
    }
    return NULL;
}

const char *mtls_conf_page_cmd_help_url(cmd_parms *cmd, void *dconf,
                                        const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err;

    if ((err = mtls_conf_not_in_limit(cmd))) {
        return err;
    }
    if (!url_is_page(cmd->temp_pool, arg)) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a usable address; "
                            "give an absolute http:// or https:// URL or a "
                            "path on this server starting with '/', without "
                            "spaces or quotes", cmd->cmd->name, arg);
    }
    conf->help_url = arg;
    return NULL;
}

/* "en, de, fr, ja": the languages an error message can offer. */
static const char *language_list(apr_pool_t *p)
{
    const char *list = mtls_lang_at(0)->code;
    int i;

    for (i = 1; i < mtls_lang_count(); i++) {
        list = apr_pstrcat(p, list, ", ", mtls_lang_at(i)->code, NULL);
    }
    return list;
}

static const char *parse_lang(cmd_parms *cmd, const char *arg,
                              const mtls_lang_t **out)
{
    *out = mtls_lang_find(arg);
    if (!*out || strlen(arg) != strlen((*out)->code)) {
        return apr_psprintf(cmd->pool, "%s: unknown language '%s'; built in "
                            "are %s", cmd->cmd->name, arg,
                            language_list(cmd->temp_pool));
    }
    return NULL;
}

const char *mtls_conf_page_cmd_language(cmd_parms *cmd, void *dconf,
                                        const char *arg)
{
    mtls_conf_dir_t *conf = dconf;
    const char *err = mtls_conf_not_in_limit(cmd);

    return err ? err : parse_lang(cmd, arg, &conf->lang);
}

/* Read and check a template now, at startup and on every restart, so a
 * request never touches the file system for it. */
const char *mtls_conf_page_cmd_template(cmd_parms *cmd, void *dconf,
                                        const char *path,
                                        const char *lang_arg)
{
    mtls_conf_dir_t *conf = dconf;
    const mtls_lang_t *lang = NULL;
    mtls_conf_template_t *entry;
    const char *file, *err;
    apr_finfo_t finfo;
    apr_file_t *fd;
    apr_size_t len;
    apr_status_t rv;
    char *text, ebuf[256];
    int i, line;

    if ((err = mtls_conf_not_in_limit(cmd))
        || (lang_arg && (err = parse_lang(cmd, lang_arg, &lang)))) {
        return err;
    }
    file = ap_server_root_relative(cmd->temp_pool, path);
    if (!file) {
        return apr_psprintf(cmd->pool, "%s: invalid path '%s'",
                            cmd->cmd->name, path);
    }
    rv = apr_file_open(&fd, file, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, cmd->temp_pool);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&finfo, APR_FINFO_SIZE | APR_FINFO_TYPE, fd);
        if (rv == APR_SUCCESS && finfo.filetype != APR_REG) {
            apr_file_close(fd);
            return apr_psprintf(cmd->pool, "%s: '%s' is not a regular file",
                                cmd->cmd->name, file);
        }
        if (rv == APR_SUCCESS && finfo.size > MTLS_TEMPLATE_MAX) {
            apr_file_close(fd);
            return apr_psprintf(cmd->pool, "%s: '%s' is larger than %d "
                                "bytes", cmd->cmd->name, file,
                                MTLS_TEMPLATE_MAX);
        }
    }
    if (rv == APR_SUCCESS) {
        len = (apr_size_t)finfo.size;
        text = apr_palloc(cmd->pool, len + 1);
        rv = apr_file_read_full(fd, text, len, &len);
        if (rv == APR_EOF) {
            rv = APR_SUCCESS;
        }
        text[len] = '\0';
        apr_file_close(fd);
    }
    if (rv != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: cannot read '%s': %s",
                            cmd->cmd->name, file,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
    }
    entry = apr_pcalloc(cmd->pool, sizeof(*entry));
    entry->tpl = mtls_template_parse(cmd->pool, text, len, &err, &line);
    if (!entry->tpl) {
        return line ? apr_psprintf(cmd->pool, "%s: %s line %d: %s",
                                   cmd->cmd->name, file, line, err)
                    : apr_psprintf(cmd->pool, "%s: %s %s", cmd->cmd->name,
                                   file, err);
    }
    entry->lang = lang ? lang->code : NULL;
    entry->path = apr_pstrdup(cmd->pool, file);
    if (!conf->templates) {
        conf->templates = apr_array_make(cmd->pool, 2, sizeof(*entry));
    }
    for (i = 0; i < conf->templates->nelts; i++) {
        const mtls_conf_template_t *t =
            &APR_ARRAY_IDX(conf->templates, i, mtls_conf_template_t);

        if ((!t->lang && !entry->lang)
            || (t->lang && entry->lang && !strcmp(t->lang, entry->lang))) {
            return apr_psprintf(cmd->pool, "%s: this section already has a "
                                "template for %s (%s)", cmd->cmd->name,
                                entry->lang ? entry->lang : "all languages",
                                t->path);
        }
    }
    APR_ARRAY_PUSH(conf->templates, mtls_conf_template_t) = *entry;
    return NULL;
}
