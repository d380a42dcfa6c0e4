# The README's directive reference and log-code table stay in step with
# the source: every directive registered is documented in httpd's manual
# format, every documented directive is registered, and the same for the
# MTLSnnnn log codes.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec;
use FindBin;

my $top = File::Spec->rel2abs("$FindBin::Bin/..");
my $src = "$top/mod_mtls_explain";

sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!";
    local $/;
    return <$fh>;
}

my $readme = slurp("$top/README.md");
my $conf   = slurp("$src/mtls_conf.c");
my $all_c  = join '', map { slurp($_) } glob "$src/*.c";

my %registered = map { $_ => 1 } $conf =~ /AP_INIT_\w+\(\s*"(\w+)"/g;
my ($reference) = $readme =~ /^## Directive reference\n(.*?)^## /ms;
$reference //= '';
my %documented;
for my $section (split /^### /m, $reference) {
    my ($name) = $section =~ /\A(\w+)\n/ or next;
    $documented{$name} = $section;
}
my %used_codes = map { $_ => 1 } $all_c =~ /MTLS_LOGNO\((\d{4})\)/g;
my %doc_codes  = map { $_ => 1 } $readme =~ /^\| MTLS(\d{4}) \|/mg;

my @fields = qw(Description Syntax Default Context Override);

my $tpl_c = slurp("$src/mtls_template.c");
my %placeholders = map { $_ => 1 } $tpl_c =~ /\{ "(\w+)", MTLS_PH_KIND_\w+ \}/g;
my ($tpl_doc) = $readme =~ /^## Templates\n(.*?)^## /ms;
my %doc_placeholders = map { $_ => 1 } ($tpl_doc // '') =~ /^\| `\{\{(\w+)\}\}` \|/mg;

my $example_tpl = slurp("$top/examples/explain-template.html");
my ($shown_tpl) = ($tpl_doc // '') =~ /\(`examples\/explain-template\.html`\):\n\n((?:    .*\n|\n)+)/;
$shown_tpl = join '', map { s/^    //r } split /^/m, $shown_tpl // '';
$shown_tpl =~ s/\n+\z/\n/;

plan tests => 7 + keys(%registered) * @fields;

ok t_cmp($shown_tpl, $example_tpl, "the README's template is examples/explain-template.html");

ok t_cmp(scalar(keys %placeholders) > 10 ? 1 : 0, 1, 'the source has placeholders');
ok t_cmp(join(' ', sort keys %doc_placeholders), join(' ', sort keys %placeholders),
         'documented template placeholders == placeholders in the source');

ok t_cmp(join(' ', sort keys %documented), join(' ', sort keys %registered),
         'documented directives == registered directives');
for my $name (sort keys %registered) {
    my $section = $documented{$name} // '';
    for my $field (@fields) {
        ok t_cmp($section, qr/^\| \Q$field\E: \| \S/m, "$name documents $field");
    }
}
ok t_cmp(scalar(keys %used_codes) > 0 ? 1 : 0, 1, 'the source has log codes');
ok t_cmp(join(' ', sort keys %doc_codes), join(' ', sort keys %used_codes),
         'documented log codes == log codes in the source');
# Each directive's help string states its default.
my @help = $conf =~ /AP_INIT_\w+\(\s*"\w+".*?"([^)]*?)\)/gs;
ok t_cmp(scalar(grep { /default/ } map { my $h = $_; $h =~ s/"\s*"//g; $h } @help),
         scalar(keys %registered), 'every help string states the default');
