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
AC_SUBST([APXS])
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
