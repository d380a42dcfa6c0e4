# Require mtls-cert: each clause granting the certificates it names and
# refusing the others, several clauses on one line, <RequireAny> and
# <RequireAll>, forged attributes, certificates that failed verification
# (never matched, even where the location lets them through), HTTP/2
# streams and keep-alive requests on one connection, and a host that is
# not armed (t/conf/certreq.conf.in).
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(fetch tls_connect http_request vhost_port pki session_cache);

# t/make-pki.sh: finance (O=Example, OU=Finance, a SAN of each type, a
# policy, EKUs clientAuth and emailProtection), sales (OU=Sales), forged
# (CNs "x,O=Example" and "x/OU=Finance"), valid (O=mtls-explain tests), all
# from the root CA; financeother, finance's name from the other trusted CA;
# signing (OU=Finance, emailProtection only: fails verification) and
# selfsigned (O=mtls-explain tests: an issuer error); many (O=Example, 70
# OUs u1..u70 then the CN, 70 DNS names d1..d70.example.com); none.
my @certs = qw(finance sales forged valid financeother many signing
               selfsigned none);

# path => the certificates granted; every other one gets 403
my %granted = (
    'subject-ou'        => [qw(finance financeother)],
    'subject-o'         => [qw(finance sales financeother many)],
    'subject-cn-forged' => [qw(forged)],
    'issuer'            => [qw(finance sales forged valid many)],
    'issuer-other'      => [qw(financeother)],
    'san-email'         => [qw(finance financeother)],
    'san-dns'           => [qw(finance financeother)],
    'san-uri'           => [qw(finance financeother)],
    'san-uri-other'     => [],
    'fingerprint'       => [qw(finance)],
    'spki'              => [qw(finance)],
    'eku-email'         => [qw(finance financeother)],
    'eku-code'          => [],
    'policy'            => [qw(finance financeother)],
    'line'              => [qw(finance)],
    'line-unmet'        => [],
    'any'               => [qw(finance sales financeother)],
    'all'               => [qw(finance financeother many)],
    'any-ip'            => [qw(finance sales forged valid many)],
    'req/finance'       => [qw(finance financeother)],
    'nocav'             => [qw(forged valid)],
    'example/finance'   => [qw(finance)],
    'none-sales'        => [qw(finance forged valid many)],
    'bound-ou-in'       => [qw(many)],
    'bound-ou-out'      => [],
    'bound-cn'          => [],
    'bound-dns-in'      => [qw(many)],
    'bound-dns-out'     => [],
);
my @paths = sort keys %granted;
my @tls = ('1.2', '1.3');

my $curl = `sh -c 'command -v curl'`;
chomp $curl;
# mod_http2 is not loaded under prefork (t/TEST.PL)
my $h2 = $curl && `$curl -V` =~ /\bHTTP2\b/ && have_module('http2');

plan tests => @tls * @certs * @paths + 6 + @tls * 2 + 2 * 5 + 3 + 2 + 4 * 3,
    need_module('ssl');

my $port = vhost_port('mtls_certreq');

# Not a test: under valgrind (make valgrind) the first TLS request to a
# host can outlast the client's timeout.
fetch(port => $port, path => '/cr/any-ip', cert => 'finance');

for my $tls (@tls) {
    for my $cert (@certs) {
        for my $path (@paths) {
            my $want = (grep { $_ eq $cert } @{ $granted{$path} }) ? 200 : 403;
            my $res = fetch(port => $port, path => "/cr/$path", tls => $tls,
                            $cert eq 'none' ? () : (cert => $cert));
            ok t_cmp($res->{status}, $want, "TLS $tls, $cert, /cr/$path");
        }
    }
}

# The fields are taken once and kept for the connection's next requests.
{
    my $sock = tls_connect(port => $port, cert => 'finance', must => 1);
    my @seq = (['/cr/subject-ou', 200], ['/cr/eku-code', 403],
               ['/cr/policy', 200], ['/cr/san-uri-other', 403],
               ['/cr/fingerprint', 200], ['/cr/all', 200]);
    for my $s (@seq) {
        my $res = http_request($sock, $s->[0]);
        ok t_cmp($res ? $res->{status} : 'none', $s->[1],
                 "keep-alive, finance: $s->[0]");
    }
    $sock->close;
}

# A resumed session carries the certificate it verified, and the fields
# come from it; a failed one is never resumed (README) and stays refused.
for my $tls (@tls) {
    for my $c (['finance', 200, 1], ['signing', 403, 0]) {
        my ($cert, $want, $resumed) = @$c;
        my $cache = session_cache();
        my @got;
        for my $path ('/cr/subject-ou', '/cr/san-uri') {
            my $res = fetch(port => $port, path => $path, tls => $tls,
                            cert => $cert, cache => $cache);
            push @got, "$res->{status} reused=$res->{reused}";
        }
        ok t_cmp("@got", "$want reused=0 $want reused=$resumed",
                 "TLS $tls, $cert: a full handshake, then "
                 . ($resumed ? 'a resumed one' : 'another full one'));
    }
}

# HTTP/2: streams run in other threads than the connection's, in parallel.
if (!$h2) {
    skip('needs curl with HTTP/2 and mod_http2') for 1 .. 2 * 5;
}
else {
    for my $c (['finance', 200, 200, 403, 200, 200],
               ['sales', 403, 403, 403, 200, 403]) {
        my ($cert, @want) = @$c;
        my @p = qw(subject-ou spki eku-code any line);
        my @cmd = ($curl, '-s', '--no-progress-meter', '--http2',
                   '--parallel', '--cacert', pki('ca.crt'), '--resolve', "localhost:$port:127.0.0.1",
                   '--cert', pki("client-$cert.pem"),
                   '-w', '%{url_effective} %{http_version} %{http_code}\n',
                   map { ('-o', '/dev/null', "https://localhost:$port/cr/$_") } @p);
        open my $fh, '-|', @cmd or die "curl: $!";
        my %got;
        while (my $line = <$fh>) {
            my ($url, $version, $code) = split ' ', $line;
            my ($path) = $url =~ m{/cr/(.*)$};
            $got{$path} = "HTTP/$version $code";
        }
        close $fh;
        for my $i (0 .. $#p) {
            ok t_cmp($got{ $p[$i] } // 'no answer', "HTTP/2 $want[$i]",
                     "HTTP/2, $cert: /cr/$p[$i]");
        }
    }
}

# From .htaccess, parsed when a request reads it; a bad clause there is
# the request's 500.
for my $c (['finance', '/crht/ok.txt', 200], ['sales', '/crht/ok.txt', 403],
           ['finance', '/crht/bad/ok.txt', 500]) {
    my ($cert, $path, $want) = @$c;
    my $res = fetch(port => $port, path => $path, cert => $cert);
    ok t_cmp($res->{status}, $want, ".htaccess, $cert: $path");
}

# Not armed: mod_ssl verified the certificate, the module did not.
{
    my $uport = vhost_port('mtls_certreq_unarmed');
    my $res = fetch(port => $uport, path => '/cr/open', cert => 'finance');
    ok t_cmp($res->{status}, 200, 'unarmed host: the connection works');
    $res = fetch(port => $uport, path => '/cr/subject-ou', cert => 'finance');
    ok t_cmp($res->{status}, 403, 'unarmed host: Require mtls-cert denies');
}

# The module's own refusal comes first where the location requires a
# certificate; authorization then refuses a verified one that does not
# meet the clauses with the 403.12 page (the README's worked example).
for my $c (['signing', 'module', qr/403\.16/, 'failed'],
           ['none', 'module', qr/403\.7/, 'no certificate'],
           ['sales', 'module', qr/403\.12/, 'another department'],
           ['financeother', 'module', qr/403\.12/, 'the other CA']) {
    my ($cert, $who, $body, $what) = @$c;
    my $res = fetch(port => $port, path => '/cr/example/finance',
                    $cert eq 'none' ? () : (cert => $cert));
    ok t_cmp($res->{status}, 403, "worked example, $what: 403");
    ok t_cmp(($res->{headers}{vary} // '') =~ /Accept-Language/
             ? 'module' : 'apache', $who, "worked example, $what: refused by");
    ok t_cmp($res->{body} // '', $body, "worked example, $what: body");
}
