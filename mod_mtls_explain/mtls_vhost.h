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
 * The binding from a connection to the virtual host that verified it: a
 * request for a host with other client-certificate trust gets 421.
 */

#ifndef MTLS_VHOST_H
#define MTLS_VHOST_H

#include "httpd.h"

/* Does r name a host whose client-certificate trust differs from that of
 * the host that verified its connection? Sets *verified_by (may be NULL)
 * to that host. Such a request is answered 421, and nothing of the
 * certificate reaches the host it names. */
int mtls_vhost_misdirected(request_rec *r, server_rec **verified_by);

/* post_read_request: 421 for a host whose trust differs from the one that
 * verified the connection. */
int mtls_vhost_post_read_request(request_rec *r);

#endif /* MTLS_VHOST_H */
