# The translation catalogs: every po/LANG.po passes msgfmt --check, holds
# every message of the template po/mod_mtls_explain.pot translated (not
# fuzzy, nothing extra) with the same placeholders (%s, {day}) as the
# English, and
# reaches the module: the table build/po2c.pl makes from them has one
# language per catalog, English first.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec;
use FindBin;

my $top = File::Spec->rel2abs("$FindBin::Bin/..");
my @catalogs = sort glob "$top/po/*.po";
my $pot = "$top/po/mod_mtls_explain.pot";

# Messages by msgctxt: { msgid, plural, strs => [...], fuzzy, cfmt }.
sub read_po {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!";
    my (%msgs, %header, $e, $field, @flags);
    my $done = sub {
        if ($e && defined $e->{msgid}) {
            if (defined $e->{ctx}) {
                $msgs{$e->{ctx}} = $e;
            }
            elsif ($e->{msgid} eq '') {
                %header = map { /^([^:]+):\s*(.*)$/ ? (lc $1, $2) : () }
                          split /\n/, $e->{strs}[0] // '';
            }
        }
        ($e, $field, @flags) = ();
    };
    my $unq = sub {
        my $s = shift;
        $s =~ s/\\n/\n/g;
        $s =~ s/\\(["\\])/$1/g;
        return $s;
    };
    while (my $l = <$fh>) {
        chomp $l;
        if ($l =~ /^\s*$/) { $done->(); next }
        if ($l =~ /^#,\s*(.*)/) { push @flags, split /,\s*/, $1; next }
        next if $l =~ /^#/;
        if ($l =~ /^(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?\s+"(.*)"$/) {
            $e ||= { fuzzy => scalar(grep { $_ eq 'fuzzy' } @flags),
                     cfmt => scalar(grep { $_ eq 'c-format' } @flags) };
            my %slot = (msgctxt => \$e->{ctx}, msgid => \$e->{msgid},
                        msgid_plural => \$e->{plural});
            $field = $1 eq 'msgstr' ? \$e->{strs}[$2 // 0] : $slot{$1};
            $$field = $unq->($3);
        }
        elsif ($l =~ /^"(.*)"$/ && $field) {
            $$field .= $unq->($1);
        }
        else {
            die "$file:$.: unreadable line\n";
        }
    }
    $done->();
    return (\%msgs, \%header);
}

sub placeholders {
    join ' ', ($_[0] =~ /(%(?:%|[0-9]*[ds]))/g), sort $_[0] =~ /(\{\w+\})/g;
}

my ($english) = read_po($pot);
my @keys = sort keys %$english;
my $have_msgfmt = !system('msgfmt --version >/dev/null 2>&1');

plan tests => 3 + 5 * @catalogs;

ok t_cmp(scalar(@keys) > 50 ? 1 : 0, 1, 'the template has the messages');
ok t_cmp(scalar(@catalogs) >= 3 ? 1 : 0, 1, 'there are catalogs');

for my $file (@catalogs) {
    (my $name = $file) =~ s{.*/}{};
    my ($msgs, $header) = read_po($file);

    my $check = $have_msgfmt
        ? `msgfmt --check -o /dev/null '$file' 2>&1` : 'msgfmt not found';
    ok t_cmp($have_msgfmt && $? == 0 ? '' : $check, '',
             "$name: msgfmt --check");

    ok t_cmp(($header->{language} // '') =~ /^[a-z]{2,3}(?:_\w+)?$/ ? 1 : 0,
             1, "$name: has a Language header");

    my @missing = grep {
        my $m = $msgs->{$_};
        !$m || $m->{fuzzy} || $m->{msgid} ne $english->{$_}{msgid}
            || grep { !defined $_ || $_ eq '' } @{$m->{strs} || [undef]}
    } @keys;
    ok t_cmp("@missing", '', "$name: every message translated, none fuzzy "
             . 'or out of date');

    my @extra = grep { !$english->{$_} } sort keys %$msgs;
    ok t_cmp("@extra", '', "$name: no message the template lacks");

    my @wrong = grep {
        my $m = $msgs->{$_};
        my $want = placeholders($english->{$_}{msgid});
        $m && grep { defined $_ && placeholders($_) ne $want }
                   @{$m->{strs} || []};
    } @keys;
    ok t_cmp("@wrong", '', "$name: the same placeholders as the English");
}

my $table = `'$^X' '$top/build/po2c.pl' '$pot' @{[map { "'$_'" } @catalogs]}`;
my @codes = $table =~ /^\s*\.code = "([^"]+)"/mg;
ok t_cmp(scalar(@codes), 1 + @catalogs,
         'the generated table has English and one language per catalog');
