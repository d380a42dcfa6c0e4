# 100 requests on one kept-alive connection with a failed certificate, one
# after another and then all pipelined in a single write, across locations
# with different policies: every answer carries its own location's
# decision on the same verdict, and mod_ssl never reads the certificate as
# verified. MaxKeepAliveRequests is Apache's default, 100, which counts
# the requests after the first.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port tls_connect http_request http_request_text
                http_response);

my $requests = 100;

# cert => [verdict, sub-status, SSL_CLIENT_VERIFY, issuer error only]
my %cert = (
    expired => ['expired',   '403.17', qr/^FAILED:certificate has expired$/],
    revoked => ['revoked',   '403.13', qr/^FAILED:certificate revoked$/],
    otherca => ['untrusted', '403.16', qr/^FAILED:/, 1],
);

# path => [policy, report-only, mod_ssl's own Require]
my @paths = (
    ['/require/',             'require'],
    ['/optional/',            'optional'],
    ['/nocav/',               'optional_no_ca'],
    ['/none/',                'none'],
    ['/default/',             'optional'],
    ['/report/',              'require', 1],
    ['/inherit/open/',        'none'],
    ['/inherit/open/strict/', 'require'],
    ['/authz/verify/',        'none', 0, 1],
    ['/authz/expr/',          'none', 0, 1],
    ['/quiet/',               'require'],
);

# The status and X-MTLS header a request to this path must get.
sub expect {
    my ($c, $p) = @_;
    my ($verdict, $sub, undef, $soft) = @{ $cert{$c} };
    my ($path, $mode, $report, $authz) = @$p;
    my $action = $mode eq 'none' ? 'allow'
               : $mode eq 'optional_no_ca' && $soft ? 'allow'
               : $report ? 'report' : 'deny';
    $verdict = 'generous' if $mode eq 'optional_no_ca' && $soft;
    # mod_ssl's own Require refuses the failed certificate that the policy
    # let through, and the 403 explains that failure.
    $action = 'deny' if $authz;
    my $status = ($action eq 'deny' || $authz) ? 403 : 200;
    return ($status, "mode=$mode action=$action verdict=$verdict substatus="
                     . ($action eq 'allow' ? '' : $sub));
}

my @tls = ('1.2', '1.3');
plan tests => @tls * keys(%cert) * 2 * (1 + $requests * 3 + 1),
    need_module 'ssl';

my $port = vhost_port('mtls_armed');

for my $tls (@tls) {
    for my $c (sort keys %cert) {
        for my $pipelined (0, 1) {
            my $what = "$c, TLS $tls, " . ($pipelined ? 'pipelined' : 'one by one');
            my $sock = tls_connect(port => $port, cert => $c, tls => $tls);
            ok t_cmp($sock ? 1 : 0, 1, "$what: connected");
            my @plan = map { $paths[$_ % @paths] } 0 .. $requests - 1;
            my @res;
            if ($pipelined && $sock) {
                print {$sock} join '', map { http_request_text($_->[0]) } @plan;
                push @res, http_response($sock) for @plan;
            }
            elsif ($sock) {
                push @res, http_request($sock, $_->[0]) for @plan;
            }
            for my $i (0 .. $#plan) {
                my ($status, $mtls) = expect($c, $plan[$i]);
                my $r = $res[$i] || { status => 0, headers => {} };
                my $h = $r->{headers};
                ok t_cmp($r->{status}, $status,
                         "$what, request " . ($i + 1) . " to $plan[$i][0]: status");
                ok t_cmp($h->{'x-mtls'} // '', $mtls,
                         "$what, request " . ($i + 1) . ": decision");
                ok t_cmp($h->{'x-client-verify'} // '', $cert{$c}[2],
                         "$what, request " . ($i + 1) . ": SSL_CLIENT_VERIFY");
            }
            ok t_cmp(scalar(grep { defined } @res), $requests,
                     "$what: $requests answers on one connection");
            $sock->close if $sock;
        }
    }
}
