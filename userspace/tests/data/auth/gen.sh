#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Generates the certificates of the l2tpsecd authentication tests
# (tests/ikev2/test_auth.c). Run once by hand (openssl 3 CLI); the output is
# committed. Everything but expired.pem is valid for 20 years. The private
# keys are test material only (public in the repository): never use them.
#
#   ca.pem            root CA "l2tpsec test root" (RSA 2048, self-signed)
#   ca.crl            CRL of the root CA, listing revoked.pem
#   inter.pem         intermediate CA (ECDSA P-256) signed by the root; no CRL
#   rsa.pem/.key      RSA 2048 end entity (root), SAN DNS rsa.example.org,
#                     email rsa@example.org, IP 192.0.2.1, IP 2001:db8::1
#   ec256.pem/.key    ECDSA P-256 end entity (root), SAN DNS ec256.example.org,
#                     IP 192.0.2.2
#   ec384.pem/.key    ECDSA P-384 end entity (intermediate), SAN DNS
#                     ec384.example.org; ec384-chain.pem = ec384.pem + inter.pem
#   revoked.pem/.key  ECDSA P-256 (root), revoked in ca.crl
#   expired.pem/.key  ECDSA P-256 (root), valid 2020-01-01 .. 2021-01-01 only
#   untrusted.pem/.key ECDSA P-256 signed by untrusted-ca.pem (not a trust anchor)
#   usage-*.pem/.key  ECDSA P-256 end entities (root, serials 0x2001..), SAN
#                     DNS usage-NAME.example.org, differing only in keyUsage
#                     and extendedKeyUsage: eku-server (serverAuth),
#                     eku-client (clientAuth), eku-ipsec (ipsecIKE), eku-any
#                     (anyExtendedKeyUsage), eku-email (emailProtection
#                     only: refused), ku-encipher (keyUsage keyEncipherment
#                     only: refused), no-ku (neither extension: accepted)
#
# "sh gen.sh usage" makes only the usage-*.pem set, with the CA already here.
set -e
cd "$(dirname "$0")"
DAYS=7300
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# usage NAME SERIAL EXTENSIONS...: a P-256 end entity of the root CA
usage() {
	n=usage-$1 serial=$2
	shift 2
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$n.key"
	{ echo "basicConstraints = CA:false"; echo "subjectAltName = DNS:$n.example.org";
	  for e in "$@"; do echo "$e"; done; } > "$W/$n.ext"
	openssl req -new -key "$n.key" -subj "/O=l2tpsec test/CN=$n.example.org" -out "$W/$n.csr"
	openssl x509 -req -in "$W/$n.csr" -CA ca.pem -CAkey ca.key -set_serial "$serial" \
		-days $DAYS -sha256 -extfile "$W/$n.ext" -out "$n.pem"
}

usage_set() {
	usage eku-server 0x2001 "keyUsage = critical, digitalSignature" \
		"extendedKeyUsage = serverAuth"
	usage eku-client 0x2002 "keyUsage = critical, digitalSignature" \
		"extendedKeyUsage = clientAuth"
	usage eku-ipsec 0x2003 "keyUsage = critical, digitalSignature" \
		"extendedKeyUsage = 1.3.6.1.5.5.7.3.17"
	usage eku-any 0x2004 "keyUsage = critical, digitalSignature" \
		"extendedKeyUsage = anyExtendedKeyUsage"
	usage eku-email 0x2005 "keyUsage = critical, digitalSignature" \
		"extendedKeyUsage = emailProtection"
	usage ku-encipher 0x2006 "keyUsage = critical, keyEncipherment"
	usage no-ku 0x2007
}

if [ "$1" = usage ]; then
	usage_set
	exit 0
fi

cat > "$W/ca.cnf" <<CNF
[ ca ]
default_ca = tca
[ tca ]
dir = $W
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
policy = pol
copy_extensions = copy
unique_subject = no
[ pol ]
organizationName = optional
commonName = supplied
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_ee ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

# $1 = CA name (ca, inter, untrusted-ca): a directory state per CA
castate() {
	mkdir -p "$W/$1"
	[ -f "$W/$1/index.txt" ] || { : > "$W/$1/index.txt"; echo 1000 > "$W/$1/serial";
				       echo 01 > "$W/$1/crlnumber"; }
	sed "s|^dir = .*|dir = $W/$1|" "$W/ca.cnf" > "$W/$1/ca.cnf"
}

# issue NAME CA SUBJECT-CN EXT [SAN] [extra ca args...]
issue() {
	n=$1 ca=$2 cn=$3 ext=$4 san=$5
	shift 5
	castate "$ca"
	if [ -n "$san" ]; then
		openssl req -new -key "$n.key" -subj "/O=l2tpsec test/CN=$cn" \
			-addext "subjectAltName=$san" -out "$W/$n.csr"
	else
		openssl req -new -key "$n.key" -subj "/O=l2tpsec test/CN=$cn" -out "$W/$n.csr"
	fi
	openssl ca -batch -config "$W/$ca/ca.cnf" -cert "$ca.pem" -keyfile "$ca.key" \
		-extensions "$ext" -notext -in "$W/$n.csr" -out "$n.pem" "$@"
}

ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$2" -out "$1.key"; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key
openssl req -x509 -new -key ca.key -subj "/O=l2tpsec test/CN=l2tpsec test root" \
	-days $DAYS -sha256 -config "$W/ca.cnf" -extensions v3_ca -out ca.pem
ec untrusted-ca P-256
openssl req -x509 -new -key untrusted-ca.key -subj "/O=l2tpsec test/CN=untrusted root" \
	-days $DAYS -sha256 -config "$W/ca.cnf" -extensions v3_ca -out untrusted-ca.pem

ec inter P-256
issue inter ca "l2tpsec test intermediate" v3_ca "" -days $DAYS

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key
issue rsa ca rsa.example.org v3_ee \
	"DNS:rsa.example.org,email:rsa@example.org,IP:192.0.2.1,IP:2001:db8::1" -days $DAYS
ec ec256 P-256
issue ec256 ca ec256.example.org v3_ee "DNS:ec256.example.org,IP:192.0.2.2" -days $DAYS
ec ec384 P-384
issue ec384 inter ec384.example.org v3_ee "DNS:ec384.example.org" -days $DAYS
cat ec384.pem inter.pem > ec384-chain.pem
ec revoked P-256
issue revoked ca revoked.example.org v3_ee "DNS:revoked.example.org" -days $DAYS
ec expired P-256
issue expired ca expired.example.org v3_ee "DNS:expired.example.org" \
	-startdate 20200101000000Z -enddate 20210101000000Z
ec untrusted P-256
issue untrusted untrusted-ca untrusted.example.org v3_ee "DNS:untrusted.example.org" \
	-days $DAYS

openssl ca -config "$W/ca/ca.cnf" -cert ca.pem -keyfile ca.key -revoke revoked.pem \
	-crl_reason keyCompromise
openssl ca -config "$W/ca/ca.cnf" -cert ca.pem -keyfile ca.key -gencrl -crldays $DAYS \
	-out ca.crl

usage_set
