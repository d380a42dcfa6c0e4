#!/bin/sh
# The protected application: it runs only when the module let the request
# through, and records each run (SEAMS_LOG is set by the test server).
if [ -n "$SEAMS_LOG" ]; then
    printf 'ran %s %s user=%s\n' "$REQUEST_METHOD" "$REQUEST_URI" \
        "$REMOTE_USER" >>"$SEAMS_LOG"
fi
# A script that leaves its request body unread has the connection reset.
cat >/dev/null
printf 'Content-Type: text/plain\r\n\r\n'
echo "SEAMS-APP-RAN"
echo "verify=$SSL_CLIENT_VERIFY"
echo "auth_type=$AUTH_TYPE"
echo "remote_user=$REMOTE_USER"
