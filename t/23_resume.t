# An armed host resumes only TLS sessions it verified itself: not one made
# by an unarmed host with the same ServerName:port (which shares mod_ssl's
# session context and cache), not one made before the host was armed
# (ticket keys outlive restarts); and an unarmed host never resumes a
# session an armed host verified. A valid session of the armed host keeps
# resuming, across restarts too. SSL_CLIENT_VERIFY never reads SUCCESS or
# GENEROUS for a failed certificate, over HTTP/2 with many concurrent
# streams on TLS 1.2 either.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(pki vhost_port fetch session_cache private_server
                private_server_stop);

my $curl = `sh -c 'command -v curl'`;
chomp $curl;
my $h2 = $curl && `$curl -V` =~ /\bHTTP2\b/;
my $streams = 300;
my @tls = ('1.2', '1.3');

plan tests => @tls * 16 + ($h2 ? 4 : 0), need need_module('ssl'),
    need_module('headers'), need_module('cgid');

my $port = vhost_port('mtls_sib');

for my $tls (@tls) {
    my $cache = session_cache();
    my %c = (port => $port, path => '/index.html', tls => $tls,
             cache => $cache, server_name => 'sib.test');

    # a failed certificate, accepted by the unarmed sibling
    my $plain = fetch(%c, sni => 'plain.sib.test', cert => 'selfsigned');
    ok t_cmp("$plain->{status} " . ($plain->{headers}{'x-host'} // ''),
             '200 plain', "TLS $tls: the unarmed sibling accepts a self-signed certificate");
    my $again = fetch(%c, sni => 'plain.sib.test', cert => 'selfsigned');
    ok t_cmp($again->{reused}, 1, "TLS $tls: the sibling resumes its own session (the client offers it)");
    my $armed = fetch(%c, sni => 'armed.sib.test', cert => 'selfsigned',
                      session_name => 'plain.sib.test');
    ok t_cmp($armed->{reused}, 0, "TLS $tls: the armed host does not resume the sibling's session");
    ok t_cmp($armed->{headers}{'x-host'} // '', 'armed', "TLS $tls: served by the armed host");
    ok t_cmp($armed->{headers}{'x-client-verify'} // '', qr/^FAILED:/,
             "TLS $tls: SSL_CLIENT_VERIFY says FAILED");

    # a valid certificate verified by the armed host
    my $v1 = fetch(%c, sni => 'armed.sib.test', cert => 'valid');
    ok t_cmp($v1->{headers}{'x-client-verify'} // '', 'SUCCESS',
             "TLS $tls: a valid certificate on the armed host");
    my $v2 = fetch(%c, sni => 'armed.sib.test', cert => 'valid');
    ok t_cmp($v2->{reused}, 1, "TLS $tls: the armed host resumes its own valid session");
    ok t_cmp($v2->{headers}{'x-client-verify'} // '', 'SUCCESS',
             "TLS $tls: resumed: SUCCESS");
    my $p = fetch(%c, sni => 'plain.sib.test', cert => 'valid',
                  session_name => 'armed.sib.test');
    ok t_cmp($p->{reused}, 0, "TLS $tls: the unarmed sibling does not resume the armed host's session");
    ok t_cmp($p->{status}, 200, "TLS $tls: the sibling answers after a full handshake");

    # the failed session on the armed host itself is never resumed
    my $f2 = fetch(%c, sni => 'armed.sib.test', cert => 'selfsigned',
                   session_name => 'plain.sib.test');
    ok t_cmp($f2->{reused}, 0, "TLS $tls: a failed session is not resumed either");
}

# HTTP/2 streams in parallel on one TLS 1.2 connection: mod_ssl resets its
# verify result in each stream's access hook; no stream may read a
# failed certificate as SUCCESS or GENEROUS meanwhile.
if ($h2) {
    for my $tls (['1.2', '--tlsv1.2', '--tls-max', '1.2'], ['1.3', '--tlsv1.3']) {
        my ($v, @opt) = @$tls;
        my @cmd = ($curl, '-s', '--http2', '-Z', '--parallel-max', '100',
                   '--cacert', pki('ca.crt'),
                   '--cert', pki('client-selfsigned.crt'),
                   '--key', pki('client-selfsigned.key'), @opt,
                   '--resolve', "armed.sib.test:$port:127.0.0.1",
                   "https://armed.sib.test:$port/seams/req/app.cgi?[1-$streams]");
        open my $fh, '-|', @cmd or die "$curl: $!";
        my %seen;
        while (<$fh>) {
            $seen{$1}++ if /^verify=(.*)$/;
        }
        close $fh;
        my $total = 0;
        $total += $_ for values %seen;
        ok t_cmp($total, $streams, "HTTP/2, TLS $v: $streams streams answered");
        ok t_cmp(join(',', sort keys %seen), 'FAILED:self-signed certificate',
                 "HTTP/2, TLS $v: every stream reads FAILED");
    }
}

# Tickets across arming: a host's ticket key persists, the host is armed
# at a restart; the tickets it issued before must not resume. One of its
# own valid sessions does resume after a restart.
#
# Each restart's server is one process with two hosts sharing the key
# file: sib.test, armed or not, and plain.sib.test, never armed, whose own
# ticket tells whether the restart kept mod_ssl's ticket key at all. Built
# against OpenSSL 3, mod_ssl hands OpenSSL the ticket HMAC key as a
# pointer into the stack buffer it read SSLSessionTicketKeyFile into, gone
# when tickets are made (2.4.68, 2.4.71): the key is whatever that memory
# holds in the serving process. With Debian 12's OpenSSL 3.0 it holds
# zeros; elsewhere it may differ between starts, and then no ticket
# resumes after the restart and what follows would prove nothing.
my $key = Apache::Test::config()->{vars}{t_logs} . '/ticket.key';
{
    open my $kf, '>', $key or die "$key: $!";
    open my $rnd, '<', '/dev/urandom' or die $!;
    read $rnd, my $bytes, 48;
    print $kf $bytes;
    close $kf;
    chmod 0600, $key;
}
my $pki = pki();
sub host_conf {
    my ($armed, $ca) = @_;
    $ca //= "$pki/ca.crt";
    my $common = <<"COMMON";
    SSLEngine on
    SSLCertificateFile $pki/server-sib.crt
    SSLCertificateKeyFile $pki/server-sib.key
    SSLVerifyClient optional_no_ca
    SSLSessionTicketKeyFile $key
COMMON
    return <<"CONF";
<IfModule mpm_prefork_module>
    StartServers 1
    ServerLimit 1
    MaxRequestWorkers 1
</IfModule>
<IfModule !mpm_prefork_module>
    StartServers 1
    ServerLimit 1
    ThreadsPerChild 4
    MaxRequestWorkers 4
    MinSpareThreads 1
    MaxSpareThreads 8
</IfModule>
<VirtualHost 127.0.0.1:\@port\@>
    ServerName sib.test
$common    SSLCACertificateFile $ca
    @{[ $armed ? "MTLSExplain On\n    MTLSExplainVerifyClient require" : '' ]}
</VirtualHost>
<VirtualHost 127.0.0.1:\@port\@>
    ServerName plain.sib.test
$common    SSLCACertificateFile $pki/ca.crt
</VirtualHost>
CONF
}
my @mods = qw(authz_core ssl socache_shmcb);

# A fresh ticket of the control host, from a full handshake like those of
# the host under test.
sub control_ticket {
    my ($ctl) = @_;
    $ctl->{cache} = session_cache();
    fetch(%$ctl, cert => 'valid');
}

# Restarts the server with another configuration; returns the new server
# and whether the control host resumed its ticket from before.
sub restart {
    my ($srv, $conf, $ctl) = @_;
    private_server_stop($srv);
    $srv = private_server(after => \@mods, conf => $conf,
                          port => $ctl->{port});
    my $res = fetch(%$ctl, cert => 'valid');
    return ($srv, $res->{reused} && $res->{status} == 404);
}

sub no_key {
    my ($tls) = @_;
    return "TLS $tls: mod_ssl's own ticket did not survive this restart "
         . "(its SSLSessionTicketKeyFile HMAC key is not the file's here)";
}

for my $tls (@tls) {
    my $srv = private_server(after => \@mods, conf => host_conf(0));
    my $tport = $srv->{port};
    my %t = (port => $tport, path => '/', tls => $tls,
             cache => session_cache(), sni => 'sib.test');
    my %ctl = (port => $tport, path => '/', tls => $tls,
               sni => 'plain.sib.test');
    my $kept;
    fetch(%t, cert => 'selfsigned');
    control_ticket(\%ctl);
    ($srv, $kept) = restart($srv, host_conf(1), \%ctl);
    if ($kept) {
        my $after = fetch(%t, cert => 'selfsigned');
        ok t_cmp("$after->{reused} $after->{status}", '0 403',
                 "TLS $tls: a ticket issued before the host was armed does not resume");
    }
    else {
        skip(no_key($tls));
    }
    fetch(%t, cert => 'valid');
    control_ticket(\%ctl);
    ($srv, $kept) = restart($srv, host_conf(1), \%ctl);
    if ($kept) {
        # the document root is empty: 404 once allowed
        my $valid = fetch(%t, cert => 'valid');
        ok t_cmp("$valid->{reused} $valid->{status}", '1 404',
                 "TLS $tls: the armed host's own valid ticket resumes after a restart");
    }
    else {
        skip(no_key($tls));
    }
    ok t_cmp(private_server_stop($srv), 1, "TLS $tls: private server stopped by its PID");

    # The same CA file name with other contents: the host's trust changed,
    # and a session it verified before does not resume.
    my $ca = Apache::Test::config()->{vars}{t_logs} . '/resume-ca.crt';
    system('cp', "$pki/ca.crt", $ca) == 0 or die "cp: $!";
    chmod 0644, $ca;
    $srv = private_server(after => \@mods, conf => host_conf(1, $ca),
                          port => $tport);
    fetch(%t, cert => 'valid');
    control_ticket(\%ctl);
    system('cp', "$pki/ca2.crt", $ca) == 0 or die "cp: $!";
    ($srv, $kept) = restart($srv, host_conf(1, $ca), \%ctl);
    if ($kept) {
        my $changed = fetch(%t, cert => 'valid');
        ok t_cmp("$changed->{reused} $changed->{status}", '0 403',
                 "TLS $tls: after the CA file's contents changed, the old session does not resume");
    }
    else {
        skip(no_key($tls));
    }
    ok t_cmp(private_server_stop($srv), 1, "TLS $tls: private server stopped by its PID");
    unlink $ca;
}
unlink $key;
