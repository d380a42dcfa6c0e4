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
 * Binds a request to the virtual host whose trust verified its connection:
 * a request for a host that would have verified the client differently is
 * refused with 421, so the client reconnects with that host's name.
 *
 * Name-based hosts share a port, and the TLS handshake happens before the
 * Host header is read: with SNI for one host and Host for another, or no
 * SNI at all, one host's verification would otherwise be judged on the
 * other's locations. mod_ssl 2.4.64 and later refuse some of these
 * requests, depending on SSLVHostSNIPolicy; this does not depend on them.
 * Each host's trust is a digest the mod_ssl bridge computes at startup
 * (mtls_ssl_trust.c).
 */

#include <apr_strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_ssl.h"

#include "mtls_private.h"
#include "mtls_conf.h"
#include "mtls_metrics.h"
#include "mtls_escape.h"
#include "mtls_ssl.h"
#include "mtls_vhost.h"

static const char *host_name(const server_rec *s)
{
    return s && s->server_hostname ? s->server_hostname : "(unknown)";
}

int mtls_vhost_misdirected(request_rec *r, server_rec **verified_by)
{
    const mtls_conf_srv_t *want, *have;
    server_rec *by;

    by = mtls_ssl_verified_by(r->connection);
    if (verified_by) {
        *verified_by = by;
    }
    /* The usual case first, and cheapest: the host that verified. Only a
     * connection the module has no verifying host for is asked whether
     * it is TLS at all. */
    if (by == r->server || (!by && !ap_ssl_conn_is_ssl(r->connection))) {
        return 0;
    }
    want = mtls_conf_srv(r->server);
    have = by ? mtls_conf_srv(by) : NULL;
    /* Between unarmed hosts the module changes nothing. */
    if (want->armed != 1 && !(have && have->armed == 1)) {
        return 0;
    }
    return !have || memcmp(want->trust, have->trust, MTLS_TRUST_LEN);
}

int mtls_vhost_post_read_request(request_rec *r)
{
    server_rec *verified_by = NULL;

    if (!mtls_vhost_misdirected(r, &verified_by)) {
        return DECLINED;
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, MTLS_LOGNO(0040)
                  "421 Misdirected Request: the request names host %s, "
                  "but its TLS connection was verified by %s, whose "
                  "client certificate settings differ; client=%s uri=\"%s\"",
                  mtls_escape_log(r->pool, host_name(r->server)),
                  mtls_escape_log(r->pool, host_name(verified_by)),
                  r->useragent_ip,
                  mtls_escape_log(r->pool, r->uri));
    /* On the host named when it is armed, else on the one that verified
     * (one of the two is). */
    mtls_metrics_count_misdirected(mtls_conf_armed(r->server) ? r->server
                                                              : verified_by);
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
    return HTTP_MISDIRECTED_REQUEST;
}
