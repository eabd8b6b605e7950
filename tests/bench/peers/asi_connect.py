#!/usr/bin/env python3
"""The bittensor SDK's substrate layer (PyPI `async-substrate-interface`) on the devnet: connect +
metadata + first storage read (//Alice's System.Account), each run with a new client, median of
RUNS. The same measurement as taolight's `connect_first_read` example (tests/bench/chain-vs-peers).

Usage: python asi_connect.py URL [RUNS]   (prints one JSON line)
"""
import asyncio
import json
import statistics
import sys
import time

ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"


async def once(url: str) -> float:
    from async_substrate_interface import AsyncSubstrateInterface

    t = time.perf_counter()
    async with AsyncSubstrateInterface(url, ss58_format=42) as substrate:
        info = await substrate.query("System", "Account", [ALICE])
        value = info.value if hasattr(info, "value") else info
        assert value["data"]["free"] > 0, value
    return (time.perf_counter() - t) * 1e3


async def main() -> None:
    url, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7
    from importlib.metadata import version

    times = [await once(url) for _ in range(runs)]
    print(json.dumps({
        "async_substrate_interface_version": version("async-substrate-interface"),
        "connect_metadata_first_read_ms": round(statistics.median(times), 1),
        "runs_ms": [round(t, 1) for t in times],
    }))


asyncio.run(main())
