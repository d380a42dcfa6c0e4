# .htaccess is read per request, so its mistakes are found at run time:
# each must refuse the request with 500 and log what is wrong and in which
# file, never be ignored.  Correct ones (MTLSExplainIdentity and
# MTLSExplainRevocationUnknown, allowed by AllowOverride AuthConfig) are
# served.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch error_log_size error_log_since);

my @cases = (
    ['server', 500, qr{\Q/t/htdocs/badconf/server/.htaccess\E: MTLSExplain not allowed here}],
    ['mode',   500, qr{\Q/t/htdocs/badconf/mode/.htaccess\E: MTLSExplainVerifyClient: unknown mode 'sometimes'}],
    ['limit',  500, qr{\Q/t/htdocs/badconf/limit/.htaccess\E: MTLSExplainVerifyClient cannot be used inside <Limit> or <LimitExcept>}],
    ['revocation', 500, qr{\Q/t/htdocs/badconf/revocation/.htaccess\E: MTLSExplainRevocationUnknown: unknown value 'soft'; use deny or allow}],
    ['identity', 200, undef],
    ['softfail', 200, undef],
);

plan tests => 2 * @cases, need_module 'ssl';

my $port = vhost_port('mtls_ident');
for my $case (@cases) {
    my ($dir, $status, $log) = @$case;
    my $offset = error_log_size();
    my $res = fetch(port => $port, path => "/badconf/$dir/", cert => 'valid');
    ok t_cmp($res->{status}, $status, ".htaccess $dir: status");
    if ($log) {
        ok t_cmp(scalar(grep { $_ =~ $log } error_log_since($offset)), 1,
                 ".htaccess $dir: logged with the file");
    }
    else {
        ok t_cmp($res->{body}, qr/^badconf $dir$/m, ".htaccess $dir: served");
    }
}
