# Certificates about to expire: MTLS_EXPLAIN_CERT_EXPIRES_IN and
# MTLS_EXPLAIN_CERT_EXPIRING inside, outside and at the edge of
# MTLSExplainWarnWindow and with it off; one MTLS0052 warning per
# certificate however many processes (prefork, three children) see it; the
# server-status list, with a hostile subject escaped when subjects are
# shown and no subject at all by default.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use FindBin;
use IO::Socket::SSL;
use Time::Local qw(timegm);
use lib "$FindBin::Bin/lib";
use MTLSServer;
use MTLSMetrics qw(armed_conf);

plan tests => 21, need_module 'ssl';

my $pki = Apache::Test::vars('pki');

my %mon = (Jan => 0, Feb => 1, Mar => 2, Apr => 3, May => 4, Jun => 5,
           Jul => 6, Aug => 7, Sep => 8, Oct => 9, Nov => 10, Dec => 11);
sub not_after {
    my ($cert) = @_;
    my ($m, $d, $H, $M, $S, $y) =
        `openssl x509 -noout -enddate -in '$pki/client-$cert.crt'` =~
        /notAfter=(\w+)\s+(\d+) (\d+):(\d+):(\d+) (\d+) GMT/ or die;
    return timegm($S, $M, $H, $d, $mon{$m}, $y);
}

# The edge: a window that the valid certificate's remaining lifetime
# crosses a few seconds into the test.
my $edge = not_after('valid') - time - 6;

my $extra = <<"CONF";
    # The README's example: pass the seconds on only inside the window.
    Header always set X-Client-Cert-Expires-In "%{MTLS_EXPLAIN_CERT_EXPIRES_IN}e" env=MTLS_EXPLAIN_CERT_EXPIRING
    <Location /win/in>
        MTLSExplainWarnWindow 400d
    </Location>
    <Location /win/out>
        MTLSExplainWarnWindow 30d
    </Location>
    <Location /win/off>
        MTLSExplainWarnWindow off
    </Location>
    <Location /win/edge>
        MTLSExplainWarnWindow $edge
    </Location>
CONF

my $port = MTLSServer::port_base(7);

# A verified certificate with a name beyond ASCII, made here from the test
# CA: server-status is ISO-8859-1, so it must come out as character
# references.
sub utf8_client {
    my ($dir) = @_;
    my $ext = "$dir/ext.cnf";
    open my $fh, '>', $ext or die;
    print $fh "extendedKeyUsage = clientAuth\nkeyUsage = digitalSignature\n";
    close $fh;
    my $subj = "/O=mtls-explain tests/CN=Zo\xc3\xab \xe5\xb1\xb1\xe7\x94\xb0";
    system('openssl', 'req', '-new', '-newkey', 'ec', '-pkeyopt',
           'ec_paramgen_curve:P-256', '-nodes', '-utf8', '-subj', $subj,
           '-keyout', "$dir/utf8.key", '-out', "$dir/utf8.csr") == 0
        && system('openssl', 'x509', '-req', '-in', "$dir/utf8.csr",
                  '-CA', "$pki/ca.crt", '-CAkey', "$pki/ca.key", '-days', '100',
                  '-extfile', $ext, '-out', "$dir/utf8.crt") == 0
        or die "could not make the UTF-8 client certificate";
    system("cat '$dir/utf8.key' '$dir/utf8.crt' > '$dir/utf8.pem'");
}
my $server = MTLSServer->new(
    name => 'expiry', port => $port, mpm => 'prefork', children => 3,
    conf => "MTLSExplainStatusShowSubjects On\n"
            . armed_conf(status_port => $port + 1, extra => $extra))->start;

my $renew;
sub expiry {
    my ($path, $cert) = @_;
    my ($r) = $server->curl(paths => [$path], cert => $cert);
    my ($in, $flag) = split ' ', $r->{expiry} // '';
    $renew = $r->{renew};
    return ($in // '', $flag // '');
}

# Inside, outside, off, the default, a certificate that failed.
my ($in, $flag) = expiry('/win/in', 'valid');
my $left = not_after('valid') - time;
ok t_cmp(abs($in - $left) <= 2 ? 'close' : "$in vs $left", 'close',
         'MTLS_EXPLAIN_CERT_EXPIRES_IN: the seconds left until notAfter');
ok t_cmp($flag, '1', 'inside the window: MTLS_EXPLAIN_CERT_EXPIRING=1');
ok t_cmp($renew, $in, 'inside: Header ... env=MTLS_EXPLAIN_CERT_EXPIRING passes it on');
($in, $flag) = expiry('/win/out', 'valid');
ok t_cmp("$in $flag", qr/^\d+ \(null\)$/,
         'outside the window: EXPIRES_IN set, EXPIRING not');
ok t_cmp($renew, '', 'outside: the header is not sent');
($in, $flag) = expiry('/host', 'valid');
ok t_cmp("$in $flag", qr/^\d+ \(null\)$/,
         'the default window (30 days) leaves a year-long certificate alone');
($in, $flag) = expiry('/win/off', 'valid');
ok t_cmp("$in $flag", qr/^\d+ \(null\)$/,
         'off: EXPIRES_IN set, EXPIRING never');
($in, $flag) = expiry('/win/in', 'expired');
ok t_cmp("$in $flag", '(null) (null)',
         'a certificate that failed verification sets neither');
($in, $flag) = expiry('/win/in', '');
ok t_cmp("$in $flag", '(null) (null)', 'no certificate sets neither');

# The edge: EXPIRING exactly when EXPIRES_IN <= the window, seen from
# both sides and at the boundary itself.
my (@bad, %sides);
for (1 .. 80) {
    my ($s, $f) = expiry('/win/edge', 'valid');
    my $want = $s <= $edge ? '1' : '(null)';
    push @bad, "$s:$f" if $f ne $want;
    $sides{$s > $edge ? 'outside' : $s == $edge ? 'at' : 'inside'} = 1;
    last if $sides{inside} && $sides{at};
    select undef, undef, undef, 0.2;
}
ok t_cmp(join(' ', @bad), '', 'EXPIRING set exactly when EXPIRES_IN <= window');
ok t_cmp(join(' ', sort keys %sides), 'at inside outside',
         'requests seen outside, at and inside the edge');

utf8_client("$server->{dir}");
{
    open my $fh, '-|', 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}',
        '--cacert', "$pki/ca.crt", '--cert', "$server->{dir}/utf8.pem",
        '--resolve', "localhost:$port:127.0.0.1",
        "https://localhost:$port/win/in" or die;
    my $code = <$fh>;
    close $fh;
    ok t_cmp($code, 200, 'a certificate named in UTF-8 is verified');
}

# One warning per certificate across processes: three connections with
# the same certificate, all open before any request is sent, are three
# prefork children (each holds its connection); then a request on each.
# Twice, for two certificates, and for the hostile one the list shows.
sub held {
    my ($cert) = @_;
    my $sock = IO::Socket::SSL->new(
        PeerHost => '127.0.0.1', PeerPort => $port, Timeout => 10,
        SSL_hostname => 'localhost', SSL_ca_file => "$pki/ca.crt",
        SSL_cert_file => "$pki/client-$cert.crt",
        SSL_key_file => "$pki/client-$cert.key")
        or die "connect with $cert: $SSL_ERROR";
    return $sock;
}
for my $cert ('valid', 'viaint', 'hostile') {
    my @socks = map { held($cert) } 1 .. 3;
    for my $sock (@socks) {
        print $sock "GET /win/in HTTP/1.1\r\nHost: localhost\r\n"
            . "Connection: close\r\n\r\n";
    }
    for my $sock (@socks) {
        1 while <$sock>;
        close $sock;
    }
}
my $log = MTLSServer::slurp($server->error_log);
my %warned;
$warned{$1}++ while $log =~ /MTLS0052: .*? sha256 (\S+)/g;
ok t_cmp(join(' ', sort values %warned), '1 1 1 1',
         'one MTLS0052 line per certificate, four certificates');
my %pids;
for (split /\n/, MTLSServer::slurp($server->access_log)) {
    my ($pid, undef, $proto, $uri) = split ' ';
    $pids{$pid} = 1 if $uri eq '/win/in' && $proto eq 'HTTP/1.1';
}
ok t_cmp(scalar(keys %pids), 3, 'three processes saw each certificate');
ok t_cmp($log, qr/MTLS0052: client certificate expires in 36[45] day\(s\), on \d{4}-\d\d-\d\dT[\d:]+Z: subject "CN=valid user,O=mtls-explain tests", issuer "CN=mtls-explain Test Root CA,O=mtls-explain tests", serial [0-9A-F]+, sha256 [0-9A-F:]{95}/,
         'the warning names subject, issuer, serial, date and fingerprint');

open my $fh, '-|', 'curl', '-s', "http://127.0.0.1:" . ($port + 1)
    . "/server-status" or die;
my $html = do { local $/; <$fh> };
close $fh;
my ($list) = $html =~ m{(<p>Client certificates inside.*?</table>)}s;
$list //= '';
# The subject in RFC 2253 form (its own backslashes), then HTML-escaped.
ok t_cmp($list, qr{<td>CN=\\&lt;script\\&gt;alert\(1\)\\&lt;/script\\&gt; &amp; \\&quot;quotes\\&quot; &#39;x&#39;,O=evil</td>},
         'with MTLSExplainStatusShowSubjects On a hostile subject is listed, escaped');
ok t_cmp($list =~ /<script|"quotes"/ ? 'raw' : 'escaped', 'escaped',
         'nothing of it is markup');
ok t_cmp($list, qr{<td>CN=Zo&#235; &#23665;&#30000;,O=mtls-explain tests</td>},
         'a name beyond ASCII as character references (the page is ISO-8859-1)');
ok t_cmp($list =~ /[\x80-\xff]/ ? 'not ASCII' : 'ASCII', 'ASCII',
         'the list is ASCII');
open $fh, '-|', 'curl', '-s', "http://127.0.0.1:" . ($port + 1)
    . "/server-status?auto" or die;
my $auto = do { local $/; <$fh> };
close $fh;
my @expiring = $auto =~ /^MTLSExplainExpiring: ([0-9A-F:]{95}) (36[45])$/mg;
ok t_cmp(scalar(@expiring) . ($auto =~ /script|evil|Zo/ ? ' with subject' : ''),
         6, 'server-status?auto: fingerprint and days left of the three year-long ones, no subject');
$server->stop;

# The default: fingerprints only.
my $quiet = MTLSServer->new(
    name => 'expiry-quiet', port => $port + 2, mpm => 'event', children => 1,
    conf => armed_conf(status_port => $port + 3, extra => $extra))->start;
$quiet->curl(paths => ['/win/in'], cert => 'hostile');
open $fh, '-|', 'curl', '-s', "http://127.0.0.1:" . ($port + 3)
    . "/server-status" or die;
$html = do { local $/; <$fh> };
close $fh;
($list) = $html =~ m{(<p>Client certificates inside.*?</table>)}s;
$list //= '';
ok t_cmp(($list =~ /<td>[0-9A-F:]{95}<\/td><td>36[45]<\/td>/ ? 'listed' : 'not listed')
         . ($list =~ /script|evil|Subject/ ? ' with subject' : ''),
         'listed', 'by default the list shows the fingerprint and no subject');
$quiet->stop;
