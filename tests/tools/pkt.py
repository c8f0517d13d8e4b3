#!/usr/bin/env python3
"""Craft and replay packets for the l2tpsec VM tests.

  pkt.py esp --dst 10.0.0.2 --spi 0x1001 [--seq 5] [--len 64] [--udp 4500
             [--sport 4500]]
      send one ESP packet (raw IP protocol 50, or ESP-in-UDP to the port,
      from an ephemeral port or, through a raw socket, from --sport even if
      a socket holds it) with a random body: it can never authenticate.
  pkt.py udp --dst 10.0.0.2 --dport 1701 --hex 00030000000000c8...
      send one UDP datagram with the given payload.
  pkt.py replay FILE.pcap [--proto 50|17]
      resend every IPv4 packet of a capture (Ethernet link type) through a
      raw socket, exactly as captured.
  pkt.py espfile FILE --spi 0x1001 --count 8 [--raw] [--key HEX --session N]
      write the bodies (from the first byte after the IV to the end of
      the ICV) of COUNT ESP packets into FILE, one per 8 KiB slot, each
      straddling a page boundary: random bytes, or with --key a valid
      AES-GCM-128 (RFC 4106) encryption, under that SA key (16-byte key +
      4-byte salt), of an inner UDP + L2TPv3 data packet for --session
      (default sublayer, no cookie) carrying a broadcast Ethernet frame.
  pkt.py splice FILE --dst 10.0.0.2 --spi 0x1001 --count 8
          (--udp 4500 [--sport PORT] | --raw) [--via sendfile|vmsplice]
      send those packets with their bodies taken from FILE by sendfile(2),
      or by vmsplice(2) of a read-only shared mapping of FILE into a pipe
      and splice(2) from it: the UDP socket appends the pipe's pages to
      the datagram as fragments (udp_sendpage()), and they reach the
      receiver's ESP input as they are (veth, loopback). With vmsplice
      they are the file's page-cache pages themselves. The header (SPI, sequence
      number, IV) goes first with MSG_MORE. --udp: ESP-in-UDP to that
      port. --raw: the UDP header itself is the ESP header (source port =
      high 16 bits of the SPI, destination port = low 16 bits, length
      and checksum 0 = sequence number), for a tc pedit rule on the way
      that rewrites the IP protocol to 50.
  pkt.py ctflush
      flush the IPv4 connection tracking table of the namespace (what
      `conntrack -F` does, over ctnetlink): a NAT maps the next packets
      of each flow anew.
  espfile and splice must get the same --spi, --first, --count, --raw and
  --len. Packet i (from --first on) has an inner payload of len + 4 i
  bytes and sequence number 1000 + i (ESP-in-UDP) or its UDP length << 16
  (--raw).
"""
import argparse
import ctypes
import mmap
import os
import socket
import struct
import sys


def send_raw_ip(pkt: bytes, dst: str) -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.sendto(pkt, (dst, 0))
    s.close()


def cmd_esp(a) -> int:
    body = struct.pack("!II", a.spi, a.seq) + os.urandom(a.len)
    if a.udp and a.sport:
        # UDP header by hand (checksum 0: none, allowed over IPv4)
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
        hdr = struct.pack("!HHHH", a.sport, a.udp, 8 + len(body), 0)
        s.sendto(hdr + body, (a.dst, 0))
        s.close()
    elif a.udp:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(body, (a.dst, a.udp))
        s.close()
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 50)
        s.sendto(body, (a.dst, 0))
        s.close()
    return 0


def cmd_udp(a) -> int:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if a.sport:
        s.bind(("0.0.0.0", a.sport))
    s.sendto(bytes.fromhex(a.hex), (a.dst, a.dport))
    s.close()
    return 0


def cmd_replay(a) -> int:
    with open(a.pcap, "rb") as f:
        data = f.read()
    if len(data) < 24:
        print("short pcap", file=sys.stderr)
        return 1
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        print(f"unsupported link type {linktype}", file=sys.stderr)
        return 1
    off, sent = 24, 0
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(frame) < 34 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        if a.proto and ip[9] != a.proto:
            continue
        send_raw_ip(bytes(ip), socket.inet_ntoa(ip[16:20]))
        sent += 1
    print(f"replayed {sent}")
    return 0 if sent else 1


SLOT = 8192          # file bytes per packet
SLOT_OFF = 4096 - 256  # body start: 256 bytes before a page boundary
UDP_SEQ0 = 1000      # ESP-in-UDP: sequence number of packet 0


def plan(a, i: int):
    """(sequence number, IV, inner length, ciphertext length, body length,
    file offset) of packet i (counted from 0 for --first 0)."""
    plen = a.len + 4 * i           # inner payload (UDP + L2TP + frame)
    clen = plen + 2                # + pad length + next header (align 4)
    clen += -clen % 4
    blen = clen + 16               # + ICV
    off = (i - a.first) * SLOT + SLOT_OFF
    if a.raw:
        # the UDP length (header 8 + IV 8 + body) << 16, checksum 0
        seq = (8 + 8 + blen) << 16
    else:
        seq = UDP_SEQ0 + i
    iv = struct.pack("!Q", 0x5A5A000000000000 | seq)
    return seq, iv, plen, clen, blen, off


def inner_payload(a, plen: int, i: int) -> bytes:
    eth = b"\xff" * 6 + bytes.fromhex("02005a5a0001") + b"\x88\xb5"
    l2tp = struct.pack("!HHII", 3, 0, a.session, 0)
    body = eth + bytes((i + k) & 0xFF for k in range(plen - 8 - len(l2tp) - len(eth)))
    return struct.pack("!HHHH", 1701, 1701, plen, 0) + l2tp + body


def cmd_espfile(a) -> int:
    if a.len < 8 + 12 + 14 + 46 or \
       a.len + 4 * (a.first + a.count) + 2 + 3 + 16 > SLOT - SLOT_OFF:
        print("bad --len", file=sys.stderr)
        return 1
    data = bytearray(os.urandom(a.count * SLOT))
    for i in range(a.first, a.first + a.count):
        seq, iv, plen, clen, blen, off = plan(a, i)
        if a.key:
            # pylint: disable=import-outside-toplevel
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
            key = bytes.fromhex(a.key)
            pad = clen - plen - 2
            pt = (inner_payload(a, plen, i) + bytes(range(1, pad + 1)) +
                  bytes((pad, 17)))
            aad = struct.pack("!II", a.spi, seq)
            body = AESGCM(key[:16]).encrypt(key[16:20] + iv, pt, aad)
            assert len(body) == blen
            data[off:off + blen] = body
    with open(a.file, "wb") as f:
        f.write(data)
    return 0


def cmd_splice(a) -> int:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # SO_NO_CHECK: checksum 0 (raw: the low half of the sequence number)
    s.setsockopt(socket.SOL_SOCKET, 11, 1)
    if a.raw:
        s.bind(("0.0.0.0", a.spi >> 16))
        s.connect((a.dst, a.spi & 0xFFFF))
    else:
        # the module takes ESP-in-UDP only from the SA's peer port
        if a.sport:
            s.bind(("0.0.0.0", a.sport))
        s.connect((a.dst, a.udp))
    fd = os.open(a.file, os.O_RDONLY)
    if a.via == "vmsplice":
        size = os.fstat(fd).st_size
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                              ctypes.c_int, ctypes.c_int, ctypes.c_long]
        libc.vmsplice.argtypes = [ctypes.c_int, ctypes.c_void_p,
                                  ctypes.c_ulong, ctypes.c_uint]
        # read-only shared mapping: its pages are the page cache's
        base = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        if base in (None, ctypes.c_void_p(-1).value):
            print(f"mmap: {os.strerror(ctypes.get_errno())}", file=sys.stderr)
            return 1
        pr, pw = os.pipe()
    for i in range(a.first, a.first + a.count):
        seq, iv, _, _, blen, off = plan(a, i)
        hdr = iv if a.raw else struct.pack("!II", a.spi, seq) + iv
        s.send(hdr, socket.MSG_MORE)
        if a.via == "vmsplice":
            # the mapped page-cache pages go into the pipe as they are
            iov = (ctypes.c_void_p * 2)(base + off, blen)
            n = libc.vmsplice(pw, iov, 1, 0)
            if n == blen:
                n = os.splice(pr, s.fileno(), blen)
        else:
            n = os.sendfile(s.fileno(), fd, off, blen)
        if n != blen:
            print(f"{a.via}: {n} of {blen} bytes", file=sys.stderr)
            return 1
    os.close(fd)
    s.close()
    print(f"spliced {a.count}")
    return 0


def cmd_ctflush(a) -> int:
    # IPCTNL_MSG_CT_DELETE without attributes = flush (nfnetlink_conntrack)
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETFILTER
    nl.bind((0, 0))
    msg_type = (1 << 8) | 2   # NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE
    flags = 0x1 | 0x4         # NLM_F_REQUEST | NLM_F_ACK
    nfgen = struct.pack("BBH", socket.AF_INET, 0, 0)
    nl.send(struct.pack("=IHHII", 16 + len(nfgen), msg_type, flags, 1, 0) + nfgen)
    ack = nl.recv(4096)
    nl.close()
    _, typ, _, _, _ = struct.unpack("=IHHII", ack[:16])
    err = struct.unpack("=i", ack[16:20])[0] if typ == 2 else 0
    if err and err != -2:     # ENOENT: the table was empty
        print(f"pkt.py ctflush: {os.strerror(-err)}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("esp")
    e.add_argument("--dst", required=True)
    e.add_argument("--spi", type=lambda x: int(x, 0), required=True)
    e.add_argument("--seq", type=lambda x: int(x, 0), default=1)
    e.add_argument("--len", type=int, default=64)
    e.add_argument("--udp", type=int, default=0)
    e.add_argument("--sport", type=int, default=0)
    u = sub.add_parser("udp")
    u.add_argument("--dst", required=True)
    u.add_argument("--dport", type=int, required=True)
    u.add_argument("--sport", type=int, default=0)
    u.add_argument("--hex", required=True)
    sub.add_parser("ctflush")
    r = sub.add_parser("replay")
    r.add_argument("pcap")
    r.add_argument("--proto", type=int, default=0)
    for name in ("espfile", "splice"):
        f = sub.add_parser(name)
        f.add_argument("file")
        f.add_argument("--spi", type=lambda x: int(x, 0), required=True)
        f.add_argument("--first", type=int, default=0)
        f.add_argument("--count", type=int, default=8)
        f.add_argument("--len", type=int, default=1000)
        f.add_argument("--raw", action="store_true")
        if name == "espfile":
            f.add_argument("--key", default="")
            f.add_argument("--session", type=int, default=0)
        else:
            f.add_argument("--dst", required=True)
            f.add_argument("--udp", type=int, default=0)
            f.add_argument("--sport", type=int, default=0)
            f.add_argument("--via", choices=("sendfile", "vmsplice"),
                           default="sendfile")
    a = p.parse_args()
    return {"esp": cmd_esp, "udp": cmd_udp, "replay": cmd_replay,
            "espfile": cmd_espfile, "splice": cmd_splice,
            "ctflush": cmd_ctflush}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
