# Per-location policy: report-only, inheritance between nested sections,
# .htaccess (AuthConfig), and an administrator's own ErrorDocument.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch error_log_size error_log_since);

# [path, cert, status, mode, action, verdict, substatus]
my @cases = (
    # report-only: decided and logged as a denial, but let through
    ['/report/',              'expired', 200, 'require', 'report', 'expired', '403.17'],
    ['/report/',              undef,     200, 'require', 'report', 'none',    '403.7'],
    ['/report/',              'valid',   200, 'require', 'allow',  'ok',      ''],
    # inheritance: parent, child, relaxed child, re-tightened grandchild
    ['/inherit/',             undef,     403, 'require', 'deny',   'none',    '403.7'],
    ['/inherit/child/',       'revoked', 403, 'require', 'deny',   'revoked', '403.13'],
    ['/inherit/open/',        'revoked', 200, 'none',    'allow',  'revoked', ''],
    ['/inherit/open/x/',      undef,     200, 'none',    'allow',  'none',    ''],
    ['/inherit/open/strict/', undef,     403, 'require', 'deny',   'none',    '403.7'],
    ['/inherit/report/',      'expired', 200, 'require', 'report', 'expired', '403.17'],
    ['/inherit/report/',      'valid',   200, 'require', 'allow',  'ok',      ''],
    # no directive on an armed vhost: optional
    ['/default/',             undef,     200, 'optional', 'allow', 'none',    ''],
    ['/default/',             'expired', 403, 'optional', 'deny',  'expired', '403.17'],
    # .htaccess with AllowOverride AuthConfig
    ['/htaccess/',            undef,     403, 'require', 'deny',   'none',    '403.7'],
    ['/htaccess/',            'valid',   200, 'require', 'allow',  'ok',      ''],
);

plan tests => @cases * 3 + 5, need_module 'ssl';

my $port = vhost_port('mtls_armed');

for my $case (@cases) {
    my ($path, $cert, $status, $mode, $action, $verdict, $sub) = @$case;
    my $what = "$path with " . ($cert // 'no certificate');
    my $offset = error_log_size();
    my $res = fetch(port => $port, path => $path, cert => $cert);
    ok t_cmp($res->{status}, $status, "$what: status");
    ok t_cmp($res->{headers}{'x-mtls'} // '',
             "mode=$mode action=$action verdict=$verdict substatus=$sub",
             "$what: decision");
    my $code = { deny => 'MTLS0010', report => 'MTLS0011',
                 allow => 'MTLS0012' }->{$action};
    # the mode logged is the one in effect, report-only included
    my $suffix = $path =~ m{report} ? '/report-only' : '';
    ok t_cmp(scalar(grep /$code: mode=\Q$mode$suffix\E action=$action verdict=$verdict /,
                    error_log_since($offset)), 1,
             "$what: logged as $code");
}

# A report-only request reaches the handler with the full story.
my $res = fetch(port => $port, path => '/report/', cert => 'expired');
ok t_cmp($res->{body}, qr/^substatus=403\.17$/m,
         'report-only: handler sees MTLS_EXPLAIN_SUBSTATUS');
ok t_cmp($res->{body}, qr/^verify=FAILED:certificate has expired$/m,
         'report-only: handler sees SSL_CLIENT_VERIFY tell the truth');

# The administrator's ErrorDocument replaces the built-in page.
$res = fetch(port => $port, path => '/errdoc/', cert => 'expired');
ok t_cmp($res->{status}, 403, 'ErrorDocument: status');
ok t_cmp($res->{body}, qr/^custom 403\.17 expired/,
         'ErrorDocument: administrator text with the variables');
ok t_cmp($res->{body}, qr/^(?!.*<html)/s, 'ErrorDocument: no built-in page');
