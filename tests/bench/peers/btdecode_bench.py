#!/usr/bin/env python3
"""bt-decode (PyPI, the Rust/pyo3 decoder of the bittensor SDK up to 10.x) decoding a 256- and a
1024-neuron metagraph: `NeuronInfoLite.decode_vec` on exactly the bytes that taolight's criterion
bench `core/benches/metagraph.rs` decodes.

The bytes are built here by a Python reimplementation of the SCALE encoding (spec-218 layout,
/work/shared/docs/bittensor-facts.md) of the same synthetic neurons as the Rust bench: each with a
served axon, an empty prometheus entry, two stake entries and the same score values. The bench
decodes `wrap_opaque(neurons.encode())` (the runtime API's `Vec<u8>` wrapper); bt-decode is given
the inner `Vec<NeuronInfoLite>` bytes, as the SDK does after stripping the wrapper. The wrapped
length and its sha256 are printed so the two sides can be compared.

bt-decode returns Python objects (one pyo3 object per neuron, nested axon/prometheus objects and
stake tuples), so its time includes object creation; `read_all` additionally reads every field of
every neuron once, which is what a caller building a metagraph does next.

Usage: python btdecode_bench.py [--seconds S] [--dump DIR]   (prints one JSON line)
"""
import hashlib
import json
import os
import struct
import sys
import time


def compact(v: int) -> bytes:
    if v < 1 << 6:
        return bytes([v << 2])
    if v < 1 << 14:
        return struct.pack("<H", (v << 2) | 1)
    if v < 1 << 30:
        return struct.pack("<I", (v << 2) | 2)
    raw = v.to_bytes((v.bit_length() + 7) // 8, "little")
    return bytes([((len(raw) - 4) << 2) | 3]) + raw


def key(seed: int, salt: int) -> bytes:
    return seed.to_bytes(4, "little") + bytes([salt]) * 28


def neuron(uid: int) -> dict:
    """The same field values as `neuron(uid)` in core/benches/metagraph.rs."""
    u = uid
    return {
        "hotkey": key(u, 1),
        "coldkey": key(u, 2),
        "uid": uid,
        "netuid": 1,
        "active": True,
        "axon": (4_000_000 + u, 9_000_000, 0xC0A8_0000 + u, 8091, 4, 4, 0, 0),
        "prometheus": (0, 0, 0, 0, 0),
        "stake": [(key(u, 2), 1_000_000_000_000 + u * 7919), (key(u, 3), 12_345_678_901)],
        "rank": u * 61 % 65536,
        "emission": 1_234_567 + u,
        "incentive": u * 97 % 65536,
        "consensus": u * 131 % 65536,
        "trust": 65535,
        "validator_trust": 60000 if uid < 64 else 0,
        "dividends": 1000 if uid < 64 else 0,
        "last_update": 4_100_000 + u,
        "validator_permit": uid < 64,
        "pruning_score": u * 13 % 65536,
    }


def encode_neuron(n: dict) -> bytes:
    out = bytearray(n["hotkey"] + n["coldkey"])
    out += compact(n["uid"]) + compact(n["netuid"]) + bytes([n["active"]])
    block, version, ip, port, ip_type, protocol, p1, p2 = n["axon"]
    out += struct.pack("<QI", block, version) + ip.to_bytes(16, "little") + struct.pack("<HBBBB", port, ip_type, protocol, p1, p2)
    block, version, ip, port, ip_type = n["prometheus"]
    out += struct.pack("<QI", block, version) + ip.to_bytes(16, "little") + struct.pack("<HB", port, ip_type)
    out += compact(len(n["stake"]))
    for ck, amount in n["stake"]:
        out += ck + compact(amount)
    for f in ("rank", "emission", "incentive", "consensus", "trust", "validator_trust", "dividends", "last_update"):
        out += compact(n[f])
    out += bytes([n["validator_permit"]]) + compact(n["pruning_score"])
    return bytes(out)


def encode_vec(count: int) -> tuple[list, bytes]:
    neurons = [neuron(u) for u in range(count)]
    return neurons, compact(count) + b"".join(encode_neuron(n) for n in neurons)


def as_bytes(v) -> bytes:
    return bytes(v)


def check(decoded, neurons) -> None:
    """Every field bt-decode returns equals the value that was encoded."""
    assert len(decoded) == len(neurons)
    for d, n in zip(decoded, neurons):
        a, p = d.axon_info, d.prometheus_info
        got = {
            "hotkey": as_bytes(d.hotkey), "coldkey": as_bytes(d.coldkey), "uid": d.uid, "netuid": d.netuid,
            "active": d.active,
            "axon": (a.block, a.version, a.ip, a.port, a.ip_type, a.protocol, a.placeholder1, a.placeholder2),
            "prometheus": (p.block, p.version, p.ip, p.port, p.ip_type),
            "stake": [(as_bytes(ck), amt) for ck, amt in d.stake],
            "rank": d.rank, "emission": d.emission, "incentive": d.incentive, "consensus": d.consensus,
            "trust": d.trust, "validator_trust": d.validator_trust, "dividends": d.dividends,
            "last_update": d.last_update, "validator_permit": d.validator_permit, "pruning_score": d.pruning_score,
        }
        assert got == n, (got, n)


def read_all(decoded) -> int:
    s = 0
    for d in decoded:
        a, p = d.axon_info, d.prometheus_info
        s += len(d.hotkey) + len(d.coldkey) + d.uid + d.netuid + d.active
        s += a.block + a.version + a.ip + a.port + a.ip_type + a.protocol + a.placeholder1 + a.placeholder2
        s += p.block + p.version + p.ip + p.port + p.ip_type
        for ck, amt in d.stake:
            s += len(ck) + amt
        s += d.rank + d.emission + d.incentive + d.consensus + d.trust + d.validator_trust + d.dividends
        s += d.last_update + d.validator_permit + d.pruning_score
    return s


def timed(fn, seconds: float) -> float:
    """Seconds per call: 0.5 s warm-up, then whole batches until `seconds` have passed."""
    end = time.perf_counter() + 0.5
    calls = 0
    while time.perf_counter() < end:
        fn()
        calls += 1
    batch = max(1, calls // 5)
    done, start = 0, time.perf_counter()
    while True:
        for _ in range(batch):
            fn()
        done += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / done


def main() -> None:
    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 3.0
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else None
    import bt_decode
    from importlib.metadata import version

    result = {"bt_decode_version": version("bt-decode"), "python": sys.version.split()[0],
              "note": "bt-decode time includes creating the Python objects (lazy field conversion on access)"}
    for count in (256, 1024):
        neurons, inner = encode_vec(count)
        wrapped = compact(len(inner)) + inner
        if dump:
            with open(os.path.join(dump, f"neurons_lite_{count}.scale"), "wb") as f:
                f.write(wrapped)
        check(bt_decode.NeuronInfoLite.decode_vec(inner), neurons)
        decode = bt_decode.NeuronInfoLite.decode_vec
        t = timed(lambda: decode(inner), seconds)
        t_all = timed(lambda: read_all(decode(inner)), seconds)
        result[f"n{count}"] = {
            "wrapped_bytes": len(wrapped),
            "inner_bytes": len(inner),
            "sha256_wrapped": hashlib.sha256(wrapped).hexdigest(),
            "decode_ms": t * 1e3,
            "decodes_per_s": 1 / t,
            "neurons_per_s": count / t,
            "decode_and_read_all_ms": t_all * 1e3,
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
