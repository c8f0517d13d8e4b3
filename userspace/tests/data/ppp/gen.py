#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Independent vectors for tests/ppp/test_ppp_auth.c.

  chap-md5 ID SECRET CHALLENGE RESPONSE      RFC 1994 section 4.1:
      Response = MD5(Identifier | secret | Challenge)
  mppe NAME HEX                              RFC 3079 section 3.4, from the
      PasswordHashHash and NT-Response of RFC 2759 section 9.2 (copied
      below from the RFC): GetMasterKey() and GetAsymmetricStartKey() for
      the four (send/receive, client/server) cases at 128 and 64 bits.

Written from the RFCs with nothing but hashlib; it shares no code with
ppp/ppp_chap_md5.c or ppp/ppp_mschapv2.c. Byte strings are hex; inputs are
fixed (derived from labels with SHA-256) so that the file is reproducible.

Regenerate (from userspace/):
    python3 tests/data/ppp/gen.py > tests/data/ppp/vectors.txt
"""
import hashlib


def label(s, n):
    return hashlib.sha256(s.encode()).digest()[:n]


print("# made by tests/data/ppp/gen.py; do not edit")

# CHAP-MD5: secrets of several lengths, challenges of 16 and 1..64 bytes.
cases = [
    (0x00, b"secret", label("chal-a", 16)),
    (0x01, b"clientPass", label("chal-b", 16)),
    (0x7f, b"x", label("chal-c", 1)),
    (0xff, label("long-secret", 32) * 2, label("chal-d", 64)),
    (0x2a, "pässwörd".encode("utf-8"), label("chal-e", 17)),
]
for ident, secret, chal in cases:
    resp = hashlib.md5(bytes([ident]) + secret + chal).digest()
    print("chap-md5 %02x %s %s %s" % (ident, secret.hex(), chal.hex(), resp.hex()))

# RFC 2759 section 9.2 (PasswordHashHash, NT-Response).
pw_hash_hash = bytes.fromhex("41C00C584BD2D91C4017A2A12FA59F3F")
nt_resp = bytes.fromhex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF")

magic1 = b"This is the MPPE Master Key"
magic2 = (b"On the client side, this is the send key; "
          b"on the server side, it is the receive key.")
magic3 = (b"On the client side, this is the receive key; "
          b"on the server side, it is the send key.")
pad1 = b"\x00" * 40
pad2 = b"\xf2" * 40

master = hashlib.sha1(pw_hash_hash + nt_resp + magic1).digest()[:16]
print("mppe master %s" % master.hex())
for is_send in (True, False):
    for is_server in (True, False):
        if is_send:
            s = magic3 if is_server else magic2
        else:
            s = magic2 if is_server else magic3
        key = hashlib.sha1(master + pad1 + s + pad2).digest()
        name = "%s-%s" % ("server" if is_server else "client",
                          "send" if is_send else "recv")
        print("mppe %s-128 %s" % (name, key[:16].hex()))
        print("mppe %s-64 %s" % (name, key[:8].hex()))
