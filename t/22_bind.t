# A request is judged by the trust of the virtual host that verified its
# connection. A Host naming another host, with SNI for one or with no SNI
# at all (the port's first host takes the handshake), gets 421 Misdirected
# Request when the two hosts verify client certificates differently,
# unarmed hosts included; hosts with the same trust share connections.
# TLS 1.2 and 1.3, HTTP/1.1 and HTTP/2, on the suite's server (mod_ssl's
# own SSLVHostSNIPolicy secure) and on a server of its own with
# SSLVHostSNIPolicy insecure, which behaves as mod_ssl did before 2.4.64.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(pki vhost_port fetch private_server private_server_stop);

my $curl = `sh -c 'command -v curl'`;
chomp $curl;
my $h2 = $curl && `$curl -V` =~ /\bHTTP2\b/;

# [SNI ('' for none), Host, certificate, expected status, the host that
# answers when it is not 421]
my @cases = (
    ['alpha.test', 'alpha.test', 'valid',    200, 'alpha'],
    ['alpha.test', 'gamma.test', 'revoked',  421, ''],
    ['alpha.test', 'gamma.test', 'valid',    421, ''],
    ['',           'gamma.test', 'revoked',  421, ''],
    ['alpha.test', 'beta.test',  'ca2valid', 421, ''],
    ['beta.test',  'alpha.test', 'ca2valid', 421, ''],
    ['',           'beta.test',  'ca2valid', 421, ''],
    ['',           'beta.test',  'valid',    421, ''],
    ['gamma.test', 'alpha.test', 'valid',    421, ''],
    # the same trust: the module lets the connection be shared (mod_ssl's
    # SSLVHostSNIPolicy secure may still refuse: the server certificates
    # differ)
    ['alpha.test', 'delta.test', 'valid',    200, 'delta', 1],
    ['alpha.test', 'delta.test', 'expired',  403, 'delta', 1],
    ['',           'delta.test', 'valid',    200, 'delta', 1],
);
# [SNI, Host, certificate, expected status] over HTTP/2
my @h2_cases = (
    ['alpha.test', 'gamma.test', 'revoked',  421],
    ['alpha.test', 'beta.test',  'ca2valid', 421],
    ['beta.test',  'alpha.test', 'ca2valid', 421],
    ['alpha.test', 'delta.test', 'valid',    200, 1],
    ['alpha.test', 'alpha.test', 'valid',    200],
    # no SNI: curl sends none for an address
    ['',           'gamma.test', 'revoked',  421],
    ['',           'beta.test',  'ca2valid', 421],
);
my @tls = ('1.2', '1.3');
my $per_server = @tls * (@cases * 3 + ($h2 ? @h2_cases * 2 : 0));

plan tests => 2 * $per_server + 4, need need_module('ssl'),
    need_module('headers');

# $strict: mod_ssl refuses what differs in any TLS setting
sub check_server {
    my ($port, $label, $strict) = @_;
    my $misdirected = 0;
    for my $tls (@tls) {
        for my $c (@cases) {
            my ($sni, $host, $cert, $want, $xhost, $same) = @$c;
            my $res = fetch(port => $port, path => '/index.html', tls => $tls,
                            sni => $sni, host => $host, cert => $cert,
                            server_name => 'alpha.test');
            my $t = sprintf '%s, TLS %s, SNI %s, Host %s, %s', $label, $tls,
                            $sni || '(none)', $host, $cert;
            my $misdirected_case = $want == 421;
            $misdirected++ if $res->{status} == 421;
            $want = 421 if $same && $strict && $res->{status} == 421;
            ok t_cmp($res->{status}, $want, "$t: $want");
            if ($misdirected_case) {
                # the named host's 'Header always' still runs on its 421:
                # it sees no certificate
                ok t_cmp($res->{headers}{'x-client-dn'} // '(null)',
                         '(null)', "$t: no certificate name on the 421");
                ok t_cmp($res->{headers}{'x-client-verify'} // 'NONE',
                         'NONE', "$t: SSL_CLIENT_VERIFY reads NONE on the 421");
            }
            else {
                ok t_cmp($res->{headers}{'x-host'} // '', $xhost,
                         "$t: served by $xhost");
                # the same trust verified it: the same verdict
                ok t_cmp($res->{headers}{'x-client-verify'} // '',
                         $cert eq 'valid' ? 'SUCCESS' : qr/^FAILED:/,
                         "$t: SSL_CLIENT_VERIFY");
            }
        }
        next unless $h2;
        for my $c (@h2_cases) {
            my ($sni, $host, $cert, $want, $same) = @$c;
            my @cmd = ($curl, '-s', '--http2', '--cacert', pki('ca.crt'),
                       '--cert', pki("client-$cert.crt"),
                       '--key', pki("client-$cert.key"),
                       $tls eq '1.2' ? ('--tlsv1.2', '--tls-max', '1.2')
                                     : ('--tlsv1.3'),
                       # without SNI the name alpha.test's certificate
                       # holds cannot be checked against an address
                       $sni ? ('--resolve', "$sni:$port:127.0.0.1")
                            : ('--insecure'),
                       '-H', "Host: $host",
                       '-o', '/dev/null',
                       '-w', '%{http_code} %{http_version}',
                       'https://' . ($sni || '127.0.0.1') . ":$port/index.html");
            open my $fh, '-|', @cmd or die "$curl: $!";
            my $out = do { local $/; <$fh> } // '';
            close $fh;
            my $t = "$label, HTTP/2, TLS $tls, SNI " . ($sni || '(none)')
                    . ", Host $host, $cert";
            $want = 421 if $same && $strict && $out =~ /^421 /;
            $misdirected++ if $out =~ /^421 /;
            ok t_cmp($out, qr/^$want /, "$t: $want");
            ok t_cmp($out, qr/ 2$/, "$t: over HTTP/2");
        }
    }
    return $misdirected;
}

check_server(vhost_port('mtls_bind'), 'suite server', 1);

# The same hosts on a server where mod_ssl itself checks nothing: what
# httpd before 2.4.64 does, and SSLVHostSNIPolicy insecure today.
my $conf = do {
    open my $fh, '<', Apache::Test::config()->{vars}{t_conf} . '/seams.conf'
        or die "seams.conf: $!";
    local $/;
    <$fh>;
};
my $bind_port = vhost_port('mtls_bind');
my ($bind) = $conf =~ /^(<VirtualHost \*:$bind_port>\n    ServerName alpha\.test.*?)^# Two hosts/ms;
$bind =~ s/\b$bind_port\b/\@port\@/g;
my $srv = private_server(
    after => [qw(authz_core ssl socache_shmcb headers http2)],
    conf  => "<Location /mtls-metrics>\nSetHandler mtls-explain-metrics\n"
             . "</Location>\n"
             . "<IfDirective SSLVHostSNIPolicy>\nSSLVHostSNIPolicy insecure\n"
             . "</IfDirective>\nSSLSessionCache shmcb:\@dir\@/scache(512000)\n"
             . "Protocols h2 http/1.1\n"
             . 'DocumentRoot ' . Apache::Test::vars('documentroot') . "\n"
             . $bind);
my $sent = check_server($srv->{port}, 'SSLVHostSNIPolicy insecure');
# every 421 counted once, on the armed host of the two
my $metrics = fetch(port => $srv->{port}, path => '/mtls-metrics',
                    sni => 'alpha.test', cert => 'valid');
my $counted = 0;
$counted += $1 while ($metrics->{body} // '')
    =~ /^mtls_explain_misdirected_total\{[^}]*\} (\d+)$/mg;
ok t_cmp($counted, $sent, "the metrics count every 421 ($sent)");
my $log = do { open my $fh, '<', "$srv->{dir}/error_log"; local $/; <$fh> // '' };
ok t_cmp($log, qr/MTLS0040: 421 Misdirected Request: the request names host gamma\.test, but its TLS connection was verified by alpha\.test/,
         'the module logs the 421 and both hosts');
ok t_cmp($log, qr/\A(?!.*AH02032)/s, "mod_ssl's own 421 (AH02032) never answered there");
ok t_cmp(private_server_stop($srv), 1, 'private server stopped by its PID');
