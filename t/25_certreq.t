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
use MTLSTest qw(fetch tls_connect http_request vhost_port pki);

# certificate => what it is (t/make-pki.sh)
my @certs = qw(finance sales forged valid signing financeother none);

# path => the certificates granted; every other one gets 403
my %granted = (
    'subject-ou'        => [qw(finance)],
    'subject-o'         => [qw(finance sales)],
    'subject-cn-forged' => [qw(forged)],
    'issuer'            => [qw(finance sales forged valid)],
    'issuer-other'      => [],
    'san-email'         => [qw(finance)],
    'san-dns'           => [qw(finance)],
    'san-uri'           => [qw(finance)],
    'san-uri-other'     => [],
    'fingerprint'       => [qw(finance)],
    'spki'              => [qw(finance)],
    'eku-email'         => [qw(finance)],
    'eku-code'          => [],
    'policy'            => [qw(finance)],
    'line'              => [qw(finance)],
    'line-unmet'        => [],
    'any'               => [qw(finance sales)],
    'all'               => [qw(finance)],
    'any-ip'            => [qw(finance sales forged valid)],
    'req/finance'       => [qw(finance)],
);
my @paths = sort keys %granted;
my @tls = ('1.2', '1.3');

my $curl = `sh -c 'command -v curl'`;
chomp $curl;
my $h2 = $curl && `$curl -V` =~ /\bHTTP2\b/;

plan tests => @tls * @certs * @paths + 6 + 2 * 5 + 2 + 2,
    need need_module('ssl'), need_module('http2'),
    need { 'curl with HTTP/2' => $h2 };

my $port = vhost_port('mtls_certreq');

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

# HTTP/2: streams run in other threads than the connection's, in parallel.
for my $c (['finance', 200, 200, 403, 200, 200], ['sales', 403, 403, 403, 200, 403]) {
    my ($cert, @want) = @$c;
    my @p = qw(subject-ou spki eku-code any line);
    my @cmd = ($curl, '-s', '--no-progress-meter', '--http2', '--parallel', '--cacert', pki('ca.crt'),
               '--resolve', "localhost:$port:127.0.0.1",
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

# Not armed: mod_ssl verified the certificate, the module did not.
{
    my $uport = vhost_port('mtls_certreq_unarmed');
    my $res = fetch(port => $uport, path => '/cr/open', cert => 'finance');
    ok t_cmp($res->{status}, 200, 'unarmed host: the connection works');
    $res = fetch(port => $uport, path => '/cr/subject-ou', cert => 'finance');
    ok t_cmp($res->{status}, 403, 'unarmed host: Require mtls-cert denies');
}

# The module's own refusal comes first where the location requires a
# certificate; authorization then refuses a good one of the wrong
# department with Apache's plain 403.
{
    my $res = fetch(port => $port, path => '/cr/req/finance', cert => 'signing');
    ok t_cmp($res->{headers}{'content-type'} // '', qr{^text/html},
             'failed certificate under require: the module\'s page');
    $res = fetch(port => $port, path => '/cr/req/finance', cert => 'sales');
    ok t_cmp($res->{body} // '', qr/You don't have permission/,
             'wrong department: Apache\'s own 403');
}
