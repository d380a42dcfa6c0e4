# SNI: name-based virtual hosts on one address and port, armed and not,
# each with its own CA, CRL and policy. Every connection gets the verdict
# of the host its SNI name chose; a host that is not armed still ends the
# handshake itself; a name the TLS layer did not choose cannot borrow
# another host's verdict, and a session from one host is not resumed on
# another.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch session_cache);

my $armed_first  = vhost_port('mtls_sni');
my $strict_first = vhost_port('mtls_sni_strict_first');

# [port, SNI name ('' for none), certificate, status, X-MTLS, SSL_CLIENT_VERIFY]
# Status 0: no HTTP exchange, the handshake failed.
my @cases = (
    # alpha: armed, trusts "ca", MTLSExplainVerifyClient require
    [$armed_first, 'alpha.test', 'valid', 200,
     'host=alpha mode=require action=allow verdict=ok', qr/^SUCCESS$/],
    [$armed_first, 'alpha.test', 'expired', 403,
     'host=alpha mode=require action=deny verdict=expired',
     qr/^FAILED:certificate has expired$/],
    [$armed_first, 'alpha.test', 'revoked', 403,
     'host=alpha mode=require action=deny verdict=revoked',
     qr/^FAILED:certificate revoked$/],
    [$armed_first, 'alpha.test', 'ca2valid', 403,
     'host=alpha mode=require action=deny verdict=untrusted', qr/^FAILED:/],
    [$armed_first, 'alpha.test', undef, 403,
     'host=alpha mode=require action=deny verdict=none', qr/^NONE$/],
    # beta: armed, trusts only "ca2" (with its CRL), optional_no_ca
    [$armed_first, 'beta.test', 'ca2valid', 200,
     'host=beta mode=optional_no_ca action=allow verdict=ok', qr/^SUCCESS$/],
    [$armed_first, 'beta.test', 'ca2revoked', 403,
     'host=beta mode=optional_no_ca action=deny verdict=revoked',
     qr/^FAILED:certificate revoked$/],
    [$armed_first, 'beta.test', 'valid', 200,
     'host=beta mode=optional_no_ca action=allow verdict=generous',
     qr/^FAILED:/],
    [$armed_first, 'beta.test', 'expired', 403,
     'host=beta mode=optional_no_ca action=deny verdict=expired',
     qr/^FAILED:/],
    [$armed_first, 'beta.test', undef, 200,
     'host=beta mode=optional_no_ca action=allow verdict=none', qr/^NONE$/],
    # gamma: not armed, SSLVerifyClient require against "ca2"
    [$armed_first, 'gamma.test', 'ca2valid', 200,
     'host=gamma verdict=(null)', qr/^SUCCESS$/],
    [$armed_first, 'gamma.test', 'valid', 0],
    [$armed_first, 'gamma.test', 'ca2revoked', 200,
     'host=gamma verdict=(null)', qr/^SUCCESS$/],
    [$armed_first, 'gamma.test', undef, 0],
    # no SNI: the first host on the port, alpha
    [$armed_first, '', 'expired', 403,
     'host=alpha mode=require action=deny verdict=expired',
     qr/^FAILED:certificate has expired$/],
    [$armed_first, '', 'valid', 200,
     'host=alpha mode=require action=allow verdict=ok', qr/^SUCCESS$/],

    # The port whose first host is strict: SNI moves the handshake to an
    # armed host, or to one that is off.
    [$strict_first, '', 'ca2valid', 200,
     'host=gamma verdict=(null)', qr/^SUCCESS$/],
    [$strict_first, '', 'valid', 0],
    [$strict_first, '', undef, 0],
    [$strict_first, 'alpha.test', 'expired', 403,
     'host=alpha mode=require action=deny verdict=expired',
     qr/^FAILED:certificate has expired$/],
    [$strict_first, 'alpha.test', 'valid', 200,
     'host=alpha mode=require action=allow verdict=ok', qr/^SUCCESS$/],
    [$strict_first, 'alpha.test', 'ca2valid', 403,
     'host=alpha mode=require action=deny verdict=untrusted', qr/^FAILED:/],
    [$strict_first, 'alpha.test', undef, 403,
     'host=alpha mode=require action=deny verdict=none', qr/^NONE$/],
    [$strict_first, 'beta.test', 'ca2valid', 200,
     'host=beta verdict=(null)', qr/^SUCCESS$/],
    [$strict_first, 'beta.test', 'expired', 0],
    # stock optional_no_ca lets an unknown issuer through: MTLSExplain Off
    [$strict_first, 'beta.test', 'valid', 200,
     'host=beta verdict=(null)', qr/^(?:GENEROUS|FAILED:.*)$/],
);

# Requests whose Host names another host than the handshake's: mod_ssl
# answers 421 when the two hosts' TLS settings differ, and no answer may
# carry the other host's approval.
# [port, SNI, certificate, Host, allowed statuses]
my @mismatch = (
    [$armed_first, 'beta.test', 'valid', 'alpha.test', [421]],
    [$armed_first, 'gamma.test', 'ca2valid', 'alpha.test', [421]],
    [$armed_first, 'alpha.test', 'expired', 'gamma.test', [421]],
    [$armed_first, 'alpha.test', 'expired', 'beta.test', [421]],
    # without SNI too: mod_ssl compares the Host with the handshake's host
    [$armed_first, '', 'expired', 'gamma.test', [421]],
    [$armed_first, '', 'expired', 'beta.test', [421]],
    [$strict_first, '', 'ca2valid', 'alpha.test', [421]],
);

my @tls = ('1.2', '1.3');
my $refused = grep { !$_->[3] } @cases;
plan tests => @tls * (@cases * 4 - $refused * 2 + @mismatch * 2 + 6),
    need_module 'ssl';

my %cn = (alpha => 'alpha.test', beta => 'beta.test', gamma => 'gamma.test');

for my $tls (@tls) {
    for my $case (@cases) {
        my ($port, $sni, $cert, $status, $mtls, $verify) = @$case;
        my $default = $port == $armed_first ? 'alpha.test' : 'gamma.test';
        my $what = sprintf '%s, SNI %s, %s, TLS %s',
            $port == $armed_first ? 'armed first' : 'strict first',
            $sni || '(none)', $cert // 'no certificate', $tls;
        my $res = fetch(port => $port, sni => $sni, server_name => $default,
                        path => '/vars.shtml', tls => $tls, cert => $cert);
        ok t_cmp($res->{status}, $status, "$what: status");
        if (!$status) {
            # TLS 1.3 clients finish before the server reads their
            # certificate: the alert comes instead of the first answer.
            ok t_cmp(scalar keys %{ $res->{headers} || {} }, 0,
                     "$what: no HTTP answer");
            next;
        }
        my ($host) = $mtls =~ /^host=(\w+)/;
        ok t_cmp($res->{server_cn}, $cn{$host},
                 "$what: the handshake was ${host}'s");
        ok t_cmp($res->{headers}{'x-mtls'} // '', $mtls, "$what: verdict");
        ok t_cmp($res->{headers}{'x-client-verify'} // '', $verify,
                 "$what: SSL_CLIENT_VERIFY");
    }

    for my $m (@mismatch) {
        my ($port, $sni, $cert, $host, $allowed) = @$m;
        my $default = $port == $armed_first ? 'alpha.test' : 'gamma.test';
        my $what = "SNI " . ($sni || '(none)') . ", Host $host, $cert, TLS $tls";
        my $res = fetch(port => $port, sni => $sni, server_name => $default,
                        host => $host, path => '/vars.shtml', tls => $tls, cert => $cert);
        my $got = $res->{status};
        ok t_cmp((grep { $_ == $got } @$allowed) ? $got : "unexpected $got",
                 $got, "$what: refused");
        ok t_cmp($res->{headers}{'x-client-verify'} // '', qr/^(?!SUCCESS)/,
                 "$what: never SUCCESS")
            if $cert ne 'ca2valid';
        ok t_cmp($res->{headers}{'x-mtls'} // '', qr/^(?!.*action=allow)/,
                 "$what: never allowed")
            if $cert eq 'ca2valid';
    }

    # A session alpha verified, offered to the other hosts on the port,
    # must not resume there: beta would call it verified, gamma would let
    # it past its strict check.
    my $cache = session_cache();
    my $res = fetch(port => $armed_first, sni => 'alpha.test', path => '/vars.shtml',
                    tls => $tls, cert => 'valid', cache => $cache);
    ok t_cmp($res->{status}, 200, "TLS $tls: alpha, valid certificate");
    $res = fetch(port => $armed_first, sni => 'alpha.test', path => '/vars.shtml',
                 tls => $tls, cert => 'valid', cache => $cache);
    ok t_cmp($res->{reused}, 1, "TLS $tls: alpha resumes its own session");
    $res = fetch(port => $armed_first, sni => 'beta.test', path => '/vars.shtml',
                 tls => $tls, cert => 'valid', cache => $cache,
                 session_name => 'alpha.test');
    ok t_cmp($res->{reused}, 0, "TLS $tls: beta does not resume alpha's session");
    ok t_cmp($res->{headers}{'x-mtls'} // '',
             'host=beta mode=optional_no_ca action=allow verdict=generous',
             "TLS $tls: beta verifies against its own CA");
    $res = fetch(port => $armed_first, sni => 'gamma.test', path => '/vars.shtml',
                 tls => $tls, cert => 'valid', cache => $cache,
                 session_name => 'alpha.test');
    ok t_cmp($res->{status}, 0,
             "TLS $tls: gamma does not resume alpha's session, and refuses");
    # the same certificate again on alpha: still ok, nothing was poisoned
    $res = fetch(port => $armed_first, sni => 'alpha.test', path => '/vars.shtml',
                 tls => $tls, cert => 'valid', cache => $cache);
    ok t_cmp($res->{headers}{'x-mtls'} // '',
             'host=alpha mode=require action=allow verdict=ok',
             "TLS $tls: alpha still says ok");
}
