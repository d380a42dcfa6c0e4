# Identity containment: where a location lets a failed certificate through
# (none, report-only, optional_no_ca), nothing the certificate claims
# reaches the application: no SSL_CLIENT_* variable (environment,
# ap_ssl_var_lookup, ap_expr, SSL()), no r->user from SSLUserName or
# FakeBasicAuth, no grant from Require or SSLRequire on what it says.
# The application sees what it sees with no certificate (the baseline,
# tested alongside). MTLSExplainIdentity keep restores mod_ssl's own
# behaviour; a valid certificate is never affected.  TLS 1.2 and 1.3, several requests per
# connection (mod_ssl resets its verify result on every TLS 1.2 request),
# and HTTP/2 streams.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(pki vhost_port tls_connect http_request);

my $port = vhost_port('mtls_ident');

# FakeBasicAuth's user file: the valid, expired and self-signed
# certificates' names with mod_ssl's fixed password, so that only the
# module can keep the failed ones out.
my $passwd = Apache::Test::config()->{vars}{t_logs} . '/fakebasic.passwd';
open my $pw, '>', $passwd or die "$passwd: $!";
print $pw "/O=mtls-explain tests/CN=$_ user:xxj31ZMTZzkVA\n"
    for qw(valid expired selfsigned);
close $pw;
chmod 0644, $passwd;

my @failed = qw(expired revoked selfsigned otherca);
# the baseline: no certificate at all
my $none = 'no certificate';
my @good   = qw(valid viaint);
my %issuer_only = (selfsigned => 1, otherca => 1);

# What the application sees with no certificate at all, but for
# SSL_CLIENT_VERIFY, which says FAILED (or NONE with no certificate).
sub scrubbed {
    my ($res, $what, $verify) = @_;
    $verify ||= qr/^FAILED:/;
    my $b = $res->{body};
    my $h = $res->{headers};
    for my $var (qw(s_dn s_dn_cn i_dn i_dn_cn serial v_end chain0
                    remote_user)) {
        ok t_cmp($b =~ /^$var=(.*)$/m ? $1 : 'missing', '(unset)',
                 "$what: SSI $var");
    }
    # +ExportCertData sets it, empty, when there is no certificate
    ok t_cmp($b =~ /^cert=(.*)$/m ? $1 : 'missing', '', "$what: SSI cert");
    # mod_headers writes (null) for an empty value
    ok t_cmp($h->{'x-var-dn'} // '', '(null)', "$what: %{SSL_CLIENT_S_DN}s");
    ok t_cmp($h->{'x-var-serial'} // '', '(null)', "$what: %{SSL_CLIENT_M_SERIAL}s");
    ok t_cmp($h->{'x-func-cert'} // '', '', "$what: ap_expr SSL(SSL_CLIENT_CERT)");
    ok t_cmp($h->{'x-env-dn'} // '', '(null)', "$what: %{SSL_CLIENT_S_DN}e");
    ok t_cmp($h->{'x-rewrite-cn'} // '', '(null)', "$what: mod_rewrite %{SSL:SSL_CLIENT_S_DN_CN}");
    ok t_cmp($h->{'x-expr-cn'} // '', '', "$what: ap_expr SSL_CLIENT_S_DN_CN");
    ok t_cmp($h->{'x-expr-i-cn'} // '', '', "$what: ap_expr SSL_CLIENT_I_DN_CN");
    ok t_cmp($h->{'x-func-cn'} // '', '', "$what: ap_expr SSL()");
    ok t_cmp($h->{'x-ext'} // '', '', "$what: ap_expr PeerExtList");
    ok t_cmp($h->{'x-user'} // '', '', "$what: REMOTE_USER");
    ok t_cmp($h->{'x-verify'} // '', $verify, "$what: SSL_CLIENT_VERIFY");
    ok t_cmp($b =~ /^verify=(.*)$/m ? $1 : 'missing', $verify,
             "$what: SSI SSL_CLIENT_VERIFY");
}
use constant SCRUBBED_TESTS => 21;

sub exposed {
    my ($res, $cert, $what) = @_;
    my $b = $res->{body};
    my $h = $res->{headers};
    my $cn = "$cert user";
    ok t_cmp($b, qr/^s_dn=CN=\Q$cn\E,O=mtls-explain tests$/m, "$what: SSI s_dn");
    ok t_cmp($b, qr/^s_dn_cn=\Q$cn\E$/m, "$what: SSI s_dn_cn");
    ok t_cmp($b, qr/^serial=[0-9A-F]+$/m, "$what: SSI serial");
    ok t_cmp($b, qr/^cert=-----BEGIN CERTIFICATE-----/m, "$what: SSI cert");
    ok t_cmp($h->{'x-var-dn'} // '', "CN=$cn,O=mtls-explain tests",
             "$what: %{SSL_CLIENT_S_DN}s");
    ok t_cmp($h->{'x-env-dn'} // '', "CN=$cn,O=mtls-explain tests",
             "$what: %{SSL_CLIENT_S_DN}e");
    ok t_cmp($h->{'x-func-cert'} // '', qr/^-----BEGIN%20CERTIFICATE/,
             "$what: ap_expr SSL(SSL_CLIENT_CERT)");
    ok t_cmp($h->{'x-expr-cn'} // '', $cn, "$what: ap_expr SSL_CLIENT_S_DN_CN");
    ok t_cmp($h->{'x-rewrite-cn'} // '', $cn, "$what: mod_rewrite %{SSL:SSL_CLIENT_S_DN_CN}");
    ok t_cmp($h->{'x-func-cn'} // '', $cn, "$what: ap_expr SSL()");
    ok t_cmp($h->{'x-ext'} // '', 'clientAuth',
             "$what: ap_expr PeerExtList");
}
use constant EXPOSED_TESTS => 11;

# What each path must answer: a list of checks per certificate.  A check
# is a status, or the name of a check below.
my %bad = map { $_ => 1 } @failed;
my %nocert = (
    '/id/none' => [200, 'absent'], '/id/report' => [200, 'absent'],
    '/id/nocav' => [200, 'absent'], '/id/keep' => [200, 'absent'],
    '/id/keep/scrub' => [200, 'absent'], '/id/user' => [200, 'no_user'],
    '/id/keep/user' => [200, 'no_user'], '/id/fake' => [401, 'no_user'],
    '/id/if' => [200, 'if_no_cn'],
);
my @paths = (
    ['/id/none',   sub { $bad{$_[0]} ? (200, 'scrubbed') : (200, 'exposed') }],
    ['/id/report', sub { $bad{$_[0]} ? (200, 'scrubbed') : (200, 'exposed') }],
    ['/id/nocav',  sub { !$bad{$_[0]} ? (200, 'exposed')
                         : $issuer_only{$_[0]} ? (200, 'scrubbed') : (403) }],
    ['/id/keep',   sub { (200, 'exposed') }],
    ['/id/keep/scrub', sub { $bad{$_[0]} ? (200, 'scrubbed') : (200, 'exposed') }],
    ['/id/user',   sub { (200, $bad{$_[0]} ? 'no_user' : 'cn_user') }],
    ['/id/keep/user', sub { (200, 'cn_user') }],
    # viaint is not in the user file: refused as any unknown user
    ['/id/fake',   sub { $_[0] eq 'valid' ? (200, 'dn_user') : (401, 'no_user') }],
    # the list names valid, expired and selfsigned, not viaint
    ['/id/sslrequire',        sub { $_[0] eq 'valid' ? 200 : 403 }],
    # SSLRequire runs in mod_ssl's access hook, after its reset of the
    # verify result on TLS 1.2: it must still read FAILED
    ['/id/sslrequire-verify', sub { $bad{$_[0]} ? 200 : 403 }],
    ['/id/authz/verify',      sub { $bad{$_[0]} ? 403 : 200 }],
    ['/id/authz/success',     sub { $bad{$_[0]} ? 403 : 200 }],
    ['/id/authz/cn',          sub { $_[0] eq 'valid' ? 200 : 403 }],
    ['/id/if',     sub { (200, $bad{$_[0]} ? 'if_no_cn' : 'if_cn') }],
);

my %checks = (
    scrubbed => [SCRUBBED_TESTS, sub { scrubbed($_[0], $_[2]) }],
    absent   => [SCRUBBED_TESTS, sub { scrubbed($_[0], $_[2], 'NONE') }],
    exposed  => [EXPOSED_TESTS, \&exposed],
    no_user  => [1, sub { user($_[0], '(unset)', $_[2]) }],
    cn_user  => [1, sub { user($_[0], "$_[1] user", $_[2]) }],
    dn_user  => [1, sub { user($_[0], "/O=mtls-explain tests/CN=$_[1] user", $_[2]) }],
    if_no_cn => [1, sub { ok t_cmp($_[0]{headers}{'x-if'} // '', 'no CN', "$_[2]: <If>") }],
    if_cn    => [1, sub { ok t_cmp($_[0]{headers}{'x-if'} // '', 'has CN', "$_[2]: <If>") }],
);

sub user {
    my ($res, $want, $what) = @_;
    # a refusal has no page to show a user on
    my $got = $res->{status} == 200
        ? ($res->{body} =~ /^remote_user=(.*)$/m ? $1 : 'missing')
        : '(unset)';
    ok t_cmp($got, $want, "$what: REMOTE_USER");
}

my @tls = ('1.2', '1.3');
my $n = 0;
sub expect {
    my ($p, $cert) = @_;
    return $p->[1]->($cert) if $cert ne $none;
    return @{ $nocert{$p->[0]} || [403] };
}
for my $cert (@failed, @good, $none) {
    for my $p (@paths) {
        $n += /^\d+$/ ? 1 : $checks{$_}[0] for expect($p, $cert);
    }
}
plan tests => $n * @tls + 9, need_module 'ssl';

for my $tls (@tls) {
    for my $cert (@failed, @good, $none) {
        # every path on one kept-alive connection
        my $sock = tls_connect(port => $port, tls => $tls, must => 1,
                               cert => $cert eq $none ? undef : $cert);
        for my $p (@paths) {
            my $path = $p->[0];
            my $what = "TLS $tls $cert $path";
            my $res = http_request($sock, "$path/")
                || { status => 0, headers => {}, body => '' };
            for my $c (expect($p, $cert)) {
                if ($c =~ /^\d+$/) {
                    ok t_cmp($res->{status}, $c, "$what: status");
                }
                else {
                    $checks{$c}[1]->($res, $cert, $what);
                }
            }
        }
        $sock->close;
    }
}

# HTTP/2: the streams' connection is a secondary one; the record and
# mod_ssl's are the master's.
my $curl = `sh -c 'command -v curl'`;
chomp $curl;
if (!($curl && `$curl -V` =~ /\bHTTP2\b/ && have_module('http2'))) {
    # mod_http2 is not loaded under prefork (t/TEST.PL)
    skip('needs curl with HTTP/2 and mod_http2') for 1 .. 9;
}
else {
    my $run = sub {
        my ($cert, @paths) = @_;
        my @cmd = ($curl, '-s', '--http2', '--cacert', pki('ca.crt'),
                   '--resolve', "localhost:$port:127.0.0.1", '-w',
                   '%{http_version} %{http_code} dn=%header{x-var-dn} '
                   . 'env=%header{x-env-dn} cn=%header{x-expr-cn} '
                   . 'user=%header{x-user}\n');
        push @cmd, '--cert', pki("client-$cert.pem") if $cert;
        push @cmd, map { ('-o', '/dev/null', "https://localhost:$port$_") } @paths;
        open my $p, '-|', @cmd or die "curl: $!";
        my @out = <$p>;
        close $p;
        # curl 7.88 prints an empty header value as a lone CR
        tr/\r\n//d for @out;
        return @out;
    };
    for my $cert (qw(expired selfsigned)) {
        my @out = $run->($cert, '/id/none/', '/id/user/', '/id/authz/cn/');
        ok t_cmp($out[0] // '', '2 200 dn=(null) env=(null) cn= user=',
                 "h2 $cert, stream 1: nothing from the certificate");
        ok t_cmp($out[1] // '', '2 200 dn=(null) env=(null) cn= user=',
                 "h2 $cert, stream 2: no SSLUserName");
        ok t_cmp($out[2] // '', qr/^2 403 /,
                 "h2 $cert, stream 3: Require on the name refuses");
    }
    my @out = $run->('valid', '/id/none/', '/id/user/', '/id/authz/cn/');
    my $id = 'dn=CN=valid user,O=mtls-explain tests env=CN=valid user,O=mtls-explain tests cn=valid user';
    ok t_cmp($out[0] // '', "2 200 $id user=", 'h2 valid, stream 1: the identity');
    ok t_cmp($out[1] // '', "2 200 $id user=valid user", 'h2 valid, stream 2: SSLUserName');
    ok t_cmp($out[2] // '', "2 200 $id user=", 'h2 valid, stream 3: Require on the name grants');
}
