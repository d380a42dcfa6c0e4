# The explanation's content: formats by Accept, languages by
# Accept-Language, contact and help, the accepted CA list, administrators'
# templates, and hostile certificate text inert in every one of them.
use strict;
use warnings FATAL => 'all';
use utf8;

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use Encode qw(decode_utf8);
use JSON::PP;

use MTLSTest qw(fetch vhost_port pki);

plan tests => 125, need_module 'ssl';

my $port = vhost_port('mtls_armed');
my $json = JSON::PP->new;

sub get {
    my ($path, $cert, %h) = @_;
    my $res = fetch(port => $port, path => $path, cert => $cert,
                    headers => \%h);
    $res->{text} = decode_utf8($res->{body} // '');
    return $res;
}

# The certificate's own end date, as the page shows it.
my $not_after = `openssl x509 -in @{[pki('client-expired.crt')]} -noout -enddate -dateopt iso_8601`;
$not_after =~ s/^notAfter=//; chomp $not_after;
$not_after =~ s/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)Z$/$1T$2Z/;
ok t_cmp($not_after, qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'expiry date read with openssl');
# ... and as a person reads it, in English and in Japanese.
my @month = qw(January February March April May June July August September
               October November December);
my ($y, $mo, $d, $hm) = $not_after =~ /^(\d+)-(\d+)-(\d+)T(\d\d:\d\d)/;
my $end_en = sprintf '%d %s %d, %s UTC', $d, $month[$mo - 1], $y, $hm;
my $end_ja = sprintf '%d年%d月%d日 %s UTC', $y, $mo, $d, $hm;

# ---- Formats ----
my $res = get('/explain/', 'expired');
ok t_cmp($res->{status}, 403, 'html: 403');
ok t_cmp($res->{headers}{'content-type'}, 'text/html; charset=utf-8', 'html by default');
ok t_cmp($res->{headers}{vary}, qr/Accept.*Accept-Language/, 'Vary: Accept, Accept-Language');
ok t_cmp($res->{headers}{'content-language'}, 'en', 'Content-Language: en by default');
ok t_cmp($res->{text}, qr/<html lang="en">/, 'html lang="en"');
ok t_cmp($res->{text}, qr/\Q$end_en\E \(\d+ years? ago\)/, 'html: expiry date with a relative phrase');
ok t_cmp($res->{text}, qr{<h2>Certificates this site accepts</h2>.*<li>mtls-explain Test Root CA<br><small>CN=mtls-explain Test Root CA,O=mtls-explain tests</small></li>}s,
         'html: the CAs this host accepts, by name');
ok t_cmp($res->{text}, qr{<h2>Why</h2>\n<p>Your certificate&#39;s end date was \Q$end_en\E \(\d+ years? ago\)\.</p>},
         'html: why, with the end date in a sentence');
ok t_cmp($res->{text}, qr{<dt>Problem</dt><dd>certificate has expired \(OpenSSL error 10\)</dd>},
         'html: the exact reason among the details');

$res = get('/explain/', 'expired', Accept => 'application/problem+json');
ok t_cmp($res->{status}, 403, 'json: 403');
ok t_cmp($res->{headers}{'content-type'}, 'application/problem+json', 'json: problem+json');
my $doc = eval { $json->decode($res->{body}) } || {};
ok t_cmp($doc->{status}, 403, 'json: status member');
ok t_cmp($doc->{type}, 'tag:mod-mtls-explain.invalid,2026:problem:certificate-expired', 'json: type');
ok t_cmp($doc->{title}, 'Your client certificate has expired', 'json: title');
ok t_cmp($doc->{substatus}, '403.17', 'json: substatus');
ok t_cmp($doc->{verdict}, 'expired', 'json: verdict');
ok t_cmp($doc->{reason}, 'certificate has expired', 'json: reason');
ok t_cmp($doc->{depth}, 0, 'json: depth');
ok t_cmp($doc->{instance},
         defined $doc->{request_id} ? "/explain/#request-$doc->{request_id}" : '/explain/',
         'json: instance is the path, with the request id where there is one');
ok t_cmp($doc->{certificate}{not_after}, $not_after, 'json: the expiry date');
ok t_cmp($doc->{certificate}{subject}, 'CN=expired user,O=mtls-explain tests', 'json: subject');
ok t_cmp(join('|', @{ $doc->{accepted_issuers} || [] }),
         'CN=mtls-explain Test Root CA,O=mtls-explain tests', 'json: accepted issuers');
ok t_cmp(exists $doc->{contact} && !defined $doc->{contact} ? 1 : 0, 1, 'json: contact null when unset');

$res = get('/explain/', undef, Accept => 'application/json');
$doc = eval { $json->decode($res->{body}) } || {};
ok t_cmp($doc->{verdict}, 'none', 'application/json gets the problem document');
ok t_cmp(scalar @{ $doc->{causes} || [] } >= 3 ? 1 : 0, 1, 'json: none lists the likely causes');
ok t_cmp(defined $doc->{certificate} ? 1 : 0, 0, 'json: no certificate, null');

$res = get('/explain/', 'revoked', Accept => 'text/plain');
ok t_cmp($res->{headers}{'content-type'}, 'text/plain; charset=utf-8', 'text/plain on request');
ok t_cmp($res->{text}, qr/\AYour client certificate has been revoked \(403\.13\)\n/, 'text: title line');
ok t_cmp($res->{text}, qr/^(?!.*<)/s, 'text: no markup');

$res = get('/explain/', 'expired',
           Accept => 'text/html;q=0.5, application/problem+json;q=0.9');
ok t_cmp($res->{headers}{'content-type'}, 'application/problem+json', 'q-values decide the format');
$res = get('/explain/', 'expired', Accept => 'image/png');
ok t_cmp($res->{headers}{'content-type'}, 'text/html; charset=utf-8', 'nothing acceptable: html');

# ---- Languages ----
$res = get('/explain/', 'expired', 'Accept-Language' => 'ja-JP,ja;q=0.9,en;q=0.5');
ok t_cmp($res->{headers}{'content-language'}, 'ja', 'ja: Content-Language');
ok t_cmp($res->{text}, qr/<html lang="ja">/, 'ja: lang attribute');
ok t_cmp($res->{text}, qr{<title>クライアント証明書の有効期限が切れています \(403\.17\)</title>}, 'ja: Japanese title');
ok t_cmp($res->{text}, qr/\Q$end_ja\E（\d+年前）/, 'ja: expiry date, relative in Japanese');

$res = get('/explain/', 'expired', 'Accept-Language' => 'fr;q=0.4, de;q=0.8, *;q=0.1');
ok t_cmp($res->{headers}{'content-language'}, 'de', 'q-values decide the language');
ok t_cmp($res->{text}, qr/<html lang="de">/, 'de: lang attribute');
$res = get('/explain/', 'expired', 'Accept-Language' => 'fr-CA');
ok t_cmp($res->{headers}{'content-language'}, 'fr', 'fr-CA is served in French');
$res = get('/explain/', 'expired', 'Accept-Language' => 'tlh, eo');
ok t_cmp($res->{headers}{'content-language'}, 'en', 'unknown languages fall back to English');
for (['zh-Hant-TW', 'zh-Hant'], ['zh-TW,zh;q=0.8', 'zh-Hant'],
     ['zh-HK', 'zh-Hant'], ['pt-PT', 'pt-BR'], ['pt-BR', 'pt-BR'],
     ['es-ES', 'es'], ['et', 'et'], ['ko-KR', 'ko'], ['nl-BE', 'nl'],
     ['it', 'it'], ['zh-CN', 'en']) {
    my ($range, $want) = @$_;
    $res = get('/explain/', 'expired', 'Accept-Language' => $range);
    ok t_cmp($res->{headers}{'content-language'}, $want, "Accept-Language $range: $want");
}
$res = get('/explain/ja', 'expired');
ok t_cmp($res->{headers}{'content-language'}, 'ja', 'MTLSExplainLanguage sets the default');
$res = get('/explain/ja', 'expired', 'Accept-Language' => 'de');
ok t_cmp($res->{headers}{'content-language'}, 'de', '... and the browser still wins');
$res = get('/explain/', 'expired', Accept => 'application/problem+json', 'Accept-Language' => 'ja');
$doc = eval { $json->decode($res->{body}) } || {};
ok t_cmp($doc->{title}, 'クライアント証明書の有効期限が切れています', 'json: title in Japanese');
ok t_cmp($res->{body}, qr/^[\x00-\x7f]*$/, 'json: ASCII on the wire');

# ---- 403.7: why a browser sends nothing ----
$res = get('/explain/', undef);
ok t_cmp($res->{text}, qr/browsers do not offer expired certificates/, '403.7: expired certificates are hidden');
ok t_cmp($res->{text}, qr/browsers only offer certificates from the authorities a site accepts/, '403.7: foreign CAs are hidden');
ok t_cmp($res->{text}, qr/smart card/, '403.7: smart card');
ok t_cmp($res->{text}, qr/prompt was cancelled/, '403.7: cancelled prompt');
ok t_cmp($res->{text}, qr{<li>mtls-explain Test Root CA<br><small>CN=mtls-explain Test Root CA,O=mtls-explain tests</small></li>}, '403.7: accepted CA names');

# ---- Contact and help ----
$res = get('/explain/contact', 'expired');
ok t_cmp($res->{text}, qr{<a href="mailto:pki-help\@example\.org\?subject=Certificate">pki-help\@example\.org</a>},
         'mailto: contact becomes a link');
ok t_cmp($res->{text}, qr{<a href="https://help\.example\.org/certificates">More help</a>}, 'help URL linked');
$res = get('/explain/contact-text', 'expired');
ok t_cmp($res->{text}, qr{Call the IT desk on 1234 &amp; ask for &lt;PKI&gt;}, 'text contact escaped, no link');
ok t_cmp($res->{text}, qr/^(?!.*<a )/s, 'text contact: no link at all');
$res = get('/explain/contact-web', 'expired');
ok t_cmp($res->{text}, qr{<a href="https://support\.example\.org/pki">https://support\.example\.org/pki</a>}, 'https: contact becomes a link');
ok t_cmp($res->{text}, qr{<a href="/help/certificates\.html">}, 'local help path');

# ---- Templates ----
$res = get('/explain/template/', 'expired');
ok t_cmp($res->{status}, 403, 'template: 403');
ok t_cmp($res->{text}, qr{<p class="brand">Example Corp secure portal</p>}, 'template used');
ok t_cmp($res->{text}, qr{<dt>Valid until</dt><dd>\Q$end_en\E }, 'template: expiry date in the details');
ok t_cmp($res->{text}, qr{<main>.*<h2 id="todo">What you can do</h2>.*<h2>Certificates this site accepts</h2>.*<summary>Technical details</summary>.*</main>}s,
         'template: headings from the page\'s language, in a main landmark');
ok t_cmp($res->{text}, qr{<h1 id="verdict-expired" data-substatus="403\.17">Your client certificate has expired</h1>}, 'template: values in attributes and text');
ok t_cmp($res->{text}, qr{<h2>Help</h2>\n<p>For help, contact: <a href="mailto:pki\@example\.org">pki\@example\.org</a></p>\n<p><a href="https://help\.example\.org/">More help</a></p>}, 'template: the help section');
ok t_cmp($res->{headers}{'content-security-policy'}, qr/default-src 'none'/, 'template: same security headers');
$res = get('/explain/template/', 'expired', 'Accept-Language' => 'ja');
ok t_cmp($res->{text}, qr{<p>Example Corp 社内ポータル</p>}, 'template: the ja template for ja');
ok t_cmp($res->{text}, qr{有効期限: <span class="not-after">\Q$not_after\E</span>}, 'template ja: expiry date');
$res = get('/explain/template/', 'expired', Accept => 'application/problem+json');
ok t_cmp($res->{headers}{'content-type'}, 'application/problem+json', 'template location still answers APIs in JSON');
$res = get('/explain/template/de-only', 'expired', 'Accept-Language' => 'de');
ok t_cmp($res->{text}, qr{<h1>Nur Deutsch: }, 'inner section adds a de template');
$res = get('/explain/template/de-only', 'expired', 'Accept-Language' => 'ja');
ok t_cmp($res->{text}, qr{Example Corp 社内ポータル}, '... and inherits the outer ja template');

# ---- Hostile certificate text, inert everywhere ----
my $evil = 'hostile-untrusted';
$res = get('/explain/template/', $evil);
ok t_cmp($res->{text}, qr{<dd>CN=\\&lt;script\\&gt;alert\(1\)\\&lt;/script\\&gt; &amp; \\&quot;quotes\\&quot; &#39;x&#39;,O=evil</dd>},
         'template: hostile subject escaped in text');
ok t_cmp($res->{text}, qr/^(?!.*<script)/s, 'template: no script element');
$res = get('/explain/template/', $evil, 'Accept-Language' => 'ja');
ok t_cmp($res->{text}, qr{<h1 title="CN=\\&lt;script\\&gt;alert\(1\)\\&lt;/script\\&gt; &amp; \\&quot;quotes\\&quot; &#39;x&#39;,O=evil">},
         'template: hostile subject escaped in an attribute');
$res = get('/explain/', $evil);
ok t_cmp($res->{text}, qr/^(?!.*<script)/s, 'built-in page: no script element');
$res = get('/explain/', $evil, Accept => 'application/problem+json');
$doc = eval { $json->decode($res->{body}) } || {};
ok t_cmp($doc->{certificate}{subject}, q{CN=\<script\>alert(1)\</script\> & \"quotes\" 'x',O=evil},
         'json: hostile subject round-trips exactly');
ok t_cmp($res->{body}, qr/^(?!.*[<>])/s, 'json: no raw angle brackets');
$res = get('/explain/', $evil, Accept => 'text/plain');
ok t_cmp($res->{text}, qr/^(?!.*[\x00-\x08\x0b-\x1f\x7f])/s, 'text: no control characters');

# A subject with CR/LF and a forged log line (t/make-hostile.sh): inert in
# the Japanese page, the problem document and a template.
my $crlf = 'hostile-crlf';
$res = get('/explain/', $crlf, 'Accept-Language' => 'ja');
my ($dd) = $res->{text} =~ m{<dd>([^<]*forged[^<]*)</dd>};
ok t_cmp($res->{text}, qr/<html lang="ja">/, 'CR/LF subject: the Japanese page');
ok t_cmp(defined $dd && $dd !~ /[\r\n]/ ? 1 : 0, 1, 'CR/LF subject: one line on the page');
$res = get('/explain/', $crlf, Accept => 'application/problem+json');
$doc = eval { $json->decode($res->{body}) } || {};
ok t_cmp($doc->{certificate}{subject} // '', qr/forged/, 'CR/LF subject: JSON decodes with the subject');
ok t_cmp($res->{body}, qr/\A[^\r\n]*\n\z/, 'CR/LF subject: JSON is one line');
$res = get('/explain/template/', $crlf);
my ($span) = $res->{text} =~ m{<dd>([^<]*forged[^<]*)</dd>};
ok t_cmp(defined $span && $span =~ /forged/ && $span !~ /[\r\n]/ ? 1 : 0, 1,
         'CR/LF subject: one line in the template');

# ---- Accessibility basics and no identity in URLs ----
for my $lang (qw(en ja de fr es pt-BR it nl et ko zh-Hant)) {
    $res = get('/explain/contact', 'expired', 'Accept-Language' => $lang);
    my $html = $res->{text};
    my @h = $html =~ /<h([1-6])\b/g;
    my $skips = grep { $h[$_] > $h[$_ - 1] + 1 } 1 .. $#h;
    ok t_cmp(scalar(grep { $_ == 1 } @h) == 1 && $h[0] == 1 && !$skips ? 1 : 0, 1,
             "$lang: one h1 first, no skipped heading level");
    ok t_cmp($html, qr{<html lang="$lang">.*<meta name="viewport" content="width=device-width, initial-scale=1">.*<title>\S}s,
             "$lang: lang, viewport and title");
    my @hrefs = $html =~ /href="([^"]*)"/g;
    ok t_cmp(join(' ', @hrefs),
             'mailto:pki-help@example.org?subject=Certificate https://help.example.org/certificates',
             "$lang: the only links are the configured ones");
}

# WCAG AA: text colours against their backgrounds, light and dark.
$res = get('/explain/', 'expired');
my ($css) = $res->{text} =~ m{<style>(.*?)</style>}s;
my ($light) = $css =~ /^:root\{([^}]*)\}/;
my ($dark) = $css =~ /prefers-color-scheme:dark\)\{:root\{([^}]*)\}/;
for my $scheme ([light => $light], [dark => $dark]) {
    my ($name, $vars) = @$scheme;
    my %c = ($vars // '') =~ /--(\w+):(#[0-9a-f]{3,6})/g;
    my $worst = 99;
    for my $pair ([qw(fg bg)], [qw(fg card)], [qw(muted bg)], [qw(accent bg)],
                  [qw(link bg)]) {
        my $r = contrast($c{$pair->[0]}, $c{$pair->[1]});
        $worst = $r if $r < $worst;
    }
    ok t_cmp($worst >= 4.5 ? 1 : 0, 1,
             sprintf('%s scheme: worst text contrast %.1f:1 >= 4.5:1', $name, $worst));
}

sub luminance {
    my ($hex) = @_;
    return 0 unless defined $hex;
    $hex =~ s/^#//;
    $hex =~ s/(.)/$1$1/g if length $hex == 3;
    my @rgb = map { hex($_) / 255 } $hex =~ /(..)(..)(..)/;
    @rgb = map { $_ <= 0.03928 ? $_ / 12.92 : (($_ + 0.055) / 1.055) ** 2.4 } @rgb;
    return 0.2126 * $rgb[0] + 0.7152 * $rgb[1] + 0.0722 * $rgb[2];
}

sub contrast {
    my ($l1, $l2) = map { luminance($_) } @_;
    ($l1, $l2) = ($l2, $l1) if $l2 > $l1;
    return ($l1 + 0.05) / ($l2 + 0.05);
}
