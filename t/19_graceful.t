# Graceful restarts under load: forked clients with good and bad
# certificates (valid, expired, unknown issuer, none, revoked; TLS 1.2 and
# 1.3; three requests per connection; and one client sending HTTP/2
# streams where mod_http2 is loaded) run for a few seconds while the
# server is told to restart gracefully (SIGUSR1 to its parent) three
# times. Every request must get a complete and correct answer, the
# explanation included; connection refused counts as lost. The one retry
# allowed is the one HTTP allows: when the server closes a kept-alive
# connection that is idle between requests (old children do that on a
# graceful restart), a request that got no byte of answer is sent again
# on a new connection; the same for an HTTP/2 stream that mod_http2 drops
# (see h2_client). No child may crash, and the log must have no [error] or
# worse.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use File::Temp qw(tempdir);
use POSIX ();
use IO::Socket::SSL;
use Time::HiRes qw(time sleep);
use MTLSTest qw(vhost_port pki tls_connect http_request error_log_size
                error_log_since);

my $clients = 4;
my $seconds = 4;
my $restarts = 3;

# [certificate, path, status, X-MTLS verdict, what the body must contain]
my @cases = (
    ['valid',   '/require/', 200, 'ok',        qr/^verdict=ok$/m],
    ['expired', '/require/', 403, 'expired',   qr{403\.17.*</html>\s*\z}s],
    ['otherca', '/nocav/',   200, 'generous',  qr/^verdict=generous$/m],
    [undef,     '/require/', 403, 'none',      qr{403\.7.*</html>\s*\z}s],
    ['revoked', '/none/',    200, 'revoked',   qr/^verdict=revoked$/m],
);

plan tests => 7, need_module 'ssl';

my $port = vhost_port('mtls_armed');
my $curl = `sh -c 'command -v curl'`;
chomp $curl;
# mod_http2 is not loaded under prefork (t/TEST.PL)
my $h2 = $curl && `$curl -V` =~ /\bHTTP2\b/ && have_module('http2') ? 1 : 0;
my $pidfile = Apache::Test::vars('t_logs') . '/httpd.pid';
open my $pf, '<', $pidfile or die "$pidfile: $!";
chomp(my $parent = <$pf> // '');
close $pf;
my $offset = error_log_size();
my $dir = tempdir(CLEANUP => 1);

# Judge one answer; returns '' if it is right.
sub judge {
    my ($case, $res) = @_;
    my (undef, $path, $status, $verdict, $body) = @$case;
    return "status $res->{status} at $path" if $res->{status} != $status;
    return "X-MTLS '" . ($res->{headers}{'x-mtls'} // '') . "'"
        if ($res->{headers}{'x-mtls'} // '') !~ / verdict=\Q$verdict\E /;
    return 'incomplete or wrong body' if ($res->{body} // '') !~ $body;
    return '';
}

sub client {
    my ($n, $out) = @_;
    my %count = (requests => 0, ok => 0, retried => 0);
    my @bad;
    my $deadline = time + $seconds;
    my $i = $n;
    while (time < $deadline) {
        my $case = $cases[$i % @cases];
        my $tls = $i++ % 2 ? '1.2' : '1.3';
        my %conn = (port => $port, cert => $case->[0], tls => $tls);
        my $sock = tls_connect(%conn);
        unless ($sock) {
            push @bad, "lost: connect ($tls): " . ($SSL_ERROR || $!);
            $count{requests}++;
            next;
        }
        for my $j (1 .. 3) {
            $count{requests}++;
            my $res = http_request($sock, $case->[1], close => $j == 3);
            # http_request returns undef only when no status line came
            if (!$res && $j > 1) {
                # idle kept-alive connection closed: send it again
                $count{retried}++;
                $sock->close(SSL_no_shutdown => 1);
                $sock = tls_connect(%conn);
                $res = $sock ? http_request($sock, $case->[1]) : undef;
            }
            if (!$res) {
                push @bad, "lost: request $j on a connection ($tls, "
                    . ($case->[0] // 'none') . ")";
                last;
            }
            my $wrong = judge($case, $res);
            if ($wrong) {
                push @bad, "wrong: $wrong (" . ($case->[0] // 'none') . ", $tls)";
            }
            else {
                $count{ok}++;
            }
            last unless $sock;
        }
        $sock->close if $sock;
    }
    open my $fh, '>', $out or die "$out: $!";
    print $fh join(' ', map { "$_=$count{$_}" } sort keys %count), "\n",
        map { "$_\n" } @bad;
    close $fh;
}

# HTTP/2: one curl per certificate, four concurrent streams of one
# connection to the case's path. On a graceful restart stock mod_http2
# sometimes ends a connection with streams in flight (curl: "stream 1 was
# not closed cleanly"); that happens with this module not even loaded. A
# stream that got no answer at all is sent again once, on a new
# connection, as a browser would; failing twice is a loss.
sub h2_client {
    my ($out) = @_;
    my %count = (requests => 0, ok => 0, retried => 0);
    my @bad;
    my $deadline = time + $seconds;
    my $i = 0;
    my $run = sub {
        my ($case, $streams) = @_;
        my @cmd = ($curl, '-s', '--http2', '--parallel', '--cacert', pki('ca.crt'),
                   '--resolve', "localhost:$port:127.0.0.1",
                   '-w', '%{http_code}|%header{x-mtls}\n');
        push @cmd, '--cert', pki("client-$case->[0].pem") if $case->[0];
        push @cmd, map { ('-o', '/dev/null', "https://localhost:$port$case->[1]") }
            1 .. $streams;
        open my $p, '-|', @cmd or die "curl: $!";
        my @lines = <$p>;
        close $p;
        return map { my ($st, $m) = split /\|/, $lines[$_] // '000|', 2;
                     chomp $m; [$st, $m] } 0 .. $streams - 1;
    };
    while (time < $deadline) {
        my $case = $cases[$i++ % @cases];
        my $who = $case->[0] // 'none';
        my @res = $run->($case, 4);
        $count{requests} += 4;
        my $unanswered = grep { $_->[0] eq '000' } @res;
        if ($unanswered) {
            $count{retried} += $unanswered;
            @res = ((grep { $_->[0] ne '000' } @res), $run->($case, $unanswered));
        }
        for my $r (@res) {
            my ($status, $mtls) = @$r;
            if ($status eq '000') {
                push @bad, "lost: HTTP/2 stream, twice ($who)";
            }
            elsif ($status != $case->[2] || $mtls !~ / verdict=\Q$case->[3]\E /) {
                push @bad, "wrong: HTTP/2 $status '$mtls' ($who)";
            }
            else {
                $count{ok}++;
            }
        }
    }
    open my $fh, '>', $out or die "$out: $!";
    print $fh join(' ', map { "$_=$count{$_}" } sort keys %count), "\n",
        map { "$_\n" } @bad;
    close $fh;
}

my @kids;
for my $n (1 .. $clients + $h2) {
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        $n > $clients ? h2_client("$dir/client-$n")
                      : client($n, "$dir/client-$n");
        POSIX::_exit(0);
    }
    push @kids, $pid;
}

my $t0 = time;
my $sent = 0;
for (1 .. $restarts) {
    sleep $seconds / ($restarts + 1);
    $sent += kill 'USR1', $parent;
}
waitpid $_, 0 for @kids;
my $elapsed = time - $t0;

my %total;
my @bad;
for my $n (1 .. $clients + $h2) {
    open my $fh, '<', "$dir/client-$n" or die "client $n wrote nothing: $!";
    my $counts = <$fh>;
    $total{$1} += $2 while $counts =~ /(\w+)=(\d+)/g;
    push @bad, <$fh>;
    close $fh;
}
print "# $total{requests} requests from $clients clients",
      $h2 ? ' and one HTTP/2 client' : '', ' in ',
      sprintf('%.1f', $elapsed), " s, $sent graceful restarts, ",
      "$total{retried} requests retried\n";
print "# $_" for @bad[0 .. ($#bad < 9 ? $#bad : 9)];

ok t_cmp($sent, $restarts, 'graceful restarts sent to the parent');
ok t_cmp($total{requests} > $clients * 3 ? 1 : 0, 1, 'the clients made requests');
ok t_cmp(scalar(grep /^lost/, @bad), 0, 'no request lost');
ok t_cmp(scalar(grep /^wrong/, @bad), 0, 'no wrong answer');
ok t_cmp($total{ok}, $total{requests}, 'every request answered correctly');

# The parent logs each restart; wait for the last one to finish.
my @log;
for (1 .. 50) {
    @log = error_log_since($offset);
    last if grep(/SIGUSR1 received|Graceful restart requested/, @log)
            >= $restarts;
    sleep 0.1;
}
ok t_cmp(scalar(grep /SIGUSR1 received|Graceful restart requested/, @log),
         $restarts, 'the server restarted gracefully each time');
# Each restart checks the CRLs again, and names the stale ones of
# t/conf/revocation.conf and t/conf/chain.conf, there on purpose.
my @errors = grep { /exit signal|AH00052|^\[[^\]]*\] \[[\w.-]*:(?:emerg|alert|crit|error)\]/
                    && !/AH01882/
                    && !m{MTLS0076: .*\(\S+/t/conf/(?:revocation|chain)\.conf:\d+\)(?: and \d+ other virtual hosts?)? loaded is stale: its nextUpdate 2020-02-01T} } @log;
print "# $_" for @errors;
ok t_cmp(scalar @errors, 0, 'no crash and no [error] or worse in the log');
