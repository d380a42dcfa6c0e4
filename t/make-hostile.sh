#!/bin/sh
# make-hostile.sh OUTDIR
#
# Client certificates whose names attack whatever displays them, built
# with the openssl CLI alone: "asn1parse -genconf" writes the DER of a
# TBSCertificate, "dgst -sign" signs it, and "asn1parse -genconf" wraps
# both into the certificate. That reaches what "req" and "ca" refuse or
# rewrite: NUL, CR/LF, bytes that are not UTF-8, 200 RDNs, 16 KiB names,
# 500 subjectAltName entries.
#
# Each certificate names itself as its issuer and is signed by its own key,
# so it fails as "self-signed certificate": refused under require (the page
# shows the subject and the issuer), accepted as generous under
# optional_no_ca. Writes OUTDIR/client-hostile-NAME.{crt,key}; OUTDIR is
# the PKI directory t/make-pki.sh made.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
db=$out/hostile-db
log=$db/openssl.log
umask 022
rm -rf "$db"
mkdir -p "$db"

ossl() {
    openssl "$@" >"$log" 2>&1 || {
        echo "make-hostile.sh: openssl $1 failed:" >&2
        cat "$log" >&2
        exit 1
    }
}

# Hex of stdin, for FORMAT:HEX values: the config file never sees the
# hostile bytes themselves.
hex() { od -An -v -tx1 | tr -d ' \n'; }
# hex of a printf format (so \r, \n, \000 and \377 can be written)
hexf() { printf "$@" | hex; }
# Sets nh to the hex of a decimal number, with no process: loops call it
# hundreds of times, and a process each costs seconds on a busy machine.
numhex() {
    n=$1 nh=
    while [ -n "$n" ]; do
        nh=${nh}3${n%"${n#?}"}
        n=${n#?}
    done
}

# The name is written as [name] plus one section per RDN. An attribute
# value is given as TYPE HEX: TYPE is the ASN.1 universal tag of the
# string (12 UTF8String, 19 PrintableString, 20 T61String, 22 IA5String),
# and the bytes go in as an implicitly tagged OCTET STRING, because the
# generator checks UTF8String text it is given as text.
name_start() { : >"$db/name.head"; : >"$db/name.body"; rdns=0; }
rdn() {
    rdns=$((rdns + 1))
    echo "r$rdns = SET:set$rdns" >>"$db/name.head"
    printf '[set%d]\na = SEQUENCE:atv%d\n[atv%d]\nt = OID:%s\nv = IMPLICIT:%sU,FORMAT:HEX,OCTETSTRING:%s\n' \
        "$rdns" "$rdns" "$rdns" "$1" "$2" "$3" >>"$db/name.body"
}

# hostile NAME [SAN-SECTION-FILE]: a certificate for the name built above.
hostile() {
    hname=$1
    key=$out/client-hostile-$hname.key
    ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key"
    chmod 644 "$key"
    # the raw public key point, the last 65 bytes of the SPKI DER
    pub=$(openssl pkey -in "$key" -pubout -outform DER | tail -c 65 | hex)
    serial=${hserial:-$(hexf '%s' "$hname" | cut -c1-16)}
    {
        echo "[tbs]"
        echo "version = EXPLICIT:0,INTEGER:2"
        echo "serial = INTEGER:0x7f$serial"
        echo "sigalg = SEQUENCE:sigalg"
        echo "issuer = SEQUENCE:name"
        echo "validity = SEQUENCE:validity"
        echo "subject = SEQUENCE:name"
        echo "spki = SEQUENCE:spki"
        echo "ext = EXPLICIT:3,SEQUENCE:exts"
        echo "[sigalg]"
        echo "oid = OID:ecdsa-with-SHA256"
        echo "[validity]"
        echo "from = UTCTIME:200101000000Z"
        echo "to = GENTIME:20991231000000Z"
        echo "[spki]"
        echo "alg = SEQUENCE:spkialg"
        echo "key = FORMAT:HEX,BITSTRING:$pub"
        echo "[spkialg]"
        echo "oid = OID:id-ecPublicKey"
        echo "curve = OID:prime256v1"
        echo "[exts]"
        echo "bc = SEQUENCE:bc"
        echo "eku = SEQUENCE:eku"
        if [ $# -gt 1 ]; then echo "san = SEQUENCE:san"; fi
        echo "[bc]"
        echo "oid = OID:basicConstraints"
        echo "v = OCTWRAP,SEQUENCE:bcv"
        echo "[bcv]"
        echo "[eku]"
        echo "oid = OID:extendedKeyUsage"
        echo "v = OCTWRAP,SEQUENCE:ekuv"
        echo "[ekuv]"
        echo "a = OID:clientAuth"
        echo "[name]"
        cat "$db/name.head"
        cat "$db/name.body"
        if [ $# -gt 1 ]; then cat "$2"; fi
    } >"$db/$hname.sections"
    { echo "asn1 = SEQUENCE:tbs"; cat "$db/$hname.sections"; } >"$db/$hname.tbs.cnf"
    ossl asn1parse -genconf "$db/$hname.tbs.cnf" -noout -out "$db/$hname.tbs"
    ossl dgst -sha256 -sign "$key" -out "$db/$hname.sig" "$db/$hname.tbs"
    # DER is deterministic: the same sections give the same bytes that
    # were signed.
    {
        echo "asn1 = SEQUENCE:cert"
        echo "[cert]"
        echo "tbs = SEQUENCE:tbs"
        echo "alg = SEQUENCE:sigalg"
        echo "sig = FORMAT:HEX,BITSTRING:$(hex <"$db/$hname.sig")"
        cat "$db/$hname.sections"
    } >"$db/$hname.cnf"
    ossl asn1parse -genconf "$db/$hname.cnf" -noout -out "$db/$hname.der"
    # not "openssl x509": it cannot read the one whose UTF8String is not
    # UTF-8, and that one must still reach the server
    {
        echo "-----BEGIN CERTIFICATE-----"
        openssl base64 -in "$db/$hname.der"
        echo "-----END CERTIFICATE-----"
    } >"$out/client-hostile-$hname.crt"
}

O=2.5.4.10 OU=2.5.4.11 CN=2.5.4.3

# markup, quotes and an ampersand
name_start
rdn $O 12 "$(hexf 'evil "corp" & co')"
rdn $CN 12 "$(hexf '<script>alert("x")</script> & '"'"'q'"'"' <img src=x onerror=alert(1)>')"
hostile markup

# CR/LF: a forged header and a forged error-log line
name_start
rdn $O 12 "$(hexf 'line\r\nX-Injected: yes\r\n')"
rdn $CN 12 "$(hexf 'crlf\n[Tue Jan 01 00:00:00 2030] [mtls_explain:emerg] MTLS0001: forged\r\n')"
hostile crlf

# NUL: what C string handling would cut short
name_start
rdn $CN 12 "$(hexf 'admin\000.evil.example\000<b>')"
hostile nul

# right-to-left override and isolates: "invoice<RLO>gpj.exe" reads
# "invoiceexe.jpg"
name_start
rdn $O 12 "$(hexf 'RLM \342\200\217 LRI \342\201\246 PDI \342\201\251')"
rdn $CN 12 "$(hexf 'invoice\342\200\256gpj.exe')"
hostile rtl

# bytes that are not UTF-8 in the string types OpenSSL reads as Latin-1
name_start
rdn $O 20 "$(hexf 'T61 \377\376\300\257')"
rdn $OU 22 "$(hexf 'IA5 \300\257\355\240\200')"
rdn $CN 19 "$(hexf 'Printable \377<')"
hostile latin1

# a UTF8String that is not UTF-8: OpenSSL cannot decode the name
name_start
rdn $CN 12 "$(hexf 'bad \377\376 utf8 \300\257')"
hostile badutf8

# 200 RDNs
name_start
unit=$(hexf 'unit ') tail=$(hexf ' <&>')
i=0
while [ $i -lt 199 ]; do
    i=$((i + 1))
    numhex $i
    rdn $OU 12 "$unit$nh$tail"
done
rdn $CN 12 "$(hexf 'rdn200 user')"
hostile rdn200

# about 16 KiB of text in one CN (in subject and issuer: 32 KiB)
name_start
rdn $CN 12 "$(i=0; while [ $i -lt 1024 ]; do printf '<b>&"x"</b>\r\n\t%03d' $((i % 1000)); i=$((i + 1)); done | head -c 16384 | hex)"
hostile long16k

# about 64 KiB in one CN: subject and issuer together pass OpenSSL's
# default limit on a peer's certificate list (100 KiB)
name_start
rdn $CN 12 "$(i=0; while [ $i -lt 4096 ]; do printf 'A long name %04d ' $i; i=$((i + 1)); done | head -c 65536 | hex)"
hostile huge

# 500 subjectAltName entries (dNSName, [2] IA5String), hostile ones among
# them
name_start
rdn $CN 12 "$(hexf 'san500 user')"
head=$(hexf 'h') tail=$(hexf '.<script>&"\r\n.example')
{
    echo "[san]"
    echo "oid = OID:subjectAltName"
    echo "v = OCTWRAP,SEQUENCE:sanv"
    echo "[sanv]"
    i=0
    while [ $i -lt 500 ]; do
        i=$((i + 1))
        numhex $i
        echo "d$i = IMPLICIT:2C,FORMAT:HEX,OCTETSTRING:$head$nh$tail"
    done
} >"$db/san.sections"
hostile san500 "$db/san.sections"

# a serial number of 40 KiB (RFC 5280 allows 20 octets): bounded like a name
name_start
rdn $CN 12 "$(hexf 'hugeserial user')"
hserial=$(head -c 81920 /dev/zero | tr '\000' 'a')
hostile hugeserial
hserial=

find "$db" -type d -exec chmod 755 {} +
find "$db" -type f -exec chmod 644 {} +

