# Startup errors for the explanation's directives: `apache2 -t` names the
# configuration file and line, and for templates the template's own file,
# line and placeholder. Valid settings pass.
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
my $dir = tempdir(CLEANUP => 1);

sub template {
    my ($name, $text) = @_;
    open my $fh, '>', "$dir/$name" or die "$dir/$name: $!";
    print $fh $text;
    close $fh;
    return "$dir/$name";
}

my $head = configtest_head() . <<"CONF";
LoadModule ssl_module $libexec/mod_ssl.so
<VirtualHost 127.0.0.1:1>
    ServerName v.example
    SSLEngine on
    SSLVerifyClient optional_no_ca
    MTLSExplain On
CONF
# The first directive of a case is on this line of the file.
my $line = 15;
my $tail = "</VirtualHost>\n";

my $good = template('good.html', qq{<!DOCTYPE html>\n<html lang="{{lang}}"><title>{{title}}</title>\n}
    . qq{<h1 data-v="{{verdict}}">{{ title }}</h1>{{details}}<a href="{{help_url}}">help</a>\n});
my $big = template('big.html', 'x' x (256 * 1024 + 1));
my $nul = template('nul.html', "<p>a\0b</p>");

# [name, directives, expect ok, patterns the output must match]
my @cases = (
    ['missing template',
     "    MTLSExplainTemplate $dir/missing.html\n", 0,
     [qr/line $line of \S+/, qr{MTLSExplainTemplate: cannot read '\Q$dir\E/missing\.html': No such file}]],
    ['template is a directory',
     "    MTLSExplainTemplate $dir\n", 0,
     [qr{MTLSExplainTemplate: '\Q$dir\E' is not a regular file}]],
    ['template too large',
     "    MTLSExplainTemplate $big\n", 0,
     [qr{MTLSExplainTemplate: '\Q$big\E' is larger than 262144 bytes}]],
    ['template with a NUL byte',
     "    MTLSExplainTemplate $nul\n", 0,
     [qr{MTLSExplainTemplate: \Q$nul\E contains a NUL byte}]],
    ['unknown placeholder',
     "    MTLSExplainTemplate " . template('unknown.html', "<p>\n\n{{subjekt}}</p>\n") . "\n", 0,
     [qr/line $line of \S+/, qr{unknown\.html line 3: unknown placeholder \{\{subjekt\}\}}]],
    ['unterminated placeholder',
     "    MTLSExplainTemplate " . template('open.html', "<p>{{title</p>\n") . "\n", 0,
     [qr{open\.html line 1: '\{\{' without a closing '\}\}'}]],
    ['placeholder in a script',
     "    MTLSExplainTemplate " . template('script.html', "<p>ok</p>\n<script>\nvar s = '{{subject}}';\n</script>\n") . "\n", 0,
     [qr{script\.html line 3: placeholder \{\{subject\}\} cannot go inside <script>}]],
    ['placeholder in a style',
     "    MTLSExplainTemplate " . template('style.html', "<STYLE>p{content:'{{title}}'}</STYLE>") . "\n", 0,
     [qr{placeholder \{\{title\}\} cannot go inside <style>}]],
    ['unquoted attribute',
     "    MTLSExplainTemplate " . template('unq.html', "<p class={{verdict}}>x</p>") . "\n", 0,
     [qr{placeholder \{\{verdict\}\} is in an unquoted attribute value}]],
    ['certificate text in a URL attribute',
     "    MTLSExplainTemplate " . template('href.html', qq{<a href="/x?s={{subject}}">x</a>}) . "\n", 0,
     [qr{placeholder \{\{subject\}\} cannot go inside the URL attribute 'href'}]],
    ['URL placeholder not at the start of a URL attribute',
     "    MTLSExplainTemplate " . template('href2.html', qq{<a href="javascript:{{help_url}}">x</a>}) . "\n", 0,
     [qr{placeholder \{\{help_url\}\} must start the value of the URL attribute 'href'}]],
    ['HTML block in an attribute',
     "    MTLSExplainTemplate " . template('blk.html', qq{<p title="{{details}}">x</p>}) . "\n", 0,
     [qr{placeholder \{\{details\}\} holds HTML and cannot go inside an attribute value}]],
    ['event handler',
     "    MTLSExplainTemplate " . template('on.html', qq{<p onclick="alert('{{reason}}')">x</p>}) . "\n", 0,
     [qr{placeholder \{\{reason\}\} cannot go inside the attribute 'onclick', whose value is code}]],
    ['inside a tag',
     "    MTLSExplainTemplate " . template('tag.html', qq{<p {{verdict}}>x</p>}) . "\n", 0,
     [qr{placeholder \{\{verdict\}\} is inside a tag}]],
    ['inside a comment',
     "    MTLSExplainTemplate " . template('cmt.html', qq{<!-- {{subject}} -->}) . "\n", 0,
     [qr{placeholder \{\{subject\}\} is inside an HTML comment}]],
    ['inside a meta tag',
     "    MTLSExplainTemplate " . template('meta.html', qq{<meta http-equiv="refresh" content="0;url={{help_url}}">}) . "\n", 0,
     [qr{placeholder \{\{help_url\}\} cannot go inside a <meta> tag}]],
    ['unknown template language',
     "    MTLSExplainTemplate $good tlh\n", 0,
     [qr/MTLSExplainTemplate: unknown language 'tlh'; built in are en, de, es, et, fr, it, ja, ko, nl, pt-BR, zh-Hant/]],
    ['two templates for one language',
     "    MTLSExplainTemplate $good ja\n    MTLSExplainTemplate $good ja\n", 0,
     [qr/line @{[$line + 1]} of \S+/, qr/already has a template for ja/]],
    ['too many arguments',
     "    MTLSExplainTemplate $good ja extra\n", 0,
     [qr/MTLSExplainTemplate takes 1-2 arguments, path \[language\]/]],
    ['unknown language',
     "    MTLSExplainLanguage klingon\n", 0,
     [qr/line $line of \S+/, qr/MTLSExplainLanguage: unknown language 'klingon'; built in are en, de, es, et, fr, it, ja, ko, nl, pt-BR, zh-Hant/]],
    ['mailto without an address',
     "    MTLSExplainContact mailto:nobody\n", 0,
     [qr/MTLSExplainContact: 'mailto:nobody' is not a usable mailto: address/]],
    ['web contact without a host',
     "    MTLSExplainContact https://\n", 0,
     [qr{MTLSExplainContact: 'https://' is not a usable web address}]],
    ['contact with a control character',
     "    MTLSExplainContact \"a\tb\"\n", 0,
     [qr/MTLSExplainContact: the text contains a control character/]],
    ['help URL with a script scheme',
     "    MTLSExplainHelpURL javascript:alert(1)\n", 0,
     [qr/MTLSExplainHelpURL: 'javascript:alert\(1\)' is not a usable address/]],
    ['relative help URL',
     "    MTLSExplainHelpURL help.html\n", 0,
     [qr/MTLSExplainHelpURL: 'help\.html' is not a usable address/]],
    ['help URL with a quote',
     "    MTLSExplainHelpURL 'https://h.example/a\"b'\n", 0,
     [qr/MTLSExplainHelpURL: .* is not a usable address/]],
    ['explanation settings inside <Limit>',
     "    <Location /x>\n        <Limit POST>\n            MTLSExplainContact mailto:a\@example.org\n"
     . "        </Limit>\n    </Location>\n", 0,
     [qr/line @{[$line + 2]} of \S+/, qr/MTLSExplainContact cannot be used inside <Limit>/]],
    ['a template inside <LimitExcept>',
     "    <Location /x>\n        <LimitExcept GET>\n            MTLSExplainTemplate $good\n"
     . "        </LimitExcept>\n    </Location>\n", 0,
     [qr/MTLSExplainTemplate cannot be used inside <Limit>/]],
    ['valid settings at every level',
     "    <Directory /tmp>\n        AllowOverride AuthConfig\n    </Directory>\n"
     . "    MTLSExplainTemplate $good\n    MTLSExplainLanguage ja\n"
     . "    MTLSExplainContact \"IT desk <it\@example.org> & co\"\n"
     . "    <Location /x>\n        MTLSExplainTemplate $good de\n"
     . "        MTLSExplainContact mailto:pki\@example.org\n"
     . "        MTLSExplainHelpURL /help/\n    </Location>\n", 1,
     [qr/Syntax OK/]],
);

plan tests => configtest_plan(\@cases), need_module 'ssl';

configtest_run(\@cases, $dir, $head, $tail);
