#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Known-answer values for MODP groups 2 (RFC 2409 6.2) and 5 (RFC 3526 2),
written from the RFCs with Python integers only: each prime from its
defining formula p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + c)
(pi by Machin's formula), checked against the 2048-bit prime in
tests/ike/test_dh.c and for p and (p-1)/2 being (probable) primes; two
fixed exponents below q = (p-1)/2, their public values 2^x mod p and the
shared secret. No published vector exists for these groups in the
Wycheproof set (it has no MODP tests).

    python3 tests/data/ike/modp_kat.py > tests/data/ike/modp_kat.txt
"""
import os
# pi by Machin's formula, fixed point with `bits` fractional bits
def arctan_inv(x, one):
    s = t = one // x; x2 = x * x; n = 1; sign = -1
    while t:
        t //= x2; n += 2
        s += sign * (t // n); sign = -sign
    return s
def pi_fixed(bits):
    one = 1 << (bits + 64)
    pi = 4 * (4 * arctan_inv(5, one) - arctan_inv(239, one))
    return pi >> 64            # floor(pi * 2^bits) (guard bits absorb error)
def modp(n, k, c):  # RFC 2409/3526: p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^k pi] + c)
    return 2**n - 2**(n-64) - 1 + 2**64 * (pi_fixed(k) + c)
p1024 = modp(1024, 894, 129093)
p1536 = modp(1536, 1406, 741804)
p2048 = modp(2048, 1918, 124476)
import sys
def h(v, n): return format(v, '0%dX' % (2*n))
# sanity against the 2048-bit prime in test_dh.c
src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       '..', '..', 'ike', 'test_dh.c')).read()
import re
m = re.search(r'modp2048_p\[\] =\n((?:\s*"[0-9A-F]+"\n?)+);', src)
t = ''.join(re.findall(r'"([0-9A-F]+)"', m.group(1)))
assert t == h(p2048, 256), "2048 mismatch"
# primality (Miller-Rabin) of p and (p-1)/2
import random
def mr(n, r=20):
    d = n-1; s = 0
    while d % 2 == 0: d//=2; s+=1
    for _ in range(r):
        a = random.randrange(2, n-2); x = pow(a, d, n)
        if x in (1, n-1): continue
        for _ in range(s-1):
            x = pow(x, 2, n)
            if x == n-1: break
        else: return False
    return True
for p in (p1024, p1536):
    assert mr(p) and mr((p-1)//2)
def out(name, p, n, xa, xb):
    ya = pow(2, xa, p); yb = pow(2, xb, p); z = pow(yb, xa, p)
    assert z == pow(ya, xb, p)
    print("# %s" % name)
    for k, v in (("p", p), ("xa", xa), ("xb", xb), ("ya", ya), ("yb", yb), ("z", z)):
        print("%s = %s" % (k, h(v, n)))
random.seed(12)
q1024 = (p1024-1)//2; q1536 = (p1536-1)//2
out("modp1024", p1024, 128, random.randrange(2, q1024), random.randrange(2, q1024))
out("modp1536", p1536, 192, random.randrange(2, q1536), random.randrange(2, q1536))
