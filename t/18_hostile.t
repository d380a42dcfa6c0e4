# Client certificates with hostile names (t/make-hostile.sh): markup,
# quotes, &, CR/LF, NUL, right-to-left override, bytes that are not UTF-8,
# 200 RDNs, 16 KiB and 64 KiB names, 500 subjectAltName entries. The server
# must not crash, and what it writes must stay inert: the page (valid
# UTF-8, no raw markup or control characters from the certificate, the
# escaped forms present), the headers, the MTLS_EXPLAIN_* variables and
# the error log. Time per request is printed, not judged.
#
# Two certificates never reach the module. A UTF8String that is not UTF-8
# makes the certificate undecodable for OpenSSL: no OpenSSL client can
# even load it to send it, and an OpenSSL server would fail the handshake
# decoding it. A certificate list over OpenSSL's 100 KiB limit (the 64 KiB
# name, in subject and issuer) ends the handshake with "excessive message
# size", which mod_ssl logs at info (AH02008). mod_ssl logs at error
# (AH01875) each TLS session it cannot cache because the certificate in it
# is too big (16 KiB names, 200 RDNs): one line per handshake, no harm to
# the connection.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use Encode ();
use Time::HiRes qw(time);
use MTLSTest qw(vhost_port fetch pki error_log_size error_log_since);

# name => [what the page must show escaped, in subject or issuer]
my %hostile = (
    markup  => [qr{\\&lt;script\\&gt;alert\(\\&quot;x\\&quot;\)\\&lt;/script\\&gt; &amp; &#39;q&#39; \\&lt;img}],
    crlf    => [qr{O=line\\0D\\0AX-Injected: yes\\0D\\0A}, qr{CN=crlf\\0A\[Tue}],
    nul     => [qr{CN=admin\\00\.evil\.example\\00\\&lt;b\\&gt;}],
    rtl     => [qr{CN=invoice\x{FFFD}gpj\.exe}, qr{RLM \x{200F} LRI \x{FFFD} PDI \x{FFFD}}],
    latin1  => [qr{O=T61 \x{FF}\x{FE}\x{C0}\x{AF}}, qr{CN=Printable \x{FF}\\&lt;}],
    rdn200  => [qr{CN=rdn200 user,OU=unit 199 \\&lt;&amp;\\&gt;,}, qr{\.\.\.$}m],
    long16k => [qr{CN=\\&lt;b\\&gt;&amp;\\&quot;x\\&quot;\\&lt;/b\\&gt;\\0D\\0A\\09000}, qr{\.\.\.$}m],
    san500  => [qr{CN=san500 user}],
);
my @refused = qw(huge);
my @tls = ('1.2', '1.3');

plan tests => @tls * (keys(%hostile) * 17 + @refused * 2) + 4,
    need_module 'ssl';

my $port = vhost_port('mtls_armed');
my $start = error_log_size();

sub timed_fetch {
    my (%o) = @_;
    my $t0 = time;
    my $res = fetch(port => $port, %o);
    $res->{ms} = (time - $t0) * 1000;
    return $res;
}

# the certificate's text in a <dd>, as the page shows it
sub dd {
    my ($body, $dt) = @_;
    my ($v) = $body =~ m{<dt>\Q$dt\E</dt><dd>(.*?)</dd>}s;
    return $v;
}

my %ms;
for my $tls (@tls) {
    my $base = timed_fetch(path => '/require/', tls => $tls, cert => 'selfsigned');
    push @{ $ms{'selfsigned (baseline)'} }, $base->{ms};

    for my $h (sort keys %hostile) {
        my $cert = "hostile-$h";
        my $what = "$h, TLS $tls";
        my $offset = error_log_size();

        # refused: the page
        my $res = timed_fetch(path => '/require/', tls => $tls, cert => $cert);
        push @{ $ms{$h} }, $res->{ms};
        ok t_cmp($res->{status}, 403, "$what: refused with a page");
        ok t_cmp($res->{headers}{'x-mtls'} // '',
                 'mode=require action=deny verdict=untrusted substatus=403.16',
                 "$what: X-MTLS");
        my $body = $res->{body} // '';
        my $text = eval { Encode::decode('UTF-8', $body, Encode::FB_CROAK) };
        ok t_cmp(defined $text ? 'valid' : "invalid: $@", 'valid',
                 "$what: the page is valid UTF-8");
        $text //= '';
        my $subject = dd($text, 'Subject') // '';
        my $issuer = dd($text, 'Issuer') // '';
        ok t_cmp(length $subject ? 1 : 0, 1, "$what: the page shows the subject");
        ok t_cmp($issuer, $subject, "$what: the issuer is the same name");
        ok t_cmp("$subject" =~ /[<>"\x00-\x1F\x7F\x{202A}-\x{202E}\x{2066}-\x{2069}]/
                 ? 'raw' : 'inert', 'inert',
                 "$what: no raw markup, quote, control or bidi override in the names");
        ok t_cmp(scalar(() = $text =~ /<(?:script|img)\b/gi), 0,
                 "$what: no element from the certificate");
        ok t_cmp($text =~ /\x00|\r/ ? 'found' : 'none', 'none',
                 "$what: no NUL or CR anywhere in the page");
        ok t_cmp(length($subject) <= 4 * 1100 ? 'bounded' : length $subject,
                 'bounded', "$what: the name shown is bounded");
        my $seen = grep { "$subject\n$issuer" =~ $_ } @{ $hostile{$h} };
        ok t_cmp($seen, scalar @{ $hostile{$h} },
                 "$what: the escaped forms are on the page");
        my @raw = grep { /[\r\n\0]/ } values %{ $res->{headers} };
        ok t_cmp(scalar @raw, 0, "$what: no control character in a header");

        # let through as generous: the variables
        $res = timed_fetch(path => '/nocav/', tls => $tls, cert => $cert);
        ok t_cmp($res->{status}, 200, "$what: generous under optional_no_ca");
        my %var = ($res->{body} // '') =~ /^(\w+)=(.*)$/mg;
        ok t_cmp(join(' ', map { "$_=$var{$_}" } qw(mode action verdict substatus reason)),
                 'mode=optional_no_ca action=allow verdict=generous substatus= '
                 . 'reason=self-signed certificate',
                 "$what: MTLS_EXPLAIN_* variables");
        ok t_cmp(join(',', sort keys %var),
                 'action,mode,reason,s_dn,substatus,verdict,verify',
                 "$what: no line injected into the handler's output");

        # the error log: one refusal line for /require/, whole, escaped
        my @log = error_log_since($offset);
        my @refusal = grep /MTLS0010: .*uri="\/require\/"/, @log;
        ok t_cmp(scalar @refusal, 1, "$what: one MTLS0010 line");
        ok t_cmp($refusal[0] // '',
                 qr/ subject="(?:[^"\x00-\x1F\x7F]|\\")*"$/,
                 "$what: the subject field is closed and has no raw control");
        my @forged = grep { !/^\[/ || /\xE2\x80[\xAA-\xAE]|\xE2\x81[\xA6-\xA9]/ } @log;
        ok t_cmp(scalar @forged, 0,
                 "$what: every log line is the server's, none with a raw bidi control");
    }

    for my $h (@refused) {
        my $res = timed_fetch(path => '/require/', tls => $tls,
                              cert => "hostile-$h");
        push @{ $ms{"$h (refused)"} }, $res->{ms};
        ok t_cmp($res->{status}, 0, "$h, TLS $tls: the handshake fails");
        ok t_cmp(scalar keys %{ $res->{headers} || {} }, 0,
                 "$h, TLS $tls: no HTTP answer");
    }
}

# still serving, and no child died
my $res = fetch(port => $port, path => '/require/', cert => 'valid');
ok t_cmp($res->{status}, 200, 'the server still serves a valid certificate');
my @log = error_log_since($start);
ok t_cmp(scalar(grep /exit signal|AH00052|AH00060/, @log), 0,
         'no child process crashed');
ok t_cmp(scalar(grep /excessive message size/, @log), scalar @tls,
         'mod_ssl logs why it ended the handshakes of the 64 KiB name');
$res = fetch(port => $port, path => '/require/', cert => 'hostile-badutf8');
ok t_cmp($res->{error} // '', qr/invalid utf8string/,
         'OpenSSL cannot load a certificate whose UTF8String is not UTF-8');

for my $k (sort keys %ms) {
    my @v = @{ $ms{$k} };
    my $sum = 0;
    $sum += $_ for @v;
    printf "# time per request, %-22s %6.1f ms\n", $k, $sum / @v;
}
