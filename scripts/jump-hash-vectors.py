#!/usr/bin/env python3
"""Prints shard indices of client-side Redis sharding, computed from the published steps, for JumpHashTest.

The shard of a key among n shards is Jump Consistent Hash (Lamping & Veach) over the 64-bit FNV-1a hash of the
key's UTF-8 bytes, as Centrifugo's consistentIndex does. This script follows those steps with Python's unbounded
integers masked to 64 bits, independently of the Java code it checks.

Usage: scripts/jump-hash-vectors.py [KEY...]   (default: the keys JumpHashTest uses)
"""
import sys

MASK64 = (1 << 64) - 1
FNV_OFFSET_BASIS = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
JUMP_MULTIPLIER = 2862933555777941757
MAX_SHARDS = 8

DEFAULT_KEYS = ["", "a", "42", "user-1", "chat:index", "presenced.us.42", "presenced.us.alice",
                "centrifugo.presence.data.chat:1", "héllo wörld", "ключ", "{tag}.x", "x" * 100]


def fnv1a_64(data: bytes) -> int:
    h = FNV_OFFSET_BASIS
    for byte in data:
        h ^= byte
        h = (h * FNV_PRIME) & MASK64
    return h


def jump(key: int, buckets: int) -> int:
    b, j = -1, 0
    while j < buckets:
        b = j
        key = (key * JUMP_MULTIPLIER + 1) & MASK64
        j = int(float(b + 1) * (float(1 << 31) / float((key >> 33) + 1)))
    return b


def main() -> None:
    keys = sys.argv[1:] or DEFAULT_KEYS
    for key in keys:
        h = fnv1a_64(key.encode("utf-8"))
        shards = [jump(h, n) for n in range(1, MAX_SHARDS + 1)]
        print(f"{key!r:40} fnv1a64=0x{h:016x} shards(1..{MAX_SHARDS})={shards}")


if __name__ == "__main__":
    main()
