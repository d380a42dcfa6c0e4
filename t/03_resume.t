# A reconnect that offers the old TLS session: a session whose verification
# failed (generous ones included) is never resumed, so the new connection
# is verified again and explained the same way; a verified session still
# resumes.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch session_cache);

my %case = (
    valid   => [200, qr/^SUCCESS$/, 1],
    expired => [403, qr/^FAILED:certificate has expired$/, 0],
    revoked => [403, qr/^FAILED:certificate revoked$/, 0],
    otherca => [403, qr/^FAILED:/, 0],
);
my $reconnects = 3;

plan tests => 2 * (keys %case) * (1 + $reconnects * 3 + 1),
    need_module 'ssl';

my $port = vhost_port('mtls_armed');

for my $tls ('1.2', '1.3') {
    for my $c (sort keys %case) {
        my ($status, $verify, $resumes) = @{ $case{$c} };
        my $cache = session_cache();
        my $first = fetch(port => $port, path => '/authz/verify/', tls => $tls,
                          cert => $c, cache => $cache);
        ok t_cmp($first->{status}, $status, "$c TLS $tls: first connection");
        my $offered = 0;
        for my $n (1 .. $reconnects) {
            my $what = "$c TLS $tls: reconnect $n";
            my ($ctx) = values %$cache;
            $offered++ if $ctx && $ctx->{session_cache}
                && $ctx->{session_cache}->get_session((keys %$cache)[0]);
            my $res = fetch(port => $port, path => '/authz/verify/',
                            tls => $tls, cert => $c, cache => $cache);
            ok t_cmp($res->{status}, $status, "$what: status");
            ok t_cmp($res->{headers}{'x-client-verify'} // '', $verify,
                     "$what: SSL_CLIENT_VERIFY");
            ok t_cmp($res->{reused}, $resumes,
                     "$what: session " . ($resumes ? '' : 'not ') . 'resumed');
        }
        # The test means something only if the client offered a session.
        ok t_cmp($offered, $reconnects, "$c TLS $tls: client offered its session");
    }
}
