# A real Prometheus server (Debian's package) scrapes the metrics endpoint
# of a server of our own every second; after a known mix of requests, each
# series Prometheus's HTTP API returns equals the number of requests of
# that kind that were sent. The README's example queries run too.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path qw(make_path);
use FindBin;
use JSON::PP ();
use POSIX ();
use lib "$FindBin::Bin/lib";
use MTLSServer;
use MTLSMetrics qw(armed_conf send_mix);

plan tests => 7, need_module 'ssl';

my $port = MTLSServer::port_base(4);
my $status_port = $port + 1;
my $prom_port = $port + 2;
my $host = "localhost:$port";

my $server = MTLSServer->new(
    name => 'prometheus', port => $port, mpm => 'event', children => 2,
    conf => armed_conf(status_port => $status_port, http2 => 1))->start;

my $dir = "$server->{dir}/prometheus";
make_path("$dir/data");
open my $fh, '>', "$dir/prometheus.yml" or die "$dir/prometheus.yml: $!";
print $fh <<"YML";
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: mtls_explain
    metrics_path: /metrics
    scrape_interval: 1s
    static_configs:
      - targets: ['127.0.0.1:$status_port']
YML
close $fh;

my $prom = fork // die "fork: $!";
if (!$prom) {
    open STDOUT, '>', "$dir/prometheus.log";
    open STDERR, '>&', \*STDOUT;
    { exec 'prometheus', "--config.file=$dir/prometheus.yml",
          "--storage.tsdb.path=$dir/data",
          "--web.listen-address=127.0.0.1:$prom_port" };
    POSIX::_exit(127);
}
END {
    if ($prom) {
        kill 'TERM', $prom;
        waitpid $prom, 0;
    }
}

sub api {
    my ($path, %q) = @_;
    my @args = map { ('--data-urlencode', "$_=$q{$_}") } sort keys %q;
    open my $fh, '-|', 'curl', '-s', '-G', @args,
        "http://127.0.0.1:$prom_port$path" or die "curl: $!";
    local $/;
    my $body = <$fh> // '';
    close $fh;
    return eval { JSON::PP::decode_json($body) } || { error => $body };
}

sub wait_for {
    my ($seconds, $cond) = @_;
    for (1 .. $seconds * 4) {
        return 1 if $cond->();
        select undef, undef, undef, 0.25;
    }
    return 0;
}

my $ready = wait_for(60, sub {
    my $r = api('/api/v1/query', query => "up{job=\"mtls_explain\"}");
    my $v = $r->{data}{result}[0]{value}[1];
    return defined $v && $v == 1;
});
ok t_cmp($ready ? 'up' : 'not up', 'up',
         'Prometheus runs and scrapes the metrics endpoint');

my ($want, $hs, $wrong) = send_mix($server, rounds => 2);
my ($w2, $hs2, $wrong2) = send_mix($server, http2 => 1);
$want->{$_} += $w2->{$_} for keys %$w2;
$hs->{$_} += $hs2->{$_} for keys %$hs2;
ok t_cmp(join("\n", @$wrong, @$wrong2), '',
         'every response carries the decision the policy wants');

my $total = 0;
$total += $_ for values %$want;
my $seen = wait_for(30, sub {
    my $r = api('/api/v1/query',
                query => "sum(mtls_explain_decisions_total{host=\"$host\"})");
    my $v = $r->{data}{result}[0]{value}[1];
    return defined $v && $v == $total;
});
ok t_cmp($seen ? 'scraped' : 'not scraped', 'scraped',
         "Prometheus has scraped all $total decisions");

sub series_text {
    my ($h) = @_;
    return join "\n", map { "$_ = $h->{$_}" } sort keys %$h;
}

my $r = api('/api/v1/query',
            query => "mtls_explain_decisions_total{host=\"$host\"}");
my %got;
for my $s (@{ $r->{data}{result} || [] }) {
    my $m = $s->{metric};
    $got{"$m->{section}|$m->{mode} $m->{verdict} $m->{action}"}
        = $s->{value}[1];
}
ok t_cmp(series_text(\%got), series_text($want),
         'each series in Prometheus equals the requests of its kind sent');

$r = api('/api/v1/query',
         query => "mtls_explain_handshakes_total{host=\"$host\",session=\"full\"} > 0");
my %hs_got = map { $_->{metric}{outcome} => $_->{value}[1] }
    @{ $r->{data}{result} || [] };
ok t_cmp(series_text(\%hs_got),
         series_text({ map { $_ => $hs->{$_} } grep { $hs->{$_} } keys %$hs }),
         'full handshakes per certificate outcome');

# The README's two example queries, as written there.
open my $readme, '<', "$FindBin::Bin/../README.md" or die;
my $text = do { local $/; <$readme> };
my @queries = $text =~ /^    (sum by \(host, section, verdict\) \(increase\(mtls_explain_decisions_total\{action="(?:deny|report)"\}\[1d\]\)\))$/mg;
my @results;
for my $q (@queries) {
    my $res = api('/api/v1/query', query => $q);
    push @results, $res->{status} // 'no answer';
}
ok t_cmp(join(' ', scalar(@queries), @results), '2 success success',
         "the README's two queries run");

# Refusals by verdict for one location, without the day's window (the
# series here are seconds old): what the first query sums.
$r = api('/api/v1/query',
         query => "sum by (section, verdict) (mtls_explain_decisions_total{host=\"$host\",action=\"report\",section=\"<Location /report>\"})");
my %report = map { $_->{metric}{verdict} => $_->{value}[1] }
    @{ $r->{data}{result} || [] };
my %want_report;
for (keys %$want) {
    $want_report{$1} += $want->{$_}
        if /^<Location \/report>\|require (\S+) report$/;
}
ok t_cmp(series_text(\%report), series_text(\%want_report),
         'report-only "would deny" per verdict for one location');
$server->stop;
