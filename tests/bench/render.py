#!/usr/bin/env python3
"""Render l2tpsec benchmark results (tests/bench/bench-guest.sh output).

    tests/bench/render.py DIR

Reads DIR/results.jsonl and DIR/meta.json; writes DIR/results.md
(Markdown tables), DIR/results.json (medians, min, max, every round),
DIR/chart.dat + DIR/chart.png (gnuplot, tests/bench/chart.gp, when gnuplot
is installed). Python 3 standard library only.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Issue targets: (name, numerator arm, metric, denominator arm, metric, ratio)
TARGETS = [
    ("l2tpsec GCM-128 NAT-T TCP 1 stream vs stock xfrm+l2tp NAT-T",
     "l2s-gcm-natt", "tcp1_fwd_mbps", "stock-xfrm-natt", "tcp1_fwd_mbps", 2.5),
    ("l2tpsec GCM-128 NAT-T TCP 1 stream vs WireGuard",
     "l2s-gcm-natt", "tcp1_fwd_mbps", "wireguard", "tcp1_fwd_mbps", 1.5),
    ("l2tpsec GCM-128 NAT-T TCP 4 streams vs own 1 stream",
     "l2s-gcm-natt", "tcp4_fwd_mbps", "l2s-gcm-natt", "tcp1_fwd_mbps", 1.6),
    ("l2tpsec GCM-128 NAT-T UDP 64 B pps vs stock NAT-T",
     "l2s-gcm-natt", "udp64_pps", "stock-xfrm-natt", "udp64_pps", 2.0),
    ("l2tpsec GCM-128 raw UDP 64 B pps vs stock raw",
     "l2s-gcm-raw", "udp64_pps", "stock-xfrm-raw", "udp64_pps", 2.0),
]


def load(d):
    recs = []
    with open(os.path.join(d, "results.jsonl")) as f:
        for line in f:
            line = line.strip()
            if line:
                recs.append(json.loads(line))
    meta = {}
    mp = os.path.join(d, "meta.json")
    if os.path.exists(mp):
        with open(mp) as f:
            meta = json.load(f)
    return meta, recs


def summarize(meta, recs):
    arms = {}      # arm -> metric -> [values by round]
    scale = {}
    extra = {"crypto": {}, "info": {}}     # tcrypt figures; per-arm strings
    order = [a["id"] for a in meta.get("arms", [])]
    for r in recs:
        if r.get("section") == "scale":
            scale[r["metric"]] = r["value"]
            continue
        if r.get("section") == "crypto":
            extra["crypto"][r["metric"]] = r["value"]
            continue
        if r.get("section") == "info":
            extra["info"].setdefault(r["arm"], {})[r["metric"]] = r["value"]
            continue
        a = r["arm"]
        if a not in order:
            order.append(a)
        arms.setdefault(a, {}).setdefault(r["metric"], []).append(
            {"round": r["round"], "value": r["value"]})
    out = {}
    for a in order:
        ms = {}
        for m, vals in arms.get(a, {}).items():
            v = [x["value"] for x in vals if x["value"] is not None]
            ms[m] = {
                "median": statistics.median(v) if v else None,
                "min": min(v) if v else None,
                "max": max(v) if v else None,
                "n": len(v),
                "rounds": [x["value"] for x in sorted(vals, key=lambda x: x["round"])],
            }
        out[a] = ms
    return order, out, scale, extra


def med(s, arm, m):
    try:
        return s[arm][m]["median"]
    except KeyError:
        return None


def fmt(x, nd=0):
    if x is None:
        return "n/a"
    if nd == 0:
        return f"{x:,.0f}"
    return f"{x:,.{nd}f}"


def cell(s, arm, m, nd=0, scale=1.0):
    d = s.get(arm, {}).get(m)
    if not d or d["median"] is None:
        return "n/a"
    md, lo, hi = d["median"] * scale, d["min"] * scale, d["max"] * scale
    if d["n"] > 1:
        return f"{fmt(md, nd)} ({fmt(lo, nd)}–{fmt(hi, nd)})"
    return fmt(md, nd)


# The ceiling estimate (see ceiling()): TCP payload per packet of the
# pseudowire arms (MTU 1350 - IPv4 20 - TCP 20 - timestamps 12) and the
# bytes one packet puts through AES-GCM (tcrypt's 1420-byte figure).
PW_PAYLOAD = 1298
CRYPTO_BYTES = 1420


def ceiling(meta, s, extra):
    """Upper bound for an AES-GCM-128 pseudowire arm, 1 TCP stream.

    Each packet costs at least what it costs on the stock L2TPv3 path
    without crypto (measured: CPU busy x CPUs / packets per second of the
    stock-l2tp arm), plus one encryption and one decryption at the
    kernel's own AES-GCM speed (tcrypt, one CPU). With every CPU busy and
    nothing else spent (no ESP framing, no hand-over between CPUs), the
    machine cannot carry more packets than CPUs / that cost.
    """
    enc, dec = extra["crypto"].get("gcm128_encrypt_1420_Bps"), extra["crypto"].get("gcm128_decrypt_1420_Bps")
    mbps, cpu = med(s, "stock-l2tp", "tcp1_fwd_mbps"), med(s, "stock-l2tp", "tcp1_fwd_cpu")
    cpus = meta.get("cpus")
    if not (enc and dec and mbps and cpu and cpus):
        return None
    pps0 = mbps * 1e6 / 8 / PW_PAYLOAD
    c0 = cpu / 100.0 * cpus / pps0
    c1 = CRYPTO_BYTES / enc + CRYPTO_BYTES / dec
    out = {"plain_us_per_pkt": c0 * 1e6, "crypto_us_per_pkt": c1 * 1e6,
           "mbps": cpus / (c0 + c1) * PW_PAYLOAD * 8 / 1e6}
    ref = med(s, "stock-xfrm-natt", "tcp1_fwd_mbps")
    if ref:
        out["vs_stock_xfrm_natt"] = out["mbps"] / ref
    got = med(s, "l2s-gcm-natt", "tcp1_fwd_mbps")
    if got:
        out["l2s_gcm_natt_share"] = got / out["mbps"]
    return out


def per_ms(secs, n):
    return secs * 1000.0 / n if secs is not None and n else None


def markdown(meta, order, s, scale, extra, targets):
    desc = {a["id"]: a["desc"] for a in meta.get("arms", [])}
    L = []
    L.append(f"Run: {meta.get('date', '?')}, {meta.get('mode', '?')} "
             f"(kernel {meta.get('kernel', '?')}, {meta.get('cpus', '?')} CPUs, "
             f"{meta.get('cpu', '?')}), {meta.get('rounds', '?')} rounds x "
             f"{meta.get('seconds', '?')} s per iperf3 run, {meta.get('iperf', '')}. "
             "Cells: median (min–max over rounds).")
    L.append("")
    L.append("TCP throughput, Mbit/s (fwd = ns1→ns2, rev = ns2→ns1), CPU busy % "
             "of the whole machine during the 1-stream fwd run, ping RTT under "
             "that load:")
    L.append("")
    L.append("| arm | TCP 1 fwd | TCP 1 rev | TCP 4 fwd | TCP 4 rev | CPU % (1 fwd) | ping p50 ms | ping p99 ms |")
    L.append("|---|---|---|---|---|---|---|---|")
    for a in order:
        L.append(f"| {a} | " + " | ".join([
            cell(s, a, "tcp1_fwd_mbps"), cell(s, a, "tcp1_rev_mbps"),
            cell(s, a, "tcp4_fwd_mbps"), cell(s, a, "tcp4_rev_mbps"),
            cell(s, a, "tcp1_fwd_cpu", 0),
            cell(s, a, "ping_p50_ms", 2), cell(s, a, "ping_p99_ms", 2)]) + " |")
    sizes = meta.get("udp_sizes", [64, 512, 1400])
    L.append("")
    L.append(f"UDP (iperf3 -u -b {meta.get('udp_rate', '0')}, ns1→ns2): received "
             "kpps and loss %:")
    L.append("")
    L.append("| arm | " + " | ".join(f"{z} B kpps | {z} B loss %" for z in sizes) + " |")
    L.append("|---|" + "---|---|" * len(sizes))
    for a in order:
        cells = []
        for z in sizes:
            cells.append(cell(s, a, f"udp{z}_pps", 1, 1e-3))
            cells.append(cell(s, a, f"udp{z}_loss", 1))
        L.append(f"| {a} | " + " | ".join(cells) + " |")
    L.append("")
    L.append("Arms: " + "; ".join(f"`{a}` {desc.get(a, '')}" for a in order) + ".")
    failed = [a for a in order if "failed" in s.get(a, {})]
    if failed:
        L.append("")
        L.append("Rounds that failed (setup or no path): " + ", ".join(
            f"{a} ({s[a]['failed']['n']}x)" for a in failed) + ".")
    if scale:
        L.append("")
        L.append("Kernel memory and scale (Slab+Percpu growth per object after "
                 "drop_caches; MemFree drop per object also counts pages "
                 "allocated outside the slab):")
        L.append("")
        L.append("| what | count | Slab+Percpu B/object | MemFree B/object | create time s | ms/object |")
        L.append("|---|---|---|---|---|---|")
        rows = [
            ("l2tpsec SA (inbound, AES-GCM-128)", "l2s_sa", meta.get("sas")),
            ("stock xfrm state (AES-GCM-128)", "stock_sa", meta.get("sas")),
            ("l2tpsec idle L2TPv3 eth session", "l2s_session", scale.get("l2s_session_count")),
            ("stock idle L2TPv3 eth session", "stock_session", scale.get("stock_session_count")),
            ("l2tpsec sessions, bulk", "l2s_bulk_session", scale.get("l2s_bulk_session_count")),
        ]
        for name, p, n in rows:
            if f"{p}_slab_percpu_bytes" not in scale:
                continue
            L.append(f"| {name} | {fmt(n)} | {fmt(scale.get(p + '_slab_percpu_bytes'))} | "
                     f"{fmt(scale.get(p + '_memfree_bytes'))} | "
                     f"{fmt(scale.get(p + '_create_s'), 2)} | "
                     f"{fmt(per_ms(scale.get(p + '_create_s'), n), 1)} |")
        notes = []
        if "l2s_bulk_session_create2_s" in scale:
            notes.append(f"the same {fmt(scale.get('l2s_bulk_session_count'))} sessions "
                         f"created a second time in {fmt(scale['l2s_bulk_session_create2_s'], 2)} s")
        if "l2s_bulk_session_delete_s" in scale:
            notes.append(f"deleted one by one (a batch of `session del`) in "
                         f"{fmt(scale['l2s_bulk_session_delete_s'], 2)} s")
        if "l2s_bulk_tunnel_delete_s" in scale:
            notes.append(f"deleted all at once by `tunnel del` in "
                         f"{fmt(scale['l2s_bulk_tunnel_delete_s'], 2)} s")
        if "l2s_bulk_session_left_slab_percpu_bytes" in scale:
            notes.append(f"{fmt(scale['l2s_bulk_session_left_slab_percpu_bytes'])} B/session "
                         "of Slab+Percpu left after deleting them (leak check)")
        if notes:
            L.append("")
            L.append("Bulk sessions: " + "; ".join(notes) + ".")
        if "ra_up" in scale:
            L += remote_access(scale)
        if "cli_call_ms" in scale:
            L.append("")
            L.append(f"l2tpsec SAs and sessions are created by one `l2tpsec -batch` run "
                     f"per step, stock ones by one `ip -batch`; for comparison, one "
                     f"l2tpsec CLI exec (`tunnel show id 1`, with the bulk sessions "
                     f"present) takes {fmt(scale['cli_call_ms'], 2)} ms here.")
    if targets:
        L.append("")
        L.append("Issue targets (medians):")
        L.append("")
        L.append("| target | measured | wanted | holds |")
        L.append("|---|---|---|---|")
        for t in targets:
            r = t["ratio"]
            L.append(f"| {t['name']} | {fmt(r, 2) + 'x' if r is not None else 'n/a'} | "
                     f"≥ {t['want']}x | {'yes' if t['holds'] else ('no' if r is not None else 'n/a')} |")
    scale = scale or {}
    if scale.get("l2s_bulk_session_count", 0) >= 10000 and "l2s_bulk_session_create_s" in scale:
        c = scale["l2s_bulk_session_create_s"]
        L.append(f"| {fmt(scale['l2s_bulk_session_count'])} sessions created (one `-batch`), s | "
                 f"{fmt(c, 2)} | < 10 | {'yes' if c < 10 else 'no'} |")
    L += context(meta, s, extra)
    return "\n".join(L) + "\n"


def remote_access(sc):
    """The `ra` scale step: l2tpload's sessions against l2tpsecd."""
    n = sc.get("ra_sessions")
    L = ["", f"Remote access at scale ({fmt(n)} clear-text L2TP + PPP sessions from "
         f"`tests/tools/l2tpload`, {fmt(sc.get('ra_concurrency'))} in setup at once, "
         "against l2tpsecd; MS-CHAPv2, IPCP, one ping each):", "",
         "| what | measured | target |", "|---|---|---|"]
    rate = sc.get("ra_setup_rate")
    rss, data = sc.get("ra_daemon_rss_bytes"), sc.get("ra_daemon_data_bytes")
    rows = [
        ("sessions up / failed", f"{fmt(sc.get('ra_up'))} / {fmt(sc.get('ra_failed'))}",
         f"{fmt(n)} concurrent"),
        ("distinct addresses; sessions whose ping was answered",
         f"{fmt(sc.get('ra_distinct_addresses'))}; {fmt(sc.get('ra_sessions_pinged_ok'))}", ""),
        ("setup: time s, sessions/s", f"{fmt(sc.get('ra_setup_s'), 2)}, {fmt(rate, 1)}",
         "≥ 100 sessions/s" + ("" if rate is None else (" (holds)" if rate >= 100 else " (misses)"))),
        ("setup latency p50 / p90 / max, ms",
         f"{fmt(sc.get('ra_latency_p50_ms'))} / {fmt(sc.get('ra_latency_p90_ms'))} / "
         f"{fmt(sc.get('ra_latency_max_ms'))}", ""),
        ("l2tpsecd memory per session: VmRSS / VmData growth, B",
         f"{fmt(rss)} / {fmt(data)}",
         "≤ 8192 B" + ("" if rss is None else (" (holds)" if max(rss, data or 0) <= 8192 else " (misses)"))),
        ("CPU during the setup: l2tpsecd user / system, l2tpload (user + system), s",
         f"{fmt(sc.get('ra_daemon_user_s'), 2)} / {fmt(sc.get('ra_daemon_sys_s'), 2)}, "
         f"{fmt(sc.get('ra_load_cpu_s'), 2)} (wall {fmt(sc.get('ra_setup_wall_s'), 2)})", ""),
        ("kernel memory per session: Slab+Percpu / MemFree, B",
         f"{fmt(sc.get('ra_session_slab_percpu_bytes'))} / {fmt(sc.get('ra_session_memfree_bytes'))}", ""),
        ("teardown: l2tpload (every StopCCN acknowledged) / gateway clear, s",
         f"{fmt(sc.get('ra_teardown_s'), 2)} / {fmt(sc.get('ra_gw_clear_s'), 2)}", ""),
        ("left afterwards: sessions, interfaces, LNS tunnels; accounting lines",
         f"{fmt(sc.get('ra_left_sessions'))}, {fmt(sc.get('ra_left_ifaces'))}, "
         f"{fmt(sc.get('ra_left_tunnels'))}; {fmt(sc.get('ra_session_end_lines'))}", "0, 0, 0; all"),
    ]
    for a, b, c in rows:
        L.append(f"| {a} | {b} | {c} |")
    return L


def context(meta, s, extra):
    """What the targets rest on: crypto speed, ceiling, parallel vs inline."""
    L = []
    c = ceiling(meta, s, extra)
    enc, dec = extra["crypto"].get("gcm128_encrypt_1420_Bps"), extra["crypto"].get("gcm128_decrypt_1420_Bps")
    if enc and dec:
        drv = extra["info"].get("crypto", {}).get("gcm_driver", "?")
        L.append("")
        L.append(f"Kernel AES-GCM-128 on one CPU (tcrypt mode 211, `{drv}`, 1420-byte "
                 f"requests): {fmt(enc / 1e6, 1)} MB/s encrypt, {fmt(dec / 1e6, 1)} MB/s decrypt.")
    if c:
        line = (f"Ceiling of a GCM pseudowire arm here, 1 TCP stream (estimate: each packet "
                f"costs the stock L2TP path's {fmt(c['plain_us_per_pkt'], 1)} µs of CPU plus "
                f"{fmt(c['crypto_us_per_pkt'], 1)} µs of AES-GCM, all {meta.get('cpus')} CPUs "
                f"busy, nothing else spent): {fmt(c['mbps'])} Mbit/s")
        if "vs_stock_xfrm_natt" in c:
            line += f" = {fmt(c['vs_stock_xfrm_natt'], 2)}x stock-xfrm-natt"
        if "l2s_gcm_natt_share" in c:
            line += f"; l2s-gcm-natt reaches {fmt(100 * c['l2s_gcm_natt_share'])} % of it"
        need = []
        for name, a, m, b, n, want in TARGETS:
            y = med(s, b, n)
            if m.startswith("tcp") and y and a == "l2s-gcm-natt":
                need.append(f"{fmt(want * y)} Mbit/s for {want}x {b} ({n.split('_')[0]})")
        if need:
            line += ". The TCP targets need " + ", ".join(need)
        L.append("")
        L.append(line + ".")
    par, inl = "l2s-gcm-natt", "l2s-gcm-natt-inline"
    rows = []
    for m, what in (("tcp1_fwd_mbps", "TCP 1 stream"), ("tcp4_fwd_mbps", "TCP 4 streams"),
                    ("udp64_pps", "UDP 64 B")):
        x, y = med(s, par, m), med(s, inl, m)
        if x and y:
            rows.append(f"{what} {fmt(x / y, 2)}x")
    if rows:
        L.append("")
        L.append(f"One SA over all CPUs (parallel crypto, {par}) vs inline ({inl}): "
                 + ", ".join(rows) + ".")
    drivers = {a: v["sa_driver"] for a, v in extra["info"].items() if "sa_driver" in v}
    if drivers:
        L.append("")
        L.append("SA crypto drivers: " + "; ".join(f"{a} `{d}`" for a, d in drivers.items()) + ".")
    params = meta.get("l2tpsec_params")
    if params:
        L.append("")
        L.append("l2tpsec module parameters: " +
                 ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ".")
    return L


def targets(s):
    out = []
    for name, a, m, b, n, want in TARGETS:
        x, y = med(s, a, m), med(s, b, n)
        r = x / y if x is not None and y else None
        out.append({"name": name, "num": [a, m, x], "den": [b, n, y],
                    "ratio": r, "want": want, "holds": r is not None and r >= want})
    return out


def chart(d, meta, order, s):
    if not any(s.get(a) for a in order):
        return      # scale-only run (BENCH_ROUNDS=0): nothing to plot
    sizes = meta.get("udp_sizes", [64, 512, 1400])
    path = os.path.join(d, "chart.dat")
    with open(path, "w") as f:
        cols = ["tcp1_fwd_mbps", "tcp1_rev_mbps", "tcp4_fwd_mbps", "tcp4_rev_mbps"] + \
            [f"udp{z}_pps" for z in sizes]
        f.write("# arm " + " ".join(f"{c} {c}_min {c}_max" for c in cols) + "\n")
        for a in order:
            vals = []
            for c in cols:
                dd = s.get(a, {}).get(c)
                k = 1e-3 if c.endswith("_pps") else 1.0
                if dd and dd["median"] is not None:
                    vals += [dd["median"] * k, dd["min"] * k, dd["max"] * k]
                else:
                    vals += [0, 0, 0]
                    vals[-3:] = ["NaN"] * 3
            f.write(a + " " + " ".join(str(v) for v in vals) + "\n")
    if not shutil.which("gnuplot"):
        print("render: gnuplot not installed, no chart (apt-get install gnuplot-nox)", file=sys.stderr)
        return
    title = (f"l2tpsec bench, {meta.get('mode', '?')} {meta.get('kernel', '')}, "
             f"{meta.get('cpus', '?')} CPUs, median of {meta.get('rounds', '?')} rounds "
             "(bars: min-max)")
    subprocess.run(["gnuplot", "-e", f"datafile='{path}'; outfile='{os.path.join(d, 'chart.png')}'; "
                    f"plottitle='{title}'; nsizes={len(sizes)}; "
                    f"sizes='{' '.join(str(z) for z in sizes)}'",
                    os.path.join(HERE, "chart.gp")], check=False)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    d = sys.argv[1]
    meta, recs = load(d)
    order, s, scale, extra = summarize(meta, recs)
    t = targets(s)
    md = markdown(meta, order, s, scale, extra, t)
    with open(os.path.join(d, "results.md"), "w") as f:
        f.write(md)
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump({"meta": meta, "arms": s, "scale": scale, "targets": t,
                   "crypto": extra["crypto"], "info": extra["info"],
                   "ceiling": ceiling(meta, s, extra)}, f, indent=1)
        f.write("\n")
    chart(d, meta, order, s)
    sys.stdout.write(md)


if __name__ == "__main__":
    main()
