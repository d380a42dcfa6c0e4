# Later requests on one keep-alive connection get the same verdict as the
# first: mod_ssl resets its verify result on every TLS 1.2 request, and
# after the module's substitution it would read GENEROUS. mod_ssl's own
# authorization (Require ssl-verify-client, Require expr on
# SSL_CLIENT_VERIFY) must deny a failed certificate on every request.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port tls_connect http_request error_log_size
                error_log_since);

# path => expected status per certificate kind
my @paths = (
    ['/authz/verify/', { valid => 200, expired => 403, otherca => 403, revoked => 403 }],
    ['/authz/expr/',   { valid => 200, expired => 403, otherca => 403, revoked => 403 }],
    ['/none/',         { valid => 200, expired => 200, otherca => 200, revoked => 200 }],
    ['/nocav/',        { valid => 200, expired => 403, otherca => 200, revoked => 403 }],
    ['/require/',      { valid => 200, expired => 403, otherca => 403, revoked => 403 }],
);
my %verify = (
    valid   => qr/^SUCCESS$/,
    expired => qr/^FAILED:certificate has expired$/,
    revoked => qr/^FAILED:certificate revoked$/,
    otherca => qr/^FAILED:/,
);
my $rounds = 3;
my @certs = sort keys %verify;

plan tests => 2 * @certs * (1 + $rounds * @paths * 2) + 2 * 4,
    need_module 'ssl';

my $port = vhost_port('mtls_armed');

for my $tls ('1.2', '1.3') {
    for my $c (@certs) {
        my $sock = tls_connect(port => $port, cert => $c, tls => $tls);
        ok t_cmp(defined $sock ? 1 : 0, 1, "$c over TLS $tls: connected");
        for my $round (1 .. $rounds) {
            for my $p (@paths) {
                my ($path, $want) = @$p;
                my $what = "$c over TLS $tls, request $round to $path";
                my $res = $sock ? http_request($sock, $path) : undef;
                ok t_cmp($res ? $res->{status} : 0, $want->{$c},
                         "$what: status");
                ok t_cmp($res ? $res->{headers}{'x-client-verify'} // '' : '',
                         $verify{$c}, "$what: SSL_CLIENT_VERIFY");
            }
        }
        $sock->close if $sock;
    }
}

# mod_ssl marks a connection GENEROUS (AH02037) only for the issuer errors
# it tolerates, never for a certificate that failed otherwise: the module
# keeps its own substituted error from reaching mod_ssl. Without that, a
# reset verify result would read GENEROUS for an expired certificate.
for my $tls ('1.2', '1.3') {
    for my $c (qw(expired revoked viaexpiredint otherca)) {
        my $offset = error_log_size();
        my $sock = tls_connect(port => $port, cert => $c, tls => $tls);
        my $res = $sock ? http_request($sock, '/none/', close => 1) : undef;
        $sock->close if $sock;
        my $marks = grep /AH02037:/, error_log_since($offset);
        ok t_cmp($marks ? 1 : 0, $c eq 'otherca' ? 1 : 0,
                 "$c over TLS $tls: mod_ssl marks GENEROUS only an issuer error");
    }
}
