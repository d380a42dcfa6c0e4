# The decision as variables wherever an administrator looks for it:
# LogFormat (%{...}e), ap_expr in <If> and in mod_headers, and HTTP/2,
# where requests run on secondary connections and the record is found
# through the master connection.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch pki error_log_size error_log_since);

plan tests => 16, need_module 'ssl';

my $port = vhost_port('mtls_armed');
my $t_logs = Apache::Test::vars('t_logs');

# <If> sees the verdict before the access phase; expr= after it.
my $res = fetch(port => $port, path => '/ifexpr/', cert => 'expired');
ok t_cmp($res->{headers}{'x-if'} // '', 'expired branch', '<If> on MTLS_EXPLAIN_VERDICT');
ok t_cmp($res->{headers}{'x-expr'} // '', 'none/certificate has expired',
         'mod_headers expr= on MTLS_EXPLAIN_MODE and _REASON');
$res = fetch(port => $port, path => '/ifexpr/', cert => 'valid');
ok t_cmp($res->{headers}{'x-if'} // '', 'other branch', '<Else> for a valid certificate');

# LogLevel mtls_explain:warn: a denial (info) is not logged there.
my $offset = error_log_size();
$res = fetch(port => $port, path => '/quiet/', cert => 'expired');
ok t_cmp($res->{status}, 403, 'quiet location still denies');
ok t_cmp(scalar(grep /MTLS001/, error_log_since($offset)), 0,
         'LogLevel mtls_explain:warn: no decision line');

# LogFormat: the report-only request left every variable in the access log.
# The server writes the line after it has sent the response: wait for it.
my $before = access_lines();
fetch(port => $port, path => '/report/', cert => 'revoked');
my @lines;
for (1 .. 50) {
    @lines = access_lines();
    last if @lines > $before;
    select undef, undef, undef, 0.1;
}
ok t_cmp($lines[-1] // '',
         qr{^GET /report/ HTTP/1\.1 200 verify=FAILED:certificate revoked mode=require action=report verdict=revoked substatus=403\.13 reason=certificate revoked$},
         'LogFormat %{MTLS_EXPLAIN_*}e');

# HTTP/2: several streams on one connection, each decided by its location.
my $curl = `sh -c 'command -v curl'`;
chomp $curl;
if (!($curl && `$curl -V` =~ /\bHTTP2\b/ && have_module('http2'))) {
    # mod_http2 is not loaded under prefork (t/TEST.PL)
    skip('needs curl with HTTP/2 and mod_http2') for 1 .. 10;
}
else {

    my $run = sub {
        my ($cert, @paths) = @_;
        my @cmd = ($curl, '-s', '--http2', '--cacert', pki('ca.crt'),
                   '--resolve', "localhost:$port:127.0.0.1",
                   '-w', '%{http_version} %{http_code} %{num_connects} %header{x-mtls}\n');
        push @cmd, '--cert', pki("client-$cert.pem") if $cert;
        push @cmd, map { ('-o', '/dev/null', "https://localhost:$port$_") } @paths;
        open my $p, '-|', @cmd or die "curl: $!";
        my @out = <$p>;
        close $p;
        chomp @out;
        return @out;
    };

    my @out = $run->('expired', '/require/', '/none/', '/nocav/');
    ok t_cmp($out[0] // '', '2 403 1 mode=require action=deny verdict=expired substatus=403.17',
             'h2 expired, stream 1: denied');
    ok t_cmp($out[1] // '', '2 200 0 mode=none action=allow verdict=expired substatus=',
             'h2 expired, stream 2 on the same connection: allowed by none');
    ok t_cmp($out[2] // '', '2 403 0 mode=optional_no_ca action=deny verdict=expired substatus=403.17',
             'h2 expired, stream 3: denied under optional_no_ca');

    @out = $run->('otherca', '/nocav/', '/require/');
    ok t_cmp($out[0] // '', '2 200 1 mode=optional_no_ca action=allow verdict=generous substatus=',
             'h2 unknown issuer under optional_no_ca: generous');
    ok t_cmp($out[1] // '', '2 403 0 mode=require action=deny verdict=untrusted substatus=403.16',
             'h2 unknown issuer under require: untrusted');

    @out = $run->(undef, '/require/', '/optional/');
    ok t_cmp($out[0] // '', '2 403 1 mode=require action=deny verdict=none substatus=403.7',
             'h2 no certificate under require');
    ok t_cmp($out[1] // '', '2 200 0 mode=optional action=allow verdict=none substatus=',
             'h2 no certificate under optional');

    @out = $run->('valid', '/require/', '/report/', '/authz/verify/');
    ok t_cmp($out[0] // '', '2 200 1 mode=require action=allow verdict=ok substatus=',
             'h2 valid under require');
    ok t_cmp($out[1] // '', '2 200 0 mode=require action=allow verdict=ok substatus=',
             'h2 valid, second stream');
    # Stock mod_ssl: Require ssl-verify-client ignores the master
    # connection, so it refuses even a verified certificate on HTTP/2;
    # that refusal is authorization's, so it gets the 403.12 page.
    ok t_cmp($out[2] // '', '2 403 0 mode=none action=deny verdict=not_authorized substatus=403.12',
             'h2 valid: stock Require ssl-verify-client refuses anyway');
}

sub access_lines {
    open my $fh, '<', "$t_logs/mtls_access_log" or die "mtls_access_log: $!";
    return grep m{^GET /report/ }, <$fh>;
}
