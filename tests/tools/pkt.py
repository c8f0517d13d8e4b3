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
"""
import argparse
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
    r = sub.add_parser("replay")
    r.add_argument("pcap")
    r.add_argument("--proto", type=int, default=0)
    a = p.parse_args()
    return {"esp": cmd_esp, "udp": cmd_udp, "replay": cmd_replay}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
