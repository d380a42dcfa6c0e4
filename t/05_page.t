# The explanation page: headers, what it says for each kind of failure,
# the certificate details, a failure above the person's own certificate,
# hostile certificate text, HEAD, and a request body on a kept-alive
# connection.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch tls_connect http_request pki
                error_log_size error_log_since);

plan tests => 38, need_module 'ssl';

my $port = vhost_port('mtls_armed');

# Expired over TLS 1.3: the title, the expiry date, the headers.
my $res = fetch(port => $port, path => '/require/', cert => 'expired',
                tls => '1.3');
ok t_cmp($res->{status}, 403, 'expired: 403');
ok t_cmp($res->{body},
         qr{<title>Your client certificate has expired \(403\.17\)</title>},
         'expired: title');
ok t_cmp($res->{body}, qr{<dt>Valid until</dt><dd>1 January 2021, 00:00 UTC \(\d+ years ago\)</dd>},
         'expired: names the expiry date');
ok t_cmp($res->{body}, qr{<dt>Subject</dt><dd>CN=expired user,O=mtls-explain tests</dd>},
         'expired: subject');
ok t_cmp($res->{body}, qr{<dt>SHA-256 fingerprint</dt><dd><span class="fp">(?:[0-9A-F]{2}:){31}[0-9A-F]{2}</span></dd>},
         'expired: fingerprint, one string for a screen reader');
ok t_cmp($res->{headers}{'cache-control'} // '', 'no-store', 'Cache-Control');
ok t_cmp($res->{headers}{'x-content-type-options'} // '', 'nosniff',
         'X-Content-Type-Options');
ok t_cmp($res->{headers}{'content-security-policy'} // '',
         "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
         'CSP: nothing loads, and no other site may frame the page');
ok t_cmp($res->{headers}{'content-length'} // -1, length($res->{body}),
         'Content-Length matches');
ok t_cmp($res->{body}, qr/^(?!.*(?:<script|src=|href=))/s,
         'self-contained: no script, no external resource');

# The fingerprint is the certificate's own.
my $fp = `openssl x509 -in @{[pki('client-expired.crt')]} -noout -fingerprint -sha256`;
$fp =~ s/^.*=//; chomp $fp;
ok t_cmp($res->{body}, qr{\Q$fp\E}, 'fingerprint matches openssl');

# No certificate at a require location: 403.7, and why a browser may have
# sent none.
$res = fetch(port => $port, path => '/require/');
ok t_cmp($res->{body}, qr{<title>A client certificate is required \(403\.7\)</title>},
         'none: title');
ok t_cmp($res->{body}, qr/browsers do not offer expired certificates/,
         'none: says why a browser may send none');
ok t_cmp($res->{body}, qr/^(?!.*Your certificate<\/h2>)/s,
         'none: no certificate details');

# Revoked and untrusted.
$res = fetch(port => $port, path => '/require/', cert => 'revoked');
ok t_cmp($res->{body}, qr{<title>Your client certificate has been revoked \(403\.13\)</title>},
         'revoked: title');
$res = fetch(port => $port, path => '/require/', cert => 'otherca');
ok t_cmp($res->{body}, qr{<title>Your client certificate is not trusted here \(403\.16\)</title>},
         'untrusted: title');
ok t_cmp($res->{body}, qr{<p>Your certificate was issued by mtls-explain Other CA\. },
         'untrusted: says in a sentence which authority issued it');
ok t_cmp($res->{body}, qr{<li>mtls-explain Test Root CA<br><small>CN=mtls-explain Test Root CA,O=mtls-explain tests</small></li>},
         'untrusted: the accepted authorities by name');

# In Japanese, OpenSSL's English reason is marked as English, the footer
# and the dates are Japanese.
$res = fetch(port => $port, path => '/require/', cert => 'expired',
             headers => { 'Accept-Language' => 'ja' });
ok t_cmp($res->{body}, qr{<span lang="en">certificate has expired</span>},
         'ja: the English reason carries lang="en"');
ok t_cmp($res->{body}, qr{<dd>2021\x{e5}\x{b9}\x{b4}1\x{e6}\x{9c}\x{88}1\x{e6}\x{97}\x{a5} 00:00},
         'ja: a Japanese date');

# An expired intermediate: the page names that CA and does not say the
# person's own certificate expired.
$res = fetch(port => $port, path => '/require/', cert => 'viaexpiredint');
ok t_cmp($res->{body}, qr{<title>An authority above your certificate has expired \(403\.17\)</title>},
         'expired intermediate: title');
ok t_cmp($res->{body}, qr{The certificate that failed is CN=mtls-explain Expired Intermediate CA, one step above your own},
         'expired intermediate: names the CA');
ok t_cmp($res->{body}, qr/^(?!.*Your client certificate has expired)/s,
         'expired intermediate: does not blame the person\'s certificate');
ok t_cmp($res->{body}, qr{<h2>The certificate that failed \(depth 1\)</h2>},
         'expired intermediate: depth');

# Hostile subject: inert in the page and the log.
my $offset = error_log_size();
$res = fetch(port => $port, path => '/require/', cert => 'hostile');
ok t_cmp($res->{status}, 200, 'hostile subject, valid certificate: allowed');
$res = fetch(port => $port, path => '/inherit/report/', cert => 'hostile');
my @log = grep /MTLS0012/, error_log_since($offset);
ok t_cmp((grep /MTLS0012: .* subject="CN=\\\\<script\\\\>alert\(1\)\\\\<\/script\\\\> & \\\\%22quotes\\\\%22 'x',O=evil"$/, @log) ? 1 : 0,
         1, 'hostile subject: one quoted log field, quotes encoded');

# The same hostile name refused: shown on the page, escaped.
$res = fetch(port => $port, path => '/require/', cert => 'hostile-untrusted');
ok t_cmp($res->{body},
         qr{<dd>CN=\\&lt;script\\&gt;alert\(1\)\\&lt;/script\\&gt; &amp; \\&quot;quotes\\&quot; &#39;x&#39;,O=evil</dd>},
         'hostile subject: escaped on the page');
ok t_cmp($res->{body}, qr/^(?!.*<script)/s, 'hostile subject: no markup');

# Light and dark colour schemes, readable on a phone.
$res = fetch(port => $port, path => '/require/', cert => 'expired');
ok t_cmp($res->{body}, qr/\@media \(prefers-color-scheme:dark\)/, 'dark mode');
ok t_cmp($res->{body}, qr/<meta name="viewport" content="width=device-width/, 'viewport');

# A subrequest (an SSI include) into a refusing location is refused
# quietly; the including page is served.
$offset = error_log_size();
$res = fetch(port => $port, path => '/incl.shtml');
ok t_cmp($res->{status}, 200, 'include: the page is served');
ok t_cmp($res->{body}, qr/^before\n\[include refused\]\nafter/, 'include: refused without a page');
ok t_cmp(scalar(grep /MTLS001/, error_log_since($offset)), 1,
         'include: only the main request is logged');
$res = fetch(port => $port, path => '/incl.shtml', cert => 'valid');
ok t_cmp($res->{body}, qr/^before\ncontent\n/, 'include: allowed with a valid certificate');

# HEAD: headers only.
my $sock = tls_connect(port => $port, cert => 'expired');
my $head = http_request($sock, '/require/', method => 'HEAD');
ok t_cmp($head->{status}, 403, 'HEAD: 403');
ok t_cmp(length($head->{body}), 0, 'HEAD: no body');

# A request body is read away, and the connection stays usable.
my $post = http_request($sock, '/require/', method => 'POST',
                        body => 'x' x 5000,
                        headers => { 'Content-Type' => 'text/plain' });
ok t_cmp($post ? $post->{status} : 0, 403, 'POST: 403');
my $again = http_request($sock, '/none/');
ok t_cmp($again ? $again->{status} : 0, 200,
         'the kept-alive connection still works after a denied POST');
$sock->close;
