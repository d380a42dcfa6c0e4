# MTLSExplainRevocationUnknown allow: during a stale CRL and an OCSP
# outage, a certificate whose only fault is that the site could not check
# its revocation is let through at an allow location, flagged
# (MTLS_EXPLAIN_VERDICT=revocation_unknown, MTLS_EXPLAIN_ACTION=allow) and
# announced by MTLS0074; everything else about it is judged as usual:
# expired and (where the CRL still says so) revoked are refused, untrusted,
# self-signed and missing certificates too, a deny location next to it
# still answers 503, SSL_CLIENT_VERIFY stays FAILED and the identity is
# scrubbed unless kept. Subrequests and ErrorDocuments are decided by their
# own location. Each setup runs on a server of its own, stopped by its PID.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use IO::Socket::INET ();

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(pki fetch private_server private_server_stop);

my $pki = pki();

# A port nobody listens on: the OCSP responder is down.
my $down = do {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                  Proto => 'tcp', Listen => 1) or die $!;
    my $p = $s->sockport;
    close $s;
    $p;
};

my %setups = (
    crl  => "    SSLCARevocationFile $pki/crl-stale.pem\n"
          . "    SSLCARevocationCheck leaf\n",
    ocsp => "    SSLOCSPEnable leaf\n"
          . "    SSLOCSPDefaultResponder http://127.0.0.1:$down/\n"
          . "    SSLOCSPOverrideResponder on\n"
          . "    SSLOCSPResponderTimeout 2\n",
);

sub host_conf {
    my ($revocation, $ca) = @_;
    return <<"CONF";
<VirtualHost 127.0.0.1:\@port\@>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile $pki/server.crt
    SSLCertificateKeyFile $pki/server.key
    SSLCACertificateFile $pki/$ca.crt
    SSLVerifyClient optional_no_ca
$revocation    MTLSExplain On
    MTLSExplainVerifyClient require
    Options +Includes
    <Files "*.shtml">
        SetOutputFilter INCLUDES
    </Files>
    Header always set X-MTLS "verdict=%{MTLS_EXPLAIN_VERDICT}e action=%{MTLS_EXPLAIN_ACTION}e substatus=%{MTLS_EXPLAIN_SUBSTATUS}e"
    Header always set X-Verify "%{SSL_CLIENT_VERIFY}s"
    Header always set X-DN "%{SSL_CLIENT_S_DN}s"
    <Location /allow>
        MTLSExplainRevocationUnknown allow
    </Location>
    <Location /allow/keep>
        MTLSExplainIdentity keep
    </Location>
    <Location /allow/deny>
        MTLSExplainRevocationUnknown deny
    </Location>
    <Location /allow/missing>
        ErrorDocument 404 /strict/notfound.html
    </Location>
    <Location /metrics>
        MTLSExplainVerifyClient none
        SetHandler mtls-explain-metrics
    </Location>
</VirtualHost>
CONF
}

# [path, cert, status, verdict, action, substatus]; revoked_ocsp: what a
# revoked certificate gets while the responder is down, the trade-off.
my @cases = (
    ['/allow/index.html',      'valid', 200, 'revocation_unknown', 'allow', ''],
    ['/allow/keep/index.html', 'valid', 200, 'revocation_unknown', 'allow', ''],
    ['/',            'valid',      503, 'revocation_unknown', 'deny',  '503'],
    ['/allow/deny/', 'valid',      503, 'revocation_unknown', 'deny',  '503'],
    ['/allow/',      'revoked',    'revoked'],
    ['/allow/',      'expired',    403, 'expired',            'deny',  '403.17'],
    ['/allow/',      'otherca',    403, 'untrusted',          'deny',  '403.16'],
    ['/allow/',      'selfsigned', 403, 'untrusted',          'deny',  '403.16'],
    ['/allow/',      'none',       403, 'none',               'deny',  '403.7'],
);
my %revoked = (
    crl  => [403, 'revoked', 'deny', '403.13'],
    ocsp => [200, 'revocation_unknown', 'allow', ''],
);
# With OCSP on, mod_ssl will not ask about a certificate whose issuer it
# has not verified, and refuses it as an application verification failure.
my %untrusted = (crl => 'untrusted', ocsp => 'invalid');
my @tls = ('1.2', '1.3');

my $allow_cases = grep { ($_->[4] // '') eq 'allow' } @cases;
my $checks = 0;
for my $setup (keys %revoked) {
    my $n = $allow_cases + ($revoked{$setup}[2] eq 'allow' ? 1 : 0);
    $checks += @tls * (2 * @cases + 2 * $n) + 9;
}

plan tests => $checks + 2 * @tls + 1,
    need need_module('ssl'), need_module('headers'),
    need_module('include');

my @mods = qw(authz_core ssl headers include);
my $srv;
END { private_server_stop($srv) if $srv }

sub write_file {
    my ($path, $text) = @_;
    (my $dir = $path) =~ s{/[^/]+$}{};
    mkdir $dir;
    open my $fh, '>', $path or die "$path: $!";
    print $fh $text;
    close $fh;
}

for my $setup (qw(crl ocsp)) {
    $srv = private_server(after => \@mods,
                          conf => host_conf($setups{$setup}, 'ca'));
    my $d = $srv->{dir};
    write_file("$d/allow/index.html", "ALLOWED\n");
    write_file("$d/allow/keep/index.html", "KEPT\n");
    write_file("$d/allow/inc.html", "ALLOW-INCLUDED\n");
    write_file("$d/allow/page.shtml",
        qq{<!--#config errmsg="[include refused]" -->}
        . qq{<!--#include virtual="/allow/inc.html" -->}
        . qq{<!--#include virtual="/strict/inc.html" -->\n});
    write_file("$d/strict/inc.html", "STRICT-INCLUDED\n");
    write_file("$d/strict/notfound.html", "STRICT-NOTFOUND\n");
    my $allowed = 0;

    for my $tls (@tls) {
        for my $case (@cases) {
            my ($path, $cert, @want) = @$case;
            @want = @{ $revoked{$setup} } if $want[0] eq 'revoked';
            my ($status, $verdict, $action, $sub) = @want;
            $verdict = $untrusted{$setup} if $verdict eq 'untrusted';
            my $what = "$setup, $cert at $path over TLS $tls";
            $path .= 'index.html' if $cert eq 'revoked' && $status == 200;
            my $res = fetch(port => $srv->{port}, path => $path,
                            cert => $cert eq 'none' ? undef : $cert,
                            tls => $tls);
            $allowed++ if $action eq 'allow';
            ok t_cmp($res->{status}, $status, "$what: status");
            ok t_cmp($res->{headers}{'x-mtls'} // '',
                     "verdict=$verdict action=$action substatus=$sub",
                     "$what: verdict, action, sub-status");
            next unless $action eq 'allow';
            # mod_ssl keeps telling its own truth
            ok t_cmp($res->{headers}{'x-verify'} // '', qr/^FAILED:/,
                     "$what: SSL_CLIENT_VERIFY is not SUCCESS");
            ok t_cmp($res->{headers}{'x-dn'} // '',
                     $path =~ /keep/ ? qr/CN=valid user/ : qr/^(?:|\(null\))$/,
                     "$what: identity "
                     . ($path =~ /keep/ ? 'kept' : 'scrubbed'));
        }
    }

    my $page = fetch(port => $srv->{port}, path => '/allow/page.shtml',
                     cert => 'valid');
    $allowed++;
    ok t_cmp($page->{status}, 200, "$setup: SSI page at an allow location");
    ok t_cmp($page->{body},
             qr/ALLOW-INCLUDED\n\[include refused\]/,
             "$setup: its subrequests are decided by their own locations");
    my $nf = fetch(port => $srv->{port}, path => '/allow/missing/x',
                   cert => 'valid');
    $allowed++;
    ok t_cmp($nf->{body} !~ /STRICT-NOTFOUND/ ? $nf->{status} : 'leaked',
             503, "$setup: an ErrorDocument in a deny location is refused "
             . "there, not shown");

    my $m = fetch(port => $srv->{port}, path => '/metrics')->{body} // '';
    my $n = 0;
    $n += $1 while $m =~ /^mtls_explain_decisions_total\{[^}]*verdict="revocation_unknown",action="allow"\} (\d+)$/mg;
    ok t_cmp($n, $allowed,
             "$setup: metrics count every request let through by allow");
    ok t_cmp($m =~ /^mtls_explain_decisions_total\{[^}]*verdict="revocation_unknown",action="deny"\} \d+$/m ? 1 : 0,
             1, "$setup: and the refused ones apart");

    open my $log, '<', "$d/error_log" or die $!;
    my @log = <$log>;
    close $log;
    my @lines = grep { /MTLS0074: / } @log;
    # one line per process and minute at most: event runs a few
    ok t_cmp(@lines >= 1 && @lines <= 3 ? 1 : 0, 1,
             "$setup: MTLS0074 logged, not once per request (" . @lines
             . " lines for $allowed requests let through)");
    ok t_cmp($lines[0] // '',
             qr/\[mtls_explain:warn\] .*MTLS0074: revocation could not be checked \([^)]+\), and MTLSExplainRevocationUnknown allow lets the client certificate through unchecked: .* uri="\/allow\/[^"]*" subject="[^"]+"/,
             "$setup: MTLS0074 at warn names the request and the certificate");
    ok t_cmp(scalar(grep { /MTLS0074: .*uri="\/(?:allow\/deny\/)?"/ } @log), 0,
             "$setup: no MTLS0074 for a request refused");
    ok t_cmp(private_server_stop($srv), 1, "$setup: server stopped by its PID");
    undef $srv;
}

# An untrusted chain (leaf and intermediate, the intermediate's issuer
# unknown here) with OCSP on: mod_ssl cannot ask about the leaf, which is
# the certificate's fault, never the responder's; allow lets nothing through.
$srv = private_server(after => \@mods,
                      conf => host_conf($setups{ocsp}, 'other-ca'));
for my $tls (@tls) {
    my $res = fetch(port => $srv->{port}, path => '/allow/', cert => 'viaint',
                    tls => $tls);
    ok t_cmp($res->{status}, 403,
             "untrusted chain with OCSP over TLS $tls: refused at allow");
    ok t_cmp($res->{headers}{'x-mtls'} // '',
             qr/^verdict=invalid action=deny substatus=403\.16$/,
             "untrusted chain with OCSP over TLS $tls: 403.16, not the site's");
}
ok t_cmp(private_server_stop($srv), 1, 'untrusted chain: server stopped');
undef $srv;
