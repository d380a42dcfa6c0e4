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

my $cfg   = Apache::Test::config();
my $httpd = $cfg->{vars}{httpd};
my $so    = Apache::Test::vars('mtls_so');
chomp(my $libexec = `$cfg->{vars}{apxs} -q LIBEXECDIR`);

my $head = <<"CONF";
ServerRoot /tmp
ServerName localhost
PidFile /tmp/mtls-config-test.pid
ErrorLog /dev/null
LoadModule mpm_event_module $libexec/mod_mpm_event.so
LoadModule authz_core_module $libexec/mod_authz_core.so
LoadModule mtls_explain_module $so
Listen 127.0.0.1:1
CONF
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
          . ($d =~ /Client/ ? 'require' : $d =~ /Identity/ ? 'keep' : 'On')
          . "\n    </Limit>\n</Location>\n",
          0, [qr/line 12 of \S+/, qr/$d cannot be used inside <Limit> or <LimitExcept>: it would apply to every request method/]],
         ["$d in a LimitExcept",
          $ssl . "<Directory /tmp>\n    <LimitExcept GET>\n        $d "
          . ($d =~ /Client/ ? 'none' : $d =~ /Identity/ ? 'scrub' : 'Off')
          . "\n    </LimitExcept>\n</Directory>\n",
          0, [qr/line 12 of \S+/, qr/$d cannot be used inside <Limit> or <LimitExcept>/]])
    } qw(MTLSExplainVerifyClient MTLSExplainReportOnly MTLSExplainIdentity)),
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
    ['MTLSExplain Off needs nothing',
     $ssl . $vh_open . "    SSLVerifyClient require\n    MTLSExplain Off\n</VirtualHost>\n",
     1, [qr/Syntax OK/]],
);

my $n = 0;
$n += 1 + @{ $_->[3] } for @cases;
plan tests => $n, need_module 'ssl';

my $dir = tempdir(CLEANUP => 1);
for my $case (@cases) {
    my ($name, $body, $want_ok, $patterns) = @$case;
    my $file = "$dir/" . ++$n . '.conf';
    open my $fh, '>', $file or die "$file: $!";
    print $fh $head, $body;
    close $fh;
    my $out = `$httpd -t -f $file 2>&1`;
    my $ok = $? == 0 ? 1 : 0;
    ok t_cmp($ok, $want_ok, "$name: apache2 -t " . ($want_ok ? 'passes' : 'fails'));
    for my $re (@$patterns) {
        ok t_cmp($out, $re, "$name: says $re");
    }
}
