# Chains the client sends incomplete or too long. A leaf sent without its
# intermediate is untrusted, with the advice to install the intermediate,
# whether or not the host checks CRLs: the CRL errors OpenSSL reports after
# the unknown issuer (3, or 35 and 8 when the CRL has no authority key
# identifier) are echoes of it, neither invalid nor revocation_unknown. A
# chain deeper than the host's SSLVerifyDepth keeps 403.16, but the page
# says the limit is the site's and names both numbers.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch error_log_size error_log_since);

my $untrusted = 'verdict=untrusted substatus=403.16 '
              . 'reason=unable to get local issuer certificate';
my $expired = 'verdict=expired substatus=403.17 reason=certificate has expired';
my $ok = 'verdict=ok substatus= reason=';

# [vhost, cert, status, X-MTLS, OpenSSL errors the handshake must have met]
my @cases = (
    # CRL checking on: 20, then 3 (no CRL for an issuer not found), 21
    ['mtls_chain_crl', 'noint', 403, $untrusted, [20, 3, 21]],
    ['mtls_chain_crl_leaf', 'noint', 403, $untrusted, [20, 3, 21]],
    # the intermediate's CRL without an AKID: 20, 35, 8, 21
    ['mtls_chain_noakid', 'noint', 403, $untrusted, [20, 35, 8, 21]],
    # CRL checking off: the same page
    ['mtls_chain_nocrl', 'noint', 403, $untrusted, [20, 21]],
    # an expired leaf without its intermediate is told to renew: a renewed
    # certificate comes with its chain, an expired one stays expired
    ['mtls_chain_crl', 'noint-expired', 403, $expired, [20, 10]],
    ['mtls_chain_noakid', 'noint-expired', 403, $expired, [20, 10]],
    ['mtls_chain_nocrl', 'noint-expired', 403, $expired, [20, 10]],
    # the complete chain passes where CRLs are current
    ['mtls_chain_crl', 'viaint', 200, $ok, []],
    ['mtls_chain_noakid', 'viaint', 200, $ok, []],
    # a complete chain with a stale CRL is still the site's fault ...
    ['mtls_chain_stale', 'viaint', 503,
     'verdict=revocation_unknown substatus=503 reason=CRL has expired', [12]],
    # ... and the same leaf without its intermediate still untrusted
    ['mtls_chain_stale', 'noint', 403, $untrusted, [20, 21]],
    # ... and a chain longer than SSLVerifyDepth under that stale CRL is
    # the client's: refused even where the site's failures are let through
    ['mtls_chain_stale_short', 'viaint', 403,
     'verdict=invalid substatus=403.16 reason=certificate chain too long', [12]],
    ['mtls_chain_stale_short', 'deep', 403,
     'verdict=invalid substatus=403.16 reason=certificate chain too long', []],
    # SSLVerifyDepth 2: root -> sub1 -> sub2 -> leaf is too deep,
    # root -> int -> leaf is not
    ['mtls_chain_short', 'deep', 403,
     'verdict=invalid substatus=403.16 reason=certificate chain too long', []],
    # the certificate's own failure outranks the site's limit: renewing
    # is what the person must do first
    ['mtls_chain_short', 'deep-expired', 403, $expired, [10]],
    ['mtls_chain_nocrl', 'deep-expired', 403, $expired, [10]],
    ['mtls_chain_nocrl', 'deep', 200, $ok, []],
    ['mtls_chain_short', 'viaint', 200, $ok, []],
    ['mtls_chain_short', 'valid', 200, $ok, []],
    # SSLVerifyDepth not said: mod_ssl's default of 1
    ['mtls_chain_default', 'viaint', 403,
     'verdict=invalid substatus=403.16 reason=certificate chain too long', []],
    ['mtls_chain_default', 'valid', 200, $ok, []],
);

plan tests => 2 * @cases * 4 + 35, need_module 'ssl', 'headers';

# The verify errors MTLS0020 logged for one certificate's handshake.
sub errors_seen {
    my ($offset, $cert) = @_;
    my %seen;
    for (error_log_since($offset)) {
        $seen{$1} = 1
            if /MTLS0020: .*\((\d+)\), subject "CN=\Q$cert\E user,/;
    }
    return \%seen;
}

for my $tls ('1.2', '1.3') {
    for my $case (@cases) {
        my ($vh, $cert, $status, $mtls, $errors) = @$case;
        my $what = "$vh, $cert over TLS $tls";
        my $offset = error_log_size();
        my $res = fetch(port => vhost_port($vh), path => '/', cert => $cert,
                        tls => $tls);
        ok t_cmp($res->{status} == 404 ? 200 : $res->{status}, $status,
                 "$what: status");
        ok t_cmp($res->{headers}{'x-mtls'} // '', $mtls,
                 "$what: verdict, sub-status and reason");
        my $seen = errors_seen($offset, $cert);
        ok t_cmp(join(' ', grep { !$seen->{$_} } @$errors), '',
                 "$what: OpenSSL reported errors @$errors");
        # the echo of the unknown issuer does not blame the site's CRLs
        # (MTLS0070-0072 come once a minute per cause, CA and process:
        # whether the 503's is written here depends on the requests before)
        # A host whose CRL is stale may name it whatever the answer: the
        # site must hear of it even when the chain is refused for another
        # reason.
        my @named = grep { /MTLS007[0-2]: / } error_log_since($offset);
        ok t_cmp($status == 503 || $vh =~ /_stale/ || !@named ? 1 : 0, 1,
                 "$what: no CRL named in the log unless the answer is a 503");
    }
}

# The stale intermediate CRL has a line of its own, whatever the other
# tests' stale root CRL wrote before.
ok t_cmp(scalar(grep { /MTLS0070: .*the CRL of "[^"]*mtls-explain Test Intermediate CA" is valid from .* until .*apachectl graceful/ }
                error_log_since(0)) ? 1 : 0, 1,
         'MTLS0070 names the stale intermediate CRL');

# The untrusted page, with CRL checking on and off: the advice to install
# the intermediate, in English and German, and the problem document.
for my $vh ('mtls_chain_crl', 'mtls_chain_noakid', 'mtls_chain_nocrl') {
    my $port = vhost_port($vh);
    my $en = fetch(port => $port, path => '/', cert => 'noint');
    ok t_cmp($en->{body},
             qr{<h1><span class="code">Error 403\.16</span> Your client certificate is not trusted here</h1>},
             "$vh: the untrusted heading");
    ok t_cmp($en->{body},
             qr{install that intermediate authority(?:&#39;|')s certificate on your device},
             "$vh: install the intermediate");
    my $de = fetch(port => $port, path => '/', cert => 'noint',
                   headers => { 'Accept-Language' => 'de' });
    ok t_cmp($de->{body},
             qr{installieren Sie das Zertifikat dieser Zwischenzertifizierungsstelle auf Ihrem Gerät},
             "$vh: install the intermediate, in German");
    my $json = fetch(port => $port, path => '/', cert => 'noint',
                     headers => { Accept => 'application/problem+json' });
    ok t_cmp($json->{body},
             qr{"type":"tag:mod-mtls-explain\.invalid,2026:problem:certificate-untrusted".*"status":403,.*"substatus":"403\.16","verdict":"untrusted"},
             "$vh: problem+json says untrusted");
}

# The chain too long: the site's limit, both numbers, no other
# certificate to choose, 403.16 kept.
my $port = vhost_port('mtls_chain_short');
my $en = fetch(port => $port, path => '/', cert => 'deep');
ok t_cmp($en->{status}, 403, 'too long: 403');
ok t_cmp($en->{body},
         qr{<h1><span class="code">Error 403\.16</span> Your certificate(?:&#39;|')s chain is longer than this site allows</h1>},
         'too long: its own heading, 403.16');
ok t_cmp($en->{body},
         qr{This is a limit set by this site, not a fault of your certificate\.},
         'too long: the site\'s limit, not the certificate');
ok t_cmp($en->{body},
         qr{Authorities above your certificate in its chain: 3\. The most this site accepts: 2 \(its SSLVerifyDepth setting\)\.},
         'too long: both numbers');
ok t_cmp($en->{body}, qr{the site(?:&#39;|')s team can raise its limit \(SSLVerifyDepth\)},
         'too long: the site can raise the limit');
ok t_cmp($en->{body}, qr/^(?!.*(?:another certificate|choose a certificate|Restart the browser))/s,
         'too long: no advice to choose another certificate');

my $de = fetch(port => $port, path => '/', cert => 'deep',
               headers => { 'Accept-Language' => 'de' });
ok t_cmp($de->{body},
         qr{Zertifizierungsstellen über Ihrem Zertifikat in seiner Kette: 3\. Höchstens zulässig auf dieser Website: 2 \(ihre Einstellung SSLVerifyDepth\)\.},
         'too long, in German: both numbers');
ok t_cmp($de->{body},
         qr{Das ist eine Grenze, die diese Website setzt, kein Fehler Ihres Zertifikats\.},
         'too long, in German: the site\'s limit');

my $ja = fetch(port => $port, path => '/', cert => 'deep',
               headers => { 'Accept-Language' => 'ja' });
ok t_cmp($ja->{body},
         qr{チェーン内でお使いの証明書より上にある認証局の数：3。このサイトが受け付ける上限：2},
         'too long, in Japanese: both numbers');

my $json = fetch(port => $port, path => '/', cert => 'deep',
                 headers => { Accept => 'application/problem+json' });
ok t_cmp($json->{headers}{'content-type'} // '', 'application/problem+json',
         'too long: problem+json');
ok t_cmp($json->{body},
         qr{^\{"type":"tag:mod-mtls-explain\.invalid,2026:problem:chain-too-long",},
         'too long, problem+json: its own type');
ok t_cmp($json->{body}, qr{"status":403,}, 'too long, problem+json: 403');
ok t_cmp($json->{body}, qr{"substatus":"403\.16","verdict":"invalid"},
         'too long, problem+json: 403.16, invalid');
ok t_cmp($json->{body}, qr{,"chain_depth":3,"verify_depth":2,},
         'too long, problem+json: both numbers as members');
ok t_cmp($json->{body},
         qr{"title":"Your certificate(?:\\u0027|')s chain is longer than this site allows"},
         'too long, problem+json: the title');
ok t_cmp($json->{body},
         qr{"detail":"This is a limit set by this site, not a fault of your certificate\. Authorities above your certificate in its chain: 3\. The most this site accepts: 2},
         'too long, problem+json: the detail names both numbers');
ok t_cmp($json->{body}, qr{"browser_advice":null},
         'too long, problem+json: no browser advice');

my $text = fetch(port => $port, path => '/', cert => 'deep',
                 headers => { Accept => 'text/plain' });
ok t_cmp($text->{body},
         qr{Authorities above your certificate in its chain: 3\. The most this site accepts: 2},
         'too long, text/plain: both numbers');
ok t_cmp($text->{body}, qr{include the details of this answer: the site's team can raise its limit},
         'too long, text/plain: its own advice');

# mod_ssl's default depth, when the host says none
my $d = fetch(port => vhost_port('mtls_chain_default'), path => '/',
              cert => 'viaint',
              headers => { Accept => 'application/problem+json' });
ok t_cmp($d->{body}, qr{,"chain_depth":2,"verify_depth":1,},
         'SSLVerifyDepth not said: 1, as mod_ssl applies it');

# a problem document for an ordinary invalid certificate has no such
# members, nor does one for a chain within the limit
my $u = fetch(port => vhost_port('mtls_chain_nocrl'), path => '/',
              cert => 'noint',
              headers => { Accept => 'application/problem+json' });
ok t_cmp($u->{body}, qr/^(?!.*chain_depth)/s,
         'untrusted: no chain_depth member');

# the mod_ssl log line says the same numbers in its own words
my $offset = error_log_size();
fetch(port => $port, path => '/', cert => 'deep');
ok t_cmp(scalar(grep { /AH02040: .*chain has 3 certificates, but maximum allowed are only 2/ }
                error_log_since($offset)) ? 1 : 0, 1,
         'mod_ssl counts the same depth and limit');
