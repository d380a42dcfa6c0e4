/* Licensed under the Apache License, Version 2.0; see the README.
 *
 * The few TAP helpers the C unit tests share; each test_*.c is one
 * program, so these are static to it.
 */

#ifndef MTLS_TAP_H
#define MTLS_TAP_H

#include <stdio.h>
#include <string.h>

static int failed, count;

static void ok(int cond, const char *what)
{
    count++;
    if (!cond) {
        failed++;
    }
    printf("%s %d - %s\n", cond ? "ok" : "not ok", count, what);
}

static void is_str(const char *got, const char *want, const char *what)
{
    int same = got && want && !strcmp(got, want);

    ok(same, what);
    if (!same) {
        printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
               want ? want : "(null)");
    }
}

#endif /* MTLS_TAP_H */
