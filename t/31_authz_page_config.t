# Startup errors for MTLSExplainAuthzPage and MTLSExplainRequirement:
# `apache2 -t` names the file, the line and what is wrong; good lines pass.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/lib";

use Apache::Test;
use Apache::TestUtil;
use File::Temp qw(tempdir);

use MTLSTest qw(configtest_libexec configtest_head configtest_plan
                configtest_run);

my $libexec = configtest_libexec();
my $head = configtest_head();
my $ssl = "LoadModule ssl_module $libexec/mod_ssl.so\n";
# lines 10-14; the first line inside the Location is line 16
my $armed = "<VirtualHost 127.0.0.1:1>\n    ServerName v.example\n"
    . "    SSLEngine on\n    SSLVerifyClient optional_no_ca\n    MTLSExplain On\n";

sub loc { return $ssl . $armed . "    <Location /x>\n"
    . join('', map { "        $_\n" } split /\n/, $_[0])
    . "    </Location>\n</VirtualHost>\n" }

my $at16 = qr/line 16 of \S+\d+\.conf/;
my $at17 = qr/line 17 of \S+\d+\.conf/;
my @cases = (
    ['AuthzPage neither On nor Off', loc('MTLSExplainAuthzPage maybe'),
     0, [$at16, qr/MTLSExplainAuthzPage must be On or Off, not 'maybe'/]],
    ['AuthzPage without a value', loc('MTLSExplainAuthzPage'),
     0, [$at16, qr/MTLSExplainAuthzPage takes one argument/]],
    ['Requirement in an unknown language',
     loc('MTLSExplainRequirement xx "Finance staff"'),
     0, [$at16, qr/MTLSExplainRequirement: 'xx' is not a built-in language/]],
    ['Requirement too long', loc('MTLSExplainRequirement ' . ('x' x 1025)),
     0, [$at16, qr/MTLSExplainRequirement: the text has more than 1024 bytes/]],
    ['Requirement twice for a language',
     loc("MTLSExplainRequirement de \"a\"\nMTLSExplainRequirement de \"b\""),
     0, [$at17, qr/MTLSExplainRequirement: said twice for de here/]],
    ['Requirement twice for every language',
     loc("MTLSExplainRequirement \"a\"\nMTLSExplainRequirement \"b\""),
     0, [$at17, qr/said twice for every language here/]],
    ['Requirement with an empty text for a language',
     loc('MTLSExplainRequirement de ""'),
     0, [$at16, qr/MTLSExplainRequirement: the text is empty/]],
    ['Requirement with an empty text',
     loc('MTLSExplainRequirement ""'),
     0, [$at16, qr/MTLSExplainRequirement: the text is empty/]],
    ['Requirement inside <Limit>',
     loc("<Limit POST>\n    MTLSExplainRequirement \"Finance staff\"\n</Limit>"),
     0, [$at17, qr/MTLSExplainRequirement cannot be used inside <Limit>/]],
    ['Requirement with three arguments',
     loc('MTLSExplainRequirement de "a" "b"'),
     0, [$at16, qr/MTLSExplainRequirement takes 1-2 arguments/]],
    ['well formed',
     loc("MTLSExplainAuthzPage Off\nMTLSExplainRequirement \"Finance staff\"\n"
         . "MTLSExplainRequirement de \"Finanzabteilung\"\n"
         . "MTLSExplainRequirement pt-BR \"Financeiro\"\nRequire all denied"),
     1, [qr/Syntax OK/]],
);

plan tests => configtest_plan(\@cases), need_module 'ssl';

configtest_run(\@cases, tempdir(CLEANUP => 1), $head);
