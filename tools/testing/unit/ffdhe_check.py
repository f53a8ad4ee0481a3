#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# Proves fabrics/ffdhe.c holds the RFC 7919 groups: derives each prime from
# its definition, compares it byte for byte with the C table, and checks that
# p and (p-1)/2 are both prime (Miller-Rabin). "gen" writes the table.
"""usage: ffdhe_check.py check fabrics/ffdhe.c | ffdhe_check.py gen > fabrics/ffdhe.c"""
import random
import re
import sys

# RFC 7919, appendix A: p = 2^b - 2^(b-64) + {[2^(b-130) e] + X} * 2^64 - 1,
# with X the smallest offset that makes p a safe prime; generator 2.
OFFSETS = {2048: 560316, 3072: 2625351, 4096: 5736041, 6144: 15705020, 8192: 10965728}
GROUP_IDS = {2048: 1, 3072: 2, 4096: 3, 6144: 4, 8192: 5}


def e_floor(shift):
    """floor(e * 2^shift), summing 1/k! in fixed point with guard bits."""
    guard = 64
    term = 1 << (shift + guard)
    total = 0
    k = 0
    while term:
        total += term
        k += 1
        term //= k
    return total >> guard


def prime(bits):
    return 2**bits - 2**(bits - 64) + (e_floor(bits - 130) + OFFSETS[bits]) * 2**64 - 1


def probably_prime(n, rounds=2):
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    rnd = random.Random(7919)
    for i in range(rounds):
        a = 2 if i == 0 else rnd.randrange(3, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def gen():
    out = []
    out.append("// SPDX-License-Identifier: GPL-2.0-only")
    out.append("/* The RFC 7919 FFDHE groups (pure): DH-HMAC-CHAP group ids 1..5. */")
    out.append("#include <nvmeof/shim.h>")
    out.append("#include <nvmeof/auth.h>")
    out.append("")
    out.append("/*")
    out.append(" * Big-endian primes as the kernel's dh kpp takes them, generated and")
    out.append(" * checked by tools/testing/unit/ffdhe_check.py (derived from RFC 7919,")
    out.append(" * appendix A; p and (p-1)/2 tested prime). Debian 12's kernel has no")
    out.append(" * CONFIG_CRYPTO_DH_RFC7919_GROUPS, so the core carries them.")
    out.append(" */")
    for bits in OFFSETS:
        data = prime(bits).to_bytes(bits // 8, "big")
        out.append(f"static const u8 ffdhe{bits}_p[{bits // 8}] = {{")
        for i in range(0, len(data), 12):
            row = ", ".join(f"0x{b:02x}" for b in data[i:i + 12])
            out.append(f"\t{row},")
        out.append("};")
        out.append("")
    out.append("static const struct nvmeof_ffdhe_group ffdhe_groups[] = {")
    for bits in OFFSETS:
        gid = GROUP_IDS[bits]
        out.append(f"\t{{ .id = {gid}, .name = \"ffdhe{bits}\", .size = {bits // 8}, "
                   f".p = ffdhe{bits}_p, .g = 2 }},")
    out.append("};")
    out.append("")
    out.append("const struct nvmeof_ffdhe_group *nvmeof_ffdhe_group_by_id(u8 id)")
    out.append("{")
    out.append("\tsize_t i;")
    out.append("")
    out.append("\tfor (i = 0; i < ARRAY_SIZE(ffdhe_groups); i++)")
    out.append("\t\tif (ffdhe_groups[i].id == id)")
    out.append("\t\t\treturn &ffdhe_groups[i];")
    out.append("\treturn NULL;")
    out.append("}")
    out.append("EXPORT_SYMBOL_GPL(nvmeof_ffdhe_group_by_id);")
    print("\n".join(out))


def check(path):
    text = open(path).read()
    ok = True
    for bits in OFFSETS:
        m = re.search(r"ffdhe%d_p\[%d\] = \{([^}]*)\}" % (bits, bits // 8), text)
        if not m:
            print(f"# FAILED ffdhe{bits}: table missing")
            ok = False
            continue
        table = bytes(int(x, 16) for x in re.findall(r"0x([0-9a-f]{2})", m.group(1)))
        p = prime(bits)
        if table != p.to_bytes(bits // 8, "big"):
            print(f"# FAILED ffdhe{bits}: table differs from the RFC 7919 derivation")
            ok = False
            continue
        if not probably_prime(p) or not probably_prime((p - 1) // 2):
            print(f"# FAILED ffdhe{bits}: not a safe prime")
            ok = False
            continue
        if not re.search(r'\.id = %d, \.name = "ffdhe%d", \.size = %d, \.p = ffdhe%d_p, \.g = 2 '
                         % (GROUP_IDS[bits], bits, bits // 8, bits), text):
            print(f"# FAILED ffdhe{bits}: id/size/generator entry wrong")
            ok = False
            continue
        print(f"# ffdhe{bits}: RFC 7919 derivation, safe prime, id {GROUP_IDS[bits]}, g 2")
    return ok


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "gen":
        gen()
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(0 if check(sys.argv[2]) else 1)
    else:
        sys.exit(__doc__)
