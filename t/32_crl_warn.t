# The CRLs' own expiry, heard before the outage: every CRL an armed host
# loaded is checked at startup (MTLS0075 inside MTLSExplainCRLWarnWindow,
# MTLS0076 once its nextUpdate has passed) and, through mod_watchdog,
# while the server runs, at the moment a CRL enters its window or passes
# its nextUpdate. CRLs are made here with openssl ca -gencrl, dated from
# the test's own clock; servers of their own, stopped by their PID.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use POSIX qw(strftime);
use MTLSTest qw(pki fetch private_server private_server_stop configtest_libexec
                configtest_head configtest_plan configtest_run);
use MTLSServer ();

my $libexec = configtest_libexec();
my $ssl = "LoadModule ssl_module $libexec/mod_ssl.so\n";
my $vh = "<VirtualHost 127.0.0.1:1>\n    ServerName v.example\n";
my $armed = $vh . "    SSLEngine on\n    SSLVerifyClient optional_no_ca\n"
    . "    MTLSExplain On\n";
my $pki = pki();
my $dir = tempdir(CLEANUP => 1);
chmod 0755, $dir;
my @config = (
    ['MTLSExplainCRLWarnWindow with a wrong unit',
     $ssl . $vh . "    MTLSExplainCRLWarnWindow 2w\n</VirtualHost>\n",
     0, [qr/line 12 of \S+/,
         qr/MTLSExplainCRLWarnWindow: '2w' is not a duration: use a number with d, h, m or s \(30d, 12h\), or off/]],
    ['MTLSExplainCRLWarnWindow of zero',
     $ssl . "MTLSExplainCRLWarnWindow 0\n",
     0, [qr/MTLSExplainCRLWarnWindow: '0' is not a duration/]],
    ['MTLSExplainCRLWarnWindow without a value',
     $ssl . "MTLSExplainCRLWarnWindow\n",
     0, [qr/MTLSExplainCRLWarnWindow takes one argument/]],
    ['MTLSExplainCRLWarnWindow in a Location',
     $ssl . "<Location />\n    MTLSExplainCRLWarnWindow 2d\n</Location>\n",
     0, [qr/MTLSExplainCRLWarnWindow not allowed in <Location> context/]],
    ['MTLSExplainCRLWarnWindow 36h and off',
     $ssl . "MTLSExplainCRLWarnWindow 36h\n" . $vh
     . "    MTLSExplainCRLWarnWindow off\n</VirtualHost>\n",
     1, []],
    # apache2 -t reads the CRL files itself (mod_ssl loads nothing then),
    # says what it finds and does not fail for it
    ['apache2 -t, a CRL due in a day',
     $ssl . $armed . "    SSLCARevocationFile $dir/soon.pem\n"
     . "    SSLCARevocationCheck leaf\n</VirtualHost>\n",
     1, [qr/\[mtls_explain:warn\] .*MTLS0075: the CRL of "CN=mtls-explain Test Root CA,O=mtls-explain tests" that virtual host v\.example \(\S+:10\) loaded is due: its nextUpdate is \d{4}-/,
         qr/Syntax OK/]],
    ['apache2 -t, a stale CRL the main server names',
     $ssl . "SSLCARevocationFile \"$pki/crl-stale.pem\"\n"
     . "SSLCARevocationCheck chain\n" . $armed . "</VirtualHost>\n",
     1, [qr/\[mtls_explain:error\] .*MTLS0076: the CRL of "CN=mtls-explain Test Root CA,O=mtls-explain tests" that virtual host v\.example \(\S+:12\) loaded is stale: its nextUpdate 2020-02-01T00:00:00Z passed /,
         qr/Syntax OK/]],
    # mod_ssl loads the file, but checks no CRL without
    # SSLCARevocationCheck: nothing to warn of
    ['apache2 -t, a stale CRL nobody checks',
     $ssl . $armed . "    SSLCARevocationFile $pki/crl-stale.pem\n"
     . "</VirtualHost>\n",
     1, [qr/^(?!.*MTLS007)/s, qr/Syntax OK/]],
    ['apache2 -t, the stale CRL of an unarmed host',
     $ssl . $vh . "    SSLCARevocationFile $pki/crl-stale.pem\n</VirtualHost>\n",
     1, [qr/^(?!.*MTLS007)/s]],
);

my $watchdog_builtin = grep { /^\s*mod_watchdog\.c\s*$/ }
    `${\ Apache::Test::config()->{vars}{httpd}} -l 2>/dev/null`;

plan tests => 28 + configtest_plan(\@config), need_module 'ssl';


# A CRL of CA $ca (ca: the test root, ca2: the second root) valid until
# $next (epoch seconds), from a copy of the CA's database so the suite's
# own CRL numbers stay as they are.
sub gencrl {
    my ($name, $ca, $next) = @_;
    my $db = "$dir/db-$name";
    mkdir $db or die "$db: $!";
    for my $f ("$ca.index", "$ca.index.attr", "$ca.crlnum") {
        copy("$pki/ca-db/$f", "$db/$f") if -e "$pki/ca-db/$f";
    }
    my $fmt = '%Y%m%d%H%M%SZ';
    local $ENV{PKI_OUT} = $pki;
    local $ENV{PKI_DB} = $db;
    local $ENV{PKI_CA} = $ca;
    local $ENV{PKI_SAN} = 'DNS:localhost';
    my $out = `openssl ca -config $pki/ca-db/openssl.cnf -gencrl -out $dir/$name.pem -crl_lastupdate ${\ strftime($fmt, gmtime($next - 3 * 86400))} -crl_nextupdate ${\ strftime($fmt, gmtime($next))} 2>&1`;
    die "openssl ca -gencrl for $name: $out" if $?;
    chmod 0644, "$dir/$name.pem";
    return "$dir/$name.pem";
}

sub iso { strftime('%Y-%m-%dT%H:%M:%SZ', gmtime($_[0])) }

sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or return '';
    local $/;
    return <$fh>;
}

sub lines {
    my ($srv, $re) = @_;
    return grep { $_ =~ $re } split /\n/, slurp("$srv->{dir}/error_log");
}

# Polls the log until $re matches $n lines or $limit (epoch) passes;
# returns the time it first did, or undef.
sub wait_for {
    my ($srv, $re, $n, $limit) = @_;
    while (time < $limit) {
        return time if lines($srv, $re) >= $n;
        select undef, undef, undef, 0.2;
    }
    return lines($srv, $re) >= $n ? time : undef;
}

sub host {
    my ($name, $crl, $extra) = @_;
    $extra //= "    MTLSExplain On\n";
    return <<"CONF";
<VirtualHost 127.0.0.1:\@port\@>
    ServerName $name
    SSLEngine on
    SSLCertificateFile $pki/server.crt
    SSLCertificateKeyFile $pki/server.key
    SSLCACertificateFile $pki/ca.crt
    SSLCARevocationFile $crl
    SSLCARevocationCheck leaf
    SSLVerifyClient optional_no_ca
$extra</VirtualHost>
CONF
}

my $now = time;
my %next = (soon => $now + 86400, far => $now + 30 * 86400,
            past => $now - 86400, off_soon => $now + 90000,
            off_past => $now - 3 * 3600, unarmed => $now - 5 * 3600);
my %crl = (soon => gencrl('soon', 'ca', $next{soon}),
           far => gencrl('far', 'ca', $next{far}),
           past => gencrl('past', 'ca', $next{past}),
           unarmed => gencrl('unarmed', 'ca', $next{unarmed}));
# two CRLs in one file, as SSLCARevocationFile allows
my $off = "$dir/off.pem";
{
    open my $fh, '>', $off or die "$off: $!";
    print $fh slurp(gencrl('off_soon', 'ca', $next{off_soon})),
              slurp(gencrl('off_past', 'ca2', $next{off_past}));
    close $fh;
    chmod 0644, $off;
}

# a renewed CRL with the old one still beside it in the file: OpenSSL
# uses the current one, and the old one is no outage
my $renewed = "$dir/renewed.pem";
{
    open my $fh, '>', $renewed or die "$renewed: $!";
    print $fh slurp(gencrl('renewed_old', 'ca', $now - 7 * 3600)),
              slurp($crl{far});
    close $fh;
    chmod 0644, $renewed;
}

configtest_run(\@config, tempdir(CLEANUP => 1), configtest_head());

# The periodic check: a CRL that enters a 12-second window a few seconds
# after the server is up, and passes its nextUpdate 12 seconds later.
# Made last, just before the server starts.
my $tick_window = 12;
$next{tick} = time + 2 * $tick_window;
$crl{tick} = gencrl('tick', 'ca2', $next{tick});

my $conf = "ServerName localhost\n"
    . "<Location /metrics>\n    MTLSExplainVerifyClient none\n"
    . "    SetHandler mtls-explain-metrics\n</Location>\n"
    . host('soon.test', $crl{soon})
    . host('soon2.test', $crl{soon})
    . host('far.test', $crl{far})
    . host('window.test', $crl{far},
           "    MTLSExplain On\n    MTLSExplainCRLWarnWindow 40d\n")
    . host('past.test', $crl{past})
    . host('off.test', $off,
           "    MTLSExplain On\n    MTLSExplainCRLWarnWindow off\n")
    . host('unarmed.test', $crl{unarmed}, "    MTLSExplain Off\n")
    . host('renewed.test', $renewed)
    . host('nocheck.test', $crl{past},
           "    MTLSExplain On\n    SSLCARevocationCheck none\n")
    . host('tick.test', $crl{tick},
           "    MTLSExplain On\n    MTLSExplainCRLWarnWindow ${tick_window}s\n");
my $srv = private_server(port => MTLSServer::port_base(30),
                         before => ['watchdog'],
                         after => [qw(authz_core ssl)],
                         conf => $conf);
my $up = time;

my $root = qr/"CN=mtls-explain Test Root CA,O=mtls-explain tests"/;
my $second = qr/"CN=mtls-explain Second Root CA,O=mtls-explain tests"/;
my $remedy = qr/fetch a fresh CRL from that CA, then run apachectl graceful$/;

my @soon = lines($srv, qr/MTLS0075: .*soon2?\.test/);
ok t_cmp(scalar @soon, 1, 'one warning for the CRL two hosts share');
ok t_cmp($soon[0] // '',
         qr/\[mtls_explain:warn\] .*MTLS0075: the CRL of $root that virtual host soon\.test \(\S+:\d+\) and 1 other virtual host loaded is due: its nextUpdate is \Q${\ iso($next{soon})}\E, (?:23 h \d+ min|1 d 0 h) from now, and after that every client certificate it covers gets a 503 .*$remedy/,
         'MTLS0075 at startup: host, issuer, nextUpdate, time left, remedy');
ok t_cmp(scalar lines($srv, qr/MTLS007[56]: .*far\.test/), 0,
         'a CRL due in 30 days: no line with the default window of 2 days');
ok t_cmp(join("\n", lines($srv, qr/MTLS0075: .*window\.test/)),
         qr/MTLS0075: the CRL of $root that virtual host window\.test .* loaded is due: its nextUpdate is \Q${\ iso($next{far})}\E, (?:29 d 23 h|30 d 0 h) from now/,
         'the same CRL under MTLSExplainCRLWarnWindow 40d: a warning');
my @past = lines($srv, qr/MTLS0076: .*past\.test/);
ok t_cmp(scalar @past, 1, 'one error for the CRL past its nextUpdate');
ok t_cmp($past[0] // '',
         qr/\[mtls_explain:error\] .*MTLS0076: the CRL of $root that virtual host past\.test \(\S+:\d+\) loaded is stale: its nextUpdate \Q${\ iso($next{past})}\E passed (?:1 d 0 h|23 h \d+ min) ago, so every client certificate it covers gets a 503 .*$remedy/,
         'MTLS0076 at startup: host, issuer, nextUpdate, time since, remedy');
ok t_cmp(scalar lines($srv, qr/MTLS0075: .*off\.test/), 0,
         'MTLSExplainCRLWarnWindow off: no warning');
ok t_cmp(join("\n", lines($srv, qr/MTLS0076: .*off\.test/)),
         qr/MTLS0076: the CRL of $second that virtual host off\.test .* nextUpdate \Q${\ iso($next{off_past})}\E passed/,
         'MTLSExplainCRLWarnWindow off: the stale CRL is still an error');
ok t_cmp(scalar lines($srv, qr/MTLS007[56]: .*unarmed\.test/), 0,
         'an unarmed host\'s stale CRL is not checked');
ok t_cmp(scalar lines($srv, qr/MTLS007[56]: .*renewed\.test/), 0,
         'an old CRL beside its renewal in the file is not an outage');
my $metrics = fetch(port => $srv->{port}, path => '/metrics')->{body} // '';
ok t_cmp(scalar(() = $metrics =~ /^mtls_explain_crl_next_update_timestamp_seconds\{host="renewed\.test:\d+",issuer="[^"]*Test Root CA[^"]*"\} (\d+)$/mg),
         1, 'the metrics give the renewed CRL, once');
ok t_cmp(scalar lines($srv, qr/MTLS007[56]: .*nocheck\.test/), 0,
         'nor a CRL its host does not check (SSLCARevocationCheck none)');
ok t_cmp(scalar lines($srv, qr/MTLS0077/), 0,
         'mod_watchdog loaded: no notice that periodic checks are off');
ok t_cmp($up < $next{tick} - $tick_window
         && !lines($srv, qr/MTLS007[56]: .*tick\.test/) ? 1 : 0, 1,
         'the CRL not yet in its window: nothing said at startup');

# While running: the warning when the CRL enters its window, before its
# nextUpdate; the error once that has passed. Bounded waits, generous for
# a loaded machine.
my $warned = wait_for($srv, qr/MTLS0075: .*tick\.test/, 1, $next{tick} + 30);
ok t_cmp(defined $warned && $warned < $next{tick} ? 1 : 0, 1,
         'periodic check: the warning comes while running, before nextUpdate');
ok t_cmp(join("\n", lines($srv, qr/MTLS0075: .*tick\.test/)),
         qr/MTLS0075: the CRL of $second that virtual host tick\.test .* loaded is due: its nextUpdate is \Q${\ iso($next{tick})}\E, \d+ s from now/,
         'periodic warning: the CRL, its nextUpdate and the seconds left');
my $failed = wait_for($srv, qr/MTLS0076: .*tick\.test/, 1, $next{tick} + 60);
ok t_cmp(defined $failed && $failed >= $next{tick} ? 1 : 0, 1,
         'periodic check: the error once nextUpdate has passed');
ok t_cmp(join("\n", lines($srv, qr/MTLS0076: .*tick\.test/)),
         qr/MTLS0076: the CRL of $second that virtual host tick\.test .* is stale: its nextUpdate \Q${\ iso($next{tick})}\E passed \d+ s ago/,
         'periodic error: the CRL and its nextUpdate');
sleep 3;
ok t_cmp(scalar lines($srv, qr/MTLS007[56]: .*tick\.test/), 2,
         'one line per threshold crossed, not one per check');

# A graceful restart checks again, once: one more line per CRL, none from
# the watchdogs of either generation.
my @before = map { scalar lines($srv, $_) }
    qr/MTLS0075: .*soon\.test/, qr/MTLS0076: .*past\.test/,
    qr/MTLS0076: .*off\.test/, qr/MTLS0075: .*tick\.test/,
    qr/MTLS0076: .*tick\.test/;
kill 'USR1', $srv->{pid} or die "kill USR1 $srv->{pid}: $!";
ok t_cmp(defined wait_for($srv, qr/resuming normal operations/, 2, time + 30)
         ? 1 : 0, 1, 'graceful restart: a new generation');
sleep 3;
my @after = map { scalar lines($srv, $_) }
    qr/MTLS0075: .*soon\.test/, qr/MTLS0076: .*past\.test/,
    qr/MTLS0076: .*off\.test/, qr/MTLS0075: .*tick\.test/,
    qr/MTLS0076: .*tick\.test/;
ok t_cmp("@after", join(' ', map { $before[$_] + ($_ == 3 ? 0 : 1) } 0 .. 4),
         'graceful restart: each CRL said once more, the stale one as stale only');
ok t_cmp(private_server_stop($srv), 1, 'server stopped by its PID');

# Without mod_watchdog the startup check still runs, and a notice says
# how to get the periodic one. Debian's httpd has it compiled in.
my $lone;
if ($watchdog_builtin) {
    skip 'httpd has mod_watchdog compiled in: it cannot be left out' for 1 .. 4;
}
else {
    $lone = private_server(port => MTLSServer::port_base(31),
                           after => [qw(authz_core ssl)],
                           conf => "ServerName localhost\n"
                                   . host('past.test', $crl{past}));
    ok t_cmp(join("\n", lines($lone, qr/MTLS0077/)),
             qr/\[mtls_explain:notice\] .*MTLS0077: periodic CRL checks are off: mod_watchdog is not loaded, .*LoadModule watchdog_module/,
             'no mod_watchdog: a notice says how to turn periodic checks on');
    ok t_cmp(scalar lines($lone, qr/MTLS0077/), 1, 'the notice once');
    ok t_cmp(scalar lines($lone, qr/MTLS0076: .*past\.test/), 1,
             'no mod_watchdog: the startup check still runs');
    ok t_cmp(private_server_stop($lone), 1, 'server stopped by its PID');
}

# Nothing to watch, nothing said: no armed host loads a CRL.
my $none = private_server(port => MTLSServer::port_base(32),
                          before => ['watchdog'],
                          after => [qw(authz_core ssl)],
                          conf => "ServerName localhost\n"
                                  . host('unarmed.test', $crl{past},
                                         "    MTLSExplain Off\n"));
ok t_cmp(scalar lines($none, qr/MTLS007[567]/), 0,
         'no armed host with a CRL: no line');
ok t_cmp(private_server_stop($none), 1, 'server stopped by its PID');
