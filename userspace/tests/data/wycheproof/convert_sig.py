#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Convert (and trim) the Wycheproof signature vectors read by
tests/ikev2/test_auth.c. Run by hand when the vectors change; the tests read
only the .txt output (committed).

    ./convert_sig.py /path/to/wycheproof/testvectors_v1   (writes next to itself)

Output lines: "key <SubjectPublicKeyInfo DER hex>" starts a test group, then
"<tcId> <result> <msg hex or -> <sig hex or ->" per vector. '#' = comment.
"""
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CAP = 12	# vectors kept per (result, flags) category
CAP_INVALID = 30	# the same for invalid vectors

FILES = (
    ("ecdsa_secp256r1_sha256_test.json", "ecdsa_secp256r1_sha256.txt"),
    ("rsa_signature_2048_sha256_test.json", "rsa_pkcs1_2048_sha256.txt"),
    ("rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_2048_sha256_mgf1_32.txt"),
)


def h(s):
    return s if s else "-"


def convert(src, dst):
    d = json.load(open(src))
    seen = Counter()
    with open(os.path.join(HERE, dst), "w") as out:
        out.write("# From Wycheproof %s (C2SP/wycheproof, Apache-2.0), converted by "
                  "convert_sig.py.\n" % os.path.basename(src))
        out.write("# At most %d vectors per (result, flags), %d if invalid.\n"
                  % (CAP, CAP_INVALID))
        out.write("# Format: 'key <SPKI DER>' per group, then 'tcId result msg sig'.\n")
        for g in d["testGroups"]:
            keep = []
            for t in g["tests"]:
                k = (t["result"], tuple(t["flags"]))
                seen[k] += 1
                if seen[k] <= (CAP_INVALID if t["result"] == "invalid" else CAP):
                    keep.append(t)
            if not keep:
                continue
            out.write("key %s\n" % g["publicKeyDer"])
            for t in keep:
                out.write("%d %s %s %s\n" % (t["tcId"], t["result"], h(t["msg"]), h(t["sig"])))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/vectors/wycheproof"
    for s, d in FILES:
        convert(os.path.join(src, s), d)


if __name__ == "__main__":
    main()
