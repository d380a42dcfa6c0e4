# The counters: after a known mix of requests (every policy, verdict and
# action, report-only included, over HTTP/1.1 and HTTP/2), the metrics
# endpoint, server-status and its ?auto lines report exactly that mix, on
# servers of their own with several children (event with two, prefork
# with three); handshakes full and resumed; promtool accepts the output;
# a graceful restart resets the counters.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Temp qw(tempfile);
use FindBin;
use lib "$FindBin::Bin/lib";
use MTLSServer;
use MTLSMetrics qw(armed_conf send_mix parse_prom cert_outcome);

plan tests => 2 * 17 + 3, need_module 'ssl';

my $pki = Apache::Test::vars('pki');

sub fetch_plain {
    my ($port, $path) = @_;
    open my $fh, '-|', 'curl', '-s', "http://127.0.0.1:$port$path"
        or die "curl: $!";
    local $/;
    my $body = <$fh> // '';
    close $fh;
    return $body;
}

# Decision series from the metrics endpoint, as "section|mode verdict
# action" => n, for this host only.
sub decisions {
    my ($prom, $host) = @_;
    my %got;
    for my $s (@{ $prom->{mtls_explain_decisions_total} || [] }) {
        my $l = $s->{labels};
        next unless $l->{host} eq $host;
        $got{"$l->{section}|$l->{mode} $l->{verdict} $l->{action}"}
            += $s->{value};
    }
    return \%got;
}

sub series_text {
    my ($h) = @_;
    return join "\n", map { "$_ = $h->{$_}" } sort keys %$h;
}

sub handshakes {
    my ($prom, $host, $session) = @_;
    my %got;
    for my $s (@{ $prom->{mtls_explain_handshakes_total} || [] }) {
        my $l = $s->{labels};
        next unless $l->{host} eq $host && $l->{session} eq $session;
        $got{$l->{outcome}} = $s->{value} if $s->{value};
    }
    return \%got;
}

sub promtool_check {
    my ($text) = @_;
    my ($fh, $file) = tempfile(UNLINK => 1);
    print $fh $text;
    close $fh;
    my $out = `promtool check metrics < '$file' 2>&1`;
    return $? == 0 ? 'valid' : "promtool: exit $?: $out";
}

# openssl s_client -reconnect: one full handshake and five that resume
# the session (TLS 1.2), or six full ones for a certificate that failed.
sub reconnect {
    my ($port, $cert) = @_;
    my $out = `openssl s_client -connect 127.0.0.1:$port -servername localhost -tls1_2 -reconnect -CAfile '$pki/ca.crt' -cert '$pki/client-$cert.crt' -key '$pki/client-$cert.key' < /dev/null 2>&1`;
    my @reused = $out =~ /^Reused, /mg;
    return scalar @reused;
}

for my $run ([event => 2, 1, 0], [prefork => 3, 0, 2]) {
    my ($mpm, $children, $http2, $offset) = @$run;
    my $port = MTLSServer::port_base($offset);
    my $status_port = $port + 1;
    my $host = "localhost:$port";
    my $server = MTLSServer->new(
        name => "metrics-$mpm", port => $port, mpm => $mpm,
        children => $children,
        conf => armed_conf(status_port => $status_port, http2 => $http2))
        ->start;

    my ($want, $hs, $wrong) = send_mix($server, rounds => 2);
    if ($http2) {
        my ($w2, $hs2, $wrong2) = send_mix($server, http2 => 1);
        $want->{$_} += $w2->{$_} for keys %$w2;
        $hs->{$_} += $hs2->{$_} for keys %$hs2;
        push @$wrong, @$wrong2;
    }
    # The main server's section, and a policy from .htaccess.
    mkdir "$server->{dir}/htdocs/ht";
    open my $ht, '>', "$server->{dir}/htdocs/ht/.htaccess" or die;
    print $ht "MTLSExplainVerifyClient require\n";
    close $ht;
    open $ht, '>', "$server->{dir}/htdocs/ht/index.html" or die;
    print $ht "ok\n";
    close $ht;
    for my $cert ('valid', '') {
        for my $r ($server->curl(paths => ['/global', '/ht/index.html'],
                                 cert => $cert)) {
            my ($mode, $verdict, $action) = split ' ', $r->{mtls};
            my $section = $mode eq 'none' ? '<Location /global>'
                                          : '(htaccess)';
            $want->{"$section|$r->{mtls}"}++;
            $hs->{cert_outcome($cert)} += $r->{connects};
        }
    }
    push @$wrong, "the main server's section or .htaccess not applied"
        unless $want->{'<Location /global>|none ok allow'}
            && $want->{'(htaccess)|require none deny'};
    ok t_cmp(join("\n", @$wrong), '',
             "$mpm: every response carries the decision the policy wants");

    my %pids = map { (split ' ')[0] => 1 }
        split /\n/, MTLSServer::slurp($server->access_log);
    ok t_cmp(scalar(keys %pids) >= 2 ? 'several' : join(',', keys %pids),
             'several', "$mpm: more than one child process served the mix");

    my $text = fetch_plain($status_port, '/metrics');
    my $prom = parse_prom($text);
    ok t_cmp(series_text(decisions($prom, $host)), series_text($want),
             "$mpm: mtls_explain_decisions_total is exactly the mix sent");
    ok t_cmp(series_text(handshakes($prom, $host, 'full')),
             series_text({ map { $_ => $hs->{$_} } grep { $hs->{$_} } keys %$hs }),
             "$mpm: full handshakes by outcome, one per connection");
    # Remaining lifetime, once per connection with a verified
    # certificate: the test PKI's valid one has a year, less a day.
    my %life;
    for my $s (map { @{ $prom->{"mtls_explain_cert_remaining_lifetime_seconds$_"} || [] } }
               qw(_bucket _sum _count)) {
        next unless $s->{labels}{host} eq $host;
        $life{$s->{labels}{le} // 'sum/count'} .= "$s->{value} ";
    }
    my $v = $hs->{verified};
    ok t_cmp(join(' ', map { "$_=" . ($life{$_} // '') }
                  qw(15552000 31536000 +Inf)), "15552000=0  31536000=$v  +Inf=$v ",
             "$mpm: lifetime histogram: $v connections in the year's bucket");
    my ($sum, $count) = split ' ', $life{'sum/count'} // '';
    ok t_cmp($count == $v && abs($sum / ($count || 1) - 364 * 86400) < 2 * 86400
             ? 'about 364 days' : "sum $sum count $count", 'about 364 days',
             "$mpm: lifetime histogram's sum and count");
    ok t_cmp(promtool_check($text), 'valid', "$mpm: promtool check metrics");
    ok t_cmp($text, qr/^# TYPE mtls_explain_decisions_total counter$/m,
             "$mpm: HELP and TYPE lines");
    # The 421 and 503 refusals come from other parts of the module; until
    # one happens their series read zero, on every armed host.
    ok t_cmp(join(' ', map { "$_->{labels}{host}=$_->{value}" }
                  @{ $prom->{mtls_explain_misdirected_total} || [] },
                  @{ $prom->{mtls_explain_revocation_unavailable_total} || [] }),
             "$host=0 $host=0", "$mpm: 421 and 503 counters present, zero");

    my ($auto) = fetch_plain($status_port, '/server-status?auto');
    my %auto;
    while ($auto =~ /^MTLSExplainDecisions: (\S+) (\S+) (\S+) (\S+) (\S+) (\d+)$/mg) {
        my ($h, $section, $rest, $n) = ($1, $2, "$3 $4 $5", $6);
        next unless $h eq $host;
        $section =~ s/%([0-9a-fA-F]{2})/chr hex $1/ge;
        $auto{"$section|$rest"} += $n;
    }
    ok t_cmp(series_text(\%auto), series_text($want),
             "$mpm: server-status?auto has the same counters");

    my $html = fetch_plain($status_port, '/server-status');
    my ($section) = $html =~ m{<h2>mod_mtls_explain</h2>(.*)}s;
    $section //= '';
    ok t_cmp($section, qr{<h3>\Q$host\E</h3>},
             "$mpm: server-status has a table for the host");
    my $n = $want->{'<Location /report>|require expired report'};
    ok t_cmp($section,
             qr{<tr><td>&lt;Location /report&gt;</td><td>require</td><td>expired</td><td>0</td><td>0</td><td>$n</td><td><span style="display:inline-block;height:0\.8em;width:\d+px;background:#e90"></span></td></tr>},
             "$mpm: a row per section, mode and verdict, with its bar");
    ok t_cmp($section =~ /<script/i ? 'script' : 'none', 'none',
             "$mpm: the section draws its bars without script");

    # Resumption: the session of a verified certificate resumes, one that
    # failed never does (its handshakes stay full).
    my $before = handshakes($prom, $host, 'resumed');
    my $reused_ok = reconnect($port, 'valid');
    my $reused_bad = reconnect($port, 'expired');
    my $after = parse_prom(fetch_plain($status_port, '/metrics'));
    ok t_cmp(($reused_ok >= 1 ? 'resumed' : 'not') . " $reused_bad",
             'resumed 0', "$mpm: s_client resumed the valid session only");
    ok t_cmp(handshakes($after, $host, 'resumed')->{verified} // 0,
             ($before->{verified} // 0) + $reused_ok,
             "$mpm: resumed handshakes counted as such");
    ok t_cmp(handshakes($after, $host, 'full')->{expired} // 0,
             ($hs->{expired} // 0) + 6,
             "$mpm: a failed certificate's handshakes stay full");

    # Counters belong to a configuration: a graceful restart starts them
    # at zero, and logs the segment's size.
    $server->graceful;
    my $fresh = parse_prom(fetch_plain($status_port, '/metrics'));
    ok t_cmp(series_text(decisions($fresh, $host)) . '|'
             . series_text(handshakes($fresh, $host, 'full')), '|',
             "$mpm: a graceful restart resets the counters");
    $server->stop;
    if ($mpm eq 'event') {
        my $log = MTLSServer::slurp($server->error_log);
        my @sizes = $log =~ /MTLS0050: counters: (\d+) bytes of shared memory for 1 armed host\(s\) and (\d+) policy section row\(s\)/g;
        ok t_cmp(scalar(@sizes) >= 4 ? "$sizes[0] $sizes[1]" : 'no line',
                 qr/^\d+ 7$/,
                 'the segment size is logged at startup and at each restart (host, .htaccess, 4 sections of the host, 1 of the main server)');
        ok t_cmp($log, qr/MTLS0053: expiry warnings: \d+ bytes/,
                 'the expiry table size is logged');
        ok t_cmp(join("\n", $log =~ /^.*\[(?:error|crit|alert|emerg)\].*$/mg), '',
                 'no error in its log');
    }
}
