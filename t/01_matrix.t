# Every verdict under every policy, on TLS 1.2 and 1.3: the status, the
# verdict and sub-status the module publishes, what mod_ssl's
# SSL_CLIENT_VERIFY says to a handler (an SSI page) or to mod_headers, the
# page a denied client gets, and the coded log line for each decision.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(cert_expectations vhost_port fetch error_log_size error_log_since
                not_yet_valid);

my %cert = cert_expectations();

# The reason the module reports: the first failure, not mod_ssl's last word.
my %reason = (
    expired       => 'certificate has expired',
    notyet        => not_yet_valid(),
    revoked       => 'certificate revoked',
    otherca       => 'unable to get local issuer certificate',
    selfsigned    => 'self-signed certificate',
    wrongpurpose  => 'unsuitable certificate purpose',
    viaexpiredint => 'certificate has expired',
);

my %policy = (
    require  => 'require',
    optional => 'optional',
    nocav    => 'optional_no_ca',
    none     => 'none',
    default  => 'optional',
);

# How the page's footer names each verdict.
my %verdict_words = (
    none => 'no certificate', expired => 'expired',
    not_yet_valid => 'not valid yet', revoked => 'revoked',
    untrusted => 'issuer not accepted', invalid => 'failed verification',
    wrong_purpose => 'not for signing in',
);

# Does this policy let this certificate through, and with which verdict?
sub expect {
    my ($loc, $c) = @_;
    my ($verdict, undef, $sub, $issuer_only) = @{ $cert{$c} };
    my $mode = $policy{$loc};
    return (1, $verdict) if $verdict eq 'ok';
    return (($mode eq 'require' ? 0 : 1), $verdict) if $c eq 'none';
    return (1, 'generous') if $mode eq 'optional_no_ca' && $issuer_only;
    return (($mode eq 'none' ? 1 : 0), $verdict);
}

my @certs = sort keys %cert;
my @locs = sort keys %policy;
my @tls = ('1.2', '1.3');
my $per = 8;

plan tests => @certs * @locs * @tls * $per, need_module 'ssl';

my $port = vhost_port('mtls_armed');

for my $tls (@tls) {
    for my $c (@certs) {
        for my $loc (@locs) {
            my $what = "$c at /$loc/ over TLS $tls";
            my ($allow, $verdict) = expect($loc, $c);
            my $sub = $allow ? '' : $cert{$c}[2];
            my $offset = error_log_size();
            my $res = fetch(port => $port, path => "/$loc/", tls => $tls,
                            cert => $c eq 'none' ? undef : $c);

            ok t_cmp($res->{status}, $allow ? 200 : 403, "$what: status");
            ok t_cmp($res->{headers}{'x-mtls'} // '',
                     "mode=$policy{$loc} action=" . ($allow ? 'allow' : 'deny')
                     . " verdict=$verdict substatus=$sub",
                     "$what: published decision");
            ok t_cmp($res->{headers}{'x-client-verify'} // '', $cert{$c}[1],
                     "$what: SSL_CLIENT_VERIFY to mod_headers");

            if ($allow) {
                ok t_cmp($res->{body}, qr/^verify=.*$/m, "$what: handler ran");
                my ($seen) = $res->{body} =~ /^verify=(.*)$/m;
                ok t_cmp($seen // '', $cert{$c}[1],
                         "$what: SSL_CLIENT_VERIFY in the handler");
                ok t_cmp($res->{body}, qr/^verdict=\Q$verdict\E$/m,
                         "$what: MTLS_EXPLAIN_VERDICT in the handler");
                my ($r) = $res->{body} =~ /^reason=(.*)$/m;
                ok t_cmp($r // '', $reason{$c} // '',
                         "$what: MTLS_EXPLAIN_REASON in the handler");
            }
            else {
                ok t_cmp($res->{headers}{'content-type'} // '',
                         'text/html; charset=utf-8', "$what: page type");
                ok t_cmp($res->{body}, qr{<title>[^<(]+ \(\Q$sub\E\)</title>},
                         "$what: title names the sub-status");
                ok t_cmp($res->{body}, qr{<dt>Verdict</dt><dd>\Q$verdict_words{$verdict}\E</dd>},
                         "$what: page names the verdict");
                ok t_cmp($res->{body},
                         $c eq 'none' ? qr/none was sent/
                                      : qr{<dt>Problem</dt><dd>\Q$reason{$c}\E \(OpenSSL error \d+\)</dd>},
                         "$what: page gives the reason");
            }

            my @log = grep /MTLS001[02]:/, error_log_since($offset);
            my $r = quotemeta($reason{$c} // '');
            my $want = $allow
                ? qr/\[mtls_explain:debug\].*MTLS0012: mode=$policy{$loc} action=allow verdict=$verdict substatus=- reason="$r" .*uri="\/$loc\/"/
                : qr/\[mtls_explain:info\].*MTLS0010: mode=$policy{$loc} action=deny verdict=$verdict substatus=$sub reason="$r" .*uri="\/$loc\/"/;
            ok t_cmp(scalar(grep { $_ =~ $want } @log), 1,
                     "$what: one coded log line stating the mode");
        }
    }
}
