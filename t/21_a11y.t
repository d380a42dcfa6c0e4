# The accessibility audit: every kind of page the module serves (no
# certificate, expired, not yet valid, revoked, untrusted, invalid, an
# expired authority above the certificate; with contact and help links;
# the 503 when the site cannot check revocation; a leaf sent without its
# intermediate; a chain longer than the site's SSLVerifyDepth),
# in every language, from the real server, through axe-core in headless
# Chromium in the light and the dark colour scheme, through html-validate,
# and on a phone's first screen, which must show the first thing to do;
# and the shipped template (examples/explain-template.html)
# filled in every language that has no template of its own. Any violation
# fails.
#
# The tools come from the npm registry into build/a11y/node_modules
# (build/test-all.sh runs npm there). Without them the file is skipped,
# unless MTLS_A11Y_REQUIRED is set, as in CI, where it fails.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use File::Path qw(make_path);
use File::Spec;

use MTLSTest qw(fetch vhost_port);

my $top = File::Spec->rel2abs("$FindBin::Bin/..");
my $tools = "$top/build/a11y";
my $have_tools = -d "$tools/node_modules/axe-core"
                 && -d "$tools/node_modules/playwright-core"
                 && -d "$tools/node_modules/html-validate"
                 && !system('node --version >/dev/null 2>&1')
                 && -x ($ENV{CHROMIUM} // '/usr/bin/chromium');

# English and every catalog's language, so that a new one is audited too.
my @languages = ('en');
for my $po (sort glob "$top/po/*.po") {
    open my $fh, '<', $po or die "$po: $!";
    while (<$fh>) {
        if (/^"Language: ([A-Za-z_]+)\\n"$/) {
            (my $tag = $1) =~ tr/_/-/;
            push @languages, $tag;
            last;
        }
    }
}

# Page kind => the client certificate that produces it.
my %kinds = (
    none => undef, expired => 'expired', notyet => 'notyet',
    revoked => 'revoked', untrusted => 'otherca',
    'wrong-purpose' => 'wrongpurpose', 'ca-expired' => 'viaexpiredint',
);
my @pages;
for my $lang (@languages) {
    for my $kind (sort keys %kinds) {
        push @pages, ["$lang-$kind", '/explain/contact/', $kinds{$kind}, $lang];
    }
    # the 503 when the site's own CRL is stale (t/conf/revocation.conf.in)
    push @pages, ["$lang-revocation-unknown", '/', 'valid', $lang,
                  'mtls_crl_stale'];
    # a leaf sent without its intermediate where CRLs are checked, and a
    # chain longer than SSLVerifyDepth (t/conf/chain.conf.in)
    push @pages, ["$lang-untrusted-noint", '/', 'noint', $lang,
                  'mtls_chain_crl'];
    push @pages, ["$lang-chain-too-long", '/', 'deep', $lang,
                  'mtls_chain_short'];
    # 403.12: a valid certificate that Require refuses, with the advice
    # for the browser the audit runs in (t/conf/authzpage.conf.in).
    push @pages, ["$lang-not-authorized", '/ap/ou', 'sales', $lang,
                  'mtls_authzpage'];
    # ja has a template of its own (a test fixture); the shipped one
    # serves every other language.
    next if $lang eq 'ja';
    for my $kind (qw(none expired)) {
        push @pages, ["$lang-template-$kind", '/explain/template/',
                      $kinds{$kind}, $lang];
    }
}

plan tests => 2 + 4 * @pages, need need_module('ssl'),
    need { 'the audit tools (npm install --prefix build/a11y; node, chromium)'
           => $have_tools || $ENV{MTLS_A11Y_REQUIRED} };

ok t_cmp($have_tools ? 1 : 0, 1, 'the audit tools are installed');

my $port = vhost_port('mtls_armed');
my $dir = "$top/t/logs/a11y";
make_path($dir);
my @files;
for my $p (@pages) {
    my ($name, $path, $cert, $lang, $vhost) = @$p;
    my $res = fetch(port => $vhost ? vhost_port($vhost) : $port,
                    path => $path, cert => $cert,
                    headers => { 'Accept-Language' => $lang,
                                 'User-Agent' => 'Mozilla/5.0 Chrome/131.0.0.0' });
    my $file = "$dir/$name.html";
    open my $fh, '>:raw', $file or die "$file: $!";
    print $fh $res->{body} // '';
    close $fh;
    push @files, $file;
}

my %result;
my $out = $have_tools
    ? `node '$tools/audit.js' @{[map { "'$_'" } @files]} 2>&1` : '';
my $status = $? >> 8;
for my $line (split /\n/, $out) {
    $result{"$2 $3"} = [$1 eq 'ok', $4 // '']
        if $line =~ /^(ok|not ok) (axe light|axe dark|html-validate|phone) (\S+)(?:: (.*))?$/;
}
ok t_cmp($status, 0, 'the audit ran and found nothing')
    or t_debug(substr($out, 0, 4000));

for my $p (@pages) {
    my $name = "$p->[0].html";
    for my $check ('html-validate', 'axe light', 'axe dark', 'phone') {
        my $r = $result{"$check $name"} || [0, 'no result'];
        ok t_cmp($r->[0] ? '' : ($r->[1] || 'failed'), '', "$check: $p->[0]");
    }
}
