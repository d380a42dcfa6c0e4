#!/bin/sh
# make-pki.sh OUTDIR
#
# Builds the throwaway PKI the tests run against: a trusted root CA, a good
# and an expired intermediate, an unrelated CA, a server certificate, one
# client certificate per failure mode the module has to explain, and CRLs;
# for the SNI tests a second hierarchy (ca2, its clients, crl2.pem) and a
# server certificate per name; and, through t/make-hostile.sh, client
# certificates with hostile names.
# Keys are generated at test time and never committed, so everything is left
# world-readable for the test server (which runs as nobody).
#
# OUTDIR should be dedicated to this script: the CA database lives in
# OUTDIR/ca-db and is wiped on every run, and all outputs are rewritten.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
db=$out/ca-db
cnf=$db/openssl.cnf
log=$db/openssl.log
umask 022

# POSIX-only date arithmetic: local time in zone "UTC+24" is UTC minus a day.
# "Valid now" certificates start yesterday to be immune to clock skew.
yday=$(TZ=UTC+24 date +%Y%m%d%H%M%SZ)

# openssl is chatty on stderr even on success; show its output only on error.
ossl() {
    openssl "$@" >"$log" 2>&1 || {
        echo "make-pki.sh: openssl $1 failed:" >&2
        cat "$log" >&2
        exit 1
    }
}

rm -rf "$db"
rm -f "$out"/client-*.crt "$out"/client-*.key "$out"/client-*.pem \
      "$out"/client-*.p12
mkdir -p "$out" "$db/new"
chmod 755 "$out"

# One config serves every CA: PKI_CA names the issuing CA, whose cert and key
# are $out/$PKI_CA.{crt,key}.  A single serial file shared by all CAs keeps
# serial numbers distinct across the whole PKI.
PKI_OUT=$out PKI_DB=$db PKI_CA=ca PKI_SAN=DNS:localhost,IP:127.0.0.1
export PKI_OUT PKI_DB PKI_CA PKI_SAN
echo 1000 >"$db/serial"
cat >"$cnf" <<'EOF'
[ req ]
distinguished_name = req_dn
[ req_dn ]

[ ca ]
default_ca = pki_ca
[ pki_ca ]
certificate      = $ENV::PKI_OUT/$ENV::PKI_CA.crt
private_key      = $ENV::PKI_OUT/$ENV::PKI_CA.key
database         = $ENV::PKI_DB/$ENV::PKI_CA.index
crlnumber        = $ENV::PKI_DB/$ENV::PKI_CA.crlnum
serial           = $ENV::PKI_DB/serial
new_certs_dir    = $ENV::PKI_DB/new
default_md       = sha256
default_days     = 365
default_crl_days = 30
policy           = policy_any
# keep the subject exactly as requested (RDN order included)
preserve         = yes
unique_subject   = no
email_in_dn      = no
crl_extensions   = crl_ext

[ policy_any ]
organizationName       = optional
organizationalUnitName = optional
commonName             = supplied

[ crl_ext ]
authorityKeyIdentifier = keyid:always

[ root_ext ]
basicConstraints       = critical,CA:TRUE
keyUsage               = critical,keyCertSign,cRLSign
subjectKeyIdentifier   = hash

# a CA that may have CAs below it (the deep chain of t/33_chain.t)
[ sub_ext ]
basicConstraints       = critical,CA:TRUE
keyUsage               = critical,keyCertSign,cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ int_ext ]
basicConstraints       = critical,CA:TRUE,pathlen:0
keyUsage               = critical,keyCertSign,cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ server_ext ]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = $ENV::PKI_SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ client_ext ]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# a perfectly good certificate, but not for TLS client authentication
[ wrongpurpose_ext ]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# for Require mtls-cert: a SAN of each type, a policy OID, two EKUs
[ finance_ext ]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = clientAuth,emailProtection
subjectAltName         = email:alice@finance.example.com,DNS:alice.finance.example.com,URI:spiffe://example.com/finance/alice
certificatePolicies    = 1.3.6.1.4.1.99999.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# past the module's bound of 64 kept per list: 70 DNS names
[ many_ext ]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = clientAuth
subjectAltName         = $ENV::PKI_SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# a signing certificate, from the same card as a login one
[ signing_ext ]
basicConstraints       = CA:FALSE
keyUsage               = critical,digitalSignature,nonRepudiation
extendedKeyUsage       = emailProtection
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
EOF

# cert NAME ISSUER EXTENSIONS SUBJECT [openssl ca date options...]
# Writes $out/NAME.{key,crt}.  ISSUER "self" makes NAME its own CA.
cert() {
    name=$1 issuer=$2 ext=$3 subj=$4
    shift 4
    if [ "$issuer" = self ]; then
        issuer=$name
        set -- -selfsign "$@"
    fi
    ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -out "$out/$name.key"
    chmod 644 "$out/$name.key"
    ossl req -new -config "$cnf" -key "$out/$name.key" -subj "$subj" \
        -out "$db/$name.csr"
    PKI_CA=$issuer
    [ -f "$db/$issuer.index" ] || {
        : >"$db/$issuer.index"
        echo 01 >"$db/$issuer.crlnum"
    }
    ossl ca -batch -notext -config "$cnf" -extensions "$ext" \
        -in "$db/$name.csr" -out "$out/$name.crt" "$@"
}

# client NAME ISSUER EXTENSIONS [openssl ca date options...]
# client-NAME.crt carries the leaf plus any intermediate the client must
# send; .pem (key + chain) is for curl, .p12 uses algorithms NSS can import.
client() {
    cname=$1 cissuer=$2 cext=$3
    shift 3
    # O before CN in DER order, so RFC 2253 strings (SSL_CLIENT_S_DN) read
    # "CN=...,O=...".  The hostile CN carries markup, quotes and & to catch
    # unescaped output; "/" needs a backslash in -subj syntax.
    case $cname in
    hostile*) csubj="/O=evil/CN=<script>alert(1)<\\/script> & \"quotes\" 'x'" ;;
    # Require mtls-cert: one department and another, and CNs that print
    # like the attributes they do not have
    finance*|signing) csubj="/O=Example/OU=Finance/CN=$cname user" ;;
    sales)   csubj="/O=Example/OU=Sales/CN=sales user" ;;
    many)    csubj="/O=Example$many_ou/CN=many user" ;;
    forged)  csubj="/O=mtls-explain tests/CN=x,O=Example/CN=x\\/OU=Finance" ;;
    *)       csubj="/O=mtls-explain tests/CN=$cname user" ;;
    esac
    cert "client-$cname" "$cissuer" "$cext" "$csubj" "$@"
    f=$out/client-$cname
    # noint*: the intermediate left out, as a misconfigured client sends it
    case $cname:$cissuer in
    noint*) ;;
    *:int*) cat "$out/$cissuer.crt" >>"$f.crt" ;;
    *:sub2) cat "$out/sub2.crt" "$out/sub1.crt" >>"$f.crt" ;;
    esac
    cat "$f.key" "$f.crt" >"$f.pem"
    ossl pkcs12 -export -inkey "$f.key" -in "$f.crt" -name "client-$cname" \
        -passout pass: -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES \
        -macalg sha1 -out "$f.p12"
    chmod 644 "$f.p12"
}

cert ca self root_ext "/O=mtls-explain tests/CN=mtls-explain Test Root CA" \
    -startdate "$yday" -days 3650
cert int ca int_ext "/CN=mtls-explain Test Intermediate CA" \
    -startdate "$yday" -days 1825
cert int-expired ca int_ext "/CN=mtls-explain Expired Intermediate CA" \
    -startdate 20200101000000Z -enddate 20210101000000Z
# root -> sub1 -> sub2 -> leaf: longer than SSLVerifyDepth 2 allows
cert sub1 ca sub_ext "/CN=mtls-explain Test Sub CA 1" \
    -startdate "$yday" -days 1825
cert sub2 sub1 int_ext "/CN=mtls-explain Test Sub CA 2" \
    -startdate "$yday" -days 1825
cert other-ca self root_ext "/CN=mtls-explain Other CA" \
    -startdate "$yday" -days 3650
cert server ca server_ext "/CN=localhost" -startdate "$yday" -days 365

client valid        ca       client_ext -startdate "$yday" -days 365
client expired      ca       client_ext \
    -startdate 20200101000000Z -enddate 20210101000000Z
client notyet       ca       client_ext \
    -startdate 20350101000000Z -enddate 20360101000000Z
client revoked      ca       client_ext -startdate "$yday" -days 365
client otherca      other-ca client_ext -startdate "$yday" -days 365
client selfsigned   self     client_ext -startdate "$yday" -days 365
client wrongpurpose ca wrongpurpose_ext -startdate "$yday" -days 365
client viaint       int      client_ext -startdate "$yday" -days 365
# only the issuer is expired; the leaf itself is within its validity
client viaexpiredint int-expired client_ext -startdate "$yday" -days 365
client hostile      ca       client_ext -startdate "$yday" -days 365
# the intermediate's certificates sent without it (t/33_chain.t)
client noint        int      client_ext -startdate "$yday" -days 365
client noint-expired int     client_ext \
    -startdate 20200101000000Z -enddate 20210101000000Z
client deep         sub2     client_ext -startdate "$yday" -days 365
client deep-expired sub2     client_ext \
    -startdate 20200101000000Z -enddate 20210101000000Z
# the same hostile name refused, so that it is shown on the page
client hostile-untrusted other-ca client_ext -startdate "$yday" -days 365
# Require mtls-cert (t/28_certreq.t): the signing one fails verification
# (no clientAuth), financeother is the same name from the other CA
client finance      ca       finance_ext -startdate "$yday" -days 365
client sales        ca       client_ext -startdate "$yday" -days 365
client forged       ca       client_ext -startdate "$yday" -days 365
client signing      ca       signing_ext -startdate "$yday" -days 365
client financeother other-ca finance_ext -startdate "$yday" -days 365
# 70 OUs and 70 DNS names: only the first 64 of each are matched
many_ou= PKI_SAN=
i=1
while [ $i -le 70 ]; do
    many_ou=$many_ou/OU=u$i
    PKI_SAN=${PKI_SAN:+$PKI_SAN,}DNS:d$i.example.com
    i=$((i + 1))
done
client many         ca       many_ext -startdate "$yday" -days 365
PKI_SAN=DNS:localhost,IP:127.0.0.1

# A second, unrelated hierarchy with its own CRL: a name-based virtual
# host that trusts only it shares a port with one that trusts only "ca".
cert ca2 self root_ext "/O=mtls-explain tests/CN=mtls-explain Second Root CA" \
    -startdate "$yday" -days 3650
client ca2valid     ca2      client_ext -startdate "$yday" -days 365
client ca2revoked   ca2      client_ext -startdate "$yday" -days 365

# One server certificate per SNI name, so a client sees which virtual
# host took the handshake.
for sni in alpha beta gamma delta; do
    PKI_SAN=DNS:$sni.test
    cert "server-$sni" ca server_ext "/CN=$sni.test" -startdate "$yday" -days 365
done
# Two hosts with one ServerName (and so one mod_ssl session context), told
# apart by their aliases.
PKI_SAN=DNS:sib.test,DNS:armed.sib.test,DNS:plain.sib.test
cert server-sib ca server_ext "/CN=sib.test" -startdate "$yday" -days 365
PKI_SAN=DNS:localhost,IP:127.0.0.1

PKI_CA=ca2
ossl ca -config "$cnf" -revoke "$out/client-ca2revoked.crt" \
    -crl_reason keyCompromise
ossl ca -config "$cnf" -gencrl -out "$out/crl2.pem"

PKI_CA=ca
ossl ca -config "$cnf" -revoke "$out/client-revoked.crt" \
    -crl_reason keyCompromise

# SSLCARevocationCheck chain wants a CRL from every CA in every chain,
# including the expired intermediate (openssl signs with it regardless).
: >"$out/crl.pem"
for PKI_CA in ca int int-expired; do
    ossl ca -config "$cnf" -gencrl -out "$db/$PKI_CA.crl"
    cat "$db/$PKI_CA.crl" >>"$out/crl.pem"
done

# lacks the root's CRL: certificates the root issued then fail with
# "unable to get certificate CRL" under SSLCARevocationCheck
cp "$db/int.crl" "$out/crl-int-only.pem"

# The site's own revocation data failing (t/30_revocation_*.t): the
# root's CRL past its nextUpdate, not yet valid, with a broken signature,
# and alone where a chain from the intermediate needs the intermediate's.
PKI_CA=ca
ossl ca -config "$cnf" -gencrl -out "$out/crl-stale.pem" \
    -crl_lastupdate 20200101000000Z -crl_nextupdate 20200201000000Z
ossl ca -config "$cnf" -gencrl -out "$out/crl-future.pem" \
    -crl_lastupdate 20350101000000Z -crl_nextupdate 20360101000000Z
cp "$db/ca.crl" "$out/crl-ca-only.pem"
# a complete chain whose intermediate's CRL is past its nextUpdate
PKI_CA=int
ossl ca -config "$cnf" -gencrl -out "$db/int-stale.crl" \
    -crl_lastupdate 20200101000000Z -crl_nextupdate 20200201000000Z
cat "$db/ca.crl" "$db/int-stale.crl" >"$out/crl-int-stale.pem"
# The intermediate's CRL without an authority key identifier, as some CAs
# publish it: for a leaf sent without the intermediate, OpenSSL then takes
# the leaf itself for the CRL's issuer (errors 35 and 8, not 3).
grep -v '^crl_extensions' "$cnf" >"$db/noakid.cnf"
ossl ca -config "$db/noakid.cnf" -gencrl -out "$db/int-noakid.crl"
cat "$db/ca.crl" "$db/int-noakid.crl" >"$out/crl-noakid.pem"
PKI_CA=ca
# the last byte of the DER is the end of the ECDSA signature's s
ossl crl -in "$db/ca.crl" -outform DER -out "$db/ca-crl.der"
perl -e 'local $/; my $d = <STDIN>; substr($d, -1, 1) ^= "\x01";
         print $d' <"$db/ca-crl.der" >"$db/ca-crl-bad.der"
ossl crl -inform DER -in "$db/ca-crl-bad.der" -out "$out/crl-badsig.pem"
# an OCSP responder's database that knows no certificate: "unknown"
: >"$db/ocsp-empty.index"

# the server's only trust anchor; intermediates must come from the client
cp "$out/ca.crt" "$out/trusted.crt"

# two trusted CAs, as an intranet with a corporate and a partner CA has
cat "$out/ca.crt" "$out/other-ca.crt" >"$out/ca-and-other.crt"

find "$db" -type d -exec chmod 755 {} +
find "$db" -type f -exec chmod 644 {} +

# The finance certificate's digests, as Require mtls-cert clauses take
# them (Define, for t/conf/certreq.conf.in to Include).
fp=$(openssl x509 -in "$out/client-finance.crt" -noout -fingerprint -sha256)
spki=$(openssl pkey -in "$out/client-finance.key" -pubout -outform DER |
       openssl dgst -sha256 -binary | openssl base64 -A)
printf 'Define MTLS_CR_FINANCE_SHA256 sha256:%s\nDefine MTLS_CR_FINANCE_SPKI sha256:%s\n' \
    "${fp#*=}" "$spki" >"$out/certreq-digests.conf"

# certificates with hostile names, built from raw DER
sh "$(dirname "$0")/make-hostile.sh" "$out"
