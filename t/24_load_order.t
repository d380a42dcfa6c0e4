# A refusal does not depend on the order modules load in: under Satisfy Any
# with mod_access_compat's host rules and a password, on servers of their
# own that load this module before and after mod_access_compat and the
# authentication modules, a client without a valid certificate never
# reaches the application, and the access log records the 403 it got.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use MIME::Base64 qw(encode_base64);
use MTLSTest qw(pki fetch private_server private_server_stop);

my @auth = qw(access_compat authn_core authn_file authz_core authz_host
              authz_user auth_basic);
my @rest = qw(ssl socache_shmcb mime alias cgid log_config env);
my %orders = (
    'this module first' => { after  => [@auth, @rest] },
    'this module last'  => { before => [@auth, @rest] },
);
my @bad = qw(none expired selfsigned);

plan tests => keys(%orders) * (@bad * 3 + 2),
    need need_module('ssl'), need_module('cgid'),
    need_module('access_compat');

my $pki = pki();
my $htdocs = Apache::Test::vars('documentroot');

for my $order (sort keys %orders) {
    my $conf = <<"CONF";
SSLSessionCache none
TypesConfig /dev/null
CustomLog \@dir\@/access_log "%r %>s"
<VirtualHost 127.0.0.1:\@port\@>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile $pki/server.crt
    SSLCertificateKeyFile $pki/server.key
    SSLCACertificateFile $pki/ca.crt
    SSLVerifyClient optional_no_ca
    MTLSExplain On
    SetEnv SEAMS_LOG \@dir\@/ran.log
    Alias /app $htdocs/seams/req
    <Directory $htdocs/seams/req>
        Options +ExecCGI
        AddHandler cgi-script .cgi
    </Directory>
    <Location /app/deny>
        MTLSExplainVerifyClient require
    </Location>
    <Location /app>
        MTLSExplainVerifyClient require
        AuthType Basic
        AuthName "order"
        AuthUserFile \@dir\@/passwd
        Require valid-user
        Order deny,allow
        Deny from all
        Satisfy Any
    </Location>
</VirtualHost>
CONF
    my $srv = private_server(%{ $orders{$order} }, conf => $conf);
    my $dir = $srv->{dir};
    open my $pw, '>', "$dir/passwd" or die $!;
    print $pw 'seams:' . crypt('s3cret', 'ab') . "\n";
    close $pw;
    chmod 0644, "$dir/passwd";
    open my $rl, '>', "$dir/ran.log" or die $!;
    close $rl;
    chmod 0666, "$dir/ran.log";
    my $auth = 'Basic ' . encode_base64('seams:s3cret', '');
    my $runs = sub {
        open my $fh, '<', "$dir/ran.log" or return 0;
        my @l = <$fh>;
        scalar @l;
    };
    for my $cert (@bad) {
        my $before = $runs->();
        my $res = fetch(port => $srv->{port}, path => '/app/app.cgi',
                        method => 'POST', body => 'act=transfer',
                        cert => $cert eq 'none' ? undef : $cert,
                        headers => { Authorization => $auth });
        ok t_cmp($res->{status}, 403, "$order, $cert, password: 403");
        ok t_cmp($runs->(), $before, "$order, $cert, password: the application did not run");
        my $log = '';
        for (1 .. 20) {
            $log = do { open my $fh, '<', "$dir/access_log"; local $/; <$fh> // '' };
            last if $log =~ m{^POST /app/app\.cgi HTTP/1\.1 \d+\n\z}m;
            select undef, undef, undef, 0.1;
        }
        my @lines = split /\n/, $log;
        ok t_cmp($lines[-1] // '', 'POST /app/app.cgi HTTP/1.1 403',
                 "$order, $cert, password: the access log says 403");
    }
    my $res = fetch(port => $srv->{port}, path => '/app/app.cgi',
                    method => 'POST', body => 'act=transfer', cert => 'valid',
                    headers => { Authorization => $auth });
    ok t_cmp($res->{body} // '', qr/SEAMS-APP-RAN/,
             "$order, valid certificate and password: the application runs");
    ok t_cmp(private_server_stop($srv), 1, "$order: stopped by its PID");
}
