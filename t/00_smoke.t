# The harness works: the server is up with the module loaded, and a TLS
# virtual host answers with the test PKI's server certificate.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use IO::Socket::SSL;

plan tests => 3, need_module 'ssl';

my $port = Apache::Test::config()->{vhosts}{mtls_off}{port};
my $pki  = Apache::Test::vars('pki');

my $sock = IO::Socket::SSL->new(
    PeerHost        => '127.0.0.1',
    PeerPort        => $port,
    Timeout         => 10,
    SSL_hostname    => 'localhost',
    SSL_ca_file     => "$pki/ca.crt",
    SSL_verify_mode => SSL_VERIFY_PEER,
    SSL_verifycn_name   => 'localhost',
    SSL_verifycn_scheme => 'http',
);
ok t_cmp(defined $sock ? 'verified' : $SSL_ERROR, 'verified',
         'TLS handshake, server certificate verified against t/pki/ca.crt');

my $subject = $sock ? $sock->peer_certificate('subject') : '';
ok t_cmp($subject, qr{CN ?= ?localhost}, 'server certificate subject');

my $status = '';
if ($sock) {
    print $sock "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    $status = <$sock> // '';
    $status =~ s/\r?\n\z//;
}
ok t_cmp($status, qr{^HTTP/1\.1 (?:200|404) }, 'status line over TLS');
