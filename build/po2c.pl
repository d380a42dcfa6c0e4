#!/usr/bin/perl
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# Turns the translation catalogs into the C table of languages the module
# is built with (mtls_lang_table.c), so the module reads no file and needs
# no gettext at run time.
#
#   po2c.pl po/mod_mtls_explain.pot po/*.po > mtls_lang_table.c
#
# The template's msgids are the English text; each msgctxt names the
# mtls_lang_t field it fills ("verdict.expired.todo.0" is
# .verdict[MTLS_VERDICT_EXPIRED].todo[0], "month.1" is .months[0]). A
# catalog's "Language" header is its tag, "Plural-Forms" (a C expression)
# chooses among its plural forms, and "X-Mtls-Explain-Serves" lists
# further tags it answers for (zh-Hant: zh-TW zh-HK zh-MO). A message a catalog leaves untranslated
# or fuzzy reads in English; one whose placeholders differ from the
# English stops the build.

use strict;
use warnings;

my ($pot, @catalogs) = @ARGV;
die "usage: $0 TEMPLATE.pot [LANG.po ...]\n" unless $pot;

# One catalog: its header fields and its messages by msgctxt.
sub parse_po {
    my ($file) = @_;
    open(my $fh, '<:raw', $file) or die "$file: $!\n";
    my (@entries, $e, $field, $fuzzy);
    my $flush = sub {
        push @entries, $e if $e && defined $e->{msgid};
        $e = undef;
        $field = undef;
    };
    while (my $line = <$fh>) {
        $line =~ s/\r?\n\z//;
        if ($line =~ /^\s*$/) {
            $flush->();
            $fuzzy = 0;
            next;
        }
        if ($line =~ /^#,(.*)/) {
            $fuzzy = 1 if $1 =~ /\bfuzzy\b/;
            next;
        }
        next if $line =~ /^#/;
        if ($line =~ /^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$/) {
            my ($kw, $idx, $text) = ($1, $2, $3);
            $flush->() if $kw eq 'msgctxt' || ($kw eq 'msgid' && $e
                                               && defined $e->{msgid});
            $e ||= { fuzzy => $fuzzy };
            if (defined $idx) {
                $field = \$e->{plural_str}[$idx];
            }
            else {
                $field = \$e->{$kw};
            }
            $$field = unquote($text, $file, $.);
        }
        elsif ($line =~ /^\s*"(.*)"\s*$/ && $field) {
            $$field .= unquote($1, $file, $.);
        }
        else {
            die "$file:$.: cannot read this line\n";
        }
    }
    $flush->();
    close($fh);

    my (%header, %msgs);
    for my $m (@entries) {
        if (!defined $m->{msgctxt} && $m->{msgid} eq '') {
            for (split /\n/, $m->{msgstr} // '') {
                $header{lc $1} = $2 if /^([^:]+):\s*(.*?)\s*$/;
            }
            next;
        }
        die "$file: a message without msgctxt: \"$m->{msgid}\"\n"
            unless defined $m->{msgctxt};
        die "$file: msgctxt \"$m->{msgctxt}\" twice\n"
            if $msgs{$m->{msgctxt}};
        $msgs{$m->{msgctxt}} = $m;
    }
    return (\%header, \%msgs);
}

sub unquote {
    my ($s, $file, $line) = @_;
    my %esc = (n => "\n", t => "\t", '"' => '"', '\\' => '\\');
    $s =~ s/\\(.)/exists $esc{$1} ? $esc{$1}
                    : die "$file:$line: unknown escape \\$1\n"/ge;
    return $s;
}

# A C string literal; UTF-8 stays as it is, controls are escaped.
sub c_string {
    my ($s) = @_;
    $s =~ s/([\\"])/\\$1/g;
    $s =~ s/\n/\\n/g;
    $s =~ s/([\x00-\x1f\x7f])/sprintf("\\%03o", ord $1)/ge;
    return "\"$s\"";
}

# The printf conversions a message uses, in order, and its {tokens}.
sub conversions {
    my ($s) = @_;
    return join ' ', ($s =~ /(%(?:%|[0-9]*[ds]))/g),
                     sort $s =~ /(\{\w+\})/g;
}

my %modes = map { $_ => 1 } qw(none optional optional_no_ca require);
my %verdicts = map { $_ => 1 }
    qw(ok generous none expired not_yet_valid revoked untrusted invalid
       revocation_unknown not_authorized wrong_purpose);
my @units = qw(minute hour day month year);
my %unit_index = map { $units[$_] => $_ } 0 .. $#units;

# "verdict.expired.todo.0" -> ".verdict[MTLS_VERDICT_EXPIRED].todo[0]"
sub designator {
    my ($ctx) = @_;
    my @parts = split /\./, $ctx;
    die "$pot: msgctxt \"$ctx\" is not a field name\n"
        if grep { !/^[a-z_0-9]+$/ } @parts;
    my $d = '';
    if ($parts[0] eq 'mode' && @parts == 2) {
        die "$pot: no policy \"$parts[1]\" in msgctxt \"$ctx\"\n"
            unless $modes{$parts[1]};
        return '.mode[MTLS_MODE_' . uc($parts[1]) . ']';
    }
    if ($parts[0] eq 'month' && @parts == 2 && $parts[1] =~ /^\d+$/) {
        return '.months[' . ($parts[1] - 1) . ']';
    }
    if ($parts[0] eq 'verdict') {
        die "$pot: no verdict \"$parts[1]\" in msgctxt \"$ctx\"\n"
            unless $parts[1] && $verdicts{$parts[1]};
        $d = '.verdict[MTLS_VERDICT_' . uc($parts[1]) . ']';
        splice @parts, 0, 2;
    }
    for (@parts) {
        $d .= /^\d+$/ ? "[$_]" : ".$_";
    }
    return $d;
}

my ($pot_header, $english) = parse_po($pot);
my @keys = sort keys %$english;

# English first: it is the fallback and the language of the msgids.
my @languages = ({
    tag => 'en', file => $pot, plural => 'n != 1', nplurals => 2,
    serves => [], msgs => {},
});
for my $file (sort @catalogs) {
    my ($h, $msgs) = parse_po($file);
    my $tag = $h->{language}
        or die "$file: no Language header\n";
    $tag =~ s/_/-/g;
    die "$file: Language \"$tag\" is not a language tag\n"
        unless $tag =~ /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
    my ($nplurals, $plural) = (1, '0');
    if (($h->{'plural-forms'} // '') =~
        /nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?/) {
        ($nplurals, $plural) = ($1, $2);
    }
    # The expression is compiled into the module: only arithmetic on n.
    die "$file: Plural-Forms \"$plural\" is not a plain expression of n\n"
        unless $plural =~ /^[n0-9\s<>=!&|?:%()+\-*\/]+$/ && $nplurals <= 4;
    my @serves = split ' ', $h->{'x-mtls-explain-serves'} // '';
    for my $k (keys %$msgs) {
        die "$file: msgctxt \"$k\" is not in $pot\n"
            unless $english->{$k};
    }
    push @languages, { tag => $tag, file => $file, plural => $plural,
                       nplurals => $nplurals, serves => \@serves,
                       msgs => $msgs };
}

print <<'EOF';
/* Generated by build/po2c.pl from po/: edit the catalogs, not this file. */

#include "mtls_lang.h"

EOF

my $i = 0;
for my $lang (@languages) {
    my $id = "lang_$i";
    $i++;
    # (void)n: a language with one form never looks at it.
    print "static int ${id}_plural(int n)\n{\n",
          "    (void)n;\n    return (int)($lang->{plural});\n}\n\n";
    print "static const mtls_lang_t $id = {\n";
    print "    .code = ", c_string($lang->{tag}), ",\n";
    print "    .serves = { ",
          join('', map { c_string($_) . ', ' } @{$lang->{serves}}),
          "NULL },\n";
    print "    .plural = ${id}_plural,\n";
    print "    .nplurals = $lang->{nplurals},\n";
    for my $k (@keys) {
        my $en = $english->{$k};
        my $m = $lang->{msgs}{$k};
        my $usable = $m && !$m->{fuzzy};
        if (defined $en->{msgid_plural}) {
            my $u = $k =~ /^unit\.(\w+)$/ && $unit_index{$1};
            die "$pot: plural message \"$k\" is not a unit\n"
                unless defined $u;
            my @forms = ($en->{msgid}, $en->{msgid_plural});
            if ($usable && $m->{plural_str}
                && !grep { !defined $_ || $_ eq '' } @{$m->{plural_str}}) {
                @forms = @{$m->{plural_str}};
            }
            die "$lang->{file}: \"$k\" has " . @forms . " forms, "
                . "Plural-Forms says $lang->{nplurals}\n"
                if $usable && $m->{plural_str} && @forms != $lang->{nplurals}
                   || @forms > 4;
            for my $f (0 .. $#forms) {
                die "$lang->{file}: \"$k\" form $f has other placeholders "
                    . "than the English\n"
                    if conversions($forms[$f]) ne conversions($en->{msgid});
                print "    .units[$u][$f] = ", c_string($forms[$f]), ",\n";
            }
            next;
        }
        my $text = ($usable && defined $m->{msgstr} && $m->{msgstr} ne '')
                   ? $m->{msgstr} : $en->{msgid};
        die "$lang->{file}: \"$k\" has other placeholders than the English\n"
            if conversions($text) ne conversions($en->{msgid});
        print "    ", designator($k), " = ", c_string($text), ",\n";
    }
    print "};\n\n";
}

print "const mtls_lang_t *const mtls_lang_table[] = {\n";
print "    &lang_$_,\n" for 0 .. $#languages;
print "};\n\n";
print "const int mtls_lang_table_count = ", scalar(@languages), ";\n";
