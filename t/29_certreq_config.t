# Startup errors for Require mtls-cert: `apache2 -t` names the file, the
# line and the bad clause; good lines pass; one in a host that is not
# armed draws a warning (MTLS0060), as it can never grant access.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use File::Temp qw(tempdir);

use MTLSTest qw(configtest_libexec configtest_head configtest_plan
                configtest_run);

my $libexec = configtest_libexec();
my $head = configtest_head();
my $ssl = "LoadModule ssl_module $libexec/mod_ssl.so\n";
# lines 10-14; a Require inside the Location is line 16
my $armed = "<VirtualHost 127.0.0.1:1>\n    ServerName v.example\n"
    . "    SSLEngine on\n    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n";
my $unarmed = "<VirtualHost 127.0.0.1:1>\n    ServerName u.example\n"
    . "    SSLEngine on\n    SSLVerifyClient optional_no_ca\n\n";

sub loc { return $ssl . ($_[1] // $armed) . "    <Location /x>\n"
    . join('', map { "        $_\n" } split /\n/, $_[0])
    . "    </Location>\n</VirtualHost>\n" }

my $at16 = qr/line 16 of \S+\d+\.conf/;
my @cases = (
    ['unknown clause', loc('Require mtls-cert subjct OU=Finance'),
     0, [$at16, qr/Require mtls-cert: unknown clause 'subjct'; use one of issuer, subject, san-email, san-dns, san-uri, fingerprint, spki, eku, policy/]],
    ['no clause', loc('Require mtls-cert'),
     0, [$at16, qr/Require mtls-cert needs at least one clause/]],
    ['clause without a value', loc('Require mtls-cert subject OU=Finance eku'),
     0, [$at16, qr/clause 'eku' needs a value/]],
    ['subject without =', loc('Require mtls-cert subject Finance'),
     0, [$at16, qr/bad clause 'subject Finance': expected <attribute>=<value>, such as OU=Finance/]],
    ['unknown attribute', loc('Require mtls-cert subject Department=Finance'),
     0, [$at16, qr/bad clause 'subject Department=Finance': unknown attribute 'Department'/]],
    ['bad issuer DN', loc('Require mtls-cert issuer "CN=Root CA,Org=Example"'),
     0, [$at16, qr/bad clause 'issuer CN=Root CA,Org=Example': unknown attribute 'Org'/]],
    ['short fingerprint', loc('Require mtls-cert fingerprint sha256:0011'),
     0, [$at16, qr/bad clause 'fingerprint sha256:0011': expected sha256:<64 hex digits>/]],
    ['SHA-1 fingerprint', loc('Require mtls-cert fingerprint sha1:' . ('00' x 20)),
     0, [$at16, qr/expected sha256:<64 hex digits>/]],
    ['bad SPKI pin', loc('Require mtls-cert spki sha256:notbase64'),
     0, [$at16, qr/bad clause 'spki sha256:notbase64': expected sha256:<base64 of 32 bytes/]],
    ['unknown EKU name', loc('Require mtls-cert eku login'),
     0, [$at16, qr/bad clause 'eku login': expected a dotted OID or one of serverAuth, clientAuth/]],
    ['policy not an OID', loc('Require mtls-cert policy anyPolicy'),
     0, [$at16, qr/bad clause 'policy anyPolicy': expected a dotted OID/]],
    ['SAN pattern with a space', loc('Require mtls-cert san-dns "a b.example"'),
     0, [$at16, qr/printable ASCII without spaces/]],
    ['bad clause inside RequireAny',
     loc("<RequireAny>\n    Require mtls-cert subject O=Example\n    Require mtls-cert eku nope\n</RequireAny>"),
     0, [qr/line 18 of \S+\d+\.conf/, qr/bad clause 'eku nope'/]],
    ['every clause, well formed',
     loc("Require mtls-cert issuer \"CN=Example CA,O=Example\" subject OU=Finance"
         . " san-email *\@example.com san-dns *.example.com"
         . " san-uri spiffe://example.com/* fingerprint sha256:" . ('AB:' x 31) . 'AB'
         . " spki sha256:" . ('A' x 43) . '='
         . " eku clientAuth eku 1.3.6.1.4.1.311.20.2.2 policy 2.5.29.32.0"),
     1, [qr/Syntax OK/]],
    ['in RequireAll, negated',
     loc("<RequireAll>\n    Require mtls-cert subject O=Example\n"
         . "    Require not mtls-cert subject OU=Sales\n</RequireAll>"),
     1, [qr/Syntax OK/]],
    ['in a host that is not armed',
     loc('Require mtls-cert subject OU=Finance', $unarmed),
     1, [qr/MTLS0060: Require mtls-cert subject OU=Finance at \S+:16 never grants access: virtual host u\.example \(\S+:10\) is not armed/,
         qr/Syntax OK/]],
    ['outside any host, none armed',
     $ssl . "<Location /x>\n    Require mtls-cert eku codeSigning\n</Location>\n",
     1, [qr/MTLS0060: Require mtls-cert eku codeSigning at \S+:11 never grants access: no virtual host is armed/]],
);

plan tests => configtest_plan(\@cases), need_module 'ssl';

configtest_run(\@cases, tempdir(CLEANUP => 1), $head);
