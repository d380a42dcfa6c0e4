# Startup errors: `apache2 -t` on small configurations, each with one
# mistake, must exit non-zero and say what is wrong and where; the
# configurations an administrator may legitimately write must pass.
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
my $vh_open = "<VirtualHost 127.0.0.1:1>\n    ServerName v.example\n    SSLEngine on\n";

# [name, body, expect ok, patterns the output must match]
my @cases = (
    ['optional in the vhost',
     $ssl . $vh_open . "    SSLVerifyClient optional\n    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0001: MTLSExplain On \(\S+:14\) for virtual host v\.example \(\S+:10\)/,
         qr/it reads 'SSLVerifyClient optional' \(\S+:13\)/,
         qr/Write 'SSLVerifyClient optional_no_ca' there/]],
    ['require in the vhost',
     $ssl . $vh_open . "    SSLVerifyClient require\n    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0001: .*it reads 'SSLVerifyClient require'/]],
    ['no SSLVerifyClient at all',
     $ssl . $vh_open . "    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0001: .*SSLVerifyClient is not set/]],
    ['inherited from the main server',
     $ssl . "SSLVerifyClient optional\n" . $vh_open
     . "    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0001: .*it reads 'SSLVerifyClient optional' \(\S+:10\)/]],
    ['only inside a Location',
     $ssl . $vh_open . "    MTLSExplain On\n    <Location />\n"
     . "        SSLVerifyClient optional_no_ca\n    </Location>\n</VirtualHost>\n",
     0, [qr/MTLS0001: .*SSLVerifyClient is not set/]],
    ['one vhost of two is wrong',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n</VirtualHost>\n"
     . "<VirtualHost 127.0.0.1:1>\n    ServerName w.example\n    SSLEngine on\n"
     . "    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0001: .*virtual host w\.example/]],
    ['unknown policy',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <Location />\n        MTLSExplainVerifyClient sometimes\n    </Location>\n</VirtualHost>\n",
     0, [qr/line 16 of \S+/, qr/unknown mode 'sometimes'; use one of none, optional, optional_no_ca, require/]],
    ['MTLSExplain in a Location',
     $ssl . $vh_open . "    <Location />\n        MTLSExplain On\n    </Location>\n</VirtualHost>\n",
     0, [qr/line 14 of \S+/, qr/MTLSExplain not allowed in <Location> context/]],
    ['MTLSExplain with a wrong value',
     $ssl . $vh_open . "    MTLSExplain yes\n</VirtualHost>\n",
     0, [qr/line 13 of \S+/, qr/MTLSExplain must be On or Off/]],
    ['MTLSExplainReportOnly with a wrong value',
     $ssl . $vh_open . "    MTLSExplainReportOnly sometimes\n</VirtualHost>\n",
     0, [qr/line 13 of \S+/, qr/MTLSExplainReportOnly must be On or Off/]],
    ['MTLSExplainVerifyClient without an argument',
     $ssl . "MTLSExplainVerifyClient\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainVerifyClient takes one argument/]],
    ['without mod_ssl',
     "<VirtualHost 127.0.0.1:1>\n    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0002: MTLSExplain On \(\S+:10\) .*needs mod_ssl/]],
    ['armed in the main server, inherited by a vhost with require',
     $ssl . "SSLVerifyClient optional_no_ca\nMTLSExplain On\n" . $vh_open
     . "    SSLVerifyClient require\n</VirtualHost>\n",
     0, [qr/MTLS0001: MTLSExplain On \(\S+:11\) for virtual host v\.example .*it reads 'SSLVerifyClient require'/]],
    # every directive, every kind of wrong value
    ['MTLSExplain with two values',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On Off\n</VirtualHost>\n",
     0, [qr/line 14 of \S+/, qr/MTLSExplain takes one argument/]],
    ['MTLSExplain without a value',
     $ssl . $vh_open . "    MTLSExplain\n</VirtualHost>\n",
     0, [qr/line 13 of \S+/, qr/MTLSExplain takes one argument/]],
    ['MTLSExplain with an empty value',
     $ssl . $vh_open . "    MTLSExplain \"\"\n</VirtualHost>\n",
     0, [qr/line 13 of \S+/, qr/MTLSExplain takes one argument/]],
    ['MTLSExplainVerifyClient with two values',
     $ssl . "MTLSExplainVerifyClient require none\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainVerifyClient takes one argument/]],
    ['MTLSExplainVerifyClient with an empty value',
     $ssl . "MTLSExplainVerifyClient \"\"\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainVerifyClient takes one argument/]],
    ['MTLSExplainVerifyClient with SSLVerifyClient\'s old spelling',
     $ssl . "MTLSExplainVerifyClient optional-no-ca\n",
     0, [qr/line 10 of \S+/, qr/unknown mode 'optional-no-ca'/]],
    ['MTLSExplainReportOnly without a value',
     $ssl . "MTLSExplainReportOnly\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainReportOnly takes one argument/]],
    ['MTLSExplainReportOnly with two values',
     $ssl . "MTLSExplainReportOnly Off On\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainReportOnly takes one argument/]],
    ['MTLSExplainIdentity with a wrong value',
     $ssl . "<Location />\n    MTLSExplainIdentity hide\n</Location>\n",
     0, [qr/line 11 of \S+/, qr/MTLSExplainIdentity: unknown value 'hide'; use scrub or keep/]],
    ['MTLSExplainIdentity without a value',
     $ssl . "MTLSExplainIdentity\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainIdentity takes one argument/]],
    ['MTLSExplainIdentity with two values',
     $ssl . "MTLSExplainIdentity keep scrub\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainIdentity takes one argument/]],
    ['MTLSExplainRevocationUnknown with a wrong value',
     $ssl . "<Location />\n    MTLSExplainRevocationUnknown soft\n</Location>\n",
     0, [qr/line 11 of \S+/, qr/MTLSExplainRevocationUnknown: unknown value 'soft'; use deny or allow/]],
    ['MTLSExplainRevocationUnknown as On',
     $ssl . "MTLSExplainRevocationUnknown On\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainRevocationUnknown: unknown value 'On'; use deny or allow/]],
    ['MTLSExplainRevocationUnknown without a value',
     $ssl . "MTLSExplainRevocationUnknown\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainRevocationUnknown takes one argument/]],
    ['MTLSExplainRevocationUnknown with two values',
     $ssl . "MTLSExplainRevocationUnknown allow deny\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainRevocationUnknown takes one argument/]],
    ['MTLSExplainRevocationUnknown in a Files',
     $ssl . "<Files x>\n    MTLSExplainRevocationUnknown allow\n</Files>\n",
     1, [qr/Syntax OK/]],
    ['MTLSExplainWarnWindow with a wrong unit',
     $ssl . "<Location />\n    MTLSExplainWarnWindow 30w\n</Location>\n",
     0, [qr/line 11 of \S+/, qr/MTLSExplainWarnWindow: '30w' is not a duration: use a number with d, h, m or s \(30d, 12h\), or off/]],
    ['MTLSExplainWarnWindow of zero',
     $ssl . "MTLSExplainWarnWindow 0d\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainWarnWindow: '0d' is not a duration/]],
    ['MTLSExplainWarnWindow over ten years',
     $ssl . "MTLSExplainWarnWindow 3651d\n",
     0, [qr/MTLSExplainWarnWindow: '3651d' is not a duration/]],
    ['MTLSExplainWarnWindow negative',
     $ssl . "MTLSExplainWarnWindow -5\n",
     0, [qr/MTLSExplainWarnWindow: '-5' is not a duration/]],
    ['MTLSExplainWarnWindow in a Limit',
     $ssl . "<Location /x>\n    <Limit POST>\n        MTLSExplainWarnWindow 7d\n    </Limit>\n</Location>\n",
     0, [qr/MTLSExplainWarnWindow cannot be used inside <Limit> or <LimitExcept>/]],
    ['MTLSExplainWarnWindow in every form',
     $ssl . "MTLSExplainWarnWindow off\n<Location /a>\n    MTLSExplainWarnWindow 30d\n</Location>\n"
     . "<Location /b>\n    MTLSExplainWarnWindow 12h\n</Location>\n<Location /c>\n    MTLSExplainWarnWindow 90m\n</Location>\n"
     . "<Location /d>\n    MTLSExplainWarnWindow 45s\n</Location>\n<Location /e>\n    MTLSExplainWarnWindow 3600\n</Location>\n",
     1, [qr/Syntax OK/]],
    ['MTLSExplainStatusShowSubjects with a wrong value',
     $ssl . "MTLSExplainStatusShowSubjects yes\n",
     0, [qr/line 10 of \S+/, qr/MTLSExplainStatusShowSubjects must be On or Off/]],
    ['MTLSExplainStatusShowSubjects in a Location',
     $ssl . "<Location />\n    MTLSExplainStatusShowSubjects On\n</Location>\n",
     0, [qr/line 11 of \S+/, qr/MTLSExplainStatusShowSubjects not allowed in <Location> context/]],
    # every kind of wrong context
    ['MTLSExplain in a Directory',
     $ssl . $vh_open . "    <Directory /tmp>\n        MTLSExplain On\n    </Directory>\n</VirtualHost>\n",
     0, [qr/line 14 of \S+/, qr/MTLSExplain not allowed in <Directory> context/]],
    ['MTLSExplain in a Files',
     $ssl . "<Files x>\n    MTLSExplain On\n</Files>\n",
     0, [qr/line 11 of \S+/, qr/MTLSExplain not allowed in <Files> context/]],
    ['MTLSExplain in an If',
     $ssl . $vh_open . "    <If \"true\">\n        MTLSExplain On\n    </If>\n</VirtualHost>\n",
     0, [qr/line 14 of \S+/, qr/MTLSExplain not allowed in <If> context/]],
    map({
        my $d = $_;
        (["$d in a Limit",
          $ssl . "<Location /x>\n    <Limit POST>\n        $d "
          . ($d =~ /Client/ ? 'require' : $d =~ /Identity/ ? 'keep'
             : $d =~ /Revocation/ ? 'allow' : 'On')
          . "\n    </Limit>\n</Location>\n",
          0, [qr/line 12 of \S+/, qr/$d cannot be used inside <Limit> or <LimitExcept>: it would apply to every request method/]],
         ["$d in a LimitExcept",
          $ssl . "<Directory /tmp>\n    <LimitExcept GET>\n        $d "
          . ($d =~ /Client/ ? 'none' : $d =~ /Identity/ ? 'scrub'
             : $d =~ /Revocation/ ? 'deny' : 'Off')
          . "\n    </LimitExcept>\n</Directory>\n",
          0, [qr/line 12 of \S+/, qr/$d cannot be used inside <Limit> or <LimitExcept>/]])
    } qw(MTLSExplainVerifyClient MTLSExplainReportOnly MTLSExplainIdentity
         MTLSExplainRevocationUnknown)),
    # an armed host without TLS
    ['armed without SSLEngine',
     $ssl . "<VirtualHost 127.0.0.1:1>\n    ServerName p.example\n"
     . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0032: MTLSExplain On \(\S+:13\) for virtual host p\.example \(\S+:10\), which does not use TLS: SSLEngine is not set/,
         qr/Write 'SSLEngine on' in that virtual host, or remove 'MTLSExplain On'/]],
    ['armed with SSLEngine off',
     $ssl . "SSLEngine on\n<VirtualHost 127.0.0.1:1>\n    ServerName p.example\n    SSLEngine off\n"
     . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0032: .*it reads 'SSLEngine off' \(\S+:13\)/]],
    ['armed with SSLEngine optional',
     $ssl . "<VirtualHost 127.0.0.1:1>\n    SSLEngine optional\n"
     . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n</VirtualHost>\n",
     0, [qr/MTLS0032: .*it reads 'SSLEngine optional' \(\S+:11\)/]],
    # mod_ssl directives that re-verify per directory, in an armed host
    ['SSLVerifyClient in a Location of an armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <Location /admin>\n        SSLVerifyClient require\n    </Location>\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLVerifyClient require' at \S+:16, inside <Location /admin> \(\S+:15\), applies to the armed virtual host v\.example \(\S+:10\)},
         qr/TLS 1\.2 renegotiation or a TLS 1\.3 post-handshake authentication/,
         qr/Remove it and write 'MTLSExplainVerifyClient require' in that section instead/]],
    ['SSLVerifyClient in a Directory of an armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <Directory /tmp>\n        SSLVerifyClient optional\n    </Directory>\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLVerifyClient optional' at \S+:16, inside <Directory /tmp> \(\S+:15\)},
         qr/write 'MTLSExplainVerifyClient optional'/]],
    ['SSLVerifyClient none in a Files of an armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <Files secret.txt>\n        SSLVerifyClient none\n    </Files>\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLVerifyClient none' at \S+:16, inside <Files secret\.txt> \(\S+:15\)},
         qr/write 'MTLSExplainVerifyClient none'/]],
    ['SSLVerifyClient in an If inside IfModule of an armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <IfModule ssl_module>\n        <If \"%{REQUEST_URI} =~ m#^/api#\">\n"
     . "            SSLVerifyClient require\n        </If>\n    </IfModule>\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLVerifyClient require' at \S+:17, inside <If "%\{REQUEST_URI\} =~ m#\^/api#"> \(\S+:16\)}]],
    ['SSLVerifyClient in a LocationMatch inside a Location of an armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <LocationMatch \"^/a\">\n        SSLVerifyClient require\n    </LocationMatch>\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLVerifyClient require' at \S+:16, inside <LocationMatch "\^/a"> \(\S+:15\)}]],
    ['SSLVerifyDepth in a Location of an armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <Location /x>\n        SSLVerifyDepth 1\n    </Location>\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLVerifyDepth 1' at \S+:16, inside <Location /x> \(\S+:15\)},
         qr/set SSLVerifyDepth once, in the virtual host/]],
    ['SSLCipherSuite in a Directory of an armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <Directory /tmp>\n        SSLCipherSuite HIGH\n    </Directory>\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLCipherSuite HIGH' at \S+:16, inside <Directory /tmp> \(\S+:15\)},
         qr/set SSLCipherSuite once, in the virtual host/]],
    ['SSLVerifyClient in a main-server Location, with an armed host',
     $ssl . "<Location /admin>\n    SSLVerifyClient require\n</Location>\n"
     . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n</VirtualHost>\n",
     0, [qr{MTLS0033: 'SSLVerifyClient require' at \S+:11, inside <Location /admin> \(\S+:10\), applies to every host, including virtual host v\.example \(\S+:13\), which is armed}]],
    ['SSLVerifyClient in a main-server Directory, the main server armed',
     $ssl . "SSLVerifyClient optional_no_ca\nMTLSExplain On\n"
     . "<Directory /srv>\n    SSLVerifyClient require\n</Directory>\n",
     0, [qr{MTLS0033: 'SSLVerifyClient require' at \S+:13, inside <Directory /srv> \(\S+:12\), applies to every host, including the main server, which is armed}]],
    # what must pass
    ['optional_no_ca in the vhost',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n"
     . "    <Location /x>\n        MTLSExplainVerifyClient require\n"
     . "        MTLSExplainReportOnly On\n    </Location>\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['optional_no_ca inherited from the main server',
     $ssl . "SSLVerifyClient optional_no_ca\n" . $vh_open
     . "    MTLSExplain On\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['optional_no_ca inside IfModule, quoted, any case',
     $ssl . $vh_open . "    <IfModule ssl_module>\n"
     . "        SSLVerifyClient \"Optional_No_CA\"\n    </IfModule>\n"
     . "    MTLSExplain On\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['armed in the main server for its vhosts',
     $ssl . "SSLVerifyClient optional_no_ca\nMTLSExplain On\n" . $vh_open
     . "</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['a vhost opts out of the main server\'s MTLSExplain On',
     $ssl . "SSLVerifyClient optional_no_ca\nMTLSExplain On\n" . $vh_open
     . "    SSLVerifyClient require\n    MTLSExplain Off\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['a policy in a host that is not armed',
     $ssl . $vh_open . "    SSLVerifyClient require\n    <Location /x>\n"
     . "        MTLSExplainVerifyClient require\n    </Location>\n</VirtualHost>\n",
     1, [qr/MTLS0005: MTLSExplainVerifyClient at \S+:15 has no effect: virtual host v\.example \(\S+:10\) is not armed/,
         qr/Syntax OK/]],
    ['MTLSExplainIdentity in a host that is not armed',
     $ssl . $vh_open . "    SSLVerifyClient require\n    <Location /x>\n"
     . "        MTLSExplainIdentity keep\n    </Location>\n</VirtualHost>\n",
     1, [qr/MTLS0005: MTLSExplainIdentity at \S+:15 has no effect: virtual host v\.example \(\S+:10\) is not armed/,
         qr/Syntax OK/]],
    ['MTLSExplainRevocationUnknown in a host that is not armed',
     $ssl . $vh_open . "    SSLVerifyClient require\n    <Location /x>\n"
     . "        MTLSExplainRevocationUnknown allow\n    </Location>\n</VirtualHost>\n",
     1, [qr/MTLS0005: MTLSExplainRevocationUnknown at \S+:15 has no effect: virtual host v\.example \(\S+:10\) is not armed/,
         qr/Syntax OK/]],
    ['a main-server policy and no armed host',
     $ssl . "<Location /x>\n    MTLSExplainVerifyClient require\n</Location>\n"
     . "MTLSExplainReportOnly On\n",
     1, [qr/MTLS0005: MTLSExplainVerifyClient at \S+:11 has no effect: no virtual host is armed/,
         qr/MTLS0005: MTLSExplainReportOnly at \S+:13 has no effect/,
         qr/Syntax OK/]],
    ['per-directory mod_ssl settings in a host that is not armed',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n</VirtualHost>\n"
     . "<VirtualHost 127.0.0.1:1>\n    ServerName w.example\n    SSLEngine on\n"
     . "    <Location /admin>\n        SSLVerifyClient require\n        SSLVerifyDepth 2\n"
     . "        SSLCipherSuite HIGH\n    </Location>\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['a main-server per-directory SSLVerifyClient and no armed host',
     $ssl . "<Location /admin>\n    SSLVerifyClient require\n</Location>\n",
     1, [qr/Syntax OK/]],
    ['SSLVerifyDepth and SSLCipherSuite for the whole armed host',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    SSLVerifyDepth 3\n"
     . "    SSLCipherSuite HIGH\n    MTLSExplain On\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['every policy directive in its places',
     $ssl . $vh_open . "    SSLVerifyClient optional_no_ca\n    MTLSExplain on\n"
     . "    MTLSExplainVerifyClient none\n    MTLSExplainIdentity Scrub\n"
     . "    MTLSExplainRevocationUnknown DENY\n"
     . "    <Location /x>\n        MTLSExplainVerifyClient REQUIRE\n"
     . "        MTLSExplainReportOnly off\n        MTLSExplainIdentity keep\n"
     . "        MTLSExplainRevocationUnknown allow\n"
     . "    </Location>\n    <If \"-R '10.0.0.0/8'\">\n        MTLSExplainReportOnly On\n"
     . "        MTLSExplainRevocationUnknown Deny\n"
     . "    </If>\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['a plain HTTP host inherits the main server\'s MTLSExplain On',
     $ssl . "SSLVerifyClient optional_no_ca\nMTLSExplain On\n"
     . "<VirtualHost 127.0.0.1:1>\n    ServerName plain.example\n</VirtualHost>\n"
     . $vh_open . "</VirtualHost>\n",
     1, [qr/Syntax OK/]],
    ['MTLSExplain Off needs nothing',
     $ssl . $vh_open . "    SSLVerifyClient require\n    MTLSExplain Off\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
);

plan tests => configtest_plan(\@cases), need_module 'ssl';

configtest_run(\@cases, tempdir(CLEANUP => 1), $head);
