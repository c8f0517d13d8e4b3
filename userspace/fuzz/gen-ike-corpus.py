#!/usr/bin/env python3
# Seed corpus of fuzz_ikemsg (RFC 7296 section 3 layout), written independently of ikev2_msg.c.
import os, struct, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def gen(nxt, body, crit=False):
    return lambda n: struct.pack('!BBH', n, 0x80 if crit else 0, 4 + len(body)) + body

def chain(payloads):
    """payloads: list of (type, body[, critical]); returns (first type, bytes)."""
    out = b''
    for i, p in enumerate(payloads):
        t, body = p[0], p[1]
        crit = len(p) > 2 and p[2]
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += struct.pack('!BBH', nxt, 0x80 if crit else 0, 4 + len(body)) + body
    return (payloads[0][0] if payloads else 0), out

def hdr(spi_i, spi_r, first, exch, flags, msgid, body):
    return spi_i + spi_r + struct.pack('!BBBBII', first, 0x20, exch, flags, msgid, 28 + len(body)) + body

def transform(ttype, tid, bits=0, last=False):
    attrs = struct.pack('!HH', 0x800e, bits) if bits else b''
    return struct.pack('!BBHBBH', 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs

def proposal(num, proto, spi, trans, last=True):
    t = b''.join(transform(*x, last=(i == len(trans) - 1)) for i, x in enumerate(trans))
    return struct.pack('!BBHBBBB', 0 if last else 2, 0, 8 + len(spi) + len(t), num, proto, len(spi), len(trans)) + spi + t

def sa(props):
    return b''.join(proposal(*p, last=(i == len(props) - 1)) for i, p in enumerate(props))

def notify(ntype, data=b'', proto=0, spi=b''):
    return struct.pack('!BBH', proto, len(spi), ntype) + spi + data

def ts(sels):
    b = struct.pack('!B3x', len(sels))
    for (v6, proto, sp, ep, a, z) in sels:
        b += struct.pack('!BBHHH', 8 if v6 else 7, proto, 40 if v6 else 16, sp, ep) + a + z
    return b

SA, KE, IDI, IDR, CERT, CERTREQ, AUTH, NONCE, N, D, V, TSI, TSR, SK = range(33, 47)
SPI_I = bytes(range(1, 9))
SPI_R = bytes(range(0x11, 0x19))
ike_props = [
    (1, 1, b'', [(1, 20, 256), (2, 5), (2, 6), (4, 31), (4, 19)]),
    (2, 1, b'', [(1, 12, 128), (1, 12, 256), (2, 5), (3, 12), (4, 14)]),
]
esp_props = [
    (1, 3, b'\xc0\x01\xd0\x0d', [(1, 20, 256), (1, 28), (5, 0), (5, 1)]),
    (2, 3, b'\xc0\x01\xd0\x0d', [(1, 12, 256), (3, 12), (5, 0)]),
]
v4 = lambda *a: bytes(a)
l2tp_ts = [(False, 17, 1701, 1701, v4(192, 0, 2, 1), v4(192, 0, 2, 1))]
l2tp_ts6 = [(True, 17, 1701, 1701, bytes(15) + b'\x01', bytes(15) + b'\x01')]

def write(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)

# IKE_SA_INIT request and response
f, c = chain([(SA, sa(ike_props)), (KE, struct.pack('!HH', 31, 0) + bytes(range(32))),
              (NONCE, bytes(range(0x20, 0x40))),
              (N, notify(16388, bytes(range(0x40, 0x54)))),
              (N, notify(16389, bytes(range(0x60, 0x74)))),
              (N, notify(16430)), (N, notify(16431, b'\x00\x02\x00\x03\x00\x04')),
              (V, b'l2tpsecd')])
write('sa_init_req', hdr(SPI_I, bytes(8), f, 34, 0x08, 0, c))
f, c = chain([(SA, sa([(1, 1, b'', [(1, 20, 256), (2, 5), (4, 31)])])),
              (KE, struct.pack('!HH', 31, 0) + bytes(range(0x80, 0xa0))),
              (NONCE, bytes(range(0xa0, 0xc0))),
              (N, notify(16388, bytes(20))), (N, notify(16389, bytes(20))),
              (CERTREQ, b'\x04' + bytes(range(20))), (N, notify(16430))])
write('sa_init_resp', hdr(SPI_I, SPI_R, f, 34, 0x20, 0, c))
# cookie / INVALID_KE answers, unknown critical payload
f, c = chain([(N, notify(16390, bytes(range(32))))])
write('sa_init_cookie', hdr(SPI_I, bytes(8), f, 34, 0x20, 0, c))
f, c = chain([(N, notify(17, b'\x00\x13'))])
write('sa_init_invalid_ke', hdr(SPI_I, bytes(8), f, 34, 0x20, 0, c))
f, c = chain([(N, notify(16390, bytes(8))), (200, b'xyz', True), (SA, sa(ike_props))])
write('sa_init_critical', hdr(SPI_I, bytes(8), f, 34, 0x08, 0, c))
# IKE_AUTH request and response: header + SK (IV 8 + ciphertext + ICV 16)
write('ike_auth_req', hdr(SPI_I, SPI_R, SK, 35, 0x08, 1,
                          struct.pack('!BBH', IDI, 0, 4 + 8 + 160 + 16) + bytes(range(184))))
write('ike_auth_resp', hdr(SPI_I, SPI_R, SK, 35, 0x20, 1,
                           struct.pack('!BBH', IDR, 0, 4 + 8 + 96 + 16) + bytes(range(120))))
# INFORMATIONAL: empty SK (liveness), delete inside
write('informational', hdr(SPI_I, SPI_R, SK, 37, 0x08, 2,
                           struct.pack('!BBH', 0, 0, 4 + 8 + 16) + bytes(24)))
write('informational_del', hdr(SPI_I, SPI_R, SK, 37, 0x20, 3,
                               struct.pack('!BBH', D, 0, 4 + 8 + 16 + 16) + bytes(40)))
# SKF fragment
write('ike_auth_skf', hdr(SPI_I, SPI_R, 53, 35, 0x08, 1,
                          struct.pack('!BBHHH', IDI, 0, 8 + 40, 1, 2) + bytes(40)))
# decrypted SK bodies: first payload type byte + chain
f, c = chain([(IDI, b'\x02\x00\x00\x00a.example'), (CERT, b'\x04' + bytes(range(64))),
              (N, notify(16384)), (CERTREQ, b'\x04' + bytes(20)), (IDR, b'\x01\x00\x00\x00\xc0\x00\x02\x02'),
              (AUTH, b'\x0e\x00\x00\x00' + b'\x0f' + bytes(range(15)) + bytes(range(64))),
              (N, notify(16391)), (SA, sa(esp_props)), (TSI, ts(l2tp_ts)), (TSR, ts(l2tp_ts))])
write('inner_ike_auth_req', bytes([f]) + c)
f, c = chain([(IDR, b'\x02\x00\x00\x00b.example'), (AUTH, b'\x02\x00\x00\x00' + bytes(32)),
              (N, notify(16391)), (SA, sa([esp_props[0]])), (TSI, ts(l2tp_ts6)),
              (TSR, ts(l2tp_ts + l2tp_ts6))])
write('inner_ike_auth_resp', bytes([f]) + c)
f, c = chain([(N, notify(16393, b'', 3, b'\xc0\x01\xd0\x0d')), (SA, sa(esp_props)),
              (NONCE, bytes(32)), (KE, struct.pack('!HH', 19, 0) + bytes(64)),
              (TSI, ts(l2tp_ts)), (TSR, ts(l2tp_ts))])
write('inner_create_child', bytes([f]) + c)
f, c = chain([(D, struct.pack('!BBH', 3, 4, 2) + b'\xc0\x01\xd0\x0d\x11\x22\x33\x44'),
              (D, struct.pack('!BBH', 1, 0, 0))])
write('inner_delete', bytes([f]) + c)
f, c = chain([(SA, sa([(1, 1, SPI_I, [(1, 20, 256), (2, 5), (4, 31)])])), (NONCE, bytes(32)),
              (KE, struct.pack('!HH', 31, 0) + bytes(32))])
write('inner_ike_rekey', bytes([f]) + c)
