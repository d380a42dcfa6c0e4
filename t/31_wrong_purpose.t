# wrong_purpose: a certificate not meant for client authentication (an
# extended key usage with emailProtection only, as on the signing half of
# a smart card) is refused as 403.16 with its own verdict and page, in
# every format and two languages; its log line and variables say so
# (t/make-pki.sh's client-signing; t/conf/extra.conf.in's mtls_armed).
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(fetch vhost_port error_log_size error_log_since);

plan tests => 16, need_module('ssl', 'headers');

my $port = vhost_port('mtls_armed');

sub get {
    my ($cert, %h) = @_;
    return fetch(port => $port, path => '/require/', cert => $cert,
                 headers => \%h);
}

sub has {
    my ($res, $text, $name) = @_;
    ok t_cmp(index($res->{body}, $text) >= 0 ? 1 : 0, 1, $name)
        or t_debug($res->{body});
}

my $log_at = error_log_size();
my $res = get('signing', Accept => 'text/html');
ok t_cmp($res->{status}, 403, 'the signing certificate is refused');
ok t_cmp($res->{headers}{'x-mtls'},
         'mode=require action=deny verdict=wrong_purpose substatus=403.16',
         'the variables');
has($res, 'This certificate is not meant for signing in (403.16)', 'HTML: the title');
has($res, 'Smart cards and ID cards often hold several certificates.',
    'HTML: several certificates on a card');
has($res, 'choose the certificate marked for authentication', 'HTML: the advice');
has($res, 'unsuitable certificate purpose', "HTML: OpenSSL's reason in the details");
my $log = join '', error_log_since($log_at);
ok t_cmp($log =~ /MTLS0010: mode=require action=deny verdict=wrong_purpose substatus=403\.16 reason="unsuitable certificate purpose"/
         ? 1 : 0, 1, 'the log line');

$res = get('signing', Accept => 'application/problem+json');
has($res, '"verdict":"wrong_purpose"', 'JSON: the verdict');
has($res, '"substatus":"403.16"', 'JSON: the sub-status');
has($res, '"title":"This certificate is not meant for signing in"', 'JSON: the title');

$res = get('signing', Accept => 'text/plain');
has($res, "This certificate is not meant for signing in (403.16)\n", 'text: the title');
has($res, 'Send the certificate meant for authentication instead',
    'text: the advice for a terminal');

$res = get('signing', Accept => 'text/html', 'Accept-Language' => 'ja');
has($res, 'この証明書はログイン用ではありません', 'Japanese: the title');
has($res, '認証用と記された証明書を選択してください', 'Japanese: the advice');

# A certificate meant for client authentication is not this verdict.
$res = get('valid', Accept => 'text/plain');
ok t_cmp($res->{status}, 200, 'a client certificate is served');
$res = get('expired', Accept => 'application/problem+json');
has($res, '"verdict":"expired"', 'an expired one keeps its own verdict');
