# Licensed under the Apache License, Version 2.0; see the README.
#
# An apache2 of a test's own, beside the suite's shared one: the counters
# tests need a server whose every request they sent, an MPM and a number
# of children of their choosing, and restarts. It runs the module from the
# build tree on 127.0.0.1, from MTLS_METRICS_PORT (default: the suite's
# port + 70) on, and is stopped by its own PID.
package MTLSServer;

use strict;
use warnings;

use Apache::Test ();
use File::Path qw(make_path remove_tree);
use File::Spec;
use FindBin;
use MTLSTest qw(configtest_libexec);

my $t_dir = File::Spec->rel2abs("$FindBin::Bin");

# Base of this file's ports: each test file takes its own ten.
sub port_base {
    my ($offset) = @_;
    return ($ENV{MTLS_METRICS_PORT} // (Apache::Test::vars('port') + 100))
        + $offset;
}

# new(name => N, port => P, mpm => 'event'|'prefork', children => C,
#     conf => TEXT): writes the configuration; TEXT goes after the
# common part, @PORT@ @PKI@ @DIR@ replaced.
sub new {
    my ($class, %a) = @_;
    my $self = bless { %a }, $class;
    my $dir = $self->{dir} = "$t_dir/logs/own-$a{name}";
    remove_tree($dir);
    make_path("$dir/logs", "$dir/htdocs", { mode => 0755 });
    chmod 0755, $dir, "$dir/logs", "$dir/htdocs";
    $self->write_conf;
    return $self;
}

sub write_conf {
    my ($self) = @_;
    my $dir = $self->{dir};
    my $libexec = configtest_libexec();
    my $so = Apache::Test::vars('mtls_so');
    my $pki = Apache::Test::vars('pki');
    my $mpm = $self->{mpm} || 'event';
    my $n = $self->{children} || 2;
    # unixd and log_config are compiled into some builds (Debian's) and
    # shared in others (RHEL's, httpd's own default)
    my @mods = qw(unixd log_config authz_core authz_host mime headers alias
                  socache_shmcb ssl status);
    push @mods, 'http2' if $mpm ne 'prefork';
    my $load = join '', map {
        qq(<IfModule !mod_$_.c>\nLoadModule ${_}_module "$libexec/mod_$_.so"\n</IfModule>\n)
    } @mods;
    $load = qq(LoadModule mpm_${mpm}_module "$libexec/mod_mpm_$mpm.so"\n) . $load;
    # Apache::Test's account, by number: group names differ between systems
    my (undef, undef, $uid, $gid) = getpwnam('nobody');
    my $user = $> == 0 ? "User #$uid\nGroup #$gid\n" : '';
    my $procs = $mpm eq 'prefork'
        ? "StartServers $n\nMinSpareServers $n\nMaxSpareServers $n\n"
          . "ServerLimit $n\nMaxRequestWorkers $n\n"
        : "StartServers $n\nServerLimit $n\nThreadsPerChild 8\n"
          . "MaxRequestWorkers " . (8 * $n) . "\nMinSpareThreads 1\n"
          . "MaxSpareThreads " . (8 * $n) . "\n";
    my $text = $self->{conf};
    $text =~ s/\@PORT\@/$self->{port}/g;
    $text =~ s/\@PKI\@/$pki/g;
    $text =~ s/\@DIR\@/$dir/g;
    open my $fh, '>', "$dir/httpd.conf" or die "$dir/httpd.conf: $!";
    print $fh <<"CONF";
ServerRoot "$dir"
DefaultRuntimeDir "$dir/logs"
PidFile "$dir/logs/httpd.pid"
ErrorLog "$dir/logs/error_log"
LogLevel info ssl:warn
ServerName localhost
Listen 127.0.0.1:$self->{port}
$load
LoadModule mtls_explain_module "$so"
$user$procs
MaxConnectionsPerChild 0
TypesConfig /etc/mime.types
SSLSessionCache "shmcb:$dir/logs/ssl_scache(512000)"
LogFormat "%P %{SSL_PROTOCOL}x %H %U %>s %{MTLS_EXPLAIN_VERDICT}e %{MTLS_EXPLAIN_ACTION}e" own
CustomLog "$dir/logs/access_log" own
DocumentRoot "$dir/htdocs"
<Directory "$dir/htdocs">
    Require all granted
</Directory>
$text
CONF
    close $fh;
    open $fh, '>', "$dir/htdocs/index.html" or die;
    print $fh "ok\n";
    close $fh;
}

# The suite's httpd: under --enable-sanitizers, the wrapper t/TEST.PL
# writes, which preloads the sanitizer runtime.
sub httpd {
    my $httpd = Apache::Test::vars('httpd');
    return $httpd if $httpd && -x $httpd;
    my $apxs = Apache::Test::config()->{vars}{apxs} || 'apxs';
    chomp(my $sbin = `$apxs -q SBINDIR`);
    chomp(my $target = `$apxs -q TARGET`);
    return "$sbin/$target";
}

sub error_log { "$_[0]{dir}/logs/error_log" }
sub access_log { "$_[0]{dir}/logs/access_log" }

sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or return '';
    local $/;
    return <$fh>;
}

# Starts the server; dies unless it answers within 15 s.
sub start {
    my ($self) = @_;
    my $dir = $self->{dir};
    unlink "$dir/logs/httpd.pid";
    system(httpd(), '-f', "$dir/httpd.conf", '-k', 'start') == 0
        or die "apache2 did not start: " . slurp($self->error_log);
    $self->{owner} = $$;
    for (1 .. 150) {
        if (!$self->{pid} && -s "$dir/logs/httpd.pid") {
            ($self->{pid}) = slurp("$dir/logs/httpd.pid") =~ /(\d+)/;
        }
        return $self if $self->{pid} && $self->ready;
        select undef, undef, undef, 0.1;
    }
    die "apache2 on port $self->{port} did not come up: "
        . slurp($self->error_log);
}

# Up: as many "resuming normal operations" lines as the generations
# started (the first, and one more per graceful restart).
sub ready {
    my ($self) = @_;
    my @n = slurp($self->error_log) =~ /resuming normal operations/g;
    return @n >= ($self->{generations} // 1);
}

# A graceful restart (SIGUSR1); waits for the new generation.
sub graceful {
    my ($self) = @_;
    my @n = slurp($self->error_log) =~ /resuming normal operations/g;
    $self->{generations} = @n + 1;
    kill 'USR1', $self->{pid} or die "kill USR1 $self->{pid}: $!";
    for (1 .. 150) {
        return if $self->ready;
        select undef, undef, undef, 0.1;
    }
    die "no new generation after a graceful restart: "
        . slurp($self->error_log);
}

sub stop {
    my ($self) = @_;
    my $pid = delete $self->{pid} or return;
    kill 'TERM', $pid;
    for (1 .. 100) {
        last unless kill 0, $pid;
        select undef, undef, undef, 0.1;
    }
}

# Only the process that started it stops it.
sub DESTROY { $_[0]->stop if $_[0]{owner} && $_[0]{owner} == $$ }

# curl(path list, cert => NAME|undef, http2 => 0|1, tls => '1.2'|'1.3',
#      host => name): one curl process, its transfers in turn on as few
# connections as it can keep. Returns a list of
# { status, version, mtls, connects } per transfer.
sub curl {
    my ($self, %a) = @_;
    my $pki = Apache::Test::vars('pki');
    my @cmd = ('curl', '-s', '--cacert', "$pki/ca.crt", '--no-sessionid',
               '-w', '%{http_code} %{http_version} %{num_connects} '
                   . '[%header{x-mtls}] [%header{x-expiry}] '
                   . '[%header{x-client-cert-expires-in}]\n');
    push @cmd, '--cert', "$pki/client-$a{cert}.pem" if $a{cert};
    push @cmd, $a{http2} ? '--http2' : '--http1.1';
    push @cmd, $a{tls} eq '1.2' ? ('--tlsv1.2', '--tls-max', '1.2') : '--tlsv1.3'
        if $a{tls};
    push @cmd, @{ $a{args} || [] };
    my $host = $a{host} || 'localhost';
    for my $path (@{ $a{paths} }) {
        push @cmd, '-o', '/dev/null', "https://$host:$self->{port}$path";
    }
    push @cmd, '--resolve', "$host:$self->{port}:127.0.0.1";
    open my $fh, '-|', @cmd or die "curl: $!";
    my @out;
    while (my $line = <$fh>) {
        my ($status, $version, $connects, $mtls, $expiry, $renew) =
            $line =~ /^(\d+) (\S+) (\d+) \[(.*?)\] \[(.*?)\] \[(.*?)\]$/
            or next;
        push @out, { status => $status, version => $version,
                     connects => $connects, mtls => $mtls,
                     expiry => $expiry, renew => $renew };
    }
    close $fh;
    return @out;
}

# GET of a plain URL without a client certificate; returns the body.
sub get {
    my ($self, $path) = @_;
    my $pki = Apache::Test::vars('pki');
    open my $fh, '-|', 'curl', '-s', '--cacert', "$pki/ca.crt",
        '--resolve', "localhost:$self->{port}:127.0.0.1",
        "https://localhost:$self->{port}$path" or die "curl: $!";
    local $/;
    my $body = <$fh> // '';
    close $fh;
    return $body;
}

1;
