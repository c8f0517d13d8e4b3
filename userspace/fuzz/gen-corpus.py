#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of the fuzz harnesses (fuzz/corpus/*).

Family id 0x2a (CLI_DRY_FAMILY) everywhere; attribute numbers from
kernel/uapi/l2tpsec.h. Run from userspace/: python3 fuzz/gen-corpus.py
"""
import os
import struct

FAM = 0x2a
HERE = os.path.dirname(os.path.abspath(__file__))

# enum l2tpsec_attr
(A_PAD, A_LOCAL_IP4, A_PEER_IP4, A_LOCAL_IP6, A_PEER_IP6, A_SA_SPI, A_SA_DIR,
 A_SA_ALG, A_SA_ENC_KEY, A_SA_AUTH_KEY, A_SA_ENCAP, A_SA_ENCAP_LOCAL_PORT,
 A_SA_ENCAP_PEER_PORT, A_SA_REPLAY_WINDOW, A_SA_ESN, A_SA_SEQ,
 A_LIFE_SB, A_LIFE_HB, A_LIFE_SP, A_LIFE_HP, A_LIFE_SS, A_LIFE_HS,
 A_SA_STATE, A_SA_AGE, A_SA_EXPIRE_KIND, A_SA_EXPIRE_HARD, A_STATS,
 A_ENCAP_FD, A_ENCAP_PORT, A_ENCAP_USERS, A_TUNNEL_ID, A_TUNNEL_PEER_ID,
 A_TUNNEL_VERSION, A_TUNNEL_LOCAL_PORT, A_TUNNEL_PEER_PORT, A_TUNNEL_SA_OUT,
 A_TUNNEL_ESP_REQUIRED, A_SESSION_ID, A_SESSION_PEER_ID, A_SESSION_PW_TYPE,
 A_SESSION_IFNAME, A_SESSION_IFINDEX, A_SESSION_COOKIE,
 A_SESSION_PEER_COOKIE, A_SESSION_L2SPEC, A_SESSION_SEND_SEQ,
 A_SESSION_RECV_SEQ, A_SESSION_MTU, A_PAYLOAD) = range(1, 50)
CMD_SA_GET, CMD_ENCAP_GET, CMD_TUNNEL_GET, CMD_SESSION_GET = 3, 6, 10, 13
CMD_STATS_GET, CMD_SA_EXPIRE, CMD_CTRL_RECV, CMD_PPP_RECV = 16, 17, 18, 19


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack('<HH', n, t) + payload + b'\0' * ((4 - n % 4) % 4)


u8 = lambda t, v: attr(t, struct.pack('<B', v))
u16 = lambda t, v: attr(t, struct.pack('<H', v))
u32 = lambda t, v: attr(t, struct.pack('<I', v))
u64 = lambda t, v: attr(t, struct.pack('<Q', v))
ip4 = lambda t, s: attr(t, bytes(int(x) for x in s.split('.')))


def msg(typ, cmd, attrs, flags=0):
    body = struct.pack('<BBH', cmd, 1, 0) + b''.join(attrs)
    return struct.pack('<IHHII', 16 + len(body), typ, flags, 1, 0) + body


def stats():
    return attr(A_STATS, b''.join(u64(t, t * 3) for t in range(2, 16)))


def err(e, req=b'', ext=b''):
    # NLMSG_ERROR, capped, with extack TLVs
    body = struct.pack('<i', -e) + (req[:16] if req else b'\0' * 16) + ext
    return struct.pack('<IHHII', 16 + len(body), 2, 0x100 | 0x200, 1, 0) + body


def write(d, name, data):
    p = os.path.join(HERE, 'corpus', d)
    os.makedirs(p, exist_ok=True)
    with open(os.path.join(p, name), 'wb') as f:
        f.write(data)


sa = msg(FAM, CMD_SA_GET, [
    u32(A_SA_SPI, 0x1001), u8(A_SA_DIR, 1), ip4(A_LOCAL_IP4, '10.0.0.1'),
    ip4(A_PEER_IP4, '10.0.0.2'), u8(A_SA_ALG, 1), u8(A_SA_ENCAP, 1),
    u16(A_SA_ENCAP_LOCAL_PORT, 4500), u16(A_SA_ENCAP_PEER_PORT, 4500),
    u32(A_SA_REPLAY_WINDOW, 128), u8(A_SA_ESN, 0), u64(A_SA_SEQ, 5),
    u64(A_LIFE_HP, 100), u32(A_LIFE_SS, 60), u8(A_SA_STATE, 0),
    u64(A_SA_AGE, 3), stats()])
tun = msg(FAM, CMD_TUNNEL_GET, [
    u32(A_TUNNEL_ID, 10), u32(A_TUNNEL_PEER_ID, 20), u8(A_TUNNEL_VERSION, 3),
    ip4(A_LOCAL_IP4, '10.0.0.1'), ip4(A_PEER_IP4, '10.0.0.2'),
    u16(A_TUNNEL_LOCAL_PORT, 1701), u16(A_TUNNEL_PEER_PORT, 1701),
    u32(A_TUNNEL_SA_OUT, 0x1001), u8(A_TUNNEL_ESP_REQUIRED, 1), stats()])
ses = msg(FAM, CMD_SESSION_GET, [
    u32(A_TUNNEL_ID, 10), u32(A_SESSION_ID, 100), u32(A_SESSION_PEER_ID, 200),
    u16(A_SESSION_PW_TYPE, 5), attr(A_SESSION_IFNAME, b'l2tpeth0\0'),
    u32(A_SESSION_IFINDEX, 4), attr(A_SESSION_COOKIE, b'\1\2\3\4'),
    attr(A_SESSION_PEER_COOKIE, b'12345678'), u8(A_SESSION_L2SPEC, 1),
    u8(A_SESSION_SEND_SEQ, 1), u8(A_SESSION_RECV_SEQ, 0),
    u32(A_SESSION_MTU, 1400), stats()])
enc = msg(FAM, CMD_ENCAP_GET, [u16(A_ENCAP_PORT, 4500), u32(A_ENCAP_USERS, 2)])
sts = msg(FAM, CMD_STATS_GET, [stats()])
fam = msg(0x10, 1, [
    attr(2, b'l2tpsec\0'), u16(1, 0x1d),
    attr(7, attr(1, u32(2, 9) + attr(1, b'events\0')))])
req = msg(FAM, 1, [u32(A_SA_SPI, 0x1001), u8(A_SA_DIR, 2)])
extack = attr(1, b'SPI already exists\0') + u32(2, 20)

# fuzz_reply: first byte selects the parser
for name, sel, data in [
        ('error-extack', 0, err(17, req, extack)), ('ack', 0, err(0)),
        ('done', 0, struct.pack('<IHHIIi', 20, 3, 2, 1, 0, 0)),
        ('family', 1, fam), ('sa', 2, sa), ('tunnel', 3, tun),
        ('session', 4, ses), ('encap', 5, enc), ('stats', 6, sts),
        ('sa-attrs', 7, sa), ('dump', 2, sa + sa)]:
    write('reply', name, bytes([sel]) + data)

# fuzz_events: first byte = json flag
expire = msg(FAM, CMD_SA_EXPIRE, [
    u32(A_SA_SPI, 0x1001), u8(A_SA_DIR, 2), ip4(A_LOCAL_IP4, '10.0.0.1'),
    ip4(A_PEER_IP4, '10.0.0.2'), u8(A_SA_EXPIRE_KIND, 2),
    u8(A_SA_EXPIRE_HARD, 1)])
ctrl = msg(FAM, CMD_CTRL_RECV, [
    u32(A_TUNNEL_ID, 10), ip4(A_PEER_IP4, '10.0.0.2'),
    u16(A_TUNNEL_PEER_PORT, 1701), u32(A_SA_SPI, 0x2001),
    attr(A_PAYLOAD, bytes.fromhex('c802000c000a000000000000'))])
ppp = msg(FAM, CMD_PPP_RECV, [
    u32(A_TUNNEL_ID, 10), u32(A_SESSION_ID, 100),
    attr(A_PAYLOAD, bytes.fromhex('c02101010004'))])
for name, data in [('expire', expire), ('ctrl', ctrl), ('ppp', ppp),
                   ('all', expire + ctrl + ppp)]:
    write('events', name + '-text', b'\0' + data)
    write('events', name + '-json', b'\1' + data)

# fuzz_args: newline-separated words
K20 = '000102030405060708090a0b0c0d0e0f10111213'
for i, line in enumerate([
        'sa add spi 0x1001 dir out local 10.0.0.1 peer 10.0.0.2 alg aes-gcm-128 key ' + K20,
        'sa add spi 0x2001 dir in local 10.0.0.1 peer 10.0.0.2 alg aes-cbc-128-hmac-sha1 '
        'key 000102030405060708090a0b0c0d0e0f auth-key ' + K20 +
        ' encap udp sport 4500 dport 4501 replay-window 64 esn seq 1 soft-bytes 1 '
        'hard-bytes 2 soft-packets 3 hard-packets 4 soft-time 5 hard-time 6',
        'sa del spi 4097 dir in', '--json sa show spi 4097 dir out',
        'encap add port 4500', 'encap del port 4500', 'encap show',
        'tunnel add id 10 peer-id 20 version 2 local 10.0.0.1 peer 10.0.0.2 '
        'sport 1701 dport 1701 sa-out 0x1001 esp-required',
        'tunnel set id 10 sa-out none esp-required on', 'tunnel del id 10',
        'tunnel show id 10',
        'session add tunnel 10 id 100 peer-id 200 name l2tp0 pw eth cookie 01020304 '
        'peer-cookie 0102030405060708 l2spec default seq both mtu 1400',
        'session del tunnel 10 id 100', 'session show tunnel 10',
        'stats --json', 'monitor', 'help',
        'ctrl send tunnel 10 hex c802000c000a000000000000',
        'ppp send tunnel 10 session 100 hex c02101010004']):
    write('args', 'cmd%02d' % i, line.replace(' ', '\n').encode())
