# shellcheck shell=bash
# libreswan's pluto as an IKEv1 peer (tests/vm/t_ikev1_libreswan.sh). The
# Debian package conflicts with strongSwan, so it is not installed: pluto,
# whack and addconn are the ones scripts/libreswan.sh unpacked under
# out/libreswan/root (scripts/install-deps.sh runs it), with their libraries
# installed as ordinary packages. Source after netns.sh, stock.sh, ike.sh:
#
#   . "$T/../lib/netns.sh"; . "$T/../lib/stock.sh"; . "$T/../lib/ike.sh"
#   . "$T/../lib/libreswan.sh"
#
# An instance (NS NAME) lives in $IKE_ROOT/lsw-NS-NAME/: ipsec.conf,
# ipsec.secrets, nss/ (its NSS database), ipsec.d/, run/ (pluto.ctl,
# pluto.pid), pluto-start.log (its log until the conn was loaded),
# pluto.log (the rest), pluto.out. The connection is always "l2tp":
#   lsw_require                      pluto and the NSS tools are there
#   lsw_conf NS NAME KEY=VALUE...    write ipsec.conf/ipsec.secrets, make
#                                    the NSS database (certificates)
#   lsw_start NS NAME                start pluto in NS (it loads the conn)
#   lsw_up NS NAME [TIMEOUT]         initiate, wait for the ISAKMP and the
#                                    IPsec SA (default 60 s)
#   lsw_has_sa NS NAME               both SAs established (status only)
#   lsw_whack NS NAME ARGS...        whack against that instance
#   lsw_status NS NAME               whack --status
#   lsw_traffic NS NAME              whack --trafficstatus
#   lsw_stop NS NAME [shutdown|TERM|KILL]  stop it (shutdown = `ipsec stop`:
#                                    whack --shutdown, deletes sent); waits
#   lsw_pid NS NAME / lsw_dir NS NAME
#
# lsw_conf keys (the same words as ike_peer where they mean the same):
#   local remote           left= right= (addresses)
#   local-id remote-id     l2tpsecd notation (fqdn:X ip:A dn:"C=..");
#                          default: pluto's (the address; %fromcert)
#   auth psk|cert          authby=secret | rsasig
#   psk                    the secret (ipsec.secrets: %any %any : PSK)
#   cert key ca            PEM files: the client certificate and key
#                          (imported through PKCS#12, nickname "client"),
#                          the CA (trusted "CT,,")
#   ike esp                libreswan syntax: ike=aes256-sha1;modp2048,
#                          phase2alg=aes256-sha1 (defaults those)
#   pfs                    yes|no (default yes, libreswan's)
#   encap                  auto|yes|no (encapsulation=)
#   port                   L2TP port (leftprotoport=17/PORT; 1701)
#   any other word         written into the conn as is (e.g.
#                          salifetime=1h, dpddelay=30)

LSW_ROOT=${LSW_ROOT:-$REPO/out/libreswan/root}
LSW_EXEC=$LSW_ROOT/usr/libexec/ipsec
LSW_PLUTO=$LSW_EXEC/pluto
LSW_WHACK=$LSW_EXEC/whack
LSW_CONN=l2tp
# plutodebug= of config setup (none, base, all...)
LSW_DEBUG=${LSW_DEBUG:-none}

# lsw_require: pluto unpacked, its libraries resolve, NSS tools installed.
lsw_require() {
	local t
	[[ -x "$LSW_PLUTO" ]] ||
		fail "$LSW_PLUTO missing: libreswan is unpacked there by scripts/libreswan.sh (scripts/install-deps.sh runs it)"
	for t in pluto whack addconn; do
		! ldd "$LSW_EXEC/$t" | grep -q 'not found' ||
			fail "libreswan $t: libraries missing ($(ldd "$LSW_EXEC/$t" | awk '/not found/ { printf "%s ", $1 }')): scripts/install-deps.sh"
	done
	for t in certutil pk12util openssl; do
		command -v "$t" >/dev/null || fail "$t missing (libnss3-tools, openssl: scripts/install-deps.sh)"
	done
}

lsw_dir() { echo "$IKE_ROOT/lsw-$1-$2"; }
lsw_pid() { cat "$(lsw_dir "$1" "$2")/pid"; }

# __lsw_id ID: the l2tpsecd identity notation as libreswan writes it.
__lsw_id() {
	local id=$1 v
	case "$id" in
	fqdn:*) echo "@${id#fqdn:}" ;;
	email:*) echo "${id#email:}" ;;
	ip:*) echo "${id#ip:}" ;;
	dn:*)
		v=${id#dn:}
		v=${v#\"}
		echo "\"${v%\"}\""
		;;
	*) echo "$id" ;;
	esac
}

# lsw_conf NS NAME KEY=VALUE...: see the top of this file.
lsw_conf() {
	local ns=$1 name=$2 d k auth port
	shift 2
	d=$(lsw_dir "$ns" "$name")
	rm -rf "$d"
	mkdir -p "$d/nss" "$d/ipsec.d" "$d/run"
	__ike_kv "$@"
	for k in local remote auth; do
		[[ -n "${IKE_KV[$k]:-}" ]] || fail "lsw_conf: $k= missing"
	done
	auth=${IKE_KV[auth]}
	port=${IKE_KV[port]:-$IKE_L2TP_PORT}
	certutil -N -d "sql:$d/nss" --empty-password >"$d/nss.log" 2>&1 ||
		fail "lsw_conf: certutil -N: $(cat "$d/nss.log")"
	{
		echo "# libreswan instance $name in $ns (tests/lib/libreswan.sh)"
		echo "config setup"
		echo "	ikev1-policy=accept"
		echo "	dnssec-enable=no"
		echo "	logtime=yes"
		echo "	plutodebug=\"$LSW_DEBUG\""
		echo "	uniqueids=yes"
		echo
		echo "conn $LSW_CONN"
		echo "	ikev2=no"
		echo "	type=transport"
		echo "	left=${IKE_KV[local]}"
		echo "	right=${IKE_KV[remote]}"
		echo "	leftprotoport=17/$port"
		echo "	rightprotoport=17/$port"
		echo "	ike=${IKE_KV[ike]:-aes256-sha1;modp2048}"
		echo "	phase2alg=${IKE_KV[esp]:-aes256-sha1}"
		echo "	pfs=${IKE_KV[pfs]:-yes}"
		echo "	encapsulation=${IKE_KV[encap]:-auto}"
		echo "	leftupdown=%disabled"
		echo "	rightupdown=%disabled"
		echo "	auto=add"
		[[ -z "${IKE_KV[local-id]:-}" ]] || echo "	leftid=$(__lsw_id "${IKE_KV[local-id]}")"
		[[ -z "${IKE_KV[remote-id]:-}" ]] || echo "	rightid=$(__lsw_id "${IKE_KV[remote-id]}")"
		case "$auth" in
		psk) echo "	authby=secret" ;;
		cert)
			echo "	authby=rsasig"
			echo "	leftcert=client"
			echo "	leftsendcert=always"
			[[ -n "${IKE_KV[local-id]:-}" ]] || echo "	leftid=%fromcert"
			;;
		*) fail "lsw_conf: auth $auth" ;;
		esac
		for k in $(printf '%s\n' "${!IKE_KV[@]}" | sort); do
			case "$k" in
			local | remote | local-id | remote-id | auth | psk | cert | key | ca | ike | esp | pfs | encap | port) ;;
			*) echo "	$k=${IKE_KV[$k]}" ;;
			esac
		done
	} >"$d/ipsec.conf"
	if [[ "$auth" == psk ]]; then
		[[ -n "${IKE_KV[psk]:-}" ]] || fail "lsw_conf: auth psk without psk"
		printf '%%any %%any : PSK "%s"\n' "${IKE_KV[psk]}" >"$d/ipsec.secrets"
	else
		: >"$d/ipsec.secrets"
		for k in cert key ca; do
			[[ -f "${IKE_KV[$k]:-}" ]] || fail "lsw_conf: auth cert needs $k=FILE"
		done
		{
			certutil -A -d "sql:$d/nss" -n ca -t "CT,," -a -i "${IKE_KV[ca]}" &&
				openssl pkcs12 -export -in "${IKE_KV[cert]}" -inkey "${IKE_KV[key]}" \
					-name client -passout pass: -out "$d/client.p12" &&
				pk12util -i "$d/client.p12" -d "sql:$d/nss" -W ""
		} >>"$d/nss.log" 2>&1 || fail "lsw_conf: NSS import failed: $(cat "$d/nss.log")"
	fi
	chmod 600 "$d/ipsec.secrets"
}

# lsw_whack NS NAME ARGS...: whack against the instance's control socket.
lsw_whack() {
	local d
	d=$(lsw_dir "$1" "$2")
	shift 2
	"$LSW_WHACK" --ctlsocket "$d/run/pluto.ctl" "$@"
}
lsw_status() { lsw_whack "$1" "$2" --status; }
lsw_traffic() { lsw_whack "$1" "$2" --trafficstatus; }

# __lsw_loaded NS NAME: pluto answers and has loaded the conn.
__lsw_loaded() { lsw_status "$1" "$2" 2>/dev/null | grep -q "\"$LSW_CONN\": "; }

# lsw_start NS NAME: pluto --nofork in NS, in a private mount namespace
# where the unpacked usr/libexec is /usr/libexec (pluto runs the compiled-in
# /usr/libexec/ipsec/addconn at start to load ipsec.conf's conns; nothing
# of the host changes). Waits until the conn is loaded.
lsw_start() {
	local ns=$1 name=$2 d pid
	d=$(lsw_dir "$ns" "$name")
	[[ -f "$d/ipsec.conf" ]] || fail "lsw_start: lsw_conf $ns $name first"
	ike_log_add "pluto $ns/$name" "$d/pluto.log"
	ike_log_add "pluto $ns/$name stdout/stderr" "$d/pluto.out"
	# ip netns exec, unshare and sh all exec: $! is pluto's pid.
	ip netns exec "$ns" unshare --mount --propagation private \
		sh -c 'mkdir -p /usr/libexec && mount --bind "$1" /usr/libexec && shift && exec "$@"' \
		sh "$LSW_ROOT/usr/libexec" \
		"$LSW_PLUTO" --nofork --config "$d/ipsec.conf" --secretsfile "$d/ipsec.secrets" \
		--rundir "$d/run" --nssdir "$d/nss" --ipsecdir "$d/ipsec.d" --dumpdir "$d/run" \
		--logfile "$d/pluto.log" >"$d/pluto.out" 2>&1 &
	pid=$!
	__BG_PIDS+=("$pid")
	echo "$pid" >"$d/pid"
	if ! wait_for 30 __lsw_loaded "$ns" "$name"; then
		! ike_gone "$pid" || fail "pluto $ns/$name exited at start"
		fail "pluto $ns/$name: conn $LSW_CONN not loaded after 30 s"
	fi
	# The start (algorithm tables, self-tests: some 200 lines) to a file
	# of its own, so that the log shown on failure is the exchanges.
	# pluto appends (logappend=yes, the default): truncating is safe.
	cp "$d/pluto.log" "$d/pluto-start.log"
	: >"$d/pluto.log"
}

# lsw_has_sa NS NAME: main mode done (STATE_MAIN_I4 / R3) and an IPsec SA
# (STATE_QUICK_I2 / R2) of the conn.
lsw_has_sa() {
	local st
	st=$(lsw_whack "$1" "$2" --showstates 2>/dev/null) || return 1
	grep -Eq "\"$LSW_CONN\":[0-9]+ STATE_MAIN_(I4|R3) " <<<"$st" &&
		grep -Eq "\"$LSW_CONN\":[0-9]+ STATE_QUICK_(I2|R2) " <<<"$st"
}

# lsw_up NS NAME [TIMEOUT]: initiate the conn (asynchronously) and wait for
# lsw_has_sa; fails showing pluto's states otherwise.
lsw_up() {
	local ns=$1 name=$2 t=${3:-60}
	lsw_whack "$ns" "$name" --initiate --name "$LSW_CONN" --asynchronous >/dev/null ||
		fail "pluto $ns/$name: whack --initiate failed"
	wait_for "$t" lsw_has_sa "$ns" "$name" ||
		fail "pluto $ns/$name: no ISAKMP + IPsec SA after ${t}s:"$'\n'"$(lsw_whack "$ns" "$name" --showstates 2>&1)"
}

# lsw_stop NS NAME [shutdown|TERM|KILL]: shutdown (default) is what
# `ipsec stop` does (whack --shutdown: pluto deletes its SAs, telling the
# peer); a signal name sends that signal. Waits until pluto is gone.
lsw_stop() {
	local ns=$1 name=$2 how=${3:-shutdown} pid
	pid=$(lsw_pid "$ns" "$name")
	if [[ "$how" == shutdown ]]; then
		lsw_whack "$ns" "$name" --shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || return 0
	else
		kill "-$how" "$pid" 2>/dev/null || return 0
	fi
	wait_for 20 ike_gone "$pid" || kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}
