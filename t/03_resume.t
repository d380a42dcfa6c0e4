# A reconnect that offers the old TLS session, with each way mod_ssl can
# resume one: session tickets (mtls_armed, tickets on) and the shmcb
# session cache (mtls_sessid, SSLSessionTickets off), on TLS 1.2 and 1.3.
# A session whose verification failed (generous ones included) is never
# resumed: every reconnect is verified again, never reads SUCCESS or
# GENEROUS, and gets the same explanation as the first connection. A
# verified session still resumes.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MTLSTest qw(vhost_port fetch session_cache error_log_size
                error_log_since not_yet_valid);

# cert => [verdict, SSL_CLIENT_VERIFY, accepted by optional_no_ca]
my %case = (
    valid         => ['ok',            qr/^SUCCESS$/, 1],
    expired       => ['expired',       qr/^FAILED:certificate has expired$/],
    notyet        => ['not_yet_valid', qr/^FAILED:\Q${\ not_yet_valid()}\E$/],
    revoked       => ['revoked',       qr/^FAILED:certificate revoked$/],
    otherca       => ['untrusted',     qr/^FAILED:/, 1],
    selfsigned    => ['untrusted',     qr/^FAILED:/, 1],
    wrongpurpose  => ['wrong_purpose', qr/^FAILED:unsuitable certificate purpose$/],
    viaexpiredint => ['expired',       qr/^FAILED:certificate has expired$/],
);
my %host = (
    mtls_armed  => 'session tickets',
    mtls_sessid => 'the shmcb session cache',
);
my $reconnects = 3;
my @tls = ('1.2', '1.3');
my @certs = sort keys %case;

plan tests => keys(%host) * (@tls * @certs * (2 + $reconnects * 5 + 2 * 3)
                             + 1),
    need_module 'ssl';

# The page minus what differs between any two requests.
sub page {
    my ($body) = @_;
    $body //= '';
    $body =~ s{(<dt>(?:Time|Request ID)</dt><dd>)[^<]*}{$1}g;
    $body =~ s{ \((?:in \d+ \w+|\d+ \w+ ago)\)}{}g;
    return $body;
}

for my $vhost (sort keys %host) {
    my $port = vhost_port($vhost);
    my $log_from = error_log_size();
    for my $tls (@tls) {
        for my $c (@certs) {
            my ($verdict, $verify, $generous) = @{ $case{$c} };
            my $ok = $verdict eq 'ok';
            my $what = "$c, TLS $tls, $host{$vhost}";
            my $cache = session_cache();
            my $first = fetch(port => $port, path => '/require/', tls => $tls,
                              cert => $c, cache => $cache);
            ok t_cmp($first->{status}, $ok ? 200 : 403,
                     "$what: first connection");
            ok t_cmp($first->{headers}{'x-mtls'} // '',
                     qr/ verdict=$verdict /, "$what: first verdict");

            for my $n (1 .. $reconnects) {
                my $w = "$what, reconnect $n";
                my ($key) = keys %$cache;
                my $offered = $cache->{$key}{session_cache}
                    && $cache->{$key}{session_cache}->get_session($key);
                my $res = fetch(port => $port, path => '/require/',
                                tls => $tls, cert => $c, cache => $cache);
                # Means something only if the client offered a session.
                ok t_cmp($offered ? 1 : 0, 1, "$w: session offered");
                ok t_cmp($res->{reused}, $ok ? 1 : 0,
                         "$w: session " . ($ok ? '' : 'not ') . 'resumed');
                ok t_cmp($res->{headers}{'x-client-verify'} // '', $verify,
                         "$w: SSL_CLIENT_VERIFY");
                ok t_cmp($res->{headers}{'x-mtls'} // '',
                         $first->{headers}{'x-mtls'} // 'first had none',
                         "$w: the same verdict");
                ok t_cmp(page($res->{body}), page($first->{body}),
                         "$w: the same page");
            }

            # Reconnects to mod_ssl's own authorization and to a location
            # that accepts issuer errors: the session, resumed or not,
            # never reads as verified.
            for my $p (['/authz/verify/', $ok ? 200 : 403],
                       ['/nocav/', $ok || $generous ? 200 : 403]) {
                my ($path, $status) = @$p;
                my $res = fetch(port => $port, path => $path, tls => $tls,
                                cert => $c, cache => $cache);
                ok t_cmp($res->{status}, $status, "$what: $path status");
                ok t_cmp($res->{headers}{'x-client-verify'} // '', $verify,
                         "$what: $path SSL_CLIENT_VERIFY");
                ok t_cmp($res->{reused}, $ok ? 1 : 0, "$what: $path resumed");
            }
        }
    }
    # mod_ssl logs its session cache lookups at trace2: only the cache
    # host looks sessions up there, the tickets host never does.
    my $lookups = grep /Session Cache: request=GET status=FOUND/,
        error_log_since($log_from);
    ok t_cmp($lookups ? 'the cache' : 'tickets',
             $vhost eq 'mtls_sessid' ? 'the cache' : 'tickets',
             "$vhost resumes through $host{$vhost}");
}
