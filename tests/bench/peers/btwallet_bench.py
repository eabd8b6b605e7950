"""Peer baseline: bittensor-wallet (Rust via pyo3) sr25519 speed and coldkey decrypt time.

Usage: <venv with bittensor-wallet==4.1.1>/bin/python tests/bench/peers/btwallet_bench.py
       [--seconds S] [--decrypts N]
Prints ONE JSON line, e.g.
  {"peer":"bittensor-wallet","version":"4.1.1","sr25519_signs_per_s":...,"sr25519_verifies_per_s":...,
   "mnemonic_to_keypair_ms":...,"coldkey_decrypt_s":...,"coldkey_decrypt_s_all":[...],...}
Rates are over a 32-byte message, measured for about --seconds each after a warm-up, single thread.
Coldkey decrypt = Wallet.get_coldkey(password) on a $NACL coldkey (Argon2i, 512 MiB, ops 8),
median of --decrypts runs.
"""

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib.metadata import version

from bittensor_wallet import Keypair, Wallet

DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"


def rate(fn, seconds):
    for _ in range(200):  # warm-up
        fn()
    n, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(100):
            fn()
        n += 100
        now = time.perf_counter()
        if now >= deadline:
            return n / (now - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--decrypts", type=int, default=3)
    a = ap.parse_args()

    kp = Keypair.create_from_uri("//Alice")
    msg = bytes(range(32))
    sig = kp.sign(msg)
    verifier = Keypair(ss58_address=kp.ss58_address)
    assert verifier.verify(msg, sig)

    signs = rate(lambda: kp.sign(msg), a.seconds)
    verifies = rate(lambda: verifier.verify(msg, sig), a.seconds)

    t = []
    for _ in range(20):
        s = time.perf_counter()
        Keypair.create_from_mnemonic(DEV_PHRASE)
        t.append((time.perf_counter() - s) * 1000)
    mnemonic_ms = statistics.median(t)

    decrypts = []
    with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
        w = Wallet(name="bench", hotkey="h", path=d)
        w.create_coldkey_from_uri("//Alice", use_password=True, overwrite=True, suppress=True,
                                  coldkey_password="bench-password-1!")
        for _ in range(a.decrypts):
            w2 = Wallet(name="bench", hotkey="h", path=d)  # fresh object: no cached keypair
            s = time.perf_counter()
            k = w2.get_coldkey(password="bench-password-1!")
            decrypts.append(time.perf_counter() - s)
            assert k.ss58_address == kp.ss58_address
    # btwallet prints "Decrypting..." on stdout; it was swallowed above so stdout is one JSON line.

    print(json.dumps({
        "peer": "bittensor-wallet",
        "version": version("bittensor-wallet"),
        "sr25519_signs_per_s": round(signs, 1),
        "sr25519_verifies_per_s": round(verifies, 1),
        "mnemonic_to_keypair_ms": round(mnemonic_ms, 3),
        "coldkey_decrypt_s": round(statistics.median(decrypts), 3),
        "coldkey_decrypt_s_all": [round(x, 3) for x in decrypts],
        "message_bytes": len(msg),
        "seconds_per_rate": a.seconds,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_1m": os.getloadavg()[0],
    }))


if __name__ == "__main__":
    sys.exit(main())
