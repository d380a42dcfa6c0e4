# mod_ssl stays authoritative for verification: what its own settings
# refuse (SSLVerifyDepth, CRL checking, OCSP that cannot be done) is
# explained as `invalid` (or, where the site's own CRL or OCSP responder
# is at fault, as `revocation_unknown`), what they accept (SSLCARevocationCheck ...
# no_crl_for_cert_ok) is accepted. Under OCSP mod_ssl refuses even the
# issuer errors optional_no_ca tolerates, and so does the module.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch);

# [vhost, cert, status, verdict, reason, SSL_CLIENT_VERIFY]
my @cases = (
    ['mtls_shallow', 'viaint', 403, 'invalid', 'certificate chain too long',
     qr/^FAILED:certificate chain too long$/],
    # the root's CRL is not loaded: the site's fault, not the certificate's
    ['mtls_shallow', 'valid', 503, 'revocation_unknown',
     'unable to get certificate CRL',
     qr/^FAILED:unable to get certificate CRL$/],
    ['mtls_crl_ok', 'valid', 200, 'ok', '', qr/^SUCCESS$/],
    ['mtls_crl_ok', 'expired', 403, 'expired', 'certificate has expired',
     qr/^FAILED:certificate has expired$/],
    # the responder is not there: the site's fault too
    ['mtls_ocsp', 'valid', 503, 'revocation_unknown',
     'application verification failure',
     qr/^FAILED:application verification failure$/],
    ['mtls_ocsp', 'otherca', 403, 'invalid', 'application verification failure',
     qr/^FAILED:/],
);

plan tests => 2 * @cases * 4, need_module 'ssl';

for my $tls ('1.2', '1.3') {
    for my $case (@cases) {
        my ($vh, $cert, $status, $verdict, $reason, $verify) = @$case;
        my $what = "$vh, $cert over TLS $tls";
        my $res = fetch(port => vhost_port($vh), path => '/', cert => $cert,
                        tls => $tls);
        ok t_cmp($res->{status} == 404 ? 200 : $res->{status}, $status,
                 "$what: status");
        ok t_cmp($res->{headers}{'x-mtls'} // '',
                 "verdict=$verdict reason=$reason", "$what: verdict and reason");
        ok t_cmp($res->{headers}{'x-client-verify'} // '', $verify,
                 "$what: SSL_CLIENT_VERIFY");
        ok t_cmp($res->{body}, $status >= 403
                 ? qr{<dt>Problem</dt><dd>\Q$reason\E \(OpenSSL error \d+\)</dd>}
                 : qr/^(?!.*<dt>Verdict)/s, "$what: page");
    }
}
