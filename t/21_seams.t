# The seams: every path by which Apache can reach a location must meet that
# location's policy. Internal redirects (ErrorDocument of several statuses,
# RewriteRule [PT], Action), subrequests (DirectoryIndex, mod_include),
# Satisfy Any with a password or a host rule, a side-effecting POST, the
# auth type SSLUserName sets, Expect: 100-continue, long language tags and
# a 40 KiB serial number. The only exemption is the administrator's own
# page for the module's own refusal.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MIME::Base64 qw(encode_base64);
use IO::Select;
use MTLSTest qw(vhost_port tls_connect fetch http_response);

my $port = vhost_port('mtls_seams');
my $logs = Apache::Test::config()->{vars}{t_logs};
my $ran_log = "$logs/seams-cgi.log";

# The application's record of its runs, writable by the server's user.
open my $rl, '>', $ran_log or die "$ran_log: $!";
close $rl;
chmod 0666, $ran_log;
sub runs {
    open my $fh, '<', $ran_log or return 0;
    my @l = <$fh>;
    return scalar @l;
}

# A user for the Satisfy tests: a password that must not stand in for a
# certificate.
my $passwd = "$logs/seams.passwd";
open my $pw, '>', $passwd or die "$passwd: $!";
print $pw 'seams:' . crypt('s3cret', 'ab') . "\n";
close $pw;
chmod 0644, $passwd;
my $basic = 'Basic ' . encode_base64('seams:s3cret', '');

my %bad = (none => '403.7', expired => '403.17', revoked => '403.13',
           selfsigned => '403.16');
my @bad = sort keys %bad;

# Paths from an open location into the protected application.
my @redirects = (
    ['/seams/open/missing',      'ErrorDocument 404'],
    ['/seams/open/denied',       'ErrorDocument 403 after Require all denied'],
    ['/seams/open/broken',       'ErrorDocument 500'],
    ['/seams/pt/app.cgi',        'RewriteRule [PT]'],
    ['/seams/open/action/x',     'Action'],
);
my @subrequests = (
    ['/seams/open/idx/',         'DirectoryIndex'],
    ['/seams/open/include.shtml', 'mod_include'],
);
my @satisfy = ('/seams/sat-deny/app.cgi', '/seams/sat-allow/app.cgi');
my @tls = ('1.2', '1.3');

plan tests => @tls * (@bad * (@redirects * 3 + @subrequests * 2 + 4
                              + @satisfy * 4) + (@bad - 1) * 3
                      + @redirects + @satisfy)
              + 2 + 6 + 5 + 3 + 4,
     need need_module('ssl'), need_module('cgid'), need_module('access_compat');

sub get {
    my ($cert, $path, %o) = @_;
    return fetch(port => $port, path => $path, cert => $cert eq 'none'
                 ? undef : $cert, %o);
}

for my $tls (@tls) {
    for my $cert (@bad) {
        my $sub = $bad{$cert};
        for my $r (@redirects) {
            my ($path, $what) = @$r;
            my $res = get($cert, $path, tls => $tls);
            my $t = "TLS $tls, $cert, $what";
            ok t_cmp($res->{body} // '', qr/\A(?!.*SEAMS-APP-RAN)/s,
                     "$t: the protected application does not run");
            ok t_cmp($res->{status}, 403, "$t: 403");
            ok t_cmp($res->{body} // '', qr/\Q$sub\E/,
                     "$t: the target's own explanation ($sub)");
        }
        for my $r (@subrequests) {
            my ($path, $what) = @$r;
            my $res = get($cert, $path, tls => $tls);
            my $t = "TLS $tls, $cert, $what";
            ok t_cmp($res->{body} // '', qr/\A(?!.*SEAMS-PROTECTED-CONTENT)/s,
                     "$t: the protected page is not included");
            ok t_cmp($res->{body} // '', qr/\A(?!.*SEAMS-APP-RAN)/s,
                     "$t: the protected application does not run");
        }
        # The administrator's page for the module's own refusal: served
        # from an open location, replaced by the built-in one in a
        # refusing location, and never a handler there.
        my $res = get($cert, '/seams/req/opendoc/x', tls => $tls);
        ok t_cmp("$res->{status} " . ($res->{body} // ''),
                 qr/^403 SEAMS-ADMIN-ERRDOC/,
                 "TLS $tls, $cert: ErrorDocument 403 in an open location is served");
        $res = get($cert, '/seams/req/withdoc/x', tls => $tls);
        ok t_cmp("$res->{status} " . ($res->{body} // ''),
                 qr/^403 (?!SEAMS-ADMIN-ERRDOC).*\Q$sub\E/s,
                 "TLS $tls, $cert: ErrorDocument 403 in a refusing location: the built-in page");
        my $before = runs();
        $res = get($cert, '/seams/req/frontdoc/delete', tls => $tls,
                   method => 'POST', body => 'id=42&confirm=yes');
        ok t_cmp("$res->{status} " . ($res->{body} // ''),
                 qr/^403 (?!.*SEAMS-APP-RAN).*\Q$sub\E/s,
                 "TLS $tls, $cert: ErrorDocument 403 to a front controller in a refusing location: the built-in page");
        ok t_cmp(runs(), $before,
                 "TLS $tls, $cert: the front controller did not run");

        # SSLUserName's user withdrawn where SSLRequire's refusal keeps
        # the module's access hook from running: Satisfy Any, and an
        # ErrorDocument with the same configuration.
        if ($cert ne 'none') {
            $res = get($cert, '/seams/userreq/app.cgi', tls => $tls);
            ok t_cmp($res->{body} // '', qr/\A(?!.*SEAMS-APP-RAN)/s,
                     "TLS $tls, $cert: Satisfy Any, Require user: the failed certificate's name is no user");
            $res = get($cert, '/seams/userdoc/x', tls => $tls);
            ok t_cmp(($res->{body} // '') =~ /^remote_user=(.*)$/m ? $1 : 'missing',
                     '', "TLS $tls, $cert: the ErrorDocument with the same configuration gets no REMOTE_USER");
            ok t_cmp(($res->{body} // '') =~ /^auth_type=(.*)$/m ? $1 : 'missing',
                     '', "TLS $tls, $cert: nor AUTH_TYPE");
        }

        # Satisfy Any with a password: a POST the application would act on.
        for my $path (@satisfy) {
            my $before = runs();
            my $log_before = -s "$logs/mtls_access_log";
            my $r = get($cert, $path, tls => $tls, method => 'POST',
                        body => 'act=transfer',
                        headers => { Authorization => $basic });
            my $t = "TLS $tls, $cert, $path, Satisfy Any and a password";
            ok t_cmp($r->{status}, 403, "$t: 403");
            ok t_cmp($r->{body} // '', qr/\Q$sub\E/, "$t: explained");
            ok t_cmp(runs(), $before, "$t: the application did not run");
            # the access log records what was sent
            my $line = '';
            for (1 .. 20) {
                open my $al, '<', "$logs/mtls_access_log" or last;
                seek $al, $log_before, 0;
                ($line) = grep { m{^POST \Q$path\E } } <$al>;
                last if $line;
                select undef, undef, undef, 0.1;
            }
            ok t_cmp($line // '', qr{^POST \Q$path\E HTTP/1\.1 403 },
                     "$t: the access log says 403");
        }
    }
    # Positive controls: a valid certificate reaches the application by
    # the same paths.
    for my $r (@redirects) {
        my ($path, $what) = @$r;
        my $res = get('valid', $path, tls => $tls);
        ok t_cmp($res->{body} // '', qr/SEAMS-APP-RAN/,
                 "TLS $tls, valid, $what: the application runs");
    }
    for my $path (@satisfy) {
        my $res = get('valid', $path, tls => $tls, method => 'POST',
                      body => 'act=transfer',
                      headers => { Authorization => $basic });
        ok t_cmp($res->{body} // '', qr/SEAMS-APP-RAN/,
                 "TLS $tls, valid, $path: the application runs");
    }
}

# DirectoryIndex and mod_include with a valid certificate reach the page.
ok t_cmp(get('valid', '/seams/open/idx/')->{body} // '',
         qr/SEAMS-PROTECTED-CONTENT/, 'valid: DirectoryIndex reaches the page');
ok t_cmp(get('valid', '/seams/open/include.shtml')->{body} // '',
         qr/SEAMS-PROTECTED-CONTENT/, 'valid: mod_include reaches the page');

# SSLUserName: a failed certificate sets neither user nor auth type.
{
    my $v = get('valid', '/seams/authtype/app.cgi')->{body} // '';
    my $e = get('expired', '/seams/authtype/app.cgi')->{body} // '';
    my $n = get('none', '/seams/authtype/app.cgi')->{body} // '';
    my ($vt) = $v =~ /^auth_type=(.*)$/m;
    ok t_cmp($vt // '', 'ClientCert', 'valid: SSLUserName sets AUTH_TYPE');
    ok t_cmp($e =~ /^auth_type=(.*)$/m ? $1 : 'missing', '',
             'expired: no AUTH_TYPE');
    ok t_cmp($e =~ /^remote_user=(.*)$/m ? $1 : 'missing', '',
             'expired: no REMOTE_USER');
    ok t_cmp($n =~ /^auth_type=(.*)$/m ? $1 : 'missing', '',
             'no certificate: no AUTH_TYPE (the baseline)');
    ok t_cmp(get('expired', '/seams/authexpr/app.cgi')->{status}, 403,
             "expired: Require expr %{AUTH_TYPE} == 'ClientCert' denies");
    ok t_cmp(get('valid', '/seams/authexpr/app.cgi')->{status}, 200,
             "valid: Require expr %{AUTH_TYPE} == 'ClientCert' grants");
}

# Expect: 100-continue on a refused request: no invitation, no upload.
{
    my $before = runs();
    my $sock = tls_connect(port => $port, must => 1);
    print {$sock} "POST /seams/req/app.cgi HTTP/1.1\r\nHost: localhost\r\n"
        . "Content-Length: 20971520\r\nExpect: 100-continue\r\n\r\n";
    my $sel = IO::Select->new($sock);
    my $line = $sel->can_read(10) ? <$sock> // '' : 'timeout';
    ok t_cmp($line, qr{^HTTP/1\.1 403 }, 'Expect: 100-continue: 403 at once, no 100 Continue');
    my $res = { status => 403 };
    # read the rest of the response; the server closes the connection
    # instead of reading the body it did not invite
    my ($hdrs, $eof) = ('', 0);
    while ($sel->can_read(10)) {
        my $n = sysread($sock, my $buf, 65536);
        if (!$n) { $eof = 1; last }
        $hdrs .= $buf;
    }
    ok t_cmp($hdrs, qr/^Connection: close\r$/mi, 'Expect: 100-continue: Connection: close');
    ok t_cmp($hdrs, qr/403\.7/, 'Expect: 100-continue: explained');
    ok t_cmp($eof, 1, 'Expect: 100-continue: the server closes without reading the body');
    ok t_cmp(runs(), $before, 'Expect: 100-continue: the application did not run');
}

# Language tags of 16 characters and more find their primary subtag.
for my $c (['ja-JP-u-ca-japanese', 'ja'], ['de-DE-u-co-phonebk', 'de'],
           ['fr-CA-x-' . ('a' x 8 . '-') x 8 . 'b', 'fr']) {
    my ($tag, $want) = @$c;
    my $res = get('none', '/seams/req/x',
                  headers => { 'Accept-Language' => $tag });
    ok t_cmp($res->{headers}{'content-language'} // '', $want,
             "Accept-Language $tag: $want");
}

# A 40 KiB serial number is shown cut, like a long name.
{
    my $res = get('hostile-hugeserial', '/seams/req/x');
    ok t_cmp($res->{status}, 403, 'huge serial: refused');
    ok t_cmp($res->{body} // '', qr/7FAAAAAAAA/, 'huge serial: its start is shown');
    ok t_cmp($res->{body} // '', qr/\A(?!.*A{100})/s, 'huge serial: cut');
    ok t_cmp(length($res->{body} // ''), qr/^\d{1,4}$|^[1-2]\d{4}$/,
             'huge serial: the page stays under 30 KB');
}
