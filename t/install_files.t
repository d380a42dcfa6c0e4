# The files that install the module agree with the source: the .load file
# that a2enmod and the Debian package use loads the module record the
# source declares from the file the build makes, and names ssl as a
# dependency; the .conf stays inert; the README's worked example is the
# shipped example file. build/test-install.sh then proves it all on the
# system's apache2.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec;
use FindBin;

my $top = File::Spec->rel2abs("$FindBin::Bin/..");

sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!";
    local $/;
    return <$fh>;
}

my $load     = slurp("$top/apache2/mtls_explain.load.in");
my $conf     = slurp("$top/apache2/mtls_explain.conf");
my $makefile = slurp("$top/Makefile.am");
my $record   = slurp("$top/mod_mtls_explain/mod_mtls_explain.c");
my $example  = slurp("$top/examples/mtls-explain-site.conf");
my $readme   = slurp("$top/README.md");
my $dh       = slurp("$top/debian/libapache2-mod-mtls-explain.apache2");

# Every fuzz target ships in the release tarball: EXTRA_DIST names each
# one (the directory itself would run the fuzz target).
my %dist = map { $_ => 1 } join(' ', $makefile =~ /^EXTRA_DIST \+?= ((?:.*\\\n)*.*)$/mg) =~ /(\S+)/g;
my @unlisted = grep { !$dist{$_} } map { s{^\Q$top\E/}{}r } glob "$top/fuzz/fuzz_*.c";

plan tests => 8;

ok t_cmp("@unlisted", '', 'every fuzz/fuzz_*.c is in EXTRA_DIST');

my ($declared) = $record =~ /^AP_DECLARE_MODULE\((\w+)\)/m;
my ($la) = $makefile =~ /^MTLS_LA = .*\/(\w+)\.la$/m;
ok t_cmp($load,
         qr{^LoadModule \Q${\($declared // '?')}\E_module \@APXS_LIBEXECDIR\@/\Q${\($la // '?')}\E\.so$}m,
         'the .load file loads the declared module from the built file');
ok t_cmp(scalar(() = $load =~ /^LoadModule /mg), 1, 'one LoadModule line');
ok t_cmp($load, qr/\A# Depends: ssl\n/, 'a2enmod enables ssl first');
ok t_cmp(scalar(grep { !/^#/ && /\S/ } split /\n/, $conf), 0,
         'mtls_explain.conf holds comments only');

# dh_apache2 takes the module's name from these file names.
for my $f (qw(mtls_explain.load mtls_explain.conf)) {
    ok t_cmp($dh, qr{^mod \S+/mods-available/\Q$f\E$}m,
             "the Debian package registers $f");
}

my ($vhost) = $example =~ /^(<VirtualHost.*<\/VirtualHost>\n)/ms;
(my $indented = $vhost // 'missing') =~ s/^(?=.)/    /mg;
ok t_cmp(index($readme, $indented) >= 0 ? 1 : 0, 1,
         "the README's worked example is examples/mtls-explain-site.conf");
