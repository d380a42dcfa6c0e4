# How to choose another certificate, told from User-Agent: Chrome and
# Edge, Firefox, Safari (and the browsers on iOS, which are Safari
# underneath), a short generic text for any other client or none, nothing
# in text/plain; on the pages that advise choosing another certificate
# (403.12, wrong_purpose, 403.16, 403.17) and not on the others.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(fetch vhost_port);

my %ua = (
    chrome  => 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    edge    => 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    firefox => 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    safari  => 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    ios     => 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
    curl    => 'curl/8.11.0',
);
my %advice = (
    chrome  => 'In Chrome and Edge: the browser keeps the certificate you chose until every one of its windows is closed.',
    firefox => 'In Firefox: if you let it remember your choice, remove that decision in Settings, Privacy &amp; Security, View Certificates, Authentication Decisions',
    safari  => 'In Safari: the certificate for this site is kept as an identity preference in Keychain Access.',
    other   => 'Your browser may remember the certificate you chose: close every browser window',
);
my %family = (chrome => 'chrome', edge => 'chrome', firefox => 'firefox',
              safari => 'safari', ios => 'safari', curl => 'other');

plan tests => 2 * keys(%ua) + 2 + 3 + 4 + 2, need_module('ssl', 'headers');

my $ap = vhost_port('mtls_authzpage');
my $armed = vhost_port('mtls_armed');

sub get {
    my ($port, $path, $cert, %h) = @_;
    return fetch(port => $port, path => $path, headers => \%h,
                 $cert eq 'none' ? () : (cert => $cert));
}

# Which advice a body carries, by the words of each.
sub which {
    my ($body) = @_;
    my @found = grep { index($body, $advice{$_}) >= 0 } sort keys %advice;
    return @found ? "@found" : 'none';
}

# 403.12 in HTML: each family its own, exactly one.
for my $u (sort keys %ua) {
    my $res = get($ap, '/ap/ou', 'sales', Accept => 'text/html',
                  'User-Agent' => $ua{$u});
    ok t_cmp($res->{status}, 403, "$u: 403.12");
    ok t_cmp(which($res->{body}), $family{$u}, "$u: the advice for its browser");
}
my $res = get($ap, '/ap/ou', 'sales', Accept => 'text/html');
ok t_cmp(which($res->{body}), 'other', 'no User-Agent: the generic advice');

# None in text/plain, for command-line clients.
$res = get($ap, '/ap/ou', 'sales', Accept => 'text/plain',
           'User-Agent' => $ua{firefox});
ok t_cmp(($res->{body} =~ /In Firefox|Your browser may remember/) ? 1 : 0, 0,
         'text/plain: no browser advice');

# JSON carries it as a field.
$res = get($ap, '/ap/ou', 'sales', Accept => 'application/problem+json',
           'User-Agent' => $ua{safari});
ok t_cmp($res->{body} =~ /"browser_advice":"In Safari: the certificate for this site is kept as an identity preference in Keychain Access\./ ? 1 : 0,
         1, 'JSON: browser_advice');
$res = get($ap, '/ap/ou', 'finance', Accept => 'application/problem+json');
ok t_cmp($res->{status}, 200, 'granted: no page');
$res = get($armed, '/require/', 'revoked', Accept => 'application/problem+json',
           'User-Agent' => $ua{chrome});
ok t_cmp($res->{body} =~ /"browser_advice":null/ ? 1 : 0, 1,
         'JSON, revoked (403.13): no advice to choose another');

# The other pages that advise choosing another certificate.
for my $c (['signing', 'firefox', 'wrong_purpose'], ['expired', 'chrome', '403.17'],
           ['otherca', 'safari', 'untrusted 403.16']) {
    my ($cert, $u, $what) = @$c;
    $res = get($armed, '/require/', $cert, Accept => 'text/html',
               'User-Agent' => $ua{$u});
    ok t_cmp(which($res->{body}), $family{$u}, "$what: the advice for $u");
}
$res = get($armed, '/require/', 'none', Accept => 'text/html',
           'User-Agent' => $ua{chrome});
ok t_cmp(which($res->{body}), 'none', 'no certificate (403.7): none');

# In the reader's language.
$res = get($ap, '/ap/ou', 'sales', Accept => 'text/html',
           'Accept-Language' => 'de', 'User-Agent' => $ua{edge});
ok t_cmp(index($res->{body}, 'In Chrome und Edge: Der Browser behält das gewählte Zertifikat') >= 0 ? 1 : 0,
         1, 'German: Chrome and Edge');
$res = get($ap, '/ap/ou', 'sales', Accept => 'text/html',
           'Accept-Language' => 'ja', 'User-Agent' => $ua{firefox});
ok t_cmp(index($res->{body}, 'Firefox の場合') >= 0 ? 1 : 0, 1,
         'Japanese: Firefox');
