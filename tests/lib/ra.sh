# shellcheck shell=bash
# Remote access with the Linux built-in client stack, for the VM test
# t_remote_access.sh and the demo (demo-remote-access.sh): a gateway
# l2tpsecd in ns2 (IKEv1 PSK conn `lns yes` + an lns block: users, pool,
# DNS) and clients as NetworkManager-l2tp drives them: strongSwan's charon
# (IKEv1, transport mode for UDP/1701), xl2tpd as the LAC, pppd with
# MS-CHAPv2. Needs netns.sh and ike.sh sourced first.
#
#   ra_require                  the client tools and the PPP modules
#   gateway_start               l2tpsecd in ns2 (GW_AUTH: the lns auth list,
#                               GW_LOG: its log level, default debug;
#                               GW_LNS_EXTRA: more lns block lines,
#                               GW_USERS_EXTRA: more chap-secrets lines)
#   client_start NS NAME USER PASSWORD LOCAL_IP [CHARON WORDS...]
#   client_ike NS NAME LOCAL_IP [CHARON WORDS...]  charon only, not waited for
#   client_lac NS NAME USER PASSWORD   xl2tpd + pppd only (no IPsec)
#                               (CLIENT_PPP_EXTRA: more pppd option lines,
#                               after the defaults: they win, e.g.
#                               $'+ipv6\nmru 1280')
#   client_wait_ppp NS NAME     ppp up within 60 s
#   client_stop NS NAME
#   ppp_addr NS, ppp_if NS, sessions (the gateway's show sessions --json)
#   ll_addrs NS IFNAME          IPv6 link-local addresses of an interface

PSK="l2tpsec remote access pre-shared key"
GW=$NS2_IP
POOL=10.8.0.10-10.8.0.20
PPP_GW=10.8.0.1
DNS1=10.0.0.53
DNS2=10.0.0.54
# Windows 10/11's lists (charon spelling)
C_IKE=aes256-sha1-ecp384,aes128-sha1-ecp256,aes256-sha1-modp2048
C_ESP=aes256-sha1,aes128-sha1

# gateway_start [WORDS...]: l2tpsecd in ns2, a remote-any IKEv1 conn with
# lns yes; PSK unless WORDS say otherwise (auth=cert cert=... key=...).
gateway_start() {
	local d auth=(auth=psk psk="$PSK")
	[[ " $* " != *" auth="* ]] || auth=()
	l2tpsecd_conf ns2 gw ra version=1 local="$GW" remote=any "${auth[@]}" \
		ike="$C_IKE" esp="$C_ESP" lns=yes start=listen dpd=5s dpd-timeout=20s \
		log-level="${GW_LOG:-debug}" "$@"
	d=$(l2tpsecd_dir ns2 gw)
	if [[ "${RA_USERS_FORMAT:-chap-secrets}" == chap-secrets ]]; then
		cat >"$d/chap-secrets" <<-EOF
			# client	server	secret			IP addresses
			alice		*	"alice's secret 1"	*
			bob		*	"bob's secret 2"	*
			${GW_USERS_EXTRA:-}
		EOF
	else
		cat >"$d/chap-secrets" <<-EOF
			user alice password "alice's secret 1"
			user bob password "bob's secret 2"
		EOF
	fi
	chmod 600 "$d/chap-secrets"
	cat >>"$d/l2tpsecd.conf" <<-EOF

		lns {
			users $d/chap-secrets
			pool $POOL
			address $PPP_GW
			dns $DNS1 $DNS2
			auth ${GW_AUTH:-mschapv2}
			lcp-echo 5s
			lcp-echo-failures 3
			${GW_LNS_EXTRA:-}
		}
	EOF
	l2tpsecd_start ns2 gw
}

# client_start NS NAME USER PASSWORD LOCAL_IP: charon + xl2tpd + pppd in NS.
# CLIENT_REFUSE: the pppd refuse-* options (default: all but MS-CHAPv2, as
# NetworkManager-l2tp's default). Further WORDS go to the charon conn.
client_start() {
	local ns=$1 name=$2 user=$3 pass=$4 lip=$5
	shift 5
	client_ike "$ns" "$name" "$lip" "$@"
	[[ -n "${CLIENT_NO_WAIT:-}" ]] || charon_wait_sa "$ns" "$name" 60 l2tp
	client_lac "$ns" "$name" "$user" "$pass"
}

# client_ike NS NAME LOCAL_IP [CHARON WORDS...]: charon in NS, initiating
# its IKEv1 conn to the gateway (not waited for).
client_ike() {
	local ns=$1 name=$2 lip=$3 conf auth=(auth=psk psk="$PSK")
	shift 3
	[[ " $* " != *" auth="* ]] || auth=()
	conf=$(swanctl_conn l2tp local="$lip" remote="$GW" start=initiate version=1 \
		"${auth[@]}" ike="$C_IKE" esp="$C_ESP" "$@") || exit 1
	# like Windows: a rekeyed child SA is deleted at once
	charon_start "$ns" "$name" delete_rekeyed=yes
	charon_conf "$ns" "$name" <<<"$conf"
	charon_load "$ns" "$name"
}

# client_lac NS NAME USER PASSWORD: xl2tpd + pppd in NS (with client_start:
# inside charon's SAs; alone: clear-text L2TP).
client_lac() {
	local ns=$1 name=$2 user=$3 pass=$4 d r
	d=$(charon_dir "$ns" "$name")
	mkdir -p "$d"
	{
		echo noauth
		for r in ${CLIENT_REFUSE:-eap pap chap mschap}; do echo "refuse-$r"; done
	} >"$d/options.ppp"
	cat >>"$d/options.ppp" <<-EOF
		noccp
		nobsdcomp
		nodeflate
		novj
		noipdefault
		usepeerdns
		nodefaultroute
		ipcp-accept-local
		ipcp-accept-remote
		mtu 1400
		mru 1400
		lcp-echo-interval 5
		lcp-echo-failure 4
		name $user
		password "$pass"
		debug
		logfile $d/ppp.log
		ipparam $name
	EOF
	[[ -z "${CLIENT_PPP_EXTRA:-}" ]] || echo "$CLIENT_PPP_EXTRA" >>"$d/options.ppp"
	cat >"$d/xl2tpd.conf" <<-EOF
		[global]
		port = 1701
		access control = no
		force userspace = yes

		[lac gw]
		lns = $GW
		pppoptfile = $d/options.ppp
		length bit = yes
		autodial = yes
		redial = no
	EOF
	: >"$d/ppp.log"
	ike_log_add "pppd $ns/$name" "$d/ppp.log"
	ike_log_add "xl2tpd $ns/$name" "$d/xl2tpd.log"
	ip netns exec "$ns" xl2tpd -D -c "$d/xl2tpd.conf" -p "$d/xl2tpd.pid" \
		-C "$d/l2tp-control" >"$d/xl2tpd.log" 2>&1 &
	__BG_PIDS+=("$!")
	echo "$!" >"$d/xl2tpd.pid.bg"
}

client_dir() { charon_dir "$1" "$2"; }
__no_module_sas() { [[ "$(ip netns exec "$1" "$L2TPSEC" sa show --json | jq length)" == 0 ]]; }
__no_charon_ike() { ! swanctl "$1" "$2" --list-sas | grep -q ESTABLISHED; }

# ppp_addr NS: the local address of NS's ppp interface, "" if none.
ppp_addr() {
	ip -n "$1" -j addr show 2>/dev/null |
		jq -r '[.[] | select(.ifname | startswith("ppp")) | .addr_info[] | select(.family == "inet") | .local] | first // ""'
}
__ppp_up() { [[ -n "$(ppp_addr "$1")" ]]; }
# ppp_if NS: the name of NS's ppp interface.
ppp_if() {
	ip -n "$1" -j link show | jq -r '[.[] | select(.ifname | startswith("ppp")) | .ifname] | first // ""'
}

# ll_addrs NS IFNAME: the IPv6 link-local addresses of IFNAME in NS, one a line.
ll_addrs() {
	ip -n "$1" -j -6 addr show dev "$2" scope link 2>/dev/null |
		jq -r '.[].addr_info[] | select(.family == "inet6") | .local'
}

# client_wait_ppp NS NAME: ppp up within 60 s.
client_wait_ppp() {
	local ns=$1 name=$2 d
	d=$(client_dir "$ns" "$name")
	wait_for 60 __ppp_up "$ns" ||
		fail "$ns/$name: no ppp interface after 60 s"$'\n'"$(tail -40 "$d/ppp.log")"$'\n'"$(tail -20 "$d/xl2tpd.log")"
}

sessions() {
	ip netns exec ns2 "$L2TPSEC" -S "$(cat "$(l2tpsecd_dir ns2 gw)/control")" show sessions --json
}
__sessions_n() { [[ "$(sessions | jq length)" == "$1" ]]; }

client_stop() {
	local ns=$1 name=$2 d
	d=$(client_dir "$ns" "$name")
	[[ -f "$d/xl2tpd.pid.bg" ]] && kill "$(cat "$d/xl2tpd.pid.bg")" 2>/dev/null || true
	pkill -f "file $d/options.ppp" 2>/dev/null || true
	ike_peer_stop charon "$ns" "$name" TERM || true
}

# ra_require: what the clients need.
ra_require() {
	ike_require
	require_tool "$IKE_L2TPSECD"
	command -v xl2tpd >/dev/null || fail "xl2tpd not installed (scripts/install-deps.sh)"
	command -v pppd >/dev/null || fail "pppd not installed (scripts/install-deps.sh)"
	load_modules ppp_generic ppp_async ppp_synctty
}
