# Licensed under the Apache License, Version 2.0; see the README.
#
# A small TLS client for the tests: real IO::Socket::SSL connections to the
# test server on loopback, one or many requests per connection, exact TLS
# versions, optional client certificates and session resumption.
package MTLSTest;

use strict;
use warnings;

use Exporter 'import';
use File::Spec;
use FindBin;
use IO::Socket::SSL;
use Net::SSLeay ();

our @EXPORT_OK = qw(pki vhost_port tls_connect http_request fetch
                    http_request_text http_response cert_expectations
                    configtest_libexec configtest_head configtest_plan
                    configtest_run core_modules not_yet_valid
                    private_server private_server_stop
                    session_cache error_log_since error_log_size);

# The server may close first (Connection: close); writing our close_notify
# then must not kill the test.
$SIG{PIPE} = 'IGNORE';

my $t_dir = File::Spec->rel2abs("$FindBin::Bin");

sub pki { File::Spec->catfile($t_dir, 'pki', @_) }

# Startup-error tests: `apache2 -t` on small configurations of their own.
# The module directory of the apxs the suite was configured with, or of
# the one on PATH (a run after -clean has none).
sub configtest_libexec {
    require Apache::Test;
    my $apxs = Apache::Test::config()->{vars}{apxs} || 'apxs';
    chomp(my $libexec = `$apxs -q LIBEXECDIR`);
    die "'$apxs -q LIBEXECDIR' failed\n" if $? || !$libexec;
    return $libexec;
}

# The first lines of every such configuration (8 lines): the MPM and
# whatever else t/TEST.PL found httpd lacks (core_modules), authz_core and
# the module from the build tree, on a port never opened.
sub configtest_head {
    require Apache::Test;
    my $libexec = configtest_libexec();
    my $so = Apache::Test::vars('mtls_so');
    my $core = core_modules();
    return <<"CONF";
ServerRoot /tmp
ServerName localhost
PidFile /tmp/mtls-config-test.pid
ErrorLog /dev/null
Include "$core"
LoadModule authz_core_module $libexec/mod_authz_core.so
LoadModule mtls_explain_module $so
Listen 127.0.0.1:1
CONF
}

# t/TEST.PL's LoadModule lines for the MPM and mod_unixd, each only if
# httpd has not compiled it in: an Include for the tests' own servers.
sub core_modules {
    my $file = File::Spec->catfile($t_dir, 'conf', 'core-modules.conf');
    die "$file is missing: run the tests through t/TEST.PL\n" unless -e $file;
    return $file;
}

# Cases are [name, text, expect ok, patterns the output must match]: one
# test for the exit status and one per pattern.
sub configtest_plan {
    my ($cases) = @_;
    my $n = 0;
    $n += 1 + @{ $_->[3] } for @$cases;
    return $n;
}

# Writes each case as $dir/N.conf ($before . text . $after) and runs
# apache2 -t on it.
sub configtest_run {
    my ($cases, $dir, $before, $after) = @_;
    require Apache::Test;
    require Apache::TestUtil;
    my $httpd = Apache::Test::config()->{vars}{httpd};
    my $n = 0;
    for my $case (@$cases) {
        my ($name, $body, $want_ok, $patterns) = @$case;
        my $file = "$dir/" . ++$n . '.conf';
        open my $fh, '>', $file or die "$file: $!";
        print $fh $before, $body, $after // '';
        close $fh;
        my $out = `$httpd -t -f $file 2>&1`;
        my $ok = $? == 0 ? 1 : 0;
        Apache::Test::ok(Apache::TestUtil::t_cmp($ok, $want_ok,
            "$name: apache2 -t " . ($want_ok ? 'passes' : 'fails')));
        for my $re (@$patterns) {
            Apache::Test::ok(Apache::TestUtil::t_cmp($out, $re,
                                                     "$name: says $re"));
        }
    }
}

# OpenSSL's words for a certificate that is not yet valid, from the
# libcrypto the server uses too: OpenSSL 3.6 added "or the system clock is
# incorrect".
sub not_yet_valid {
    return Net::SSLeay::X509_verify_cert_error_string(
        Net::SSLeay::X509_V_ERR_CERT_NOT_YET_VALID());
}

# What each client certificate of t/make-pki.sh gets: cert => [verdict,
# SSL_CLIENT_VERIFY, sub-status, failed on its issuer only].
sub cert_expectations {
    return (
        none          => ['none',          qr/^NONE$/,                          '403.7'],
        valid         => ['ok',            qr/^SUCCESS$/,                       ''],
        viaint        => ['ok',            qr/^SUCCESS$/,                       ''],
        expired       => ['expired',       qr/^FAILED:certificate has expired$/, '403.17'],
        notyet        => ['not_yet_valid', qr/^FAILED:\Q${\ not_yet_valid()}\E$/, '403.17'],
        revoked       => ['revoked',       qr/^FAILED:certificate revoked$/,    '403.13'],
        otherca       => ['untrusted',     qr/^FAILED:/,                        '403.16', 1],
        selfsigned    => ['untrusted',     qr/^FAILED:/,                        '403.16', 1],
        wrongpurpose  => ['wrong_purpose', qr/^FAILED:unsuitable certificate purpose$/, '403.16'],
        viaexpiredint => ['expired',       qr/^FAILED:certificate has expired$/, '403.17'],
    );
}

# The port Apache::Test gave a <VirtualHost NAME>.
sub vhost_port {
    my ($name) = @_;
    require Apache::Test;
    my $vh = Apache::Test::config()->{vhosts}->{$name}
        or die "no vhost $name in the test configuration";
    return $vh->{port};
}

# A client-side session store to offer on reconnects. The sessions live in
# one SSL context kept here: freeing a context forgets its sessions.
sub session_cache { return {} }

# Open a TLS connection. cert => 'expired' presents pki/client-expired.*;
# tls => '1.2' or '1.3'; cache => a session cache to offer and fill;
# sni => the name to send (default localhost, '' sends none), which the
# server certificate must match (or server_name, when no SNI is sent);
# session_name => offer the session another SNI name stored in the cache.
sub tls_connect {
    my (%o) = @_;
    my $v = $o{tls} || '1.3';
    my $sni = $o{sni} // 'localhost';
    my $name = $sni || $o{server_name} || 'localhost';
    my %ssl = (
        PeerHost        => '127.0.0.1',
        PeerPort        => $o{port},
        SSL_version     => $v eq '1.2' ? 'TLSv1_2' : 'TLSv1_3',
        SSL_ca_file     => pki('ca.crt'),
        SSL_hostname    => $sni,
        SSL_verifycn_name   => $name,
        SSL_verifycn_scheme => 'http',
        Timeout         => 10,
    );
    if ($o{cert}) {
        $ssl{SSL_cert_file} = pki("client-$o{cert}.crt");
        $ssl{SSL_key_file}  = pki("client-$o{cert}.key");
    }
    if ($o{cache}) {
        my $key = join '-', $o{port}, $v, $o{cert} || '',
                            $o{session_name} // $sni;
        $o{cache}{$key} ||= IO::Socket::SSL::SSL_Context->new(
            { %ssl, SSL_session_cache_size => 8 })
            or die "SSL context: $SSL_ERROR\n";
        $ssl{SSL_reuse_ctx}   = $o{cache}{$key};
        $ssl{SSL_session_key} = $key;
    }
    my $sock = IO::Socket::SSL->new(%ssl);
    die "TLS connect to $o{port} failed: $SSL_ERROR\n" if !$sock && $o{must};
    return $sock;
}

# One HTTP/1.1 request on an open connection; returns a hash with status,
# headers (lower-case names) and body, or undef when the connection died.
# host => the Host header (default: the SNI name, or localhost).
sub http_request {
    my ($sock, $path, %o) = @_;
    print {$sock} http_request_text($path, %o) or return undef;
    return http_response($sock, $o{method});
}

# The bytes of a request, for sending several at once (pipelining).
sub http_request_text {
    my ($path, %o) = @_;
    my $method = $o{method} || 'GET';
    my $hdrs = $o{headers} || {};
    my $host = $o{host} || $o{sni} || 'localhost';
    my $req = "$method $path HTTP/1.1\r\nHost: $host\r\n";
    $req .= "$_: $hdrs->{$_}\r\n" for sort keys %$hdrs;
    $req .= "Content-Length: " . length($o{body}) . "\r\n" if defined $o{body};
    $req .= "Connection: close\r\n" if $o{close};
    $req .= "\r\n" . (defined $o{body} ? $o{body} : '');
    return $req;
}

# Read one response to a request with this method (default GET).
sub http_response {
    my ($sock, $method) = @_;
    $method ||= 'GET';
    my $status_line = <$sock>;
    return undef unless defined $status_line;
    my ($status) = $status_line =~ m{^HTTP/1\.\d (\d{3})} or return undef;
    my %h;
    while (defined(my $line = <$sock>)) {
        $line =~ s/\r?\n\z//;
        last if $line eq '';
        my ($k, $v) = split /:\s*/, $line, 2;
        $k = lc $k;
        $h{$k} = exists $h{$k} ? "$h{$k}, $v" : $v;
    }
    my $body = '';
    if ($method ne 'HEAD' && $status != 304 && $status != 204) {
        if (defined $h{'content-length'}) {
            my $left = $h{'content-length'};
            while ($left > 0) {
                my $n = read($sock, my $buf, $left);
                last unless $n;
                $body .= $buf;
                $left -= $n;
            }
        }
        elsif (($h{'transfer-encoding'} || '') =~ /chunked/i) {
            while (defined(my $size = <$sock>)) {
                $size =~ s/[;\s].*//s;
                $size = hex $size;
                last if $size == 0;
                # a TLS socket may return less than asked for
                while ($size > 0) {
                    my $n = read($sock, my $buf, $size);
                    last unless $n;
                    $body .= $buf;
                    $size -= $n;
                }
                <$sock>;
            }
            while (defined(my $line = <$sock>)) { last if $line =~ /^\r?\n\z/ }
        }
        else {
            local $/;
            $body = <$sock>;
        }
    }
    return { status => $status, headers => \%h, body => $body,
             status_line => $status_line };
}

# Connect, make one request, close. Returns the response hash, or a hash
# with status 0 and the TLS error when no HTTP exchange happened.
sub fetch {
    my (%o) = @_;
    my $sock = tls_connect(%o);
    return { status => 0, error => $SSL_ERROR || "$!" } unless $sock;
    my $res = http_request($sock, $o{path}, %o, close => 1)
        || { status => 0, error => 'connection closed without a response' };
    $res->{reused} = $sock->get_session_reused ? 1 : 0;
    $res->{server_cn} = $sock->peer_certificate('commonName') // '';
    # A clean close_notify: OpenSSL forgets sessions of connections that
    # were dropped without one.
    $sock->close;
    return $res;
}

# A server of a test's own, for what the suite's server cannot show: module
# load order, server-wide settings, restarts. conf => the text after the
# head this writes (ServerRoot, the modules, Listen); before => modules to
# load before this one, after => modules to load after it; module => 0
# leaves this one out, to see what mod_ssl does alone. Returns a hash with
# port, dir and pid; the server runs until private_server_stop.
sub private_server {
    my (%o) = @_;
    require Apache::Test;
    require File::Temp;
    require IO::Socket::INET;
    my $cfg = Apache::Test::config();
    my $libexec = configtest_libexec();
    my $so = Apache::Test::vars('mtls_so');
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    chmod 0755, $dir;
    my $port = $o{port};
    my $module = $o{module} // 1;
    unless ($port) {
        my $probe = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
            LocalPort => 0, Proto => 'tcp', Listen => 1) or die $!;
        $port = $probe->sockport;
        close $probe;
    }
    # the account Apache::Test's server runs as, by number: group names
    # differ between systems
    my (undef, undef, $uid, $gid) = getpwnam('nobody');
    my $load = sub {
        join '', map { qq(<IfModule !mod_$_.c>\nLoadModule ${_}_module "$libexec/mod_$_.so"\n</IfModule>\n) } @_;
    };
    # DefaultRuntimeDir: mod_cgid's socket goes there, and an httpd built
    # from source points it at a directory this tree does not have
    my $text = "ServerRoot $dir\nServerName localhost\nDefaultRuntimeDir $dir\n"
        . "PidFile $dir/httpd.pid\nErrorLog $dir/error_log\n"
        . "LogLevel info" . ($module ? " mtls_explain:debug" : '') . "\n"
        . qq(Include "${\ core_modules()}"\n)
        . $load->(@{ $o{before} || [] })
        . ($module ? qq(LoadModule mtls_explain_module "$so"\n) : '')
        . $load->(@{ $o{after} || [] })
        . "User #$uid\nGroup #$gid\nListen 127.0.0.1:$port\n"
        . "DocumentRoot $dir\n"
        . ($o{conf} =~ s/\@port\@/$port/gr =~ s/\@dir\@/$dir/gr);
    open my $fh, '>', "$dir/httpd.conf" or die "$dir/httpd.conf: $!";
    print $fh $text;
    close $fh;
    my $httpd = $cfg->{vars}{httpd};
    system($httpd, '-f', "$dir/httpd.conf", '-k', 'start') == 0
        or die "private server did not start:\n" . `cat $dir/error_log`;
    my $pid;
    for (1 .. 100) {
        if (open my $p, '<', "$dir/httpd.pid") {
            chomp($pid = <$p> // '');
            last if $pid =~ /^\d+$/ && IO::Socket::INET->new(
                PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp');
        }
        select undef, undef, undef, 0.1;
    }
    die "private server did not start:\n" . `cat $dir/error_log`
        unless $pid && $pid =~ /^\d+$/;
    return { port => $port, dir => $dir, pid => $pid };
}

# Stops a private server by its PID and waits until it is gone.
sub private_server_stop {
    my ($srv) = @_;
    return 1 unless $srv && $srv->{pid};
    kill 'TERM', $srv->{pid};
    for (1 .. 100) {
        unless (kill 0, $srv->{pid}) {
            delete $srv->{pid};
            return 1;
        }
        select undef, undef, undef, 0.1;
    }
    return 0;
}

sub error_log_file { File::Spec->catfile($t_dir, 'logs', 'error_log') }

sub error_log_size { -s error_log_file() || 0 }

# The error log lines written since offset (from error_log_size).
sub error_log_since {
    my ($offset) = @_;
    open my $fh, '<', error_log_file() or return ();
    seek $fh, $offset, 0;
    my @lines = <$fh>;
    close $fh;
    return @lines;
}

1;
