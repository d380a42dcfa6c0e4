# Templates are read when the configuration is: a request never reads the
# file, and a graceful restart picks up an edited template. Runs its own
# small server, since it restarts it.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use File::Temp qw(tempdir);
use IO::Socket::INET;
use Time::HiRes qw(sleep);

use MTLSTest qw(fetch pki core_modules);

plan tests => 7, need_module 'ssl';

my $cfg   = Apache::Test::config();
my $httpd = $cfg->{vars}{httpd};
my $so    = Apache::Test::vars('mtls_so');
chomp(my $libexec = `$cfg->{vars}{apxs} -q LIBEXECDIR`);
my $dir = tempdir(CLEANUP => 1);
chmod 0755, $dir;

# A free loopback port for this server alone.
my $probe = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                  Proto => 'tcp', Listen => 1) or die $!;
my $port = $probe->sockport;
close $probe;

sub write_file {
    my ($file, $text) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh;
}

my $template = "$dir/explain.html";
write_file($template, "<p>version one: {{verdict}}</p>\n");
my $pki = pki();
my $core = core_modules();
# Apache::Test's own choice for its server (nobody and nobody's group,
# which is nogroup on Debian and nobody on RHEL and Fedora).
my ($user, $group) = @{ $cfg->{vars} }{qw(user group)};
my $conf = "$dir/httpd.conf";
write_file($conf, <<"CONF");
ServerRoot $dir
ServerName localhost
PidFile $dir/httpd.pid
ErrorLog $dir/error_log
LogLevel info
Include "$core"
LoadModule authz_core_module $libexec/mod_authz_core.so
LoadModule ssl_module $libexec/mod_ssl.so
LoadModule mtls_explain_module $so
User $user
Group $group
Listen 127.0.0.1:$port
DocumentRoot $dir
<VirtualHost 127.0.0.1:$port>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile $pki/server.crt
    SSLCertificateKeyFile $pki/server.key
    SSLCACertificateFile $pki/ca.crt
    SSLVerifyClient optional_no_ca
    MTLSExplain On
    MTLSExplainVerifyClient require
    MTLSExplainTemplate $template
</VirtualHost>
CONF

sub server_pid {
    open my $fh, '<', "$dir/httpd.pid" or return;
    chomp(my $pid = <$fh> // '');
    return $pid =~ /^\d+$/ ? $pid : undef;
}

sub page {
    my $res = fetch(port => $port, path => '/', cert => 'expired');
    return $res ? $res->{body} // '' : '';
}

# Waits until the server answers with the wanted text, for a few seconds.
sub wait_for {
    my ($re) = @_;
    my $body = '';
    for (1 .. 50) {
        $body = eval { page() } // '';
        return $body if $body =~ $re;
        sleep 0.1;
    }
    return $body;
}

system($httpd, '-f', $conf, '-k', 'start');
my $pid;
for (1 .. 50) { last if ($pid = server_pid()); sleep 0.1 }
END { kill 'TERM', $pid if $pid }

ok t_cmp(wait_for(qr/version one/), qr{<p>version one: expired</p>},
         'the template at startup');

write_file($template, "<p>version two: {{verdict}}</p>\n");
ok t_cmp(page(), qr{<p>version one: expired</p>},
         'an edited template is not read by a request');

unlink $template;
ok t_cmp(page(), qr{<p>version one: expired</p>},
         'a removed template does not break requests');

write_file($template, "<p>version two: {{verdict}}</p>\n");
kill 'USR1', $pid;
ok t_cmp(wait_for(qr/version two/), qr{<p>version two: expired</p>},
         'a graceful restart reads the edited template');
ok t_cmp(server_pid(), $pid, 'same parent process');

write_file($template, "<p>{{no_such_placeholder}}</p>\n");
my $out = `$httpd -t -f $conf 2>&1`;
ok t_cmp($out, qr{\Q$template\E line 1: unknown placeholder \{\{no_such_placeholder\}\}},
         'apache2 -t names a broken edit before a restart would');

kill 'TERM', $pid;
my $gone = 0;
for (1 .. 50) { if (!kill 0, $pid) { $gone = 1; last } sleep 0.1 }
ok t_cmp($gone, 1, 'server stopped by its PID');
$pid = undef if $gone;
