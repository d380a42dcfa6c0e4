# A virtual host without MTLSExplain On keeps mod_ssl's own behaviour:
# with SSLVerifyClient require, a missing or failed certificate ends the
# TLS handshake; with optional_no_ca the module sets nothing and decides
# nothing, even where a location names a policy.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch session_cache);

plan tests => 15, need_module 'ssl';

my $strict = vhost_port('mtls_strict');
for my $tls ('1.2', '1.3') {
    for my $c (undef, 'expired') {
        my $res = fetch(port => $strict, path => '/', tls => $tls, cert => $c);
        ok t_cmp($res->{status}, 0,
                 'strict vhost, ' . ($c // 'no certificate')
                 . " over TLS $tls: no HTTP answer");
    }
}
my $res = fetch(port => $strict, path => '/', cert => 'valid');
ok t_cmp($res->{status}, 404, 'strict vhost, valid certificate: served');
ok t_cmp($res->{headers}{'x-mtls'} // '', 'verdict=(null)',
         'strict vhost: no variables');

my $off = vhost_port('mtls_off');
$res = fetch(port => $off, path => '/require/');
ok t_cmp($res->{status}, 404, 'MTLSExplain Off: the policy is not applied');
ok t_cmp($res->{headers}{'x-mtls'} // '', 'verdict=(null)',
         'MTLSExplain Off: no variables');
$res = fetch(port => $off, path => '/require/', cert => 'otherca');
ok t_cmp($res->{status}, 404,
         'MTLSExplain Off: optional_no_ca accepts an unknown issuer, as stock');
for my $tls ('1.2', '1.3') {
    $res = fetch(port => $off, path => '/require/', cert => 'expired',
                 tls => $tls);
    ok t_cmp($res->{status}, 0,
             "MTLSExplain Off: an expired certificate over TLS $tls "
             . 'still ends the connection');
}

# The module changes nothing on a host it does not arm: there mod_ssl
# resumes a session whose unknown issuer optional_no_ca accepted.
for my $tls ('1.2', '1.3') {
    my $cache = session_cache();
    my $first = fetch(port => $off, path => '/', tls => $tls,
                      cert => 'otherca', cache => $cache);
    ok t_cmp($first->{status}, 404, "MTLSExplain Off, TLS $tls: served");
    my $again = fetch(port => $off, path => '/', tls => $tls,
                      cert => 'otherca', cache => $cache);
    ok t_cmp($again->{reused}, 1,
             "MTLSExplain Off, TLS $tls: the session resumes, as stock");
}
