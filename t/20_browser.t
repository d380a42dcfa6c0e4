# What a person sees: Debian's headless Chromium, with client certificates
# in its NSS database and sent without a prompt, against the armed host.
# No certificate, a revoked one and a valid one; an expired one, which
# Chromium does not offer at all; a phone-sized window; a valid one that
# Require refuses (403.12, t/conf/authzpage.conf.in).  Each page's DOM is
# asserted on and its screenshot must not be blank; both are kept in
# t/logs/browser/.
#
# Needs root (the certificate policy lives in /etc/chromium), chromium,
# libnss3-tools and libimage-png-libpng-perl.  Skipped, with the reason,
# where Debian's Chromium is not installed, unless MTLS_TEST_NEED_BROWSER=1
# (CI sets it) makes that a failure; with Chromium there, any other missing
# piece fails the test.  MTLS_TEST_NO_BROWSER=1 skips it all the same.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use File::Path qw(make_path);
use File::Spec;
use Encode qw(decode_utf8);
use File::Temp qw(tempdir);
use POSIX qw(WNOHANG _exit);
use Time::HiRes qw(time sleep);
use MTLSTest qw(vhost_port pki);

my $chromium   = '/usr/lib/chromium/chromium';
my $policy_dir = '/etc/chromium/policies/managed';
my $out_dir    = File::Spec->catdir($FindBin::Bin, 'logs', 'browser');

plan tests => 45, need need_module('ssl'),
    !$ENV{MTLS_TEST_NO_BROWSER} || skip_reason('MTLS_TEST_NO_BROWSER is set'),
    -x $chromium || $ENV{MTLS_TEST_NEED_BROWSER}
        || skip_reason("no Chromium at $chromium (Debian package chromium)");

my @missing;
push @missing, "$chromium (package chromium)" unless -x $chromium;
for my $tool (qw(certutil pk12util timeout)) {
    push @missing, "$tool (package "
        . ($tool eq 'timeout' ? 'coreutils' : 'libnss3-tools') . ')'
        unless grep { -x "$_/$tool" } split /:/, $ENV{PATH};
}
push @missing, 'Image::PNG::Libpng (package libimage-png-libpng-perl)'
    unless eval { require Image::PNG::Libpng; 1 };
push @missing, "root, to write the certificate policy in $policy_dir"
    if $> != 0;
die "t/20_browser.t needs: " . join('; ', @missing)
    . "\n(MTLS_TEST_NO_BROWSER=1 skips this test)\n" if @missing;

my $port = vhost_port('mtls_armed');
my $url  = "https://localhost:$port/require";
my $authz_port = vhost_port('mtls_authzpage');
my $tmp  = tempdir('mtls-browser-XXXXXX', TMPDIR => 1, CLEANUP => 1);
make_path($out_dir);

# Chromium reads its enterprise policies only from /etc.  The file is
# this process's own, so that parallel runs and other policies are left
# alone, and it goes away however the test ends.
my $policy_file = "$policy_dir/mtls-explain-test-$$.json";
my $policy_owner = $$;
my @made_dirs;
END {
    if (defined $policy_owner && $$ == $policy_owner) {
        unlink $policy_file;
        rmdir $_ for reverse @made_dirs;
    }
}
$SIG{$_} = sub { exit 1 } for qw(INT TERM HUP);

# A run killed hard cannot clean up: drop its policy once it is gone.
for my $old (glob "$policy_dir/mtls-explain-test-*.json") {
    my ($pid) = $old =~ /-(\d+)\.json\z/ or next;
    unlink $old unless kill 0, $pid;
}
{
    my $dir = '';
    for my $part (grep length, split m{/}, $policy_dir) {
        $dir .= "/$part";
        next if -d $dir;
        mkdir $dir or die "mkdir $dir: $!\n";
        push @made_dirs, $dir;
    }
}
# Any certificate the browser offers to this host is sent without a
# prompt (without this, an installed certificate makes Chromium wait for
# a picker until --timeout).  The empty filter adds no choice of its own:
# what gets sent is what Chromium itself is willing to offer.
write_file($policy_file, qq({"AutoSelectCertificateForUrls": [)
    . join(',', map { qq("{\\"pattern\\":\\"https://localhost:$_\\",\\"filter\\":{}}") }
                    $port, $authz_port)
    . qq(]}\n));

# A person with no certificate: 403.7, and the page says why a browser may
# have sent none.
my $dom = browse('none', [], '1280,900');
like_title($dom, qr/403\.7/, 'none: the title names 403.7');
like_title($dom, qr/A client certificate is required/,
           'none: the title says a certificate is required');
ok t_cmp($dom, qr/\bexpired\b/,
         'none: the page names an expired certificate as a cause');
ok t_cmp($dom, qr{<li>mtls-explain Test Root CA<br><small>CN=mtls-explain Test Root CA,O=mtls-explain tests</small></li>},
         'none: the page names the CA this site accepts');

# The same person, with a browser set to Japanese.
$dom = browse('none-ja', [], '1280,900', 'ja');
ok t_cmp($dom, qr/<html lang="ja">/, 'ja: the page is in Japanese');
like_title($dom, qr/^\x{30af}\x{30e9}\x{30a4}\x{30a2}\x{30f3}\x{30c8}\x{8a3c}\x{660e}\x{66f8}.* \(403\.7\)$/,
           'ja: the title, in Japanese');

# Revoked: 403.13.
$dom = browse('revoked', ['revoked'], '1280,900');
like_title($dom, qr/403\.13/, 'revoked: the title names 403.13');
like_title($dom, qr/Your client certificate has been revoked/,
           'revoked: the title says the certificate was revoked');
ok t_cmp($dom, qr/CN=revoked user/, 'revoked: the page shows the subject');

# Valid: the content itself, which prints what the server saw.
$dom = browse('valid', ['valid'], '1280,900');
ok t_cmp($dom, qr/^verdict=ok$/m, 'valid: the content, verdict=ok');
ok t_cmp($dom, qr/^verify=SUCCESS$/m, 'valid: mod_ssl verified it');
ok t_cmp($dom, qr/^s_dn=CN=valid user,O=mtls-explain tests$/m,
         'valid: the certificate Chromium sent is the one installed');

# Only an expired certificate installed: Chromium does not offer it, sends
# none, and the person gets 403.7 rather than the expiry page.  This is
# why the 403.7 page lists causes.
$dom = browse('expired-only', ['expired'], '1280,900');
like_title($dom, qr/403\.7/,
           'expired only: Chromium sends no certificate, 403.7');

# A phone: the longest page, at 390x844.
$dom = browse('revoked-phone', ['revoked'], '390,844');
like_title($dom, qr/403\.13/, 'phone: the revoked page');

# A valid certificate of another department, where Require wants
# Finance: 403.12, naming the clause, with Chromium's own advice.
$dom = browse('not-authorized', ['sales'], '1280,900', undef,
              "https://localhost:$authz_port/ap/ou");
like_title($dom, qr/^Your certificate is valid, but gives no access here \(403\.12\)$/,
           'not authorized: the title names 403.12');
ok t_cmp($dom, qr/This page requires: a certificate whose subject includes OU=Finance/,
         'not authorized: the page says what the location requires');
ok t_cmp($dom, qr/In Chrome and Edge: the browser keeps the certificate you chose/,
         "not authorized: the advice for Chromium's family");

# Runs Chromium once on $url (or $target) with the client certificates named in
# $certs (t/pki/client-NAME.p12) and the issuing CA trusted; saves the
# DOM and a screenshot as t/logs/browser/NAME.{html,png}.  Four tests:
# the NSS database holds just those certificates, a page came back, and
# the screenshot has the window's size and is not blank.  Returns the DOM.
sub browse {
    my ($name, $certs, $size, $lang, $target) = @_;
    my $home = "$tmp/$name";
    my $db = "sql:$home/.pki/nssdb";
    make_path("$home/.pki/nssdb");
    run_tool('certutil', '-N', '--empty-password', '-d', $db);
    # Trusted for TLS servers: the test server's certificate is for
    # localhost from t/pki/ca.crt, so no certificate error is ignored.
    run_tool('certutil', '-A', '-d', $db, '-n', 'mtls-explain test root',
             '-t', 'C,,', '-i', pki('ca.crt'));
    # t/make-pki.sh exports them with an empty password.
    run_tool('pk12util', '-i', pki("client-$_.p12"), '-d', $db, '-W', '')
        for @$certs;
    # What is installed is what the case is about: check it is there.
    my $list = run_tool('certutil', '-L', '-d', $db);
    my @have = $list =~ /^(client-\S+)\s+u,u,u\s*$/mg;
    ok t_cmp("@have", join(' ', map "client-$_", @$certs),
             "$name: client certificates in the NSS database");

    my $png = "$out_dir/$name.png";
    my $html = "$out_dir/$name.html";
    unlink $png, $html;
    my $t0 = time;
    my ($status, $err) = run_chromium($home, $size, $png, $html,
                                      $lang // 'en-US', $target // $url);
    my $dom = decode_utf8(read_file($html));
    t_debug(sprintf '%s: chromium took %.1f s, exit status %d',
            $name, time - $t0, $status);
    # --dump-dom prints nothing at all on a network or TLS error, and an
    # empty document when --timeout ends a wait (for a certificate picker).
    t_debug("$name: chromium returned a page with text");
    ok(($dom =~ s/<[^>]*>//gr) =~ /\S/)
        or diag("$name: no page from chromium (exit status "
        . "$status); its stderr:\n" . join '', grep !/dbus/i, @$err);
    check_png($name, $png, split /,/, $size);
    return $dom;
}

# Chromium under an outer timeout (its own --timeout only bounds the page
# load), in a fresh profile, killed by PID if even that hangs.  Returns
# its exit status and its stderr lines.
sub run_chromium {
    my ($home, $size, $png, $html, $lang, $target) = @_;
    my $profile = tempdir('profile-XXXXXX', DIR => $tmp, CLEANUP => 1);
    my @cmd = ('timeout', '-k', '5', '30', $chromium,
        qw(--headless --no-sandbox --disable-gpu --no-first-run
           --disable-background-networking --disable-component-update
           --disable-sync --disable-quic --timeout=10000),
        # the page's language is the test's choice, not the machine's
        "--lang=$lang", "--accept-lang=$lang",
        "--user-data-dir=$profile", "--window-size=$size",
        '--dump-dom', "--screenshot=$png", $target);
    my $errfile = "$home/chromium.err";
    my $pid = fork // die "fork: $!\n";
    if ($pid == 0) {
        $ENV{HOME} = $home;
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', $html or _exit(126);
        open STDERR, '>', $errfile or _exit(126);
        exec @cmd or _exit(127);
    }
    # timeout(1) signals its whole process group, browser children too;
    # this is the backstop should timeout itself not return.
    my $deadline = time + 45;
    while (!(waitpid $pid, WNOHANG)) {
        if (time > $deadline) {
            kill 'KILL', -$pid;
            waitpid $pid, 0;
            last;
        }
        sleep 0.1;
    }
    my $status = $? >> 8;
    return ($status, [split /^/m, read_file($errfile)]);
}

# A PNG of the window's size with something drawn on it: many colours
# (text is anti-aliased) and some pixels away from the background colour.
# Two tests.
sub check_png {
    my ($name, $file, $width, $height) = @_;
    my $img = -s $file ? eval { Image::PNG::Libpng::read_png_file($file) }
                       : undef;
    unless ($img) {
        ok 0 for 1 .. 2;
        diag("$name: no readable screenshot at $file" . ($@ ? ": $@" : ''));
        return;
    }
    my $h = $img->get_IHDR;
    ok t_cmp("$h->{width}x$h->{height}", "${width}x$height",
             "$name: screenshot has the window's size");
    my %channels = (0 => 1, 2 => 3, 4 => 2, 6 => 4);
    my $bpp = ($channels{$h->{color_type}} // 0) * $h->{bit_depth} / 8;
    my %count;
    if ($bpp >= 1) {
        $count{$_}++ for map { unpack "(a$bpp)*", $_ } @{$img->get_rows};
    }
    my ($bg) = sort { $count{$b} <=> $count{$a} } keys %count;
    my $drawn = defined $bg
        ? 1 - $count{$bg} / ($h->{width} * $h->{height}) : 0;
    # The smallest page here, eight short lines of plain text, covers
    # about 0.3% of a 1280x900 window.
    t_debug("$name: the screenshot is not blank");
    ok(keys(%count) >= 16 && $drawn >= 0.001)
        or diag(sprintf '%s: screenshot looks blank: %d colours, '
                . '%.3f%% drawn', $name, scalar keys %count, 100 * $drawn);
}

# Test.pm has no diag(), and a failure must explain itself without -verbose.
sub diag { print STDERR map { "# $_\n" } split /\n/, join '', @_ }

sub like_title {
    my ($dom, $re, $what) = @_;
    my ($title) = $dom =~ m{<title>(.*?)</title>}s;
    ok t_cmp($title // '(no title)', $re, $what);
}

# Runs a command, dies with its output if it fails; returns its stdout.
sub run_tool {
    my @cmd = @_;
    my $pid = open(my $fh, q{-|}) // die "fork: $!\n";
    if ($pid == 0) {
        open STDIN, '<', '/dev/null';
        open STDERR, '>&', \*STDOUT;
        exec @cmd or _exit(127);
    }
    my $out = do { local $/; <$fh> } // '';
    close $fh;
    die "@cmd failed:\n$out" if $?;
    return $out;
}

sub read_file {
    my ($file) = @_;
    open my $fh, '<', $file or return '';
    local $/;
    return scalar(<$fh>) // '';
}

sub write_file {
    my ($file, $text) = @_;
    open my $fh, '>', $file or die "$file: $!\n";
    print $fh $text;
    close $fh or die "$file: $!\n";
}
