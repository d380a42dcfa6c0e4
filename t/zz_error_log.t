# Runs last (file order): fails on any [warn] or worse that the server
# logged during this run, unless listed here.  t/TEST.PL truncates the log
# when it starts the server, so only this run's lines are judged.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;

# code => why it is expected, not a defect
my %allowed = (
    AH01882 => 'Debian\'s mod_ssl is built against a newer OpenSSL than the installed libssl',
    AH02040 => 'mod_ssl logs a chain longer than SSLVerifyDepth at error; t/09_checks.t and t/33_chain.t send one',
    AH01974 => 'mod_ssl cannot reach the OCSP responder t/09_checks.t points at nothing on purpose',
    AH02038 => 'mod_ssl refuses an unknown issuer under OCSP; t/09_checks.t sends one',
    AH02032 => 'mod_ssl answers 421 to a Host whose TLS settings differ from the handshake\'s host; t/15_sni.t asks on purpose',
    AH01875 => 'mod_ssl cannot put a session whose client certificate is tens of KiB (t/18_hostile.t) in its cache; the connection is unaffected',
    AH01630 => 'mod_authz_core logs each denied request at error; tests deny on purpose',
    AH02229 => 'mod_ssl logs each request SSLRequire refuses at error; t/13_identity.t is refused on purpose',
    AH02227 => 'mod_ssl warns when SSLUserName finds no name; t/13_identity.t sends no certificate there on purpose',
    AH01618 => 'mod_auth_basic logs an unknown user at error; t/13_identity.t sends one on purpose',
    AH01797 => 'mod_access_compat logs its Deny at error; t/21_seams.t meets it under Satisfy Any on purpose',
);

# lines without a code, matched exactly enough to catch nothing else
my @allowed_lines = (
    # t/19_graceful.t restarts the server, and the startup warning about
    # the policy mtls_off holds on purpose (t/06_unarmed.t) then goes to
    # the log instead of the terminal
    qr{\[mtls_explain:warn\] .* MTLS0005: MTLSExplainVerifyClient at \S+/t/conf/extra\.conf:\d+ has no effect: virtual host localhost },
    # t/05_page.t includes a refusing location on purpose (mod_include
    # logs this line without a code)
    qr{\[include:error\] .* unable to include "/require/" in parsed file \S+/t/htdocs/incl\.shtml, subrequest setup returned 403$},
    # and so does t/21_seams.t, from an open location into a protected one
    qr{\[include:error\] .* unable to include "/seams/req/secret\.html" in parsed file \S+/t/htdocs/seams/open/include\.shtml, subrequest setup returned 403$},
    # t/28_certreq.t's unarmed host uses Require mtls-cert on purpose
    qr{\[mtls_explain:warn\] .* MTLS0060: Require mtls-cert subject OU=Finance at \S+/t/conf/certreq\.conf:\d+ never grants access: virtual host localhost },
    # and sends a request into an .htaccess file with a bad clause
    qr{\[core:alert\] .* \S+/t/htdocs/certreq-ht/bad/\.htaccess: Require mtls-cert: bad clause 'subject Department=Finance'},
    # the site's own CRLs and OCSP responders fail on purpose in
    # t/09_checks.t and t/30_revocation_*.t
    qr{\[mtls_explain:error\] .* MTLS007[0-3]: revocation could not be checked: },
    # and the startup check names the stale CRLs of t/conf/revocation.conf
    # and t/conf/chain.conf
    qr{\[mtls_explain:error\] .* MTLS0076: the CRL of "CN=mtls-explain Test (?:Root CA,O=mtls-explain tests|Intermediate CA)" that virtual host localhost \(\S+/t/conf/(?:revocation|chain)\.conf:\d+\)(?: and \d+ other virtual hosts?)? loaded is stale: its nextUpdate 2020-02-01T00:00:00Z passed },
    # t/14_htaccess_config.t sends requests into broken .htaccess files
    # (core logs their errors at alert, without a code)
    qr{\[core:alert\] .* \S+/t/htdocs/badconf/(?:server|mode|limit|revocation)/\.htaccess: MTLSExplain},
    # t/31_authz_page.t makes a handler and a file permission refuse on
    # purpose, to show their 403s keep Apache's answer
    qr{\[core:error\] .* AH00132: file permissions deny server access: \S+/t/htdocs/authzpage/noread$},
    qr{\[cgid:error\] .* AH01262: stderr from \S+/t/htdocs/authzpage/handler: Options ExecCGI is off in this directory$},
);

plan tests => 1;

my $log = Apache::Test::config()->error_log;
open my $fh, '<', $log or die "$log: $!";

my @bad;
while (my $line = <$fh>) {
    # the level field only: t/18_hostile.t puts a forged one in a subject
    next unless $line =~ /^\[[^\]]*\] \[[\w.-]*:(?:emerg|alert|crit|error|warn)\]/;
    my ($code) = $line =~ /\b(AH\d{5}):/;
    next if $code && $allowed{$code};
    next if grep { $line =~ $_ } @allowed_lines;
    push @bad, $line;
}
close $fh;

print STDERR "# unexpected in t/logs/error_log:\n", map { "#   $_" } @bad
    if @bad;
ok t_cmp(scalar @bad, 0, 'no unexpected [warn] or worse in the error log');
