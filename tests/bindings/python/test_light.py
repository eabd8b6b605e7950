"""The embedded smoldot light client from Python, offline: the spec-218 devnet spec loads, its genesis
is what smoldot computes, the sync progress reaches a Python listener, and the chain client runs over
it. No peer can be reached here (no libp2p node runs offline), so the sync never gets past "no peers":
what is checked is that progress is reported and that the wait ends, synced or with a typed timeout.
"""

import asyncio
import os
import sys
import threading
import time

import pytest

if os.environ.get("TAOLIGHT_FFI_PY_DIR"):
    sys.path.insert(0, os.environ["TAOLIGHT_FFI_PY_DIR"])

import taolight_ffi as tl  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SPEC = os.path.join(ROOT, "..", "shared", "chain", "subtensor-spec218-devnet.json")
# What smoldot computes from that spec (core/tests/chain_light.rs checks it too).
DEVNET_GENESIS = "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5"
FINNEY_GENESIS = "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03"


def spec():
    assert os.path.isfile(SPEC), f"the spec-218 devnet chain spec must be at {SPEC} (shared test data)"
    with open(SPEC) as f:
        return f.read()


class Progress(tl.SyncProgressListener):
    """What an app's sync indicator does: keep every state (called on a Rust thread)."""

    def __init__(self):
        self.seen = []
        self.threads = set()

    def on_progress(self, health):
        self.seen.append(health)
        self.threads.add(threading.get_ident())


def test_light_client_sync_progress_and_chain_client():
    async def go():
        light = await tl.LightClient.start(spec(), timeout_ms=120_000)
        assert await light.genesis_hash() == DEVNET_GENESIS
        assert await light.chain_name()

        progress = Progress()
        t0 = time.monotonic()
        # Without peers smoldot answers its first system_health after its 30 s sync decision.
        try:
            outcome = await light.wait_for_sync(35_000, progress)
        except tl.TaolightError.Network as e:
            assert e.code == "chain.timeout", e
            outcome = e
        print(f"\nlight client: wait_for_sync -> {outcome!r} after {time.monotonic() - t0:.1f} s, "
              f"{len(progress.seen)} progress reports", file=sys.stderr)
        assert progress.seen, f"no sync progress reported: {outcome!r}"
        for h in progress.seen:
            assert h.peers == 0, h
            assert not h.should_have_peers, h
            assert h.is_synced == (not h.is_syncing), h
        if isinstance(outcome, tl.LightHealth):
            assert outcome.is_synced and outcome == progress.seen[-1]
        else:
            assert not progress.seen[-1].is_synced, "a synced answer ends the wait"

        client = await tl.Client.light(light, 5_000)
        assert client.genesis_hash() == DEVNET_GENESIS
        assert client.url() == f"light-client:{DEVNET_GENESIS}"
        assert await light.finalized_database()

    asyncio.run(go())


def test_light_client_bad_spec_and_wrong_genesis():
    async def go():
        with pytest.raises(tl.TaolightError.BadInput) as e:
            await tl.LightClient.start('{"not": "a chain spec"}', timeout_ms=10_000)
        assert e.value.code == "chain.invalid_chain_spec"
        with pytest.raises(tl.TaolightError.Network) as e:
            await tl.LightClient.start(spec(), expected_genesis=FINNEY_GENESIS)
        assert e.value.code == "chain.wrong_chain"
        with pytest.raises(tl.TaolightError.BadInput) as e:
            await tl.LightClient.start(spec(), expected_genesis="0x12")
        assert e.value.code == "chain.invalid_block_hash"

    asyncio.run(go())
