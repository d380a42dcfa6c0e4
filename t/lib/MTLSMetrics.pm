# Licensed under the Apache License, Version 2.0; see the README.
#
# The counters tests' common parts: the armed host every one of them
# serves, the known mix of requests and what the module must make of it,
# and a reader for the Prometheus text format.
package MTLSMetrics;

use strict;
use warnings;

use Exporter qw(import);
use POSIX ();
our @EXPORT_OK = qw(armed_conf send_mix parse_prom expected_action
                    section_of cert_outcome);

# The armed host on @PORT@ and, on the next port, plain HTTP for the
# metrics and server-status (so that reading them is not itself counted).
sub armed_conf {
    my (%a) = @_;
    my $protocols = $a{http2} ? 'Protocols h2 http/1.1' : '';
    my $extra = $a{extra} // '';
    my $status_port = $a{status_port};
    return <<"CONF";
Listen 127.0.0.1:$status_port
ExtendedStatus On
# A section of the main server reaches every virtual host; .htaccess may
# set the policy too.
<Location /global>
    MTLSExplainVerifyClient none
</Location>
<Directory "\@DIR\@/htdocs/ht">
    AllowOverride AuthConfig
</Directory>
<VirtualHost 127.0.0.1:\@PORT\@>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile \@PKI\@/server.crt
    SSLCertificateKeyFile \@PKI\@/server.key
    SSLCACertificateFile \@PKI\@/ca.crt
    SSLCARevocationFile \@PKI\@/crl.pem
    SSLCARevocationCheck chain
    SSLVerifyClient optional_no_ca
    SSLVerifyDepth 3
    MTLSExplain On
    # Said by the host itself: its requests count under (host).
    MTLSExplainVerifyClient optional
    $protocols
    Header always set X-MTLS "%{MTLS_EXPLAIN_MODE}e %{MTLS_EXPLAIN_VERDICT}e %{MTLS_EXPLAIN_ACTION}e"
    Header always set X-Expiry "%{MTLS_EXPLAIN_CERT_EXPIRES_IN}e %{MTLS_EXPLAIN_CERT_EXPIRING}e"
    AliasMatch "^/(host|req|opt|none|report|win|global)(/.*)?\$" "\@DIR\@/htdocs/index.html"
    <Location /req>
        MTLSExplainVerifyClient require
    </Location>
    <Location /req/inner>
        MTLSExplainReportOnly On
    </Location>
    <Location /opt>
        MTLSExplainVerifyClient optional
    </Location>
    <Location /none>
        MTLSExplainVerifyClient none
    </Location>
    <Location /report>
        MTLSExplainVerifyClient require
        MTLSExplainReportOnly On
    </Location>
$extra
</VirtualHost>
<VirtualHost 127.0.0.1:$status_port>
    ServerName localhost
    <Location /metrics>
        SetHandler mtls-explain-metrics
        Require local
    </Location>
    <Location /server-status>
        SetHandler server-status
        Require local
    </Location>
</VirtualHost>
CONF
}

# What the certificates are, and where each path's policy comes from.
my %verdict = (valid => 'ok', expired => 'expired', revoked => 'revoked',
               otherca => 'untrusted', '' => 'none');
my %outcome = (valid => 'verified', expired => 'expired',
               revoked => 'revoked', otherca => 'untrusted', '' => 'none');
my %mode = ('/host' => 'optional', '/req' => 'require', '/req/inner' => 'require',
            '/opt' => 'optional', '/none' => 'none', '/report' => 'require');
my %section = ('/host' => '(host)', '/req' => '<Location /req>',
               '/req/inner' => '<Location /req>',
               '/opt' => '<Location /opt>', '/none' => '<Location /none>',
               '/report' => '<Location /report>');
my %report_only = ('/req/inner' => 1, '/report' => 1);

sub section_of { $section{$_[0]} }
sub cert_outcome { $outcome{$_[0] // ''} }

# The action the module must take, from the policy alone.
sub expected_action {
    my ($path, $cert) = @_;
    my $v = $verdict{$cert // ''};
    my $m = $mode{$path};
    my $deny = $m eq 'require' ? $v ne 'ok'
             : $m eq 'optional' ? ($v ne 'ok' && $v ne 'none')
             : 0;
    return !$deny ? 'allow' : $report_only{$path} ? 'report' : 'deny';
}

# Sends every path with every certificate, one curl per certificate, all
# at once (so that several children serve them). Returns the expected
# decision series { "section|mode|verdict|action" => n }, the expected
# full handshakes { outcome => n }, and a list of mismatches between what
# each response said and what the policy wants.
sub send_mix {
    my ($server, %a) = @_;
    my @paths = ('/host', '/req', '/req/inner', '/opt', '/none', '/report');
    my @certs = ('valid', 'expired', 'revoked', 'otherca', '');
    my $rounds = $a{rounds} || 1;
    my (%series, %hs, @wrong, %kids);
    for my $cert (@certs) {
        my $pid = open my $fh, '-|';
        die "fork: $!" unless defined $pid;
        if (!$pid) {
            my @r = $server->curl(paths => [ (@paths) x $rounds ],
                                  cert => $cert, http2 => $a{http2});
            print join("\t", $_->{status}, $_->{version}, $_->{connects},
                       $_->{mtls}), "\n" for @r;
            POSIX::_exit(0);
        }
        $kids{$cert} = $fh;
    }
    for my $cert (@certs) {
        my $fh = $kids{$cert};
        my @lines = <$fh>;
        close $fh;
        push @wrong, "cert '$cert': " . scalar(@lines) . " responses, "
            . "not " . (@paths * $rounds) if @lines != @paths * $rounds;
        for my $i (0 .. $#lines) {
            chomp(my $line = $lines[$i]);
            my ($status, $version, $connects, $mtls) = split /\t/, $line;
            my $path = $paths[$i % @paths];
            my $want_action = expected_action($path, $cert);
            my $want = "$mode{$path} $verdict{$cert} $want_action";
            push @wrong, "$path with '$cert': '$mtls', want '$want'"
                if $mtls ne $want;
            push @wrong, "$path with '$cert' over HTTP/$version, want "
                . ($a{http2} ? 2 : '1.1')
                if $version ne ($a{http2} ? '2' : '1.1');
            push @wrong, "$path with '$cert': status $status"
                if $status != ($want_action eq 'deny' ? 403 : 200);
            $series{"$section{$path}|$want"}++;
            $hs{$outcome{$cert}} += $connects;
        }
    }
    return (\%series, \%hs, \@wrong);
}

sub unescape {
    my ($v) = @_;
    $v =~ s/\\(["\\])/$1/g;
    $v =~ s/\\n/\n/g;
    return $v;
}

# { name => [ { labels => {..}, value => n } ... ] } from the text format.
sub parse_prom {
    my ($text) = @_;
    my %m;
    for my $line (split /\n/, $text) {
        next if $line =~ /^#/ || $line !~ /\S/;
        my ($name, $labels, $value) =
            $line =~ /^(\w+)(?:\{(.*)\})? (\S+)$/ or next;
        my %l;
        while (($labels // '') =~ /(\w+)="((?:[^"\\]|\\.)*)"/g) {
            $l{$1} = unescape($2);
        }
        push @{ $m{$name} }, { labels => \%l, value => $value };
    }
    return \%m;
}

1;
