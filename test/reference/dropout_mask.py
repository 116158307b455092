"""Reference for the engine's dropout masks, written from the algorithm, not from our code: element i of a
tensor is kept when lowbias32(i XOR lowbias32(seed XOR 0x9e3779b9)) >= floor(rate * 2^32), and a kept
element is float32(1 / (1 - rate)). lowbias32 is Chris Wellons' integer hash
(https://nullprogram.com/blog/2018/07/31/), here in Python's arbitrary-precision integers masked to 32 bits.

stdin JSON: [{size, rate, seed}, ...]
stdout JSON: [{dropped: [indices of the elements set to 0], scale: kept value as a float32 (as a float)}, ...]
"""
import json
import math
import struct
import sys

M32 = 0xFFFFFFFF


def lowbias32(x):
    x &= M32
    x ^= x >> 16
    x = (x * 0x7FEB352D) & M32
    x ^= x >> 15
    x = (x * 0x846CA68B) & M32
    x ^= x >> 16
    return x


def mask(size, rate, seed):
    seed_hash = lowbias32(seed ^ 0x9E3779B9)
    threshold = min(M32, math.floor(rate * 4294967296))
    dropped = [i for i in range(size) if lowbias32(i ^ seed_hash) < threshold]
    scale = struct.unpack("f", struct.pack("f", 1.0 / (1.0 - rate)))[0]
    return {"dropped": dropped, "scale": scale}


print(json.dumps([mask(c["size"], c["rate"], c["seed"]) for c in json.load(sys.stdin)]))
