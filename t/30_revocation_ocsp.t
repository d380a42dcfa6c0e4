# The site's OCSP responder failing: down (nothing listening), silent
# (listening, never answering: SSLOCSPResponderTimeout), answering HTTP
# 500, answering with a response signed by a key mod_ssl does not trust,
# and answering "unknown". A valid certificate gets a 503 that blames the
# site; a good answer lets it through and a "revoked" one still gets
# 403.13; an expired certificate is still 403.17. With a stale CRL as
# well, a certificate the responder knows to be revoked is 403.13, not the
# site's 503, and not let through where MTLSExplainRevocationUnknown
# allows the site's failures. The answers come from
# the real `openssl ocsp` (index mode, -reqin/-respout) behind a small
# HTTP front bound to 127.0.0.1, as `openssl ocsp -port` cannot be bound
# to loopback. Every server is stopped by its own PID.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use File::Temp ();
use IO::Socket::INET ();
use POSIX ();

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(pki fetch private_server private_server_stop);

# [mode, cert, status, verdict]
my @cases = (
    ['good',    'valid',   404, 'ok'],
    ['good',    'revoked', 403, 'revoked'],
    ['unknown', 'valid',   503, 'revocation_unknown'],
    ['unknown', 'expired', 403, 'expired'],
    ['badsig',  'valid',   503, 'revocation_unknown'],
    ['http500', 'valid',   503, 'revocation_unknown'],
    ['silent',  'valid',   503, 'revocation_unknown'],
    ['down',    'valid',   503, 'revocation_unknown'],
    ['down',    'revoked', 503, 'revocation_unknown'],
    # the CRL is stale, and the responder (whose answer mod_ssl verifies
    # against SSLOCSPResponderCertificateFile, not the store) says the
    # valid certificate is revoked: that is no fault of the site's
    ['stalecrl', 'valid',  403, 'revoked'],
);
my @tls = ('1.2', '1.3');
my $repeat = 6;

plan tests => @cases * @tls * 2 + 5 + 2 * 7 + @tls, need need_module('ssl'),
    need_module('headers');

my $pki = pki();
my $db = "$pki/ca-db";
my %index = (good => "$db/ca.index", unknown => "$db/ocsp-empty.index",
             badsig => "$db/ca.index");

# The CA's index with the valid client certificate revoked: a revocation
# only the responder knows, not the (stale) CRL.
{
    my ($serial) = `openssl x509 -in $pki/client-valid.crt -noout -serial`
        =~ /^serial=(\w+)$/m or die "no serial of client-valid.crt";
    my $copy = Apache::Test::config()->{vars}{t_logs} . '/ocsp-revoked.index';
    open my $in, '<', $index{good} or die "$index{good}: $!";
    open my $out, '>', $copy or die "$copy: $!";
    my $found = 0;
    while (my $line = <$in>) {
        $found += $line =~ s/^V\t(\w+)\t\t\Q$serial\E\t/R\t$1\t260101000000Z,keyCompromise\t$serial\t/;
        print $out $line;
    }
    close $out;
    die "serial $serial not in $index{good}" unless $found == 1;
    $index{stalecrl} = $copy;
}
my %signer = (badsig => 'other-ca');

# A listening socket on 127.0.0.1 and, unless the responder is to stay
# silent, a child answering on it; down: a port nobody listens on.
sub start_responder {
    my ($mode) = @_;
    my $sock = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
        LocalPort => 0, Proto => 'tcp', Listen => 16, ReuseAddr => 1)
        or die "listen: $!";
    my $port = $sock->sockport;
    if ($mode eq 'down') {
        close $sock;
        return { port => $port };
    }
    return { port => $port, sock => $sock } if $mode eq 'silent';
    # made (and removed) by the parent: the child leaves by _exit, so that
    # the test's END blocks run in the parent only
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        while (my $c = $sock->accept) {
            my $len = 0;
            while (my $line = <$c>) {
                $len = $1 if $line =~ /^Content-Length:\s*(\d+)/i;
                last if $line =~ /^\r?\n$/;
            }
            my $req = '';
            read($c, $req, $len) if $len;
            if ($mode eq 'http500') {
                print $c "HTTP/1.0 500 Internal Server Error\r\n"
                    . "Content-Length: 0\r\n\r\n";
                close $c;
                next;
            }
            open my $f, '>:raw', "$dir/req.der" or POSIX::_exit(1);
            print $f $req;
            close $f;
            my $s = $signer{$mode} || 'ca';
            system('openssl', 'ocsp', '-index', $index{$mode},
                   '-rsigner', "$pki/$s.crt", '-rkey', "$pki/$s.key",
                   '-CA', "$pki/ca.crt", '-reqin', "$dir/req.der",
                   '-respout', "$dir/resp.der") == 0
                or POSIX::_exit(1);
            open $f, '<:raw', "$dir/resp.der" or POSIX::_exit(1);
            my $resp = do { local $/; <$f> };
            close $f;
            print $c "HTTP/1.0 200 OK\r\nContent-Type: "
                . "application/ocsp-response\r\nContent-Length: "
                . length($resp) . "\r\n\r\n$resp";
            close $c;
        }
        POSIX::_exit(0);
    }
    close $sock;
    return { port => $port, pid => $pid };
}

sub stop_responder {
    my ($r) = @_;
    close $r->{sock} if $r->{sock};
    return 1 unless $r->{pid};
    kill 'TERM', $r->{pid};
    my $gone = waitpid($r->{pid}, 0) == $r->{pid};
    delete $r->{pid};
    return $gone;
}

sub host_conf {
    my ($rport, $mode) = @_;
    my $crl = $mode eq 'stalecrl' ? <<"CRL" : '';
    SSLCARevocationFile $pki/crl-stale.pem
    SSLCARevocationCheck leaf
    SSLOCSPResponderCertificateFile $pki/ca.crt
    <Location /allow>
        MTLSExplainRevocationUnknown allow
    </Location>
CRL
    return <<"CONF";
<VirtualHost 127.0.0.1:\@port\@>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile $pki/server.crt
    SSLCertificateKeyFile $pki/server.key
    SSLCACertificateFile $pki/ca.crt
    SSLVerifyClient optional_no_ca
    SSLOCSPEnable leaf
    SSLOCSPDefaultResponder http://127.0.0.1:$rport/
    SSLOCSPOverrideResponder on
    SSLOCSPResponderTimeout 2
$crl    MTLSExplain On
    MTLSExplainVerifyClient require
    Header always set X-MTLS "verdict=%{MTLS_EXPLAIN_VERDICT}e"
    <Location /metrics>
        MTLSExplainVerifyClient none
        SetHandler mtls-explain-metrics
    </Location>
</VirtualHost>
CONF
}

my @mods = qw(authz_core ssl headers);
my (%responder, $srv);
END {
    private_server_stop($srv) if $srv;
    stop_responder($_) for values %responder;
}

my %by_mode;
push @{ $by_mode{$_->[0]} }, $_ for @cases;
for my $mode (qw(good unknown badsig http500 silent down stalecrl)) {
    $responder{$mode} = start_responder($mode);
    $srv = private_server(after => \@mods,
                          conf => host_conf($responder{$mode}{port}, $mode));
    for my $tls (@tls) {
        for my $case (@{ $by_mode{$mode} }) {
            my (undef, $cert, $status, $verdict) = @$case;
            my $what = "OCSP $mode, $cert over TLS $tls";
            my $res = fetch(port => $srv->{port}, path => '/',
                            cert => $cert, tls => $tls);
            ok t_cmp($res->{status}, $status, "$what: status");
            ok t_cmp($res->{headers}{'x-mtls'} // '', "verdict=$verdict",
                     "$what: verdict");
        }
    }
    if ($mode eq 'stalecrl') {
        for my $tls (@tls) {
            my $res = fetch(port => $srv->{port}, path => '/allow/',
                            cert => 'valid', tls => $tls);
            ok t_cmp($res->{status} . ' ' . ($res->{headers}{'x-mtls'} // ''),
                     '403 verdict=revoked',
                     "OCSP revoked, CRL stale, TLS $tls: refused where the "
                     . "site's failures are let through");
        }
    }
    if ($mode eq 'down') {
        my $res = fetch(port => $srv->{port}, path => '/', cert => 'valid',
                        headers => { Accept => 'application/problem+json' });
        ok t_cmp($res->{headers}{'retry-after'} // '', '300',
                 'responder down: Retry-After');
        ok t_cmp($res->{headers}{'cache-control'} // '', 'no-store',
                 'responder down: not cached');
        fetch(port => $srv->{port}, path => '/', cert => 'valid')
            for 1 .. $repeat;
        open my $log, '<', "$srv->{dir}/error_log" or die $!;
        my @lines = grep { /MTLS0073: / } <$log>;
        close $log;
        # one line per process and minute at most: event runs a few
        ok t_cmp(@lines >= 1 && @lines <= 3 ? 1 : 0, 1,
                 'MTLS0073 logged, not once per request (' . @lines
                 . ' lines for ' . ($repeat + 4 + 1) . ' refusals)');
        my $m = fetch(port => $srv->{port}, path => '/metrics')->{body};
        my ($n503) = $m =~ /^mtls_explain_revocation_unavailable_total\{[^}]*\} (\d+)$/m;
        my ($nhs) = $m =~ /^mtls_explain_handshakes_total\{[^}]*session="full",outcome="revocation_unknown"\} (\d+)$/m;
        my $sent = @tls * @{ $by_mode{down} } + 1 + $repeat;
        ok t_cmp(($n503 // 'none') . ' ' . ($nhs // 'none'), "$sent $sent",
                 'metrics: every 503 counted, and each handshake by its outcome');
        ok t_cmp($lines[0] // '',
                 qr/\[mtls_explain:error\] .*MTLS0073: revocation could not be checked: the OCSP responder for certificates of "[^"]*Test Root CA" \(none in the certificate: SSLOCSPDefaultResponder\) gave no usable answer/,
                 'MTLS0073 names the CA and the responder');
    }
    my $stopped = private_server_stop($srv);
    undef $srv;
    my $r = delete $responder{$mode};
    my $pid = $r->{pid};
    my $rstopped = stop_responder($r);
    ok t_cmp("$stopped $rstopped", '1 1',
             "OCSP $mode: server and responder stopped by their PIDs");
    ok t_cmp($pid && kill(0, $pid) ? 1 : 0, 0,
             "OCSP $mode: no responder process left");
}
