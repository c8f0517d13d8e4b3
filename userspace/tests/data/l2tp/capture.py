#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
How xl2tpd.txt was captured: a minimal scripted LNS that answers xl2tpd
(as a LAC) just far enough for it to send SCCRQ, SCCCN, ICRQ, ICCN and,
when pppd cannot start, CDN. Control plane in userspace only: no kernel
L2TP, no pppd needed.

    ip netns add l2cap; ip netns exec l2cap ip link set lo up
    ip netns exec l2cap ip addr add 127.0.0.2/8 dev lo
    ip netns exec l2cap python3 capture.py &       # writes m0.bin... sccrp.bin
    ip netns exec l2cap xl2tpd -D -c xl2tpd.conf -s l2tp-secrets -p pid -C ctl

xl2tpd.conf:
    [global]
    listen-addr = 127.0.0.2
    port = 1701
    force userspace = yes
    access control = no
    [lac test]
    lns = 127.0.0.1
    autodial = yes
    challenge = yes
    hidden bit = yes
    hostname = lac.example.org
    redial = no
    pppoptfile = /tmp/options          (an empty file)
l2tp-secrets:
    * * s3cr3t-l2tp

The ICRP it sends hides the Assigned Session ID (as gen.py's case
icrp-xl2tpd): xl2tpd logged "assigned_call_avp: using peer's call 22136".
"""
import socket, struct, hashlib, sys
SECRET = b"s3cr3t-l2tp"
MYCHAL = bytes(range(0x10, 0x20))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 1701))
s.settimeout(6)
def avps(d):
    off = 12
    out = {}
    while off < len(d):
        fl = struct.unpack(">H", d[off:off+2])[0]; ln = fl & 0x3ff
        vid, at = struct.unpack(">HH", d[off+2:off+6])
        out.setdefault(at, d[off+6:off+ln]); off += ln
    return out
def avp(t, v, m=True):
    return struct.pack(">HHH", (0x8000 if m else 0) | (6 + len(v)), 0, t) + v
def hide(t, v, rv, pad):
    sub = struct.pack(">H", len(v)) + v + pad
    out = b""; prev = None
    for i in range(0, len(sub), 16):
        h = hashlib.md5(struct.pack(">H", t) + SECRET + rv).digest() if i == 0 else hashlib.md5(SECRET + prev).digest()
        c = bytes(a ^ b for a, b in zip(sub[i:i+16], h)); out += c; prev = c
    return struct.pack(">HHH", 0xc000 | (6 + len(out)), 0, t) + out
def msg(tid, sid, ns, nr, body):
    return struct.pack(">HHHHHH", 0xc802, 12 + len(body), tid, sid, ns, nr) + body
ns = 0; nr = 0; n = 0; peer_tid = None
while n < 8:
    try:
        d, a = s.recvfrom(4096)
    except socket.timeout:
        break
    print("rx", d.hex(), flush=True)
    open("m%d.bin" % n, "wb").write(d); n += 1
    if len(d) <= 12:
        continue
    A = avps(d)
    mt = struct.unpack(">H", A[0])[0]
    nr = (struct.unpack(">H", d[8:10])[0] + 1) & 0xffff
    if mt == 1:
        peer_tid = struct.unpack(">H", A[9])[0]
        resp = hashlib.md5(bytes([2]) + SECRET + A[11]).digest()
        body = (avp(0, struct.pack(">H", 2)) + avp(2, b"\x01\x00") + avp(3, struct.pack(">I", 3)) +
                avp(7, b"lns.example.org") + avp(9, struct.pack(">H", 0x1234)) +
                avp(10, struct.pack(">H", 8)) + avp(11, MYCHAL) + avp(13, resp))
        out = msg(peer_tid, 0, ns, nr, body); ns += 1
        s.sendto(out, a); print("tx", out.hex(), flush=True)
        open("sccrp.bin", "wb").write(out)
    elif mt == 3:
        print("SCCCN chal resp ok:", A.get(13) == hashlib.md5(bytes([3]) + SECRET + MYCHAL).digest(), flush=True)
        s.sendto(msg(peer_tid, 0, ns, nr, b""), a)
    elif mt == 10:
        psid = struct.unpack(">H", A[14])[0] if 14 in A else None
        print("ICRQ, sid avp", A.get(14), flush=True)
        RV = bytes(range(0xa0, 0xb0))
        body = avp(0, struct.pack(">H", 11)) + avp(36, RV) + hide(14, struct.pack(">H", 0x5678), RV, b"\x00\x00\x00")
        out = msg(peer_tid, psid or 0, ns, nr, body); ns += 1
        s.sendto(out, a); print("tx", out.hex(), flush=True)
    else:
        s.sendto(msg(peer_tid, 0, ns, nr, b""), a)
