#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""genl-perm - send every command of the l2tpsec genl family, raw.

    genl-perm.py [--uapi PATH]

Resolves the family (CTRL_CMD_GETFAMILY needs no privilege), then, for
every command of enum l2tpsec_cmd in the uapi header (L2TPSEC_CMD_UNSPEC
up to L2TPSEC_CMD_MAX, plus one past it), sends two requests without any
attribute: a doit request (NLM_F_REQUEST | NLM_F_ACK) and a dump request
(NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP). Prints one line per request:

    CMD_NAME NUMBER do|dump RESULT

RESULT is the errno name the kernel answered with (EPERM, EINVAL,
EOPNOTSUPP...), or "ok" for an ACK / a complete dump. Then one line per
operation the family lists in its CTRL_ATTR_OPS:

    op NUMBER flags 0xFLAGS

(the genl op flags: GENL_ADMIN_PERM 0x1, GENL_CMD_CAP_DO 0x2,
GENL_CMD_CAP_DUMP 0x4, GENL_CMD_CAP_HASPOL 0x8, GENL_UNS_ADMIN_PERM 0x10).
Requests without attributes change nothing: every doit that changes state
needs attributes and is refused without them (when it gets that far).

Exit status: 0, 1 on an error of its own (message on stderr).
"""
import argparse
import errno
import os
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_OPS = 6
CTRL_ATTR_OP_ID = 1
CTRL_ATTR_OP_FLAGS = 2
NLA_F_MASK = 0x3fff


def attrs(buf):
    """(type, payload) of each netlink attribute in buf."""
    off = 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("HH", buf, off)
        if alen < 4:
            break
        yield atype & NLA_F_MASK, buf[off + 4:off + alen]
        off += (alen + 3) & ~3


def attr(atype, payload):
    a = struct.pack("HH", 4 + len(payload), atype) + payload
    return a + b"\0" * (-len(a) % 4)


class Genl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.sk.bind((0, 0))
        self.sk.settimeout(10)
        self.portid = self.sk.getsockname()[0]
        self.seq = 1000

    def request(self, ntype, cmd, version, flags, payload=b""):
        """Returns (errno or 0, [data message payloads])."""
        self.seq += 1
        body = struct.pack("BBH", cmd, version, 0) + payload
        self.sk.send(struct.pack("IHHII", 16 + len(body), ntype, flags,
                                 self.seq, 0) + body)
        data = []
        while True:
            buf = self.sk.recv(65536)
            off = 0
            while off + 16 <= len(buf):
                mlen, mtype, _, mseq, mpid = struct.unpack_from("IHHII", buf,
                                                                off)
                if mlen < 16:
                    raise RuntimeError("bad netlink message length")
                msg = buf[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if mseq != self.seq or mpid != self.portid:
                    continue
                if mtype == NLMSG_ERROR:
                    return -struct.unpack_from("i", msg)[0], data
                if mtype == NLMSG_DONE:
                    # a dump's end: its status, no ACK follows on 6.1
                    return (-struct.unpack_from("i", msg)[0]
                            if len(msg) >= 4 else 0), data
                data.append(msg)


def uapi_cmds(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"enum l2tpsec_cmd \{(.*?)\};", text, re.S)
    if not m:
        raise RuntimeError(f"no enum l2tpsec_cmd in {path}")
    names = re.findall(r"^\s*(L2TPSEC_CMD_[A-Z0-9_]+)\s*,", m.group(1), re.M)
    # plain sequential enum starting at 0, up to __L2TPSEC_CMD_MAX
    cmds = [(n, i) for i, n in enumerate(names)
            if not n.startswith("__")]
    if not cmds or cmds[0] != ("L2TPSEC_CMD_UNSPEC", 0):
        raise RuntimeError("enum l2tpsec_cmd does not start at UNSPEC = 0")
    return cmds


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--uapi", default=os.path.join(
        here, "../../kernel/uapi/l2tpsec.h"))
    args = ap.parse_args()
    cmds = uapi_cmds(args.uapi)
    cmds.append(("past_L2TPSEC_CMD_MAX", cmds[-1][1] + 1))

    g = Genl()
    err, data = g.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
                          NLM_F_REQUEST | NLM_F_ACK,
                          attr(CTRL_ATTR_FAMILY_NAME, b"l2tpsec\0"))
    if err or not data:
        print(f"genl-perm: resolving l2tpsec: {os.strerror(err)}",
              file=sys.stderr)
        return 1
    family, ops = None, []
    for atype, val in attrs(data[0][4:]):
        if atype == CTRL_ATTR_FAMILY_ID:
            family = struct.unpack_from("H", val)[0]
        elif atype == CTRL_ATTR_OPS:
            for _, op in attrs(val):
                o = dict(attrs(op))
                ops.append((struct.unpack_from("I", o[CTRL_ATTR_OP_ID])[0],
                            struct.unpack_from("I", o[CTRL_ATTR_OP_FLAGS])[0]))
    if family is None:
        print("genl-perm: no family id", file=sys.stderr)
        return 1

    for name, num in cmds:
        for kind, flags in (("do", NLM_F_REQUEST | NLM_F_ACK),
                            ("dump", NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)):
            err, _ = g.request(family, num, 1, flags)
            # errno.errorcode says ENOTSUP for 95, the kernel EOPNOTSUPP
            res = ("ok" if not err else "EOPNOTSUPP"
                   if err == errno.EOPNOTSUPP
                   else errno.errorcode.get(err, str(err)))
            print(f"{name} {num} {kind} {res}")
    for num, flags in sorted(ops):
        print(f"op {num} flags 0x{flags:x}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
