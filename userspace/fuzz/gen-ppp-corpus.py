#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seeds of fuzz/fuzz_ppp.c and fuzz/fuzz_users.c
(fuzz/corpus/ppp/, fuzz/corpus/users/). Run from userspace/:
    python3 fuzz/gen-ppp-corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def pkt(code, ident, data=b""):
    return struct.pack(">BBH", code, ident, 4 + len(data)) + data


def opt(t, data=b""):
    return bytes([t, 2 + len(data)]) + data


def ip(a):
    return bytes(int(x) for x in a.split("."))


PPP = {
    # LCP, as Windows and the others send it
    "lcp-req-windows": pkt(1, 1, opt(1, b"\x05\x78") + opt(5, b"\x12\x34\x56\x78")
                           + opt(7) + opt(8) + opt(13, b"\x06")),
    "lcp-req-server": pkt(1, 2, opt(1, b"\x05\x78") + opt(3, b"\xc2\x23\x81")
                          + opt(5, b"\x01\x02\x03\x04")),
    "lcp-ack": pkt(2, 2, opt(1, b"\x05\x78") + opt(3, b"\xc2\x23\x81")
                   + opt(5, b"\x01\x02\x03\x04")),
    "lcp-nak-auth": pkt(3, 2, opt(3, b"\xc2\x23\x05")),
    "lcp-nak-pap": pkt(3, 2, opt(3, b"\xc0\x23")),
    "lcp-rej": pkt(4, 2, opt(5, b"\x01\x02\x03\x04")),
    "lcp-term-req": pkt(5, 3, b"User request"),
    "lcp-term-ack": pkt(6, 3),
    "lcp-code-rej": pkt(7, 4, pkt(12, 1, b"\x00")),
    "lcp-proto-rej": pkt(8, 5, b"\x80\x57" + pkt(1, 1)),
    "lcp-echo-req": pkt(9, 6, b"\x12\x34\x56\x78" + b"ping"),
    "lcp-echo-rep": pkt(10, 6, b"\x01\x02\x03\x04"),
    "lcp-discard": pkt(11, 7, b"\x12\x34\x56\x78"),
    # IPCP
    "ipcp-req-windows": pkt(1, 8, opt(2, b"\x00\x2d\x0f\x01") + opt(3, ip("0.0.0.0"))
                            + opt(129, ip("0.0.0.0")) + opt(130, ip("0.0.0.0"))
                            + opt(131, ip("0.0.0.0")) + opt(132, ip("0.0.0.0"))),
    "ipcp-req-ok": pkt(1, 9, opt(3, ip("10.8.0.10")) + opt(129, ip("10.8.0.53"))),
    "ipcp-nak": pkt(3, 1, opt(3, ip("10.8.0.10"))),
    "ipcp-rej": pkt(4, 1, opt(3, ip("10.8.0.1"))),
    # IPV6CP (RFC 5072): pppd's identifier, zero, compression, our request Nak'd
    "ipv6cp-req-pppd": pkt(1, 1, opt(1, bytes.fromhex("3c550e86b81a7f23"))),
    "ipv6cp-req-zero": pkt(1, 2, opt(1, bytes(8))),
    "ipv6cp-req-comp": pkt(1, 3, opt(1, bytes.fromhex("0123456789abcdef"))
                           + opt(2, b"\x00\x4f")),
    "ipv6cp-nak": pkt(3, 1, opt(1, bytes.fromhex("1122334455667788"))),
    "unknown-code": pkt(42, 1, b"\xff"),
}

USERS = {
    "users-basic": (
        "# users\n"
        "user alice password \"s3cret\"\n"
        "user bob nthash 44EBBA8D5312B8D611474411F56989AE address 10.8.0.50\n"
        "user \"carol smith\" password \"a \\\"b\\\" \\\\c\" # comment\r\n"
        "user CORP\\eve nthash 31d6cfe0d16ae931b73c59d7e0c089c0 address 10.8.0.51\n"),
    "pool-range": "10.8.0.10-10.8.0.40\nuser a password \"x\"\n",
    "pool-prefix": "10.8.0.0/27\n",
    "pool-one": "10.8.0.7\n",
    "users-errors": "user a password x\nuser a\n",
    "chap-secrets": (
        "# client\tserver\tsecret\t\tIP addresses\n"
        "alice\t*\t\"s3cret\"\t*\n"
        "bob l2tpd pa#ss - # comment\n"
        "\"carol smith\" * \"with space\" 10.8.0.60\r\n"
        "CORP\\\\dave * plain\n"
        "user erin password \"e\" address 10.8.0.61\n"),
    "chap-errors": "* * s\nalice * @file\nbob * s 1.2.3.4 5.6.7.8\n",
}


def write(d, items):
    path = os.path.join(HERE, "corpus", d)
    os.makedirs(path, exist_ok=True)
    for name, data in items.items():
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)


write("ppp", PPP)
write("users", USERS)
