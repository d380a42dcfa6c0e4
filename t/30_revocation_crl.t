# The site's own CRLs failing: stale, not yet valid, badly signed, or
# missing for an intermediate. A certificate that is otherwise fine gets a
# 503 that says the fault is the site's, with Retry-After and no-store; a
# revoked, expired or not-yet-valid one still gets its own 403; the error
# log names the CRL, once, not once per request.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(pki vhost_port fetch error_log_since private_server
                private_server_stop);

# [vhost, cert, status, verdict, substatus, reason]
my @cases = (
    ['mtls_crl_stale', 'valid', 503, 'revocation_unknown', '503',
     'CRL has expired'],
    ['mtls_crl_stale', 'revoked', 403, 'revoked', '403.13',
     'certificate revoked'],
    ['mtls_crl_stale', 'expired', 403, 'expired', '403.17',
     'certificate has expired'],
    ['mtls_crl_stale', 'notyet', 403, 'not_yet_valid', '403.17',
     MTLSTest::not_yet_valid()],
    ['mtls_crl_future', 'valid', 503, 'revocation_unknown', '503',
     'CRL is not yet valid'],
    ['mtls_crl_badsig', 'valid', 503, 'revocation_unknown', '503',
     'CRL signature failure'],
    ['mtls_crl_missing', 'viaint', 503, 'revocation_unknown', '503',
     'unable to get certificate CRL'],
    ['mtls_crl_missing', 'valid', 200, 'ok', '', ''],
);

plan tests => 2 * @cases * 3 + 27, need_module 'ssl', 'headers';

for my $tls ('1.2', '1.3') {
    for my $case (@cases) {
        my ($vh, $cert, $status, $verdict, $sub, $reason) = @$case;
        my $what = "$vh, $cert over TLS $tls";
        my $res = fetch(port => vhost_port($vh), path => '/', cert => $cert,
                        tls => $tls);
        ok t_cmp($res->{status} == 404 ? 200 : $res->{status}, $status,
                 "$what: status");
        ok t_cmp($res->{headers}{'x-mtls'} // '',
                 "verdict=$verdict substatus=$sub reason=$reason",
                 "$what: verdict, sub-status and reason");
        ok t_cmp($res->{headers}{'retry-after'} // '',
                 $status == 503 ? '300' : '', "$what: Retry-After");
    }
}

my $port = vhost_port('mtls_crl_stale');
my $page = fetch(port => $port, path => '/', cert => 'valid');
ok t_cmp($page->{headers}{'cache-control'} // '', 'no-store',
         '503: not cached');
ok t_cmp($page->{headers}{'content-type'} // '', qr{^text/html},
         '503: an HTML page by default');
ok t_cmp($page->{body},
         qr{The site could not check certificates right now\. This is not a problem with your certificate\.},
         '503 page: the fault is the site\'s');
ok t_cmp($page->{body}, qr{Try again in a few minutes\.},
         '503 page: come back later');
ok t_cmp($page->{body}, qr{The site&#39;s team has been told\.|The site's team has been told\.},
         '503 page: the team knows');
ok t_cmp($page->{body}, qr{mtls-explain tests.*valid user|valid user},
         '503 page: the certificate\'s facts');
ok t_cmp($page->{body}, qr/^(?!.*(?:another certificate|Verification of your certificate failed))/s,
         '503 page: no advice to pick another certificate, no blame');

my $de = fetch(port => $port, path => '/', cert => 'valid',
               headers => { 'Accept-Language' => 'de' });
ok t_cmp($de->{body},
         qr{Die Website kann Zertifikate gerade nicht prüfen\. Mit Ihrem Zertifikat ist alles in Ordnung\.},
         '503 page in German');
ok t_cmp($de->{headers}{'content-language'} // '', 'de', 'German: Content-Language');

my $ja = fetch(port => $port, path => '/', cert => 'valid',
               headers => { 'Accept-Language' => 'ja' });
ok t_cmp($ja->{body}, qr{サイトは現在、証明書を確認できません}, '503 page in Japanese');

my $json = fetch(port => $port, path => '/', cert => 'valid',
                 headers => { Accept => 'application/problem+json' });
ok t_cmp($json->{headers}{'content-type'} // '', 'application/problem+json',
         'problem+json');
ok t_cmp($json->{body},
         qr{"type":"tag:mod-mtls-explain\.invalid,2026:problem:revocation-unavailable"},
         'problem+json: its own type');
ok t_cmp($json->{body}, qr{"status":503,}, 'problem+json: status 503');
ok t_cmp($json->{body}, qr{"verdict":"revocation_unknown"},
         'problem+json: verdict');

my $text = fetch(port => $port, path => '/', cert => 'valid',
                 headers => { Accept => 'text/plain' });
ok t_cmp($text->{body}, qr{This is not a problem with your certificate\.},
         'text/plain: the fault is the site\'s');

my $soon = fetch(port => $port, path => '/soon/', cert => 'valid');
ok t_cmp("$soon->{status} " . ($soon->{headers}{'retry-after'} // ''),
         '503 60', 'MTLSExplainRetryAfter 60 in a location');

my $open = fetch(port => $port, path => '/open/', cert => 'valid');
ok t_cmp($open->{status}, 404,
         'where no certificate is required, the request goes through');

my $custom = fetch(port => $port, path => '/custom/', cert => 'valid');
ok t_cmp("$custom->{status} " . ($custom->{headers}{'retry-after'} // '')
         . ' ' . ($custom->{headers}{'cache-control'} // ''),
         '503 300 no-store', 'ErrorDocument 503: the status and its headers');
ok t_cmp($custom->{body}, qr{Certificate checks are paused},
         'ErrorDocument 503: the administrator\'s page');
my $tpl = fetch(port => $port, path => '/tpl/', cert => 'valid');
ok t_cmp($tpl->{status}, 503, 'template: a 503');
ok t_cmp($tpl->{body},
         qr{The site could not check certificates right now.*\b503\b}s,
         'template: the 503 page\'s words and sub-status');

# The log: each cause named with its remedy, and not once per request.
# From the server's start: a cause t/09_checks.t met just before is not
# logged again within the minute. Each CA has its lines, so another
# test's stale intermediate CRL does not hide this root CRL.
my @log = error_log_since(0);
my @stale = grep { /MTLS0070: .*mtls-explain Test Root CA"/ } @log;
ok t_cmp(scalar(@stale) >= 1 && scalar(@stale) < 10
         && $stale[0] =~ /the CRL of "[^"]*mtls-explain Test Root CA" is valid from 2020-01-01T00:00:00Z until 2020-02-01T00:00:00Z .*apachectl graceful/
         ? 1 : 0, 1, 'MTLS0070 names the stale CRL and its dates, rate-limited');
my @missing = grep { /MTLS0071: .*no CRL of "[^"]*mtls-explain Test (?:Root|Intermediate) CA" is loaded.*apachectl graceful/ } @log;
ok t_cmp(scalar(@missing) >= 1 ? 1 : 0, 1,
         'MTLS0071 names the CA whose CRL is missing');
my @bad = grep { /MTLS0072: .*CRL signature failure/ } @log;
ok t_cmp(scalar(@bad) >= 1 ? 1 : 0, 1,
         'MTLS0072 says the CRL cannot be used');

# The metrics endpoint tells, before the outage, when each CRL is due:
# on a server of its own, with the stale CRL and the root's current one.
my $pki = pki();
my $srv = private_server(after => [qw(authz_core ssl)], conf => <<"CONF");
<VirtualHost 127.0.0.1:\@port\@>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile $pki/server.crt
    SSLCertificateKeyFile $pki/server.key
    SSLCACertificateFile $pki/ca.crt
    SSLCARevocationFile $pki/crl-stale.pem
    SSLCARevocationCheck leaf
    SSLVerifyClient optional_no_ca
    MTLSExplain On
    <Location /metrics>
        SetHandler mtls-explain-metrics
    </Location>
</VirtualHost>
CONF
my $m = fetch(port => $srv->{port}, path => '/metrics')->{body} // '';
ok t_cmp($m, qr/^# TYPE mtls_explain_crl_next_update_timestamp_seconds gauge$/m,
         'metrics: the CRL gauge is declared');
# 2020-02-01T00:00:00Z
ok t_cmp($m, qr/^mtls_explain_crl_next_update_timestamp_seconds\{host="localhost:\d+",issuer="CN=mtls-explain Test Root CA,O=mtls-explain tests"\} 1580515200$/m,
         'metrics: the stale CRL\'s nextUpdate, by issuer');
ok t_cmp(private_server_stop($srv), 1, 'private server stopped by its PID');
