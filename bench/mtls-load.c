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
 * mtls-load: HTTP load with TLS client certificates, over HTTP/1.1
 * keep-alive or multiplexed HTTP/2, checking every answer.
 *
 * No stock load tool presents a client certificate over HTTP/2, and the
 * benchmark and the soak test both need one that does and that checks
 * each answer (status and one response header) rather than counting
 * bytes. Each "slot" owns one connection at a time through its own curl
 * multi handle, so "requests per connection" is exact: when a slot has
 * sent its share, its multi handle is cleaned up, which closes the
 * connection, and the next connection starts with the next target.
 *
 * Usage and output: see usage() below.
 */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define MAX_GETS 64
#define MAX_TARGETS 1024
#define MAX_STREAMS 100
#define MAX_SLOTS 1024
#define SHOW_MAX 10         /* wrong answers and errors shown in detail */

/* One request of a target and the answer it must get. */
typedef struct {
    long status;
    const char *value;      /* expected header value; "*" takes any */
    const char *path;
} get_t;

typedef struct {
    const char *url;        /* scheme://host:port, no path */
    const char *cert;
    const char *key;
    const char *header;     /* response header to check, or NULL */
    long tls;               /* CURL_SSLVERSION_* pinned both ways, or 0 */
    int h2;
    get_t gets[MAX_GETS];
    int ngets;
    long requests, ok, wrong, errors;
} target_t;

struct slot;

typedef struct {
    CURL *easy;
    struct slot *slot;
    const get_t *get;
    char errbuf[CURL_ERROR_SIZE];
    char value[256];
    int seen;               /* the checked header was in the answer */
} stream_t;

typedef struct slot {
    CURLM *multi;
    target_t *target;
    stream_t streams[MAX_STREAMS];
    int nstreams;
    long issued;            /* requests sent on the current connection */
    long quota;             /* requests it may send there, 0: no limit */
    int active;             /* streams in flight */
    long long timer_at;     /* curl's timeout for this multi, or -1 */
} slot_t;

static struct {
    const char *cafile;
    int concurrency;
    int streams;
    long per_conn;          /* 0: keep the connection for the whole run */
    long total;             /* 0: bounded by duration alone */
    double duration;        /* seconds, 0: bounded by count alone */
    long timeout_ms;
    int no_sessions;
    int verbose;
} opt = { NULL, 1, 1, 0, 0, 0, 30000, 0, 0 };

static target_t targets[MAX_TARGETS];
static int ntargets;
static slot_t *slots;
static int epfd = -1;
static slot_t **fd_owner;
static int fd_max;

static long long started_at, stop_at, last_done_at;
static long started, reserved, finished, ok_count, wrong_count, error_count;
static long connections, shown;
static unsigned long conn_seq;
static double *lat_ms;
static size_t lat_n, lat_cap;

static void die(const char *fmt, ...)
{
    va_list ap;

    fputs("mtls-load: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static long long now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void usage(void)
{
    fputs(
"usage: mtls-load -t TARGET [-t TARGET ...] (-n REQUESTS | -d SECONDS)\n"
"                 [-C CAFILE] [-c CONNECTIONS] [-s STREAMS] [-r PER_CONN]\n"
"                 [-T TIMEOUT_MS] [-N] [-v]\n"
"\n"
"TARGET is a comma-separated list of key=value:\n"
"  url=https://HOST:PORT  server (required)\n"
"  cert=FILE,key=FILE     client certificate (chain) and key, PEM\n"
"  tls=1.2|1.3            pin the TLS version (default: negotiate)\n"
"  http=1.1|2             protocol (default 1.1); 2 must be negotiated\n"
"  header=NAME            response header every answer is checked for\n"
"  get=STATUS:VALUE:PATH  a request and its expected status and header\n"
"                         value (* for any); repeat for several paths,\n"
"                         sent in turn on each connection\n"
"Connections take the targets in turn. Options:\n"
"  -c N  connections in flight (default 1)\n"
"  -s N  HTTP/2 streams in flight per connection (default 1)\n"
"  -r N  requests per connection, then a new one (default 0: no limit)\n"
"  -n N  stop after N requests     -d S  stop sending after S seconds\n"
"  -T MS per-request timeout (default 30000)\n"
"  -N    no TLS session resumption  -v  per-target counts\n"
"Prints one line of key=value results; exits 0 only when every answer\n"
"was the expected one and no request failed.\n", stderr);
    exit(2);
}

static long parse_long(const char *s, const char *what)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0) {
        die("bad %s: %s", what, s);
    }
    return v;
}

static void parse_get(target_t *t, char *spec)
{
    char *value = strchr(spec, ':');
    char *path = value ? strchr(value + 1, ':') : NULL;
    get_t *g;

    if (!path || path[1] != '/') {
        die("get wants STATUS:VALUE:/PATH, not %s", spec);
    }
    if (t->ngets == MAX_GETS) {
        die("more than %d get= in one target", MAX_GETS);
    }
    *value++ = '\0';
    *path++ = '\0';
    g = &t->gets[t->ngets++];
    g->status = parse_long(spec, "status");
    g->value = value;
    g->path = path;
}

static void parse_target(char *spec)
{
    target_t *t;
    char *item, *save = NULL;

    if (ntargets == MAX_TARGETS) {
        die("more than %d targets", MAX_TARGETS);
    }
    t = &targets[ntargets++];
    for (item = strtok_r(spec, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        char *val = strchr(item, '=');

        if (!val) {
            die("target item without '=': %s", item);
        }
        *val++ = '\0';
        if (!strcmp(item, "url")) {
            t->url = val;
        }
        else if (!strcmp(item, "cert")) {
            t->cert = val;
        }
        else if (!strcmp(item, "key")) {
            t->key = val;
        }
        else if (!strcmp(item, "header")) {
            t->header = val;
        }
        else if (!strcmp(item, "tls")) {
            if (!strcmp(val, "1.2")) {
                t->tls = CURL_SSLVERSION_TLSv1_2
                         | CURL_SSLVERSION_MAX_TLSv1_2;
            }
            else if (!strcmp(val, "1.3")) {
                t->tls = CURL_SSLVERSION_TLSv1_3
                         | CURL_SSLVERSION_MAX_TLSv1_3;
            }
            else {
                die("tls must be 1.2 or 1.3, not %s", val);
            }
        }
        else if (!strcmp(item, "http")) {
            if (strcmp(val, "1.1") && strcmp(val, "2")) {
                die("http must be 1.1 or 2, not %s", val);
            }
            t->h2 = !strcmp(val, "2");
        }
        else if (!strcmp(item, "get")) {
            parse_get(t, val);
        }
        else {
            die("unknown target item: %s", item);
        }
    }
    if (!t->url || !t->ngets) {
        die("a target needs url= and at least one get=");
    }
    if (!t->cert != !t->key) {
        die("cert= and key= go together");
    }
}

static void record_latency(double ms)
{
    if (lat_n == lat_cap) {
        lat_cap = lat_cap ? lat_cap * 2 : 65536;
        lat_ms = realloc(lat_ms, lat_cap * sizeof(*lat_ms));
        if (!lat_ms) {
            die("out of memory");
        }
    }
    lat_ms[lat_n++] = ms;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    stream_t *st = arg;
    const char *name = st->slot->target->header;
    size_t len = size * n, nlen;
    const char *v, *end = data + len;

    if (!name) {
        return len;
    }
    nlen = strlen(name);
    if (len > nlen && data[nlen] == ':' && !strncasecmp(data, name, nlen)) {
        v = data + nlen + 1;
        while (v < end && (*v == ' ' || *v == '\t')) {
            v++;
        }
        while (end > v && (end[-1] == '\r' || end[-1] == '\n'
                           || end[-1] == ' ')) {
            end--;
        }
        len = (size_t)(end - v);
        if (len >= sizeof(st->value)) {
            len = sizeof(st->value) - 1;
        }
        memcpy(st->value, v, len);
        st->value[len] = '\0';
        st->seen = 1;
    }
    return size * n;
}

static int on_socket(CURL *easy, curl_socket_t fd, int what, void *arg,
                     void *sockp)
{
    slot_t *slot = arg;
    struct epoll_event ev;

    (void)easy;
    (void)sockp;
    if (fd < 0 || fd >= fd_max) {
        die("file descriptor %d out of range", (int)fd);
    }
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
        fd_owner[fd] = NULL;
        return 0;
    }
    memset(&ev, 0, sizeof(ev));
    ev.data.fd = fd;
    ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0)
                | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) != 0) {
        if (errno != ENOENT || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            die("epoll_ctl: %s", strerror(errno));
        }
    }
    fd_owner[fd] = slot;
    return 0;
}

static int on_timer(CURLM *multi, long ms, void *arg)
{
    slot_t *slot = arg;

    (void)multi;
    slot->timer_at = ms < 0 ? -1 : now_us() + (long long)ms * 1000;
    return 0;
}

static int time_left(void)
{
    return !opt.duration || now_us() < stop_at;
}

/* Options for a stream's next request; curl_easy_reset keeps the TLS
 * session cache, so a slot resumes sessions across its connections. */
static void configure(stream_t *st, const target_t *t, const get_t *g)
{
    CURL *e = st->easy;
    char url[2048];

    snprintf(url, sizeof(url), "%s%s", t->url, g->path);
    curl_easy_reset(e);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, st);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, st->errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, opt.timeout_ms);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, st);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, t->h2
                     ? (long)CURL_HTTP_VERSION_2TLS
                     : (long)CURL_HTTP_VERSION_1_1);
    /* Every stream of a slot waits for its one HTTP/2 connection. */
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    if (opt.cafile) {
        curl_easy_setopt(e, CURLOPT_CAINFO, opt.cafile);
    }
    if (t->tls) {
        curl_easy_setopt(e, CURLOPT_SSLVERSION, t->tls);
    }
    if (t->cert) {
        curl_easy_setopt(e, CURLOPT_SSLCERT, t->cert);
        curl_easy_setopt(e, CURLOPT_SSLKEY, t->key);
    }
    if (opt.no_sessions) {
        curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    }
}

static int issue(slot_t *slot, stream_t *st)
{
    const target_t *t = slot->target;
    const get_t *g;
    CURLMcode mc;

    if (!time_left()
        || (slot->quota ? slot->issued >= slot->quota
                        : opt.total && started >= opt.total)) {
        return 0;
    }
    g = &t->gets[slot->issued % t->ngets];
    configure(st, t, g);
    st->get = g;
    st->seen = 0;
    st->value[0] = '\0';
    st->errbuf[0] = '\0';
    slot->issued++;
    slot->active++;
    started++;
    mc = curl_multi_add_handle(slot->multi, st->easy);
    if (mc != CURLM_OK) {
        die("curl_multi_add_handle: %s", curl_multi_strerror(mc));
    }
    return 1;
}

static void start_connection(slot_t *slot)
{
    int i;

    /* A connection's share of a request count is reserved when it opens,
     * so that every connection but the last gets its full share. */
    slot->quota = opt.per_conn;
    if (opt.total && opt.per_conn) {
        if (opt.total - reserved < slot->quota) {
            slot->quota = opt.total - reserved;
        }
        reserved += slot->quota;
    }
    if (!time_left() || (opt.total && (opt.per_conn ? slot->quota == 0
                                                    : started >= opt.total))) {
        return;
    }
    slot->target = &targets[conn_seq++ % (unsigned long)ntargets];
    slot->issued = 0;
    slot->timer_at = -1;
    slot->multi = curl_multi_init();
    if (!slot->multi) {
        die("curl_multi_init failed");
    }
    curl_multi_setopt(slot->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(slot->multi, CURLMOPT_SOCKETDATA, slot);
    curl_multi_setopt(slot->multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(slot->multi, CURLMOPT_TIMERDATA, slot);
    slot->nstreams = slot->target->h2 ? opt.streams : 1;
    for (i = 0; i < slot->nstreams; i++) {
        if (!issue(slot, &slot->streams[i])) {
            break;
        }
    }
    if (!slot->active) {
        curl_multi_cleanup(slot->multi);
        slot->multi = NULL;
    }
}

static void show(const char *what, const target_t *t, const stream_t *st,
                 const char *fmt, ...)
{
    va_list ap;

    if (shown++ >= SHOW_MAX) {
        return;
    }
    fprintf(stderr, "mtls-load: %s: target %d %s%s (cert %s): ", what,
            (int)(t - targets) + 1, t->url, st->get->path,
            t->cert ? t->cert : "none");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void finish(slot_t *slot, stream_t *st, CURLcode rc)
{
    target_t *t = slot->target;
    const get_t *g = st->get;
    long status = 0, version = 0, conns = 0;
    curl_off_t total_us = 0;

    curl_easy_getinfo(st->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(st->easy, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(st->easy, CURLINFO_NUM_CONNECTS, &conns);
    curl_easy_getinfo(st->easy, CURLINFO_TOTAL_TIME_T, &total_us);
    connections += conns;
    finished++;
    t->requests++;
    last_done_at = now_us();

    if (rc != CURLE_OK) {
        error_count++;
        t->errors++;
        show("error", t, st, "%s", st->errbuf[0] ? st->errbuf
                                                   : curl_easy_strerror(rc));
        return;
    }
    record_latency((double)total_us / 1000.0);
    if (status != g->status) {
        show("wrong answer", t, st, "status %ld, expected %ld", status,
             g->status);
    }
    else if (t->h2 != (version == CURL_HTTP_VERSION_2_0)) {
        show("wrong answer", t, st, "HTTP version %ld, asked for %s",
             version, t->h2 ? "2" : "1.1");
    }
    else if (t->header && strcmp(g->value, "*")
             && strcmp(g->value, st->seen ? st->value : "")) {
        show("wrong answer", t, st, "%s: \"%s\", expected \"%s\"", t->header,
             st->seen ? st->value : "(absent)", g->value);
    }
    else {
        ok_count++;
        t->ok++;
        return;
    }
    wrong_count++;
    t->wrong++;
}

static void drain(slot_t *slot)
{
    CURLMsg *msg;
    int left;

    while ((msg = curl_multi_info_read(slot->multi, &left))) {
        stream_t *st;

        if (msg->msg != CURLMSG_DONE) {
            continue;
        }
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&st);
        finish(slot, st, msg->data.result);
        curl_multi_remove_handle(slot->multi, st->easy);
        slot->active--;
        issue(slot, st);
    }
    if (!slot->active) {
        /* Closes the connection: the slot's share of it is sent. */
        curl_multi_cleanup(slot->multi);
        slot->multi = NULL;
        start_connection(slot);
    }
}

static void run(void)
{
    struct epoll_event events[256];
    int i, n, live;

    for (i = 0; i < opt.concurrency; i++) {
        start_connection(&slots[i]);
    }
    for (;;) {
        long long now = now_us(), next = -1;
        int wait_ms;

        live = 0;
        for (i = 0; i < opt.concurrency; i++) {
            slot_t *s = &slots[i];

            if (!s->multi) {
                continue;
            }
            live++;
            if (s->timer_at >= 0 && (next < 0 || s->timer_at < next)) {
                next = s->timer_at;
            }
        }
        if (!live) {
            break;
        }
        wait_ms = next < 0 ? 1000
                  : next <= now ? 0 : (int)((next - now + 999) / 1000);
        n = epoll_wait(epfd, events, 256, wait_ms);
        if (n < 0 && errno != EINTR) {
            die("epoll_wait: %s", strerror(errno));
        }
        for (i = 0; i < n; i++) {
            int fd = events[i].data.fd, running, flags = 0;
            slot_t *s = fd_owner[fd];

            if (!s || !s->multi) {
                continue;
            }
            if (events[i].events & (EPOLLIN | EPOLLHUP)) {
                flags |= CURL_CSELECT_IN;
            }
            if (events[i].events & EPOLLOUT) {
                flags |= CURL_CSELECT_OUT;
            }
            if (events[i].events & EPOLLERR) {
                flags |= CURL_CSELECT_ERR;
            }
            curl_multi_socket_action(s->multi, fd, flags, &running);
            drain(s);
        }
        now = now_us();
        for (i = 0; i < opt.concurrency; i++) {
            slot_t *s = &slots[i];
            int running;

            if (s->multi && s->timer_at >= 0 && s->timer_at <= now) {
                s->timer_at = -1;
                curl_multi_socket_action(s->multi, CURL_SOCKET_TIMEOUT, 0,
                                         &running);
                drain(s);
            }
        }
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double percentile(double p)
{
    size_t rank;

    if (!lat_n) {
        return 0;
    }
    rank = (size_t)ceil(p * (double)lat_n);
    return lat_ms[rank ? rank - 1 : 0];
}

int main(int argc, char **argv)
{
    struct rlimit rl;
    double secs;
    int c, i, j;

    while ((c = getopt(argc, argv, "t:C:c:s:r:n:d:T:Nvh")) != -1) {
        switch (c) {
        case 't': parse_target(optarg); break;
        case 'C': opt.cafile = optarg; break;
        case 'c': opt.concurrency = (int)parse_long(optarg, "-c"); break;
        case 's': opt.streams = (int)parse_long(optarg, "-s"); break;
        case 'r': opt.per_conn = parse_long(optarg, "-r"); break;
        case 'n': opt.total = parse_long(optarg, "-n"); break;
        case 'd': opt.duration = atof(optarg); break;
        case 'T': opt.timeout_ms = parse_long(optarg, "-T"); break;
        case 'N': opt.no_sessions = 1; break;
        case 'v': opt.verbose = 1; break;
        default: usage();
        }
    }
    if (optind != argc || !ntargets || (!opt.total && opt.duration <= 0)) {
        usage();
    }
    if (opt.concurrency < 1 || opt.concurrency > MAX_SLOTS) {
        die("-c must be 1..%d", MAX_SLOTS);
    }
    if (opt.streams < 1 || opt.streams > MAX_STREAMS) {
        die("-s must be 1..%d", MAX_STREAMS);
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        die("curl_global_init failed");
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        die("getrlimit: %s", strerror(errno));
    }
    fd_max = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1048576
             ? 1048576 : (int)rl.rlim_cur;
    fd_owner = calloc((size_t)fd_max, sizeof(*fd_owner));
    slots = calloc((size_t)opt.concurrency, sizeof(*slots));
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (!fd_owner || !slots || epfd < 0) {
        die("setup failed: %s", strerror(errno));
    }
    for (i = 0; i < opt.concurrency; i++) {
        for (j = 0; j < opt.streams; j++) {
            slots[i].streams[j].slot = &slots[i];
            slots[i].streams[j].easy = curl_easy_init();
            if (!slots[i].streams[j].easy) {
                die("curl_easy_init failed");
            }
        }
    }

    started_at = last_done_at = now_us();
    stop_at = started_at + (long long)(opt.duration * 1e6);
    run();

    secs = (double)(last_done_at - started_at) / 1e6;
    qsort(lat_ms, lat_n, sizeof(*lat_ms), by_value);
    printf("requests=%ld ok=%ld wrong=%ld errors=%ld connections=%ld "
           "seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f\n",
           finished, ok_count, wrong_count, error_count, connections, secs,
           secs > 0 ? (double)finished / secs : 0.0, percentile(0.50),
           percentile(0.99));
    if (opt.verbose) {
        for (i = 0; i < ntargets; i++) {
            printf("target=%d requests=%ld ok=%ld wrong=%ld errors=%ld\n",
                   i + 1, targets[i].requests, targets[i].ok,
                   targets[i].wrong, targets[i].errors);
        }
    }
    for (i = 0; i < opt.concurrency; i++) {
        for (j = 0; j < opt.streams; j++) {
            curl_easy_cleanup(slots[i].streams[j].easy);
        }
    }
    curl_global_cleanup();
    free(lat_ms);
    free(slots);
    free(fd_owner);
    close(epfd);
    return (finished > 0 && wrong_count == 0 && error_count == 0) ? 0 : 1;
}
