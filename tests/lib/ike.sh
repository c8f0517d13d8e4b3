# shellcheck shell=bash
# IKE test helpers: strongSwan's charon (several instances at once, one per
# namespace) and l2tpsecd, with config generators for both sides that take
# the same KEY=VALUE words, so one line of a test describes a connection
# for either peer. Source after netns.sh and stock.sh:
#
#   . "$(dirname "$0")/../lib/netns.sh"
#   . "$(dirname "$0")/../lib/stock.sh"
#   . "$(dirname "$0")/../lib/ike.sh"
#
# charon instances (NS NAME identifies one; its files are in
# $IKE_ROOT/NS-NAME/: strongswan.conf, swanctl/ (SWANCTL_DIR), charon.vici,
# charon.log, run/):
#   charon_start NS NAME [KEY=VALUE...]  start charon in NS (extra charon.KEY
#                                        settings, e.g. retransmit_tries=2)
#   charon_conf NS NAME <<EOF ... EOF    write its swanctl.conf (from stdin;
#                                        "# crl: FILE" lines: CRLs to load)
#   swanctl NS NAME ARGS...              swanctl against that instance
#   charon_load NS NAME                  swanctl --load-all, fails loudly
#   charon_initiate NS NAME CHILD [S]    swanctl --initiate --child CHILD
#   charon_wait_sa NS NAME [TIMEOUT] [CHILD]  until an IKE SA is ESTABLISHED
#                                        and a child INSTALLED (default 30 s)
#   charon_has_sa NS NAME [CHILD]        the same test, once (status only)
#   charon_stop NS NAME [SIGNAL]         stop it (TERM: deletes its SAs)
#   charon_pid NS NAME / charon_log NS NAME
# Config generators (print text):
#   swanctl_conn NAME KEY=VALUE...       connections/secrets/authorities
#                                        for swanctl.conf (keys below)
#   l2tpsecd_conf NS NAME CONN KEY=VALUE...  write $IKE_ROOT/NS-NAME/
#                                        l2tpsecd.conf (global + conn CONN)
#   l2tpsecd_conn_add NS NAME CONN KEY=VALUE...  append one more conn
# l2tpsecd instances (same NS NAME scheme):
#   l2tpsecd_check NS NAME               `l2tpsecd -n` on its config
#   l2tpsecd_start NS NAME               `l2tpsecd -f -c FILE` in NS
#   l2tpsecd_stop NS NAME [SIGNAL]       stop it; status = its exit status
#   l2tpsecd_pid NS NAME / l2tpsecd_rss_kb NS NAME
#   l2tpsecd_show NS NAME                `l2tpsec -S SOCK show ike --json`
#   l2tpsecd_wait_sa NS NAME [TIMEOUT]   until an ESTABLISHED IKE SA with an
#                                        active child carrying L2TP
#   l2tpsec_sa_count NS                  SAs in the module (`sa show --json`)
#   l2tpsec_sa_check WHAT NS MIN ALG ENCAP  module SAs: counters, alg, encap
# Either kind of peer (KIND = charon | l2tpsecd; connection "l2tp"):
#   ike_peer KIND NS NAME KEY=VALUE...   configure and start
#   ike_peer_wait / ike_peer_stop / ike_peer_pw / ike_peer_sa_check (below)
# Certificates, data plane, layouts:
#   ike_certs DIR                        CA, gateways a (RSA) / b (ECDSA
#                                        P-256), revoked r + CRL (see there)
#   ike_cert_add NAME TYPE SIZE DN SERIAL SAN...  one more from that CA
#   ike_pw_stock NS LOCAL PEER TID PTID SID PSID ADDR  stock `ip l2tp`
#                                        pseudowire IKE_PW_IF, MTU IKE_PW_MTU
#   ike_pw_addr NS IFNAME ADDR [TIMEOUT] address an interface l2tpsecd
#                                        creates, once it exists
#   ike_iperf WHAT CLIENT_NS SERVER_NS ADDR [SECONDS]  one iperf3 TCP run
#   ike_xfrm_states NS                   "src dst spi packets bytes encap"
#   ike_xfrm_check WHAT NS MIN_PACKETS espinudp|none  every ESP state of
#                                        NS counted >= MIN_PACKETS, encap as
#                                        given, and there are >= 2 of them
#   ike_setup_two_ns / ike_setup_nat_ns / ike_setup_nat_ns2  setup_two_ns /
#                                        setup_nat_ns / setup_nat_ns2 plus
#                                        the crypto modules charon needs
#   ike_setup_flood_ns NS PREFIX         a namespace nsf linked to NS; NS
#                                        routes PREFIX into it (replies to
#                                        spoofed sources die there)
#   ike_log_add LABEL FILE               print FILE (tail) if the test fails
#   ike_gone PID                         the process exited (zombies too)
#
# Connection keys (swanctl_conn and l2tpsecd_conf take the same words; the
# l2tpsecd spelling of the config file, Documentation/l2tpsecd.md):
#   local remote (address or "any")  local-id remote-id (fqdn:X email:X
#   ip:A dn:"C=.., CN=.." keyid:HEX)  auth psk|cert  psk  cert key
#   ca crl  ike esp (strongSwan proposal syntax)  ike-lifetime lifetime
#   lifebytes  dpd dpd-timeout  encap auto|yes|no  start initiate|listen
#   tunnel-id peer-tunnel-id session-id peer-session-id ifname mtu (l2tp)
# version 1|2 (default 2; l2tpsecd: written only when given): 1 = IKEv1,
# main mode + quick mode (charon: aggressive = no; default proposals
# aes256-sha256-modp2048 / aes256-sha256), transport mode on udp/PORT as
# for IKEv2.  weak yes|no (l2tpsecd only; swanctl_conn ignores it).
# swanctl_conn also: child=NAME (default: NAME), port=1701, and raw
# swanctl settings conn.KEY=V child.KEY=V local.KEY=V remote.KEY=V.
# l2tpsecd_conf also passes every other global or conn keyword through
# (cookie-threshold, half-open-per-source, retransmit-timeout, keepalive,
# replay-window, cookie/peer-cookie/port/seq in l2tp {}, ...).

IKE_CHARON=${IKE_CHARON:-/usr/lib/ipsec/charon}
IKE_PLUGIN_DIR=${IKE_PLUGIN_DIR:-/usr/lib/ipsec/plugins}
IKE_SWANCTL=${IKE_SWANCTL:-/usr/sbin/swanctl}
IKE_PKI=${IKE_PKI:-/usr/bin/pki}
IKE_L2TPSECD=${IKE_L2TPSECD:-$REPO/userspace/l2tpsecd}
IKE_FLOOD=${IKE_FLOOD:-$TOOLS_DIR/ikeflood}
IKE_ROOT=${IKE_ROOT:-$SCRATCH/ike}
# What charon loads (charon_start fails unless every one is loaded).
# openssl: ECDSA, ECP groups; gcm: AES-GCM for IKE (libstrongswan-standard-
# plugins); curve25519, chapoly (libstrongswan-extra-plugins); the rest is
# libstrongswan / strongswan-libcharon.
IKE_PLUGINS=${IKE_PLUGINS:-random nonce aes sha1 sha2 hmac gcm chapoly curve25519 gmp openssl
x509 pem pkcs1 pkcs8 pubkey revocation constraints kdf drbg kernel-netlink socket-default vici}
IKE_SWANCTL_PLUGINS="random nonce sha1 sha2 hmac gmp openssl curve25519 x509 pem pkcs1 pkcs8 pubkey revocation constraints drbg"
# charon's log levels per subsystem (strongswan.conf(5) charon.filelog).
IKE_CHARON_DEBUG=${IKE_CHARON_DEBUG:-default = 1
ike = 2
cfg = 2
chd = 2
knl = 2
net = 1
enc = 1}
# The L2TPv3 pseudowire of the charon side (stock `ip l2tp`).
IKE_PW_IF=${IKE_PW_IF:-l2tpeth0}
IKE_PW_MTU=${IKE_PW_MTU:-1350}
IKE_L2TP_PORT=${IKE_L2TP_PORT:-1701}
# Tail length of each registered log printed on failure.
IKE_LOG_LINES=${IKE_LOG_LINES:-150}
export IKE_ROOT

# Per test: nothing left over from the previous one (guest scratch only:
# netns.sh refused to run outside the VM).
rm -rf "$IKE_ROOT"
mkdir -p "$IKE_ROOT"

# ------------------------------------------------------- failure output --
__IKE_LOGS=()
# ike_log_add LABEL FILE: show the last IKE_LOG_LINES lines of FILE when the
# test fails (registered once per label).
ike_log_add() {
	local e
	for e in "${__IKE_LOGS[@]}"; do
		[[ "${e%%|*}" == "$1" ]] && return 0
	done
	__IKE_LOGS+=("$1|$2")
}
# ike_dump_logs: print every registered log (to stderr).
ike_dump_logs() {
	local e label file
	for e in "${__IKE_LOGS[@]}"; do
		label=${e%%|*}
		file=${e#*|}
		[[ -s "$file" ]] || continue
		echo "# ---- $label: $file (last $IKE_LOG_LINES lines)"
		tail -n "$IKE_LOG_LINES" "$file" | sed 's/^/# /'
	done >&2
}
__ike_exit() {
	local rc=$?
	((rc == 0)) || ike_dump_logs
	(exit "$rc")
	__lib_cleanup
}
trap __ike_exit EXIT
# run-tests.sh's timeout sends TERM: still clean up and show the logs.
trap 'echo "# interrupted" >&2; exit 143' TERM INT

# ---------------------------------------------------------------- checks --
# ike_require: the strongSwan pieces the helpers use are installed.
ike_require() {
	local p
	[[ -x "$IKE_CHARON" ]] || fail "$IKE_CHARON missing (strongswan-charon; scripts/install-deps.sh)"
	[[ -x "$IKE_SWANCTL" ]] || fail "$IKE_SWANCTL missing (strongswan-swanctl)"
	[[ -x "$IKE_PKI" ]] || fail "$IKE_PKI missing (strongswan-pki)"
	for p in $IKE_PLUGINS; do
		[[ -e "$IKE_PLUGIN_DIR/libstrongswan-$p.so" ]] ||
			fail "strongSwan plugin $p missing ($IKE_PLUGIN_DIR/libstrongswan-$p.so;" \
				"gcm, openssl: libstrongswan-standard-plugins;" \
				"curve25519, chapoly: libstrongswan-extra-plugins)"
	done
}

# ike_load_modules: what the kernel needs for charon's SAs (on top of
# load_modules): the AEAD and CBC/HMAC templates; built-ins are fine.
ike_load_modules() {
	local m
	for m in gcm ghash_generic chacha20poly1305 authenc authencesn cbc \
		sha1_generic sha256_generic sha512_generic echainiv seqiv; do
		modprobe -q "$m" 2>/dev/null || true
	done
}

ike_setup_two_ns() {
	setup_two_ns
	ike_load_modules
}

ike_setup_nat_ns() {
	setup_nat_ns
	ike_load_modules
}

ike_setup_nat_ns2() {
	setup_nat_ns2
	ike_load_modules
}

# ike_setup_flood_ns NS PREFIX: namespace nsf, veth NS/fl0 10.98.0.1/30 <->
# nsf/fl1 10.98.0.2/30; nsf reaches NS's other addresses through fl0; NS
# routes PREFIX (the flood's spoofed sources) into nsf, which does not
# forward, so the replies die there. Sets IKE_FLOOD_NS=nsf.
ike_setup_flood_ns() {
	local ns=$1 prefix=$2
	ns_create nsf
	ns_link "$ns" fl0 10.98.0.1/30 nsf fl1 10.98.0.2/30
	ip -n nsf route add default via 10.98.0.1
	ip -n "$ns" route add "$prefix" via 10.98.0.2
	ns_exec nsf sysctl -qw net.ipv4.ip_forward=0
	IKE_FLOOD_NS=nsf
}

# ----------------------------------------------------------- certificates --
# ike_certs DIR: a test PKI, made with `pki` at test time (PEM everywhere,
# private keys PKCS#8):
#   ca.pem ca.key   RSA 2048 CA "C=CH, O=l2tpsec test, CN=l2tpsec test CA"
#   a.pem a.key     RSA 2048, CN=a.example, SAN a.example, 10.0.0.1,
#                   172.16.0.2 (serial 0a)
#   b.pem b.key     ECDSA P-256, CN=b.example, SAN b.example, 10.0.0.2
#                   (serial 0b)
#   r.pem r.key     ECDSA P-256, CN=r.example, SAN r.example, 10.0.0.1,
#                   172.16.0.2 (serial 0c), revoked in crl.pem
#   crl.pem         the CA's CRL (revokes serial 0c: key compromise)
# Sets IKE_CERTS=DIR. Subject DNs: IKE_DN_A, IKE_DN_B, IKE_DN_R.
# More certificates from the same CA: ike_cert_add (below).
IKE_DN_A="C=CH, O=l2tpsec test, CN=a.example"
IKE_DN_B="C=CH, O=l2tpsec test, CN=b.example"
IKE_DN_R="C=CH, O=l2tpsec test, CN=r.example"
ike_certs() {
	local dir=$1 conf
	mkdir -p "$dir"
	conf=$dir/pki.conf
	cat >"$conf" <<-EOF
		pki {
			load = $IKE_SWANCTL_PLUGINS
		}
	EOF
	__pki() { STRONGSWAN_CONF=$conf "$IKE_PKI" "$@" 2>>"$dir/pki.err"; }
	__ike_key() { # FILE TYPE SIZE: generate, then PKCS#8
		__pki --gen --type "$2" --size "$3" --outform pem >"$1.raw" &&
			openssl pkey -in "$1.raw" -out "$1" 2>>"$dir/pki.err" &&
			rm -f "$1.raw"
	}
	__ike_issue() { # NAME DN SERIAL SAN...
		local name=$1 dn=$2 serial=$3 san args=()
		shift 3
		for san in "$@"; do args+=(--san "$san"); done
		__pki --pub --in "$dir/$name.key" --type priv |
			__pki --issue --cacert "$dir/ca.pem" --cakey "$dir/ca.key" \
				--dn "$dn" "${args[@]}" --serial "$serial" --lifetime 30 \
				--flag serverAuth --flag clientAuth --outform pem >"$dir/$name.pem"
	}
	: >"$dir/pki.err"
	{
		__ike_key "$dir/ca.key" rsa 2048 &&
			__pki --self --ca --in "$dir/ca.key" --type priv --lifetime 30 \
				--dn "C=CH, O=l2tpsec test, CN=l2tpsec test CA" --outform pem >"$dir/ca.pem" &&
			__ike_key "$dir/a.key" rsa 2048 &&
			__ike_issue a "$IKE_DN_A" 0a a.example 10.0.0.1 172.16.0.2 &&
			__ike_key "$dir/b.key" ecdsa 256 &&
			__ike_issue b "$IKE_DN_B" 0b b.example 10.0.0.2 &&
			__ike_key "$dir/r.key" ecdsa 256 &&
			__ike_issue r "$IKE_DN_R" 0c r.example 10.0.0.1 172.16.0.2 &&
			__pki --signcrl --cacert "$dir/ca.pem" --cakey "$dir/ca.key" --lifetime 30 \
				--reason key-compromise --cert "$dir/r.pem" --outform pem >"$dir/crl.pem"
	} || fail "ike_certs: pki failed: $(cat "$dir/pki.err")"
	openssl verify -CAfile "$dir/ca.pem" "$dir/a.pem" "$dir/b.pem" >/dev/null ||
		fail "ike_certs: the generated certificates do not verify"
	if openssl verify -crl_check -CRLfile "$dir/crl.pem" -CAfile "$dir/ca.pem" \
		"$dir/r.pem" >/dev/null 2>&1; then
		fail "ike_certs: r.pem is not revoked by crl.pem"
	fi
	IKE_CERTS=$dir
}

# ike_cert_add NAME TYPE SIZE DN SERIAL SAN...: one more end-entity
# certificate from the CA of ike_certs (run that first): IKE_CERTS/NAME.pem
# and NAME.key, key TYPE (rsa|ecdsa) of SIZE bits, same flags and lifetime.
ike_cert_add() {
	# __pki, __ike_key, __ike_issue (defined by ike_certs) read dir and conf
	local dir=${IKE_CERTS:?ike_cert_add: run ike_certs first} name=$1 type=$2 size=$3
	local conf=$dir/pki.conf
	shift 3
	{ __ike_key "$dir/$name.key" "$type" "$size" && __ike_issue "$name" "$@"; } ||
		fail "ike_cert_add $name: pki failed: $(cat "$dir/pki.err")"
	openssl verify -CAfile "$dir/ca.pem" "$dir/$name.pem" >/dev/null ||
		fail "ike_cert_add: $name.pem does not verify"
}

# ---------------------------------------------------------------- ids ----
# ike_id_swanctl ID: the l2tpsecd identity notation as a swanctl id.
#   fqdn:X -> X, email:X -> email:X, ip:A -> A, dn:"C=.." -> "C=..",
#   keyid:HEX -> keyid:#HEX; anything else unchanged.
ike_id_swanctl() {
	local id=$1 v
	case "$id" in
	fqdn:*) echo "${id#fqdn:}" ;;
	email:*) echo "$id" ;;
	ip:*) echo "${id#ip:}" ;;
	dn:*)
		v=${id#dn:}
		v=${v#\"}
		echo "\"${v%\"}\""
		;;
	keyid:*) echo "keyid:#${id#keyid:}" ;;
	*) echo "$id" ;;
	esac
}

# -------------------------------------------------------------- charon ---
# charon_dir NS NAME: the instance's directory.
charon_dir() { echo "$IKE_ROOT/$1-$2"; }

__ike_swanctl_env() {
	local d=$1
	echo "STRONGSWAN_CONF=$d/strongswan.conf SWANCTL_DIR=$d/swanctl"
}

# charon_start NS NAME [KEY=VALUE...]: write the instance's strongswan.conf
# (plugins IKE_PLUGINS, vici socket and log in the instance directory,
# extra charon.KEY = VALUE settings from the arguments) and start charon in
# NS inside a private mount namespace whose /run is the instance's run/
# (charon's pid file is the compiled-in /var/run/charon.pid: two instances
# in one /run would refuse to start). Waits for the vici socket.
charon_start() {
	local ns=$1 name=$2 d kv extra="" pid loaded p
	shift 2
	d=$(charon_dir "$ns" "$name")
	rm -rf "$d/run" "$d/charon.vici" "$d/charon.log"
	mkdir -p "$d/run" "$d/swanctl"/{conf.d,x509,x509ca,x509crl,x509ocsp,x509aa,x509ac,private,rsa,ecdsa,pkcs8,pkcs12,pubkey,bliss}
	[[ -f "$d/swanctl/swanctl.conf" ]] || : >"$d/swanctl/swanctl.conf"
	for kv in "$@"; do
		[[ "$kv" == *=* ]] || fail "charon_start: '$kv' is not KEY=VALUE"
		extra+="	${kv%%=*} = ${kv#*=}"$'\n'
	done
	cat >"$d/strongswan.conf" <<-EOF
		# charon instance $name in $ns (tests/lib/ike.sh)
		charon {
			load_modular = no
			load = ${IKE_PLUGINS//$'\n'/ }
			install_routes = no
			install_virtual_ip = no
			retransmit_timeout = 1.5
			retransmit_base = 1.4
			retransmit_tries = 4
			filelog {
				test {
					path = $d/charon.log
					time_format = %T
					time_add_ms = yes
					ike_name = yes
					append = no
					flush_line = yes
					$IKE_CHARON_DEBUG
				}
			}
			plugins {
				vici {
					socket = unix://$d/charon.vici
				}
			}
		$extra}
		swanctl {
			load = $IKE_SWANCTL_PLUGINS
			socket = unix://$d/charon.vici
		}
		pki {
			load = $IKE_SWANCTL_PLUGINS
		}
	EOF
	ike_log_add "charon $ns/$name" "$d/charon.log"
	ike_log_add "charon $ns/$name stdout/stderr" "$d/charon.out"
	# ip netns exec, unshare and sh all exec: $! is charon's pid.
	ip netns exec "$ns" unshare --mount --propagation private \
		sh -c 'mount --bind "$1" /run && shift && exec "$@"' sh "$d/run" \
		env STRONGSWAN_CONF="$d/strongswan.conf" "$IKE_CHARON" >"$d/charon.out" 2>&1 &
	pid=$!
	__BG_PIDS+=("$pid")
	echo "$pid" >"$d/pid"
	if ! wait_for 30 swanctl "$ns" "$name" --stats; then
		! ike_gone "$pid" || fail "charon $ns/$name exited at start"
		fail "charon $ns/$name: no answer on its vici socket after 30 s"
	fi
	# Plugins that fail to load are only warnings to charon: check them.
	loaded=" $(swanctl "$ns" "$name" --stats | sed -n 's/^loaded plugins: //p') "
	for p in $IKE_PLUGINS; do
		[[ "$loaded" == *" $p "* ]] || fail "charon $ns/$name: plugin $p not loaded (loaded:$loaded)"
	done
}

# charon_pid NS NAME
charon_pid() { cat "$(charon_dir "$1" "$2")/pid"; }

# charon_log NS NAME: path of its log file.
charon_log() { echo "$(charon_dir "$1" "$2")/charon.log"; }

# ike_gone PID: the process has exited (a zombie child of ours counts).
ike_gone() {
	local st
	kill -0 "$1" 2>/dev/null || return 0
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
	[[ "${st%% *}" == Z ]]
}

# charon_stop NS NAME [SIGNAL]: signal it (TERM: deletes its SAs and
# policies, KILL: a dead peer) and wait until it is gone.
charon_stop() {
	local pid sig=${3:-TERM}
	pid=$(charon_pid "$1" "$2")
	kill "-$sig" "$pid" 2>/dev/null || return 0
	wait_for 15 ike_gone "$pid" || kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

# charon_conf NS NAME: the instance's swanctl.conf from stdin. Lines
# "# crl: FILE" and "# private: FILE" (from swanctl_conn crl=, key=) copy
# FILE into its swanctl x509crl/ or private/ directory, where swanctl
# --load-all finds CRLs and private keys (swanctl.conf cannot name them).
charon_conf() {
	local d what f
	d=$(charon_dir "$1" "$2")
	mkdir -p "$d/swanctl/x509crl" "$d/swanctl/private"
	cat >"$d/swanctl/swanctl.conf"
	while read -r what f; do
		case "$what" in
		crl:) cp "$f" "$d/swanctl/x509crl/" || fail "charon_conf: cannot copy CRL $f" ;;
		private:) cp "$f" "$d/swanctl/private/" || fail "charon_conf: cannot copy key $f" ;;
		esac
	done < <(sed -n 's/^# \(crl\|private\): /\1: /p' "$d/swanctl/swanctl.conf")
}

# swanctl NS NAME ARGS...: swanctl for that instance (its vici socket, its
# SWANCTL_DIR, its strongswan.conf). The socket is a path, so NS does not
# matter; it names the instance.
swanctl() {
	local d cmd=$3
	d=$(charon_dir "$1" "$2")
	shift 3
	env STRONGSWAN_CONF="$d/strongswan.conf" SWANCTL_DIR="$d/swanctl" \
		"$IKE_SWANCTL" "$cmd" --uri "unix://$d/charon.vici" "$@"
}

# charon_load NS NAME: swanctl --load-all (connections, secrets, certs,
# CRLs, authorities); fails the test on any error.
charon_load() {
	local out rc=0
	out=$(swanctl "$1" "$2" --load-all --noprompt 2>&1) || rc=$?
	echo "$out" >"$(charon_dir "$1" "$2")/load-all.out"
	if ((rc != 0)) || grep -qiE 'fail|error' <<<"$out"; then
		fail "swanctl --load-all for charon $1/$2 (status $rc):"$'\n'"$out"
	fi
}

# charon_initiate NS NAME CHILD [TIMEOUT]: initiate CHILD (and its IKE SA)
# and wait for the result; status 0 when it was established.
charon_initiate() {
	local d out rc=0
	d=$(charon_dir "$1" "$2")
	out=$(swanctl "$1" "$2" --initiate --child "$3" --timeout "${4:-30}" 2>&1) || rc=$?
	echo "$out" >"$d/initiate-$3.out"
	return "$rc"
}

# charon_has_sa NS NAME [CHILD]: an ESTABLISHED IKE SA with an INSTALLED
# child (named CHILD, if given) right now.
charon_has_sa() {
	local out
	out=$(swanctl "$1" "$2" --list-sas 2>/dev/null) || return 1
	grep -q ', ESTABLISHED, ' <<<"$out" || return 1
	grep -qE "^ +${3:-[^ ]+}: #[0-9]+, reqid [0-9]+, INSTALLED," <<<"$out"
}

# charon_wait_sa NS NAME [TIMEOUT] [CHILD]: wait for charon_has_sa, fail
# the test (showing --list-sas) after TIMEOUT seconds (default 30).
charon_wait_sa() {
	local ns=$1 name=$2 t=${3:-30} child=${4:-}
	wait_for "$t" charon_has_sa "$ns" "$name" "$child" ||
		fail "charon $ns/$name: no established SA${child:+ with child $child} after ${t}s:"$'\n'"$(swanctl "$ns" "$name" --list-sas 2>&1)"
}

# charon_child_count NS NAME: INSTALLED child SAs right now.
charon_child_count() {
	swanctl "$1" "$2" --list-sas 2>/dev/null | grep -cE '^ +[^ ]+: #[0-9]+, reqid [0-9]+, INSTALLED,' || true
}

# --------------------------------------------------- config generators ---
# __ike_kv KEY=VALUE...: parse into the associative array IKE_KV (keys
# checked by the caller).
__ike_kv() {
	local kv
	IKE_KV=()
	for kv in "$@"; do
		[[ "$kv" == *=* ]] || fail "'$kv' is not KEY=VALUE"
		IKE_KV[${kv%%=*}]=${kv#*=}
	done
}
declare -gA IKE_KV

# swanctl_conn NAME KEY=VALUE...: (print) a connection NAME with one transport-mode
# child (default name NAME) for L2TP (local_ts = remote_ts =
# dynamic[udp/PORT]), its PSK in secrets, its CA in authorities, and
# "# crl: FILE" / "# private: FILE" lines for charon_conf. Required: local,
# remote, auth. Defaults: ike aes128gcm16-prfsha256-x25519, esp aes128gcm16,
# ike-lifetime 4h, lifetime 1h, dpd 30s, encap auto (charon: no), no MOBIKE,
# no reauthentication, start listen (start=initiate: start_action = start).
# It runs in $(...): check its status, e.g. conf=$(swanctl_conn ...) || exit 1.
swanctl_conn() {
	local name=$1 k v child lid rid auth encap start
	shift
	__ike_kv "$@"
	for k in "${!IKE_KV[@]}"; do
		case "$k" in
		local | remote | local-id | remote-id | auth | psk | cert | key | ca | crl | ike | esp | \
			version | weak | ike-lifetime | lifetime | lifebytes | dpd | dpd-timeout | encap | start | \
			tunnel-id | peer-tunnel-id | session-id | peer-session-id | ifname | mtu | child | port | \
			conn.* | child.* | local.* | remote.*) ;;
		*) fail "swanctl_conn: unknown key $k" ;;
		esac
	done
	[[ -n "${IKE_KV[local]:-}" && -n "${IKE_KV[remote]:-}" && -n "${IKE_KV[auth]:-}" ]] ||
		fail "swanctl_conn $name: local, remote and auth are required"
	child=${IKE_KV[child]:-$name}
	auth=${IKE_KV[auth]}
	[[ "$auth" == psk || "$auth" == cert ]] || fail "swanctl_conn: auth $auth (psk|cert)"
	[[ "$auth" == cert ]] && auth=pubkey
	lid=${IKE_KV[local-id]:+$(ike_id_swanctl "${IKE_KV[local-id]}")}
	rid=${IKE_KV[remote-id]:+$(ike_id_swanctl "${IKE_KV[remote-id]}")}
	case "${IKE_KV[encap]:-auto}" in
	yes) encap=yes ;;
	auto | no) encap=no ;;
	*) fail "swanctl_conn: encap ${IKE_KV[encap]}" ;;
	esac
	case "${IKE_KV[start]:-listen}" in
	initiate) start=start ;;
	listen) start=none ;;
	trap) start="trap" ;;
	*) fail "swanctl_conn: start ${IKE_KV[start]}" ;;
	esac
	local remote=${IKE_KV[remote]} version=${IKE_KV[version]:-2} dike desp
	[[ "$remote" == any ]] && remote=%any
	case "$version" in
	2) dike=aes128gcm16-prfsha256-x25519 desp=aes128gcm16 ;;
	# IKEv1 has no AEAD for the IKE SA in charon
	1) dike=aes256-sha256-modp2048 desp=aes256-sha256 ;;
	*) fail "swanctl_conn: version $version (1|2)" ;;
	esac
	echo "connections {"
	echo "	$name {"
	echo "		version = $version"
	# IKEv1: main mode only (aggressive mode sends the PSK hash in clear)
	[[ "$version" != 1 ]] || echo "		aggressive = no"
	echo "		local_addrs = ${IKE_KV[local]}"
	echo "		remote_addrs = $remote"
	echo "		proposals = ${IKE_KV[ike]:-$dike}"
	echo "		rekey_time = ${IKE_KV[ike-lifetime]:-4h}"
	echo "		reauth_time = 0"
	echo "		dpd_delay = ${IKE_KV[dpd]:-30s}"
	echo "		encap = $encap"
	echo "		mobike = no"
	for k in "${!IKE_KV[@]}"; do
		[[ "$k" == conn.* ]] && echo "		${k#conn.} = ${IKE_KV[$k]}"
	done
	echo "		local {"
	echo "			auth = $auth"
	[[ -z "$lid" ]] || echo "			id = $lid"
	[[ -z "${IKE_KV[cert]:-}" ]] || echo "			certs = ${IKE_KV[cert]}"
	for k in "${!IKE_KV[@]}"; do
		[[ "$k" == local.* ]] && echo "			${k#local.} = ${IKE_KV[$k]}"
	done
	echo "		}"
	echo "		remote {"
	echo "			auth = $auth"
	[[ -z "$rid" ]] || echo "			id = $rid"
	[[ "$auth" != pubkey || -z "${IKE_KV[ca]:-}" ]] || echo "			cacerts = ${IKE_KV[ca]}"
	for k in "${!IKE_KV[@]}"; do
		[[ "$k" == remote.* ]] && echo "			${k#remote.} = ${IKE_KV[$k]}"
	done
	echo "		}"
	echo "		children {"
	echo "			$child {"
	echo "				mode = transport"
	echo "				local_ts = dynamic[udp/${IKE_KV[port]:-$IKE_L2TP_PORT}]"
	echo "				remote_ts = dynamic[udp/${IKE_KV[port]:-$IKE_L2TP_PORT}]"
	echo "				esp_proposals = ${IKE_KV[esp]:-$desp}"
	echo "				rekey_time = ${IKE_KV[lifetime]:-1h}"
	[[ "${IKE_KV[lifebytes]:-0}" == 0 ]] || echo "				rekey_bytes = ${IKE_KV[lifebytes]}"
	echo "				start_action = $start"
	echo "				dpd_action = clear"
	for k in "${!IKE_KV[@]}"; do
		[[ "$k" == child.* ]] && echo "				${k#child.} = ${IKE_KV[$k]}"
	done
	echo "			}"
	echo "		}"
	echo "	}"
	echo "}"
	echo "secrets {"
	if [[ "$auth" == psk ]]; then
		[[ -n "${IKE_KV[psk]:-}" ]] || fail "swanctl_conn $name: auth psk without psk"
		echo "	ike-$name {"
		[[ -z "$lid" ]] || echo "		id-local = $lid"
		[[ -z "$rid" ]] || echo "		id-remote = $rid"
		echo "		secret = \"${IKE_KV[psk]}\""
		echo "	}"
	fi
	echo "}"
	if [[ -n "${IKE_KV[ca]:-}" ]]; then
		echo "authorities {"
		echo "	ca-$name {"
		echo "		cacert = ${IKE_KV[ca]}"
		echo "	}"
		echo "}"
	fi
	[[ -z "${IKE_KV[crl]:-}" ]] || echo "# crl: ${IKE_KV[crl]}"
	[[ "$auth" != pubkey || -z "${IKE_KV[key]:-}" ]] || echo "# private: ${IKE_KV[key]}"
}

# Keywords of the l2tpsecd config file by section (Documentation/l2tpsecd.md).
IKE_L2TPSECD_GLOBAL=" log-level log pidfile control user ike-port natt-port cookie-threshold half-open-per-source half-open-timeout retransmit-timeout retransmit-tries ca crl "
IKE_L2TPSECD_L2TP=" tunnel-id peer-tunnel-id session-id peer-session-id cookie peer-cookie ifname port mtu seq "
# Conn keywords written in this order (others follow, sorted).
IKE_L2TPSECD_CONN_ORDER="version local remote local-id remote-id auth psk psk-file cert key pss ike esp weak ike-lifetime lifetime lifebytes lifepackets margin dpd dpd-timeout encap keepalive replay-window start"

# l2tpsecd_dir NS NAME: the instance's directory.
l2tpsecd_dir() { echo "$IKE_ROOT/$1-$2"; }

# __l2tpsecd_val KEY VALUE: VALUE as the config file wants it (psk quoted).
__l2tpsecd_val() {
	local v=$2
	if [[ "$1" == psk && "$v" != 0x* ]]; then
		v=${v//\\/\\\\}
		v=${v//\"/\\\"}
		echo "\"$v\""
	else
		echo "$v"
	fi
}

# __l2tpsecd_conn CONN KEY=VALUE...: a conn block (IKE_KV already parsed).
__l2tpsecd_conn() {
	local conn=$1 k
	echo "conn $conn {"
	for k in $IKE_L2TPSECD_CONN_ORDER; do
		[[ -n "${IKE_KV[$k]+x}" ]] && echo "	$k $(__l2tpsecd_val "$k" "${IKE_KV[$k]}")"
	done
	for k in $(printf '%s\n' "${!IKE_KV[@]}" | sort); do
		[[ " $IKE_L2TPSECD_CONN_ORDER " == *" $k "* ]] && continue
		[[ "$IKE_L2TPSECD_GLOBAL$IKE_L2TPSECD_L2TP" == *" $k "* ]] && continue
		echo "	$k ${IKE_KV[$k]}"
	done
	# no tunnel-id: a conn without pseudowire (e.g. remote any)
	if [[ -n "${IKE_KV[tunnel-id]+x}" ]]; then
		echo "	l2tp {"
		for k in $IKE_L2TPSECD_L2TP; do
			[[ -n "${IKE_KV[$k]+x}" ]] && echo "		$k ${IKE_KV[$k]}"
		done
		echo "	}"
	fi
	echo "}"
}

# l2tpsecd_conf NS NAME CONN KEY=VALUE...: write the l2tpsecd.conf of
# instance NS/NAME: global keywords (defaults: log-level debug, log stderr,
# pidfile and control socket in the instance directory; ca and crl given
# as ca=FILE crl=FILE, one each) then `conn CONN { ... l2tp { ... } }`
# with the conn and l2tp keywords (see the top of this file). Values are
# written as given (psk is quoted; dn: ids must carry their quotes).
l2tpsecd_conf() {
	local ns=$1 name=$2 conn=$3 d k
	shift 3
	d=$(l2tpsecd_dir "$ns" "$name")
	mkdir -p "$d"
	__ike_kv "$@"
	{
		echo "# l2tpsecd instance $name in $ns (tests/lib/ike.sh)"
		echo "log-level ${IKE_KV[log-level]:-debug}"
		echo "log ${IKE_KV[log]:-stderr}"
		echo "pidfile ${IKE_KV[pidfile]:-$d/l2tpsecd.pid}"
		echo "control ${IKE_KV[control]:-$d/l2tpsecd.sock}"
		for k in $IKE_L2TPSECD_GLOBAL; do
			case "$k" in log-level | log | pidfile | control) continue ;; esac
			[[ -n "${IKE_KV[$k]+x}" ]] && echo "$k ${IKE_KV[$k]}"
		done
		echo
		__l2tpsecd_conn "$conn"
	} >"$d/l2tpsecd.conf"
	echo "${IKE_KV[control]:-$d/l2tpsecd.sock}" >"$d/control"
}

# l2tpsecd_conn_add NS NAME CONN KEY=VALUE...: append one more conn.
l2tpsecd_conn_add() {
	local ns=$1 name=$2 conn=$3 d
	shift 3
	d=$(l2tpsecd_dir "$ns" "$name")
	__ike_kv "$@"
	{
		echo
		__l2tpsecd_conn "$conn"
	} >>"$d/l2tpsecd.conf"
}

# ------------------------------------------------------------- l2tpsecd --
# l2tpsecd_check NS NAME: `l2tpsecd -n -c FILE` must accept the config.
l2tpsecd_check() {
	local d out rc=0
	d=$(l2tpsecd_dir "$1" "$2")
	require_tool "$IKE_L2TPSECD"
	out=$(ip netns exec "$1" "$IKE_L2TPSECD" -n -c "$d/l2tpsecd.conf" 2>&1) || rc=$?
	((rc == 0)) || fail "l2tpsecd -n rejects $d/l2tpsecd.conf (status $rc):"$'\n'"$out"$'\n'"$(cat -n "$d/l2tpsecd.conf")"
}

# l2tpsecd_start NS NAME: check the config, start `l2tpsecd -f -c FILE` in
# NS (stderr = its log, printed if the test fails), wait for its control
# socket.
l2tpsecd_start() {
	local ns=$1 name=$2 d pid
	d=$(l2tpsecd_dir "$ns" "$name")
	l2tpsecd_check "$ns" "$name"
	ike_log_add "l2tpsecd $ns/$name" "$d/l2tpsecd.log"
	ip netns exec "$ns" "$IKE_L2TPSECD" -f -c "$d/l2tpsecd.conf" >"$d/l2tpsecd.log" 2>&1 &
	pid=$!
	__BG_PIDS+=("$pid")
	echo "$pid" >"$d/pid"
	if ! wait_for 20 test -S "$(cat "$d/control")"; then
		! ike_gone "$pid" || fail "l2tpsecd $ns/$name exited at start"
		fail "l2tpsecd $ns/$name: no control socket $(cat "$d/control") after 20 s"
	fi
}

l2tpsecd_pid() { cat "$(l2tpsecd_dir "$1" "$2")/pid"; }

# l2tpsecd_rss_kb NS NAME: its resident set size (VmRSS, kB).
l2tpsecd_rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$(l2tpsecd_pid "$1" "$2")/status"
}

# l2tpsecd_stop NS NAME [SIGNAL]: signal it (default TERM) and wait at most
# 15 s; status: its exit status (137 if it had to be killed).
l2tpsecd_stop() {
	local pid sig=${3:-TERM} rc=0
	pid=$(l2tpsecd_pid "$1" "$2")
	kill "-$sig" "$pid" 2>/dev/null || return 0
	if ! wait_for 15 ike_gone "$pid"; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 137
	fi
	wait "$pid" 2>/dev/null || rc=$?
	return "$rc"
}

# l2tpsecd_show NS NAME: `l2tpsec -S SOCK show ike --json` of the instance
# (JSON: {half_open, cookies_sent, half_open_rejected, dropped,
# ike_sas: [{conn, state, natt, spi_i, ..., children: [{state, spi_in,
# spi_out, encap, l2tp, ...}]}]}).
l2tpsecd_show() {
	local d
	d=$(l2tpsecd_dir "$1" "$2")
	ip netns exec "$1" "$L2TPSEC" -S "$(cat "$d/control")" show ike --json
}

# l2tpsecd_has_sa NS NAME: an ESTABLISHED IKE SA with an active child that
# carries the L2TP tunnel.
l2tpsecd_has_sa() {
	l2tpsecd_show "$1" "$2" 2>/dev/null | jq -e \
		'[.ike_sas[] | select(.state == "ESTABLISHED") | .children[] |
		  select(.state == "active" and .l2tp)] | length > 0' >/dev/null
}

# l2tpsecd_wait_sa NS NAME [TIMEOUT]: wait for l2tpsecd_has_sa (default
# 30 s), fail showing its state otherwise.
l2tpsecd_wait_sa() {
	local t=${3:-30}
	wait_for "$t" l2tpsecd_has_sa "$1" "$2" ||
		fail "l2tpsecd $1/$2: no established SA after ${t}s:"$'\n'"$(l2tpsecd_show "$1" "$2" 2>&1)"
}

# l2tpsec_sa_count NS: SAs the module holds in NS.
l2tpsec_sa_count() {
	ip netns exec "$1" "$L2TPSEC" sa show --json | jq 'length'
}

# ------------------------------------------------------------ data plane --
# ike_pw_stock NS LOCAL PEER TID PTID SID PSID ADDR/LEN: the stock L2TPv3
# Ethernet pseudowire IKE_PW_IF over whatever SAs charon negotiated (UDP
# IKE_L2TP_PORT both ways), MTU IKE_PW_MTU, no IPv6 chatter.
ike_pw_stock() {
	local ns=$1
	stock_l2tpv3_eth "$ns" "$2" "$3" "$4" "$5" "$6" "$7" "$IKE_PW_IF"
	ns_exec "$ns" sysctl -qw "net.ipv6.conf.$IKE_PW_IF.disable_ipv6=1"
	ip -n "$ns" link set "$IKE_PW_IF" mtu "$IKE_PW_MTU"
	ip -n "$ns" addr add "$8" dev "$IKE_PW_IF"
}

# ike_pw_addr NS IFNAME ADDR/LEN [TIMEOUT]: wait for IFNAME (made by
# l2tpsecd once its child SA is up), then address it and bring it up.
ike_pw_addr() {
	local ns=$1 ifn=$2 addr=$3 t=${4:-30}
	wait_for "$t" ip -n "$ns" link show "$ifn" ||
		fail "$ns: interface $ifn did not appear within ${t}s"
	ns_exec "$ns" sysctl -qw "net.ipv6.conf.$ifn.disable_ipv6=1" || true
	ip -n "$ns" addr add "$addr" dev "$ifn"
	ip -n "$ns" link set "$ifn" up
}

# ike_ping_wait NS ADDR [TIMEOUT]: until one ping is answered (ARP over the
# pseudowire, first packets), then ping_ok NS ADDR 5.
ike_ping_wait() {
	wait_for "${3:-15}" ip netns exec "$1" ping -n -c 1 -W 1 "$2" ||
		fail "ping $2 from $1: no answer within ${3:-15}s"
	ping_ok "$1" "$2" 5
}

# ike_iperf WHAT CLIENT_NS SERVER_NS ADDR [SECONDS] [IPERF ARGS...]: one
# iperf3 run (TCP unless ARGS say otherwise) to a one-shot server; prints
# "# WHAT: N Mbit/s", fails unless it completed at >= 1 Mbit/s
# ($L2S_MIN_BPS bits/s, as l2s_iperf).
ike_iperf() {
	local what=$1 cns=$2 sns=$3 addr=$4 secs=${5:-2} out bps
	shift $(($# < 5 ? $# : 5))
	out=$IKE_ROOT/iperf-$cns-$sns.json
	ip netns exec "$sns" iperf3 -s -1 -D -B "$addr" -p 5201 ||
		fail "$what: iperf3 server in $sns"
	wait_for 10 sh -c "ip netns exec $sns ss -Htln 'sport = :5201' | grep -q ." ||
		fail "$what: iperf3 server in $sns not listening"
	ip netns exec "$cns" iperf3 -c "$addr" -p 5201 -t "$secs" -J "$@" >"$out" ||
		fail "$what: iperf3 failed: $(jq -r '.error // empty' "$out" 2>/dev/null)"
	bps=$(jq -r '(.end.sum_received.bits_per_second // .end.sum.bits_per_second) | floor' "$out")
	log "$what: $((bps / 1000000)) Mbit/s"
	assert_ge "$bps" "${L2S_MIN_BPS:-1000000}" "$what: bits/s"
}

# ike_xfrm_states NS: one line per ESP state of the stock xfrm stack in NS:
# "SRC DST SPI PACKETS BYTES ENCAP" (ENCAP = espinudp or none).
ike_xfrm_states() {
	ip -n "$1" -s xfrm state | awk '
		function out() { if (spi != "") print src, dst, spi, pk + 0, by + 0, enc }
		/^src / { out(); src = $2; dst = $4; spi = ""; pk = 0; by = 0; enc = "none"; cur = 0; next }
		/proto esp spi/ { for (i = 1; i < NF; i++) if ($i == "spi") spi = $(i + 1) }
		/encap type/ { for (i = 1; i < NF; i++) if ($i == "type") enc = $(i + 1) }
		/lifetime current:/ { cur = 1; next }
		cur && /\(bytes\)/ {
			line = $0
			gsub(/[(),a-z]/, " ", line)
			split(line, f, " ")
			by = f[1]; pk = f[2]; cur = 0
		}
		END { out() }'
}

# ike_xfrm_check WHAT NS MIN_PACKETS espinudp|none: NS holds >= 2 ESP
# states, every one counted >= MIN_PACKETS and has the given encapsulation.
ike_xfrm_check() {
	local what=$1 ns=$2 min=$3 enc=$4 n=0 src dst spi pk by e
	while read -r src dst spi pk by e; do
		n=$((n + 1))
		log "$what: $ns SA $src -> $dst spi $spi: $pk packets, $by bytes, encap $e"
		assert_ge "$pk" "$min" "$what: $ns SA $src -> $dst spi $spi packets"
		assert_eq "$e" "$enc" "$what: $ns SA $src -> $dst spi $spi encapsulation"
	done < <(ike_xfrm_states "$ns")
	assert_ge "$n" 2 "$what: ESP states in $ns"
}

# l2tpsec_sa_check WHAT NS MIN_PACKETS ALG ENCAP: the module in NS holds an
# inbound and an outbound SA, all with algorithm ALG (module name, e.g.
# aes-gcm-128) and encapsulation ENCAP (udp|none), inbound ones received
# and outbound ones sent >= MIN_PACKETS, no authentication failures.
l2tpsec_sa_check() {
	local what=$1 ns=$2 min=$3 alg=$4 enc=$5 spi dir a e rx tx bad nin=0 nout=0
	while read -r spi dir a e rx tx bad; do
		log "$what: $ns module SA $spi $dir: $a, encap $e, rx $rx tx $tx packets, drop_auth $bad"
		assert_eq "$a" "$alg" "$what: $ns SA $spi $dir algorithm"
		assert_eq "$e" "$enc" "$what: $ns SA $spi $dir encapsulation"
		assert_eq "$bad" 0 "$what: $ns SA $spi $dir drop_auth"
		if [[ "$dir" == in ]]; then
			nin=$((nin + 1))
			assert_ge "$rx" "$min" "$what: $ns SA $spi in: received packets"
		else
			nout=$((nout + 1))
			assert_ge "$tx" "$min" "$what: $ns SA $spi out: sent packets"
		fi
	done < <(ip netns exec "$ns" "$L2TPSEC" sa show --json | jq -r '.[] |
		"\(.spi) \(.dir) \(.alg) \(.encap) \(.stats.rx_packets // 0) \(.stats.tx_packets // 0) \(.stats.drop_auth // 0)"')
	assert_ge "$nin" 1 "$what: inbound SAs in $ns"
	assert_ge "$nout" 1 "$what: outbound SAs in $ns"
}

# ike_esp_module_alg ESP: the module's algorithm name for an ESP proposal
# the tests use (aes128gcm16 aes256gcm16 chacha20poly1305 aes128-sha256
# aes256-sha256 aes128-sha1 aes256-sha1).
ike_esp_module_alg() {
	case "$1" in
	aes128gcm16) echo aes-gcm-128 ;;
	aes256gcm16) echo aes-gcm-256 ;;
	chacha20poly1305) echo chacha20-poly1305 ;;
	aes128-sha256) echo aes-cbc-128-hmac-sha256 ;;
	aes256-sha256) echo aes-cbc-256-hmac-sha256 ;;
	aes128-sha1) echo aes-cbc-128-hmac-sha1 ;;
	aes256-sha1) echo aes-cbc-256-hmac-sha1 ;;
	*) fail "ike_esp_module_alg: no module algorithm for $1" ;;
	esac
}

# ------------------------------------------------------ either kind of peer --
# The same steps for a peer that is charon (stock xfrm + `ip l2tp`) or
# l2tpsecd (the module); KIND is charon or l2tpsecd, the connection is
# always named "l2tp", the pseudowire interface IKE_PW_IF.
#   ike_peer KIND NS NAME KEY=VALUE...   configure (swanctl_conn or
#                                        l2tpsecd_conf) and start; with
#                                        start=initiate it initiates
#   ike_peer_wait KIND NS NAME [TIMEOUT] SA established (and L2TP on it)
#   ike_peer_stop KIND NS NAME [SIGNAL]
#   ike_peer_pw KIND NS LOCAL PEER TID PTID SID PSID ADDR/LEN  address the
#                                        pseudowire (charon: create it)
#   ike_peer_sa_check WHAT KIND NS MIN ESP udp|none  data-plane counters
ike_peer() {
	local kind=$1 ns=$2 name=$3 conf
	shift 3
	case "$kind" in
	charon)
		conf=$(swanctl_conn l2tp "$@") || exit 1
		charon_start "$ns" "$name"
		charon_conf "$ns" "$name" <<<"$conf"
		charon_load "$ns" "$name"
		;;
	l2tpsecd)
		l2tpsecd_conf "$ns" "$name" l2tp ifname="$IKE_PW_IF" "$@"
		l2tpsecd_start "$ns" "$name"
		;;
	*) fail "ike_peer: unknown kind $kind" ;;
	esac
}

ike_peer_wait() {
	case "$1" in
	charon) charon_wait_sa "$2" "$3" "${4:-30}" l2tp ;;
	l2tpsecd) l2tpsecd_wait_sa "$2" "$3" "${4:-30}" ;;
	*) fail "ike_peer_wait: unknown kind $1" ;;
	esac
}

ike_peer_stop() {
	case "$1" in
	charon) charon_stop "$2" "$3" "${4:-TERM}" ;;
	l2tpsecd) l2tpsecd_stop "$2" "$3" "${4:-TERM}" ;;
	*) fail "ike_peer_stop: unknown kind $1" ;;
	esac
}

ike_peer_pw() {
	local kind=$1
	shift
	case "$kind" in
	charon) ike_pw_stock "$@" ;;
	l2tpsecd) ike_pw_addr "$1" "$IKE_PW_IF" "$8" ;;
	*) fail "ike_peer_pw: unknown kind $kind" ;;
	esac
}

ike_peer_sa_check() {
	local what=$1 kind=$2 ns=$3 min=$4 esp=$5 enc=$6
	case "$kind" in
	charon) ike_xfrm_check "$what" "$ns" "$min" "$([[ "$enc" == udp ]] && echo espinudp || echo none)" ;;
	l2tpsecd) l2tpsec_sa_check "$what" "$ns" "$min" "$(ike_esp_module_alg "$esp")" "$enc" ;;
	*) fail "ike_peer_sa_check: unknown kind $kind" ;;
	esac
}
