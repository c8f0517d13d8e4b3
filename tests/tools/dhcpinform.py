#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send a DHCPINFORM the way Windows' built-in L2TP client does after IPCP
(from its PPP address, port 68, to 255.255.255.255:67 out of the PPP
interface; options 53=8, 61, 12, 60 "MSFT 5.0", 55 asking for 121 and
249 among others) and print the answer's options as JSON:
{"type": 5, "server": "A", "dns": [...], "domain": "...",
 "routes121": ["10.0.0.0/8 via A", ...], "routes249": [...]}.

  dhcpinform.py IFNAME ADDRESS [TIMEOUT]

Exit 1 with a message when nothing (or garbage) comes back.
"""
import json
import os
import random
import socket
import struct
import sys


def routes(data):
    out, i = [], 0
    while i < len(data):
        plen = data[i]
        n = (plen + 7) // 8
        if plen > 32 or i + 1 + n + 4 > len(data):
            raise ValueError("bad classless route option")
        dst = bytes(data[i + 1:i + 1 + n]) + b"\0" * (4 - n)
        gw = data[i + 1 + n:i + 5 + n]
        out.append("%s/%d via %s" % (socket.inet_ntoa(dst), plen, socket.inet_ntoa(gw)))
        i += 5 + n
    return out


def main():
    ifname, addr = sys.argv[1], sys.argv[2]
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    xid = random.getrandbits(32)
    mac = bytes([0x02, 0, 0x4c, 0x32, 0x54, 0x50])
    req = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0,
                      socket.inet_aton(addr), b"\0" * 4, b"\0" * 4, b"\0" * 4,
                      mac + b"\0" * 10, b"", b"")
    req += bytes([99, 130, 83, 99])
    req += bytes([53, 1, 8])
    req += bytes([61, 7, 1]) + mac
    req += bytes([12, 8]) + b"l2tp-win"
    req += bytes([60, 8]) + b"MSFT 5.0"
    prl = [1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43, 252]
    req += bytes([55, len(prl)] + prl)
    req += bytes([255])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.bind((addr, 68))
    s.settimeout(timeout)
    s.sendto(req, ("255.255.255.255", 67))
    try:
        data, src = s.recvfrom(2048)
    except socket.timeout:
        sys.exit("no answer to the DHCPINFORM within %.0f s" % timeout)
    if len(data) < 240 or data[236:240] != bytes([99, 130, 83, 99]):
        sys.exit("not a DHCP answer: %d bytes" % len(data))
    op, _, _, _, rxid = struct.unpack("!BBBBI", data[:8])
    if op != 2 or rxid != xid:
        sys.exit("op %d xid %08x (sent %08x)" % (op, rxid, xid))
    opts, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        code, ln = data[i], data[i + 1]
        opts[code] = opts.get(code, b"") + data[i + 2:i + 2 + ln]  # RFC 3396
        i += 2 + ln
    res = {
        "from": src[0],
        "ciaddr": socket.inet_ntoa(data[12:16]),
        "yiaddr": socket.inet_ntoa(data[16:20]),
        "type": opts.get(53, b"\0")[0],
        "server": socket.inet_ntoa(opts[54]) if 54 in opts else "",
        "dns": [socket.inet_ntoa(opts[6][j:j + 4]) for j in range(0, len(opts.get(6, b"")), 4)],
        "domain": opts.get(15, b"").decode(errors="replace"),
        "routes121": routes(opts.get(121, b"")),
        "routes249": routes(opts.get(249, b"")),
    }
    print(json.dumps(res))


if __name__ == "__main__":
    main()
