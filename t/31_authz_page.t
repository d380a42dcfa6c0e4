# The 403.12 page: a verified certificate that Require refuses gets it in
# every format, with the administrator's words or the unmet mtls-cert
# clause, in the reader's language; a refused request without a
# certificate gets the 403.7 page and one with a failed certificate that
# failure's page; MTLSExplainAuthzPage Off and every other 403 (a
# RewriteRule [F], a handler, a file the server cannot read) keep Apache's
# own answer (t/conf/authzpage.conf.in).
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(fetch vhost_port error_log_size error_log_since);

plan tests => 58, need_module('ssl', 'rewrite', 'cgid', 'headers');

my $port = vhost_port('mtls_authzpage');
my $html_type = 'text/html; charset=utf-8';

sub get {
    my ($path, $cert, %h) = @_;
    return fetch(port => $port, path => $path, headers => \%h,
                 $cert eq 'none' ? () : (cert => $cert));
}

sub has {
    my ($res, $text, $name) = @_;
    ok t_cmp(index($res->{body}, $text) >= 0 ? 1 : 0, 1, $name)
        or t_debug($res->{body});
}

# Not a test: under valgrind the first TLS request can outlast a timeout.
get('/ap/ou', 'finance');

# Granted: the page is served.
my $res = get('/ap/ou', 'finance');
ok t_cmp($res->{status}, 200, 'finance is granted /ap/ou');

# HTML, English, the clause in plain text, the certificate named.
my $log_at = error_log_size();
$res = get('/ap/ou', 'sales', Accept => 'text/html');
ok t_cmp($res->{status}, 403, 'sales is refused /ap/ou');
ok t_cmp($res->{headers}{'content-type'}, $html_type, 'HTML');
ok t_cmp($res->{headers}{'x-mtls'}, 'verdict=not_authorized substatus=403.12',
         'MTLS_EXPLAIN_VERDICT and MTLS_EXPLAIN_SUBSTATUS');
has($res, '<title>Your certificate is valid, but gives no access here (403.12)</title>',
    'the 403.12 title');
has($res, 'Your certificate is valid, but it does not give access to this page.',
    'the first words say it');
has($res, 'This page requires: a certificate whose subject includes OU=Finance', 'the unmet clause');
has($res, 'sales user', "the certificate's subject");
has($res, 'mtls-explain Test Root CA', "the certificate's issuer");
has($res, 'restart the browser and choose that one', 'the advice');
ok t_cmp($res->{body} =~ /You don't have permission/ ? 1 : 0, 0,
         "not Apache's own page");
my $log = join '', error_log_since($log_at);
ok t_cmp($log =~ /MTLS0010: .*verdict=not_authorized substatus=403\.12 .*uri="\/ap\/ou"/ ? 1 : 0,
         1, 'the decision is logged');

# JSON and text.
$res = get('/ap/ou', 'sales', Accept => 'application/problem+json');
ok t_cmp($res->{headers}{'content-type'}, 'application/problem+json',
         'JSON');
has($res, '"substatus":"403.12"', 'JSON: the sub-status');
has($res, '"verdict":"not_authorized"', 'JSON: the verdict');
has($res, 'This page requires: a certificate whose subject includes OU=Finance', 'JSON: the clause');
has($res, 'sales user', 'JSON: the certificate');
$res = get('/ap/ou', 'sales', Accept => 'text/plain');
ok t_cmp($res->{headers}{'content-type'}, 'text/plain; charset=utf-8',
         'text');
has($res, "Your certificate is valid, but gives no access here (403.12)\n",
    'text: the title');
has($res, 'This page requires: a certificate whose subject includes OU=Finance', 'text: the clause');
has($res, 'send that one instead', 'text: the advice for a terminal');

# The administrator's words, escaped, in English and German, every format.
$res = get('/ap/said', 'sales', Accept => 'text/html');
has($res, 'This page requires: Finance staff &lt;b&gt;only&lt;/b&gt; &amp; their auditors',
    "HTML: the administrator's words, escaped");
ok t_cmp(index($res->{body}, '<b>only') < 0 ? 1 : 0, 1, 'never as markup');
ok t_cmp(index($res->{body}, 'subject OU=Finance') < 0 ? 1 : 0, 1,
         'the words replace the clause');
$res = get('/ap/said', 'sales', Accept => 'application/problem+json');
has($res, 'This page requires: Finance staff \\u003cb\\u003eonly\\u003c/b\\u003e \\u0026 their auditors',
    'JSON: the words');
$res = get('/ap/said', 'sales', Accept => 'text/plain');
has($res, 'This page requires: Finance staff <b>only</b> & their auditors',
    'text: the words');
$res = get('/ap/said', 'sales', Accept => 'text/html',
           'Accept-Language' => 'de');
ok t_cmp($res->{headers}{'content-language'}, 'de', 'German');
has($res, 'Ihr Zertifikat ist gültig, gibt aber hier keinen Zugriff (403.12)',
    'German: the title');
has($res, 'Diese Seite verlangt: Nur die Finanzabteilung',
    'German: the words for German');
$res = get('/ap/said', 'sales', Accept => 'application/problem+json',
           'Accept-Language' => 'de');
has($res, 'Diese Seite verlangt: Nur die Finanzabteilung', 'German JSON');
$res = get('/ap/said', 'sales', Accept => 'text/plain',
           'Accept-Language' => 'de');
has($res, 'Diese Seite verlangt: Nur die Finanzabteilung', 'German text');
# French has no words of its own: those for every language.
$res = get('/ap/said', 'sales', Accept => 'text/plain',
           'Accept-Language' => 'fr');
has($res, 'Cette page exige : Finance staff <b>only</b> & their auditors',
    'French: the words for every language');
# Where the default language is Japanese, French falls back to it.
$res = get('/ap/ja-default', 'sales', Accept => 'text/plain',
           'Accept-Language' => 'fr');
has($res, 'Cette page exige : 経理部のみ',
    "French: the default language's words");
$res = get('/ap/ja-default', 'sales', Accept => 'text/plain');
has($res, 'このページの要件: 経理部のみ', 'Japanese by default');

# Each kind of clause in its own plain words: the first one not met.
$res = get('/ap/eku', 'sales', Accept => 'text/plain');
has($res, 'This page requires: a certificate meant for the use codeSigning',
    'an EKU clause in plain words');
$res = get('/ap/eku', 'financeother', Accept => 'text/plain');
has($res, 'This page requires: a certificate issued by CN=mtls-explain Test Root CA,O=mtls-explain tests',
    'an issuer clause in plain words');
$res = get('/ap/ou', 'sales', Accept => 'text/plain', 'Accept-Language' => 'de');
has($res, 'Diese Seite verlangt: ein Zertifikat, dessen Inhaber OU=Finance enthält',
    'German: the clause in plain words');

# A refusal that names no mtls-cert clause.
$res = get('/ap/denied', 'finance', Accept => 'text/plain');
ok t_cmp($res->{status}, 403, 'Require all denied refuses');
has($res, '(403.12)', 'Require all denied: 403.12');
has($res, 'The site does not say what this page requires.',
    'Require all denied: no requirement to tell');

# No certificate, or a failed one let through: their own pages.
$res = get('/ap/optional', 'none', Accept => 'application/problem+json');
ok t_cmp($res->{status}, 403, 'no certificate is refused');
has($res, '"substatus":"403.7"', 'no certificate: 403.7');
ok t_cmp($res->{headers}{'x-mtls'}, 'verdict=none substatus=403.7',
         'no certificate: the variables');
$res = get('/ap/ou', 'signing', Accept => 'application/problem+json');
ok t_cmp($res->{status}, 403, 'a failed certificate is refused');
has($res, '"substatus":"403.16"', 'a failed certificate: its failure');
ok t_cmp($res->{body} =~ /"verdict":"not_authorized"/ ? 1 : 0, 0,
         'a failed certificate: not 403.12');

# A certificate whose revocation the site could not check, let through
# and refused by Require: its 503 page cannot stand for a 403, so
# Apache's 403 stays (t/conf/revocation.conf.in).
$res = fetch(port => vhost_port('mtls_crl_stale'), path => '/open/finance',
             cert => 'valid');
ok t_cmp($res->{status}, 403, 'revocation unknown, refused by Require: 403');
ok t_cmp($res->{body} =~ /You don't have permission/ ? 1 : 0, 1,
         "revocation unknown, refused by Require: Apache's page");

# HEAD: the page's headers, no body.
{
    my $sock = MTLSTest::tls_connect(port => $port, cert => 'sales', must => 1);
    my $head = MTLSTest::http_request($sock, '/ap/ou', method => 'HEAD',
                                      headers => { Accept => 'text/plain' });
    $sock->close;
    ok t_cmp(($head->{status} // 0) . ' ' . ($head->{headers}{'content-type'} // '')
             . ' ' . ($head->{headers}{'x-mtls'} // ''),
             '403 text/plain; charset=utf-8 verdict=not_authorized substatus=403.12',
             'HEAD: the 403.12 headers');
}

# HTTP/2: the same page on a stream (mod_http2 is not loaded under
# prefork, t/TEST.PL).
my $curl = `sh -c 'command -v curl'`;
chomp $curl;
if ($curl && `$curl -V` =~ /\bHTTP2\b/ && have_module('http2')) {
    my $out = `$curl -s --http2 -H 'Accept: text/plain' --cacert '@{[MTLSTest::pki('ca.crt')]}' --resolve localhost:$port:127.0.0.1 --cert '@{[MTLSTest::pki('client-sales.pem')]}' -w '\n%{http_version} %{http_code}' https://localhost:$port/ap/ou`;
    ok t_cmp($out, qr/^Your certificate is valid, but gives no access here \(403\.12\)\n.*\n2 403$/s,
             'HTTP/2: the 403.12 page');
}
else {
    skip('needs curl with HTTP/2 and mod_http2');
}

# Apache's own 403 everywhere else.
$res = get('/ap/off', 'sales');
ok t_cmp($res->{status}, 403, 'MTLSExplainAuthzPage Off: 403');
has($res, "You don't have permission", "MTLSExplainAuthzPage Off: Apache's page");
for my $c (['/ap/rewrite', 'RewriteRule [F]'], ['/ap/handler', 'a handler']) {
    $res = get($c->[0], 'finance');
    ok t_cmp($res->{status}, 403, "$c->[1]: 403");
    ok t_cmp($res->{body} =~ /You don't have permission/
             && $res->{body} !~ /403\.12/ ? 1 : 0, 1,
             "$c->[1]: Apache's page");
}

# A file the server cannot read (the server's user is not root here).
my $file = Apache::Test::vars('documentroot') . '/authzpage/noread';
open my $fh, '>', $file or die "$file: $!";
print {$fh} "secret\n";
close $fh;
chmod 0, $file;
$res = get('/ap/noread', 'finance');
unlink $file;
ok t_cmp($res->{status}, 403, 'an unreadable file: 403');
ok t_cmp($res->{body} =~ /You don't have permission/
         && $res->{body} !~ /403\.12/ ? 1 : 0, 1,
         "an unreadable file: Apache's page");
