#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Convert (and trim) Wycheproof JSON vectors into the line format read by
tests/ikev2/test_crypto.c and tests/ike/test_dh.c. Run by hand when the
vectors change; the tests read only the .txt output (committed).

    ./convert.py /path/to/wycheproof/testvectors_v1   (writes next to itself)

Each output line is one vector, fields separated by one space, "-" for an
empty hex string. Lines starting with '#' are comments.
"""
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CAP = 12	# vectors kept per (parameters, result, flags) category
CAP_INVALID = 30	# the same for invalid vectors


def h(s):
    return s if s else "-"


def capped(groups, key):
    """Yield (group, test) with at most CAP per category key(group, test)."""
    seen = Counter()
    for g in groups:
        for t in g["tests"]:
            k = key(g, t)
            if k is None:
                continue
            seen[k] += 1
            if seen[k] <= (CAP_INVALID if t["result"] == "invalid" else CAP):
                yield g, t


def header(out, src, fmt, note):
    out.write("# From Wycheproof %s (C2SP/wycheproof, Apache-2.0), converted by convert.py.\n"
              % src)
    out.write("# %s\n# Format: %s\n" % (note, fmt))


def hmac(src, dst):
    d = json.load(open(src))
    with open(os.path.join(HERE, dst), "w") as out:
        header(out, os.path.basename(src), "tcId result tagbits key msg tag",
               "At most %d vectors per (key size, tag size, result, flags), %d if invalid."
               % (CAP, CAP_INVALID))
        for g, t in capped(d["testGroups"], lambda g, t: (g["keySize"], g["tagSize"],
                                                         t["result"], tuple(t["flags"]))):
            out.write("%d %s %d %s %s %s\n" % (t["tcId"], t["result"], g["tagSize"],
                                               h(t["key"]), h(t["msg"]), h(t["tag"])))


def aead(src, dst):
    d = json.load(open(src))

    def key(g, t):
        if g["ivSize"] != 96 or g["tagSize"] != 128:
            return None
        return (g["keySize"], t["result"], tuple(t["flags"]))
    with open(os.path.join(HERE, dst), "w") as out:
        header(out, os.path.basename(src), "tcId result key iv aad msg ct tag",
               "Only 96-bit IVs and 128-bit tags; at most %d per (key size, result, flags), "
               "%d if invalid." % (CAP, CAP_INVALID))
        for g, t in capped(d["testGroups"], key):
            out.write("%d %s %s %s %s %s %s %s\n" % (t["tcId"], t["result"], h(t["key"]),
                                                     h(t["iv"]), h(t["aad"]), h(t["msg"]),
                                                     h(t["ct"]), h(t["tag"])))


def ecdh(src, dst, flen):
    d = json.load(open(src))

    def key(g, t):
        pub = t["public"]
        # IKE carries x | y only: uncompressed points of the right length.
        if not pub.startswith("04") or len(pub) != 2 * (1 + 2 * flen):
            return None
        if t["result"] == "acceptable":
            return None
        return (t["result"], tuple(t["flags"]))
    with open(os.path.join(HERE, dst), "w") as out:
        header(out, os.path.basename(src), "tcId result private public(x|y) shared",
               "Uncompressed points only, 04 prefix removed (IKE KE form x | y); "
               "at most %d per (result, flags), %d if invalid." % (CAP, CAP_INVALID))
        for g, t in capped(d["testGroups"], key):
            out.write("%d %s %s %s %s\n" % (t["tcId"], t["result"], h(t["private"]),
                                             t["public"][2:], h(t["shared"])))


def x25519(src, dst):
    d = json.load(open(src))
    with open(os.path.join(HERE, dst), "w") as out:
        header(out, os.path.basename(src), "tcId result private public shared",
               "At most %d per (result, flags), %d if invalid." % (CAP, CAP_INVALID))
        for g, t in capped(d["testGroups"], lambda g, t: (t["result"], tuple(t["flags"]))):
            out.write("%d %s %s %s %s\n" % (t["tcId"], t["result"], t["private"],
                                             t["public"], h(t["shared"])))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/vectors/wycheproof"
    for bits in (256, 384, 512):
        hmac(os.path.join(src, "hmac_sha%d_test.json" % bits), "hmac_sha%d.txt" % bits)
    aead(os.path.join(src, "aes_gcm_test.json"), "aes_gcm.txt")
    aead(os.path.join(src, "chacha20_poly1305_test.json"), "chacha20_poly1305.txt")
    ecdh(os.path.join(src, "ecdh_secp256r1_ecpoint_test.json"), "ecdh_secp256r1.txt", 32)
    ecdh(os.path.join(src, "ecdh_secp384r1_ecpoint_test.json"), "ecdh_secp384r1.txt", 48)
    x25519(os.path.join(src, "x25519_test.json"), "x25519.txt")


if __name__ == "__main__":
    main()
