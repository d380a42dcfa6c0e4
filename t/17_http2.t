# HTTP/2: every verdict, each over fourteen concurrent streams of one
# connection (curl --parallel multiplexes them; t/08_vars.t sends streams
# one after another), on TLS 1.2 and 1.3. Each stream gets its own
# location's decision, found through the master connection's record.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(cert_expectations vhost_port pki);

my %cert = cert_expectations();

# path => [policy, report-only]
my %path = (
    '/require/'             => ['require'],
    '/optional/'            => ['optional'],
    '/nocav/'               => ['optional_no_ca'],
    '/none/'                => ['none'],
    '/default/'             => ['optional'],
    '/report/'              => ['require', 1],
    '/inherit/open/strict/' => ['require'],
);

sub expect {
    my ($c, $path) = @_;
    my ($verdict, undef, $sub, $soft) = @{ $cert{$c} };
    my ($mode, $report) = @{ $path{$path} };
    my $allow = $verdict eq 'ok' || $mode eq 'none'
        || ($c eq 'none' && $mode ne 'require')
        || ($mode eq 'optional_no_ca' && $soft);
    $verdict = 'generous' if $mode eq 'optional_no_ca' && $soft;
    my $action = $allow ? 'allow' : $report ? 'report' : 'deny';
    return ($action eq 'deny' ? 403 : 200,
            "mode=$mode action=$action verdict=$verdict substatus="
            . ($allow ? '' : $sub));
}

my @paths = sort keys %path;
my @streams = (@paths, @paths);
my @tls = ('1.2', '1.3');
my @certs = sort keys %cert;

my $curl = `sh -c 'command -v curl'`;
chomp $curl;
my $h2 = $curl && `$curl -V` =~ /\bHTTP2\b/;

plan tests => @tls * @certs * (@streams * 5 + 1),
    need need_module('ssl'), need_module('http2'),
    need { 'curl with HTTP/2' => $h2 };

my $port = vhost_port('mtls_armed');

# One curl, one connection, all URLs; returns one hash per transfer.
sub run_curl {
    my ($tls, $cert, @paths) = @_;
    my @cmd = ($curl, '-s', '--http2', '--cacert', pki('ca.crt'),
               '--resolve', "localhost:$port:127.0.0.1",
               $tls eq '1.2' ? ('--tlsv1.2', '--tls-max', '1.2')
                             : ('--tlsv1.3'),
               '-w', '%{url_effective}|%{http_version}|%{http_code}|'
                     . '%{num_connects}|%header{x-mtls}|'
                     . '%header{x-client-verify}\n');
    push @cmd, '--parallel';
    push @cmd, '--cert', pki("client-$cert.pem") if $cert ne 'none';
    push @cmd, map { ('-o', '/dev/null', "https://localhost:$port$_") } @paths;
    open my $p, '-|', @cmd or die "curl: $!";
    my @out;
    while (my $line = <$p>) {
        chomp $line;
        my %r;
        @r{qw(url version status connects mtls verify)} = split /\|/, $line, 6;
        ($r{path}) = $r{url} =~ m{^https://[^/]+(/.*)$};
        push @out, \%r;
    }
    close $p;
    return @out;
}

for my $tls (@tls) {
    for my $c (@certs) {
        my $what = "$c, TLS $tls";
        my @out = run_curl($tls, $c, @streams);
        my $connects = 0;
        $connects += $_->{connects} || 0 for @out;
        ok t_cmp("$connects connection(s), " . @out . ' transfers',
                 '1 connection(s), ' . @streams . ' transfers',
                 "$what: one connection");
        # --parallel reports transfers as they finish.
        my @got = sort { $a->{path} cmp $b->{path} } @out;
        my @want = sort @streams;
        for my $i (0 .. $#want) {
            my $r = $got[$i];
            my $path = $want[$i];
            my ($status, $mtls) = expect($c, $path);
            ok t_cmp($r ? $r->{path} : 'missing', $path,
                     "$what, stream " . ($i + 1) . ": answered");
            ok t_cmp($r ? $r->{version} : '', '2', "$what, $path: HTTP/2");
            ok t_cmp($r ? $r->{status} : '', $status, "$what, $path: status");
            ok t_cmp($r ? $r->{mtls} : '', $mtls, "$what, $path: decision");
            # mod_ssl may read GENEROUS for an issuer error in a
            # concurrent TLS 1.2 stream (README); never SUCCESS.
            my $verify = $cert{$c}[3] && $tls eq '1.2'
                ? qr/^(?:GENEROUS|FAILED:.*)$/ : $cert{$c}[1];
            ok t_cmp($r ? $r->{verify} : '', $verify,
                     "$what, $path: SSL_CLIENT_VERIFY");
        }
    }
}
