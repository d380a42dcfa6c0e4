# MTLS_CHECK_APXS
# ---------------
# Find apxs (--with-apxs=PATH, else apxs or apxs2 on PATH or in /usr/bin)
# and read what the build needs from it, so the module is compiled exactly
# like the httpd it will be loaded into.  Sets and substitutes APXS,
# APXS_CC, APXS_CFLAGS, APXS_INCLUDEDIR and APXS_LIBEXECDIR.
AC_DEFUN([MTLS_CHECK_APXS],
[AC_ARG_WITH([apxs],
    [AS_HELP_STRING([--with-apxs=PATH],
        [path to the apxs of the httpd to build for @<:@searched: apxs, apxs2@:>@])],
    [], [with_apxs=yes])

AS_CASE([$with_apxs],
    [no], [AC_MSG_ERROR([mod_mtls_explain cannot be built without apxs])],
    [yes], [AC_PATH_PROGS([APXS], [apxs apxs2], [], [$PATH$PATH_SEPARATOR/usr/bin])],
    [APXS=$with_apxs])

AS_IF([test -z "$APXS"],
    [AC_MSG_ERROR([apxs not found: install apache2-dev (Debian) or httpd-devel, or pass --with-apxs=PATH])])
AS_IF([test ! -x "$APXS"],
    [AC_MSG_ERROR([--with-apxs=$APXS is not an executable file])])

_MTLS_APXS_QUERY([CC])
_MTLS_APXS_QUERY([CFLAGS])
_MTLS_APXS_QUERY([INCLUDEDIR])
_MTLS_APXS_QUERY([LIBEXECDIR])
AS_IF([test -z "$APXS_INCLUDEDIR" || test ! -f "$APXS_INCLUDEDIR/httpd.h"],
    [AC_MSG_ERROR([$APXS reports INCLUDEDIR '$APXS_INCLUDEDIR', which has no httpd.h])])
_MTLS_HTTPD_VERSION([2], [4], [48])
AC_SUBST([APXS])
])

# _MTLS_HTTPD_VERSION(MAJOR, MINOR, PATCH)
# ----------------------------------------
# Stop unless the httpd in APXS_INCLUDEDIR is at least MAJOR.MINOR.PATCH.
# 2.4.48 is the first with http_ssl.h, which the module includes; an
# older one would pass configure and then fail the build on that header.
# The version is read from ap_release.h, which the headers' own build
# uses, so a cross or staged include directory answers for itself.
AC_DEFUN([_MTLS_HTTPD_VERSION],
[AC_MSG_CHECKING([httpd version in $APXS_INCLUDEDIR/ap_release.h])
_mtls_rel="$APXS_INCLUDEDIR/ap_release.h"
APXS_HTTPD_VERSION=
AS_IF([test -f "$_mtls_rel"],
    [APXS_HTTPD_VERSION=`awk '
        @S|@1 == "#define" && @S|@2 == "AP_SERVER_MAJORVERSION_NUMBER" { x = @S|@3 }
        @S|@1 == "#define" && @S|@2 == "AP_SERVER_MINORVERSION_NUMBER" { y = @S|@3 }
        @S|@1 == "#define" && @S|@2 == "AP_SERVER_PATCHLEVEL_NUMBER" { z = @S|@3 }
        END { if (x != "" && y != "" && z != "") print x "." y "." z }' "$_mtls_rel"`])
AC_MSG_RESULT([${APXS_HTTPD_VERSION:-unknown}])
AS_CASE([$APXS_HTTPD_VERSION],
    [@<:@0-9@:>@*.@<:@0-9@:>@*.@<:@0-9@:>@*], [],
    [AC_MSG_ERROR([cannot read httpd's version from $_mtls_rel; mod_mtls_explain needs httpd $1.$2.$3 or newer])])
_mtls_found=`echo "$APXS_HTTPD_VERSION" | awk -F. '{ printf "%d", @S|@1 * 1000000 + @S|@2 * 1000 + @S|@3 }'`
AS_IF([test "$_mtls_found" -lt m4_eval([$1 * 1000000 + $2 * 1000 + $3])],
    [AC_MSG_ERROR([httpd $APXS_HTTPD_VERSION found (apxs: $APXS), but mod_mtls_explain needs httpd $1.$2.$3 or newer: $1.$2.$3 is the first with http_ssl.h])])
AC_SUBST([APXS_HTTPD_VERSION])
])

# _MTLS_APXS_QUERY(VAR)
# ---------------------
# APXS_VAR=`$APXS -q VAR`, reported and substituted.
AC_DEFUN([_MTLS_APXS_QUERY],
[AC_MSG_CHECKING([apxs $1])
APXS_$1=`"$APXS" -q $1 2>/dev/null`
AC_MSG_RESULT([$APXS_$1])
AC_SUBST([APXS_$1])
])
