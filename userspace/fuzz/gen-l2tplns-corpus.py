#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Seeds of fuzz_l2tplns (fuzz/corpus/l2tplns/): the prologue, then records
# [op][len16][bytes] as fuzz/fuzz_l2tplns.c reads them.
import os
import struct
import sys

def avp(t, v, m=True):
    return struct.pack(">HHH", (0x8000 if m else 0) | (6 + len(v)), 0, t) + v

def msg(mtype, sid, *avps):
    body = avp(0, struct.pack(">H", mtype)) + b"".join(avps)
    return struct.pack(">HHHHHH", 0xc802, 12 + len(body), 0, sid, 0, 0) + body

def rec(op, data=b"", n=None):
    return bytes([op]) + struct.pack(">H", len(data) if n is None else n) + data

u16 = lambda v: struct.pack(">H", v)
u32 = lambda v: struct.pack(">I", v)
seeds = {
    "prologue": b"\x02",
    "prologue-secret": b"\x03",
    "close": b"\x02" + rec(3, b"\xc0\x21\x01\x01\x00\x04") + rec(4) + rec(2, n=100),
    "lcp-term": b"\x02" + rec(3, b"\xc0\x21\x05\x01\x00\x04") + rec(2, n=100),
    "cdn": b"\x02" + rec(1, msg(14, 0xffff, avp(1, u16(1)), avp(14, u16(9)))) + rec(2, n=500),
    "stopccn": b"\x02" + rec(1, msg(4, 0, avp(1, u16(1)), avp(9, u16(7)))) + rec(2, n=400),
    "icrq-more": b"\x02" + rec(1, msg(10, 0, avp(14, u16(10)), avp(15, u32(2))))
                 + rec(1, msg(12, 0xffff, avp(24, u32(1)), avp(19, u32(1))))
                 + rec(1, msg(10, 0, avp(14, u16(11)), avp(99, u16(1)))) + rec(2, n=50),
    "hello-dead": b"\x02" + b"".join(rec(2, n=4000) for _ in range(30)),
    "stop-all": b"\x02" + rec(5, n=2) + rec(2, n=3000) + rec(5, n=3),
    "sccrq": b"\x00" + rec(0, msg(1, 0, avp(2, b"\x01\x00"), avp(3, u32(3)),
                                  avp(7, b"lac"), avp(9, u16(5)), avp(10, u16(4)))),
}
out = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/l2tplns"
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
