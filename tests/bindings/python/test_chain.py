"""Live tests of the Python bindings against the local real chain (tests/devnet): the chain client
and transactions as asyncio coroutines.

Run through tests/bindings/python/run.sh. A session fixture starts a devnet of its own
(`tests/devnet/devnet up --port 0 --watch-pid <this process>`, in instant block mode) and stops it
at the end; with TAOLIGHT_RPC_URL set it uses that node instead and starts nothing (the tests then
expect a fresh devnet's state: //Alice … //Ferdie funded, subnet 1 cheap, //Bob//py unregistered).

pytest-asyncio is not needed: each test runs its coroutine with `asyncio.run`, so each has an event
loop of its own (the Rust side runs on its own tokio runtime, whatever the Python loop).
"""

import asyncio
import os
import re
import socket
import subprocess
import sys
import time

import pytest

# The installed wheel (tests/bindings/python/run.sh builds it with maturin and pip-installs it), or
# a directory with the generated module and the library (TAOLIGHT_FFI_PY_DIR).
if os.environ.get("TAOLIGHT_FFI_PY_DIR"):
    sys.path.insert(0, os.environ["TAOLIGHT_FFI_PY_DIR"])

import taolight_ffi as tl  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEVNET = os.path.join(ROOT, "tests", "devnet", "devnet")
RAO_PER_TAO = 10**9
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
TIMEOUT_MS = 30_000


def pair(uri):
    return tl.Keypair.from_uri(uri, tl.Scheme.SR25519)


def run(coro):
    return asyncio.run(coro)


@pytest.fixture(scope="session")
def devnet_url():
    """The ws:// URL of a devnet started for this session (stopped at its end)."""
    external = os.environ.get("TAOLIGHT_RPC_URL")
    t0 = time.monotonic()
    up = subprocess.run(
        [DEVNET, "up", "--port", "0", "--watch-pid", str(os.getpid())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=600,
    )
    if up.returncode != 0:
        pytest.fail(f"devnet up failed ({up.returncode}):\n{up.stderr[-4000:]}")
    url = up.stdout.strip().splitlines()[-1]
    assert url.startswith("ws://"), up.stdout
    print(f"\ndevnet {url} up in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    yield url
    if not external:
        port = url.rsplit(":", 1)[1].strip("/")
        subprocess.run([DEVNET, "down", "--port", port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def started_here():
    return not os.environ.get("TAOLIGHT_RPC_URL")


async def connect(url):
    return await tl.Client.connect(url, TIMEOUT_MS)


def event(outcome, pallet, name):
    """The first event `pallet.name` of an outcome (fails listing them all when absent)."""
    for e in outcome.events:
        if e.pallet == pallet and e.name == name:
            return e
    raise AssertionError(f"no {pallet}.{name} among {[e.pallet + '.' + e.name for e in outcome.events]}")


def number_field(e, name):
    """An integer field of an event's text form (`name: 123`)."""
    m = re.search(rf"\b{name}: (\d+)", e.text)
    assert m, e.text
    return int(m.group(1))


def check_outcome(outcome):
    assert re.fullmatch(r"0x[0-9a-f]{64}", outcome.hash)
    assert outcome.block is not None and re.fullmatch(r"0x[0-9a-f]{64}", outcome.block)
    assert outcome.block_number >= 1 and outcome.index is not None
    event(outcome, "System", "ExtrinsicSuccess")


# --- reading the chain ----------------------------------------------------------------------------


def test_connect_and_read_chain(devnet_url):
    async def body():
        client = await connect(devnet_url)
        assert client.url() == devnet_url and client.timeout_ms() == TIMEOUT_MS
        genesis = client.genesis_hash()
        assert re.fullmatch(r"0x[0-9a-f]{64}", genesis)
        if started_here():
            assert genesis == "0x" + "45" * 32  # chopsticks' placeholder (tests/devnet/README.md)
        head = await client.finalized_head()
        assert isinstance(head, tl.Head) and head.number >= 1 and re.fullmatch(r"0x[0-9a-f]{64}", head.hash)
        best = await client.best_head()
        assert best.number >= head.number
        version = await client.runtime_version()
        assert version.spec_name == "node-subtensor" and version.spec_version == 218
        assert version.transaction_version >= 1
        balance = await client.balance(ALICE)
        assert isinstance(balance, tl.Balance)
        assert 0 < balance.free <= 1_000_000 * RAO_PER_TAO
        assert balance.transferable <= balance.free and balance.frozen <= balance.free
        # Read again: the same account at a later head only changes through transactions of its own.
        again = await client.balance(ALICE)
        assert again.nonce >= balance.nonce
        if again.nonce == balance.nonce:
            assert again == balance

    run(body())


def test_default_timeout_and_client_reused_across_event_loops(devnet_url):
    client = run(tl.Client.connect(devnet_url))
    assert client.timeout_ms() == 30_000
    first = run(client.finalized_head())
    second = run(client.finalized_head())
    assert second.number >= first.number


def test_concurrent_calls_with_gather(devnet_url):
    async def body():
        client = await connect(devnet_url)
        accounts = [pair(f"//{n}").ss58_address() for n in ("Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie")]
        t0 = time.perf_counter()
        results = await asyncio.gather(
            client.finalized_head(),
            client.runtime_version(),
            *(client.balance(a) for a in accounts),
        )
        elapsed = time.perf_counter() - t0
        head, version, *balances = results
        assert head.number >= 1 and version.spec_version == 218
        assert all(b.free > 0 for b in balances)
        print(f"gather of {len(results)} reads: {elapsed * 1000:.0f} ms", file=sys.stderr)

        # Two transactions from two signers at once, while the event loop keeps running.
        ticks = 0
        done = asyncio.Event()

        async def ticker():
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0.005)

        tick_task = asyncio.create_task(ticker())
        dest = pair("//Alice//py-gather").ss58_address()
        before = (await client.balance(dest)).free
        t0 = time.perf_counter()
        a, b = await asyncio.gather(
            client.sign_and_submit(tl.Call.transfer_keep_alive(dest, 2 * RAO_PER_TAO), pair("//Charlie")),
            client.sign_and_submit(tl.Call.transfer_keep_alive(dest, 3 * RAO_PER_TAO), pair("//Dave")),
        )
        elapsed = time.perf_counter() - t0
        done.set()
        await tick_task
        check_outcome(a)
        check_outcome(b)
        assert a.hash != b.hash
        assert ticks >= 2, "the event loop was blocked while the transactions ran"
        assert (await client.balance(dest)).free == before + 5 * RAO_PER_TAO
        print(f"gather of 2 transfers: {elapsed * 1000:.0f} ms, loop ticked {ticks} times", file=sys.stderr)

    run(body())


# --- transactions -------------------------------------------------------------------------------


def test_fee_estimate_and_transfer(devnet_url):
    async def body():
        client = await connect(devnet_url)
        alice = pair("//Alice")
        dest = pair("//Alice//py").ss58_address()
        amount = 7 * RAO_PER_TAO + 123
        call = tl.Call.transfer_keep_alive(dest, amount)
        assert call.path() == "Balances.transfer_keep_alive" and call.pallet() == "Balances"

        fee = await client.estimate_fee(call, ALICE)
        assert isinstance(fee, tl.FeeEstimate)
        assert fee.partial_fee > 0 and fee.length > 100 and fee.weight_ref_time > 0
        assert fee.partial_fee == fee.base_fee + fee.len_fee + fee.adjusted_weight_fee
        # The tip is encoded in the transaction (longer); TransactionPaymentApi reports no tip.
        tipped = await client.estimate_fee(call, ALICE, tl.TxOptions(tip=10**12))
        assert tipped.length > fee.length

        alice_before = await client.balance(ALICE)
        dest_before = await client.balance(dest)
        outcome = await client.sign_and_submit(call, alice, tl.TxOptions(wait_for=tl.WaitFor.FINALIZED))
        check_outcome(outcome)
        assert outcome.finalized
        assert outcome.nonce == alice_before.nonce
        transfer = event(outcome, "Balances", "Transfer")
        assert transfer.text.startswith("Balances.Transfer") and number_field(transfer, "amount") == amount
        paid = number_field(event(outcome, "TransactionPayment", "TransactionFeePaid"), "actual_fee")
        assert paid == fee.partial_fee

        dest_after = await client.balance(dest)
        assert dest_after.free == dest_before.free + amount
        alice_after = await client.balance(ALICE)
        assert alice_before.free - alice_after.free == amount + paid
        assert alice_after.nonce == alice_before.nonce + 1

    run(body())


def test_register_and_stake(devnet_url):
    async def body():
        client = await connect(devnet_url)
        bob = pair("//Bob")
        hotkey = pair("//Bob//py").ss58_address()

        registered = await client.sign_and_submit(tl.Call.burned_register(1, hotkey), bob)
        check_outcome(registered)
        neuron = event(registered, "SubtensorModule", "NeuronRegistered")
        assert neuron.text.startswith("SubtensorModule.NeuronRegistered")

        before = await client.balance(bob.ss58_address())
        staked = await client.sign_and_submit(tl.Call.add_stake(hotkey, 1, RAO_PER_TAO), bob)
        check_outcome(staked)
        added = event(staked, "SubtensorModule", "StakeAdded")
        assert str(RAO_PER_TAO) in added.text
        after = await client.balance(bob.ss58_address())
        assert before.free - after.free >= RAO_PER_TAO

    run(body())


def test_other_calls_build():
    hot = pair("//Bob//py").ss58_address()
    assert tl.Call.remove_stake(hot, 1, 5).path() == "SubtensorModule.remove_stake"
    assert tl.Call.move_stake(hot, ALICE, 1, 1, 5).name() == "move_stake"
    assert tl.Call.set_weights(1, [0, 1], [65535, 1], 0).path() == "SubtensorModule.set_weights"
    assert tl.Call.serve_axon(1, "10.0.0.1", 8091, 1, 4).path() == "SubtensorModule.serve_axon"
    assert tl.Call.serve_axon(1, "::1", 8091, 1, 4).name() == "serve_axon"
    assert tl.Call.transfer_allow_death(ALICE, 1).name() == "transfer_allow_death"
    assert tl.Call.transfer_all(ALICE, True).name() == "transfer_all"
    assert "transfer_keep_alive" in repr(tl.Call.transfer_keep_alive(ALICE, 1))
    options = tl.TxOptions()
    assert options.tip == 0 and options.mortality == 64 and options.nonce is None
    assert options.metadata_hash is False and options.wait_for is None


# --- errors -------------------------------------------------------------------------------------


def test_bad_ss58_raises_bad_input(devnet_url):
    with pytest.raises(tl.TaolightError.BadInput) as info:
        tl.Call.transfer_keep_alive(ALICE[:-1] + "Z", 1)
    assert info.value.code == "key.invalid_ss58"
    with pytest.raises(tl.TaolightError.BadInput) as info:
        tl.Call.serve_axon(1, "300.1.1.1", 8091, 1, 4)
    assert info.value.code == "tx.bad_argument" and "ip" in info.value.error_message

    async def body():
        client = await connect(devnet_url)
        with pytest.raises(tl.TaolightError.BadInput) as info:
            await client.balance("not an address")
        assert info.value.code.startswith("key.") and info.value.error_message
        with pytest.raises(tl.TaolightError.BadInput):
            await client.estimate_fee(tl.Call.transfer_keep_alive(ALICE, 1), "nope")

    run(body())


def test_stake_to_unregistered_hotkey_raises_chain_error(devnet_url):
    async def body():
        client = await connect(devnet_url)
        stranger = pair("//Alice//py-not-registered").ss58_address()
        with pytest.raises(tl.TaolightError.Chain) as info:
            await client.sign_and_submit(tl.Call.add_stake(stranger, 1, RAO_PER_TAO), pair("//Alice"))
        err = info.value
        assert isinstance(err, tl.TaolightError)
        assert err.code == "tx.dispatch"
        assert "HotKeyAccountNotExists" in err.error_message and "HotKeyAccountNotExists" in str(err)

    run(body())


def test_unreachable_node_raises_network_error():
    async def body():
        t0 = time.monotonic()
        with pytest.raises(tl.TaolightError.Network) as info:
            await tl.Client.connect("ws://127.0.0.1:1", 5_000)
        assert info.value.code.startswith("chain.") and info.value.error_message
        assert time.monotonic() - t0 < 10

    run(body())


def test_silent_node_times_out_as_network_error():
    """A listener that never answers the WebSocket handshake: the core's timeout ends the call."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]

        async def body():
            t0 = time.monotonic()
            with pytest.raises(tl.TaolightError.Network) as info:
                await tl.Client.connect(f"ws://127.0.0.1:{port}", 500)
            elapsed = time.monotonic() - t0
            assert info.value.code == "chain.timeout", info.value
            assert 0.4 < elapsed < 5, elapsed

        run(body())


def test_bad_network_name_raises_bad_input():
    async def body():
        with pytest.raises(tl.TaolightError.BadInput) as info:
            await tl.Client.connect("mars", 1_000)
        assert info.value.code == "chain.invalid_network"

    run(body())


# --- cancellation -------------------------------------------------------------------------------


def test_cancelled_and_dropped_coroutines(devnet_url):
    async def body():
        client = await connect(devnet_url)
        # A coroutine never awaited: nothing was started on the Rust side.
        coroutine = client.balance(ALICE)
        coroutine.close()
        # Cancelled while running: a read, and a transaction waiting for finality (run on a
        # blocking thread on the Rust side), each dropped mid-flight.
        for make, running_for in (
            (lambda: client.finalized_head(), 0),
            (
                lambda: client.sign_and_submit(
                    tl.Call.transfer_keep_alive(pair("//Ferdie//py").ss58_address(), RAO_PER_TAO),
                    pair("//Ferdie"),
                    tl.TxOptions(wait_for=tl.WaitFor.FINALIZED),
                ),
                0.05,
            ),
        ):
            task = asyncio.create_task(make())
            await asyncio.sleep(running_for)
            assert not task.done()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        # A timeout on the Python side cancels the same way (a fee estimate takes ~0.3 s here).
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.estimate_fee(tl.Call.transfer_keep_alive(ALICE, 1), ALICE), timeout=0.02)
        # The client still works afterwards.
        head = await client.finalized_head()
        assert head.number >= 1
        assert (await client.balance(ALICE)).free > 0

    run(body())
    # And a client dropped by a finished loop leaves nothing that crashes the process later.
    import gc

    gc.collect()


# --- status queries and insufficient balance -----------------------------------------------------


def test_status_of_a_new_wallet_registered_and_staked(devnet_url, tmp_path):
    """The story: a new Bittensor wallet directory, funded, registered, staked, then its status."""

    async def body():
        client = await connect(devnet_url)
        created = tl.Wallet(str(tmp_path), "story")
        phrase = tl.Mnemonic.generate(tl.WordCount.WORDS12)
        created.create_coldkey(phrase, tl.Scheme.SR25519, "story-pw-1!")
        created.create_hotkey("default", tl.Mnemonic.generate(tl.WordCount.WORDS12), tl.Scheme.SR25519)
        # Read back from the directory, as btcli's files; the phrase imports to the same key.
        [info] = tl.list_wallets(str(tmp_path))
        wallet = tl.Wallet(str(tmp_path), info.name)
        with pytest.raises(tl.TaolightError.BadInput) as err:
            wallet.coldkey("wrong-pw")
        assert err.value.code == "keyfile.wrong_password"
        cold = wallet.coldkey("story-pw-1!")
        hot = wallet.hotkey("default")
        cold_ss58, hot_ss58 = cold.ss58_address(), hot.ss58_address()
        assert info.coldkey.ss58_address == cold_ss58
        assert tl.Keypair.from_phrase(tl.Mnemonic.parse(phrase.phrase()), "", tl.Scheme.SR25519).ss58_address() == cold_ss58

        # A fresh coldkey cannot pay: typed exception, code and message.
        with pytest.raises(tl.TaolightError.Chain) as err:
            await client.sign_and_submit(tl.Call.transfer_keep_alive(ALICE, RAO_PER_TAO), cold)
        assert err.value.code == "tx.invalid" and "pay" in err.value.error_message

        check_outcome(await client.sign_and_submit(tl.Call.transfer_keep_alive(cold_ss58, 50 * RAO_PER_TAO), pair("//Alice")))
        check_outcome(await client.sign_and_submit(tl.Call.burned_register(1, hot_ss58), cold))
        # More than the balance: the pallet's typed dispatch error.
        with pytest.raises(tl.TaolightError.Chain) as err:
            await client.sign_and_submit(tl.Call.add_stake(hot_ss58, 1, 10_000 * RAO_PER_TAO), cold)
        assert err.value.code == "tx.dispatch" and "NotEnoughBalanceToStake" in err.value.error_message
        check_outcome(await client.sign_and_submit(tl.Call.add_stake(hot_ss58, 1, 10 * RAO_PER_TAO), cold))

        stake = await client.stake(cold_ss58)
        assert isinstance(stake, tl.StakeList) and len(stake.positions) == 1, stake
        p = stake.positions[0]
        assert (p.hotkey, p.coldkey, p.netuid, p.registered) == (hot_ss58, cold_ss58, 1, True)
        assert p.alpha > 0 and p.price.alpha > 0 and p.tao_value == p.alpha * p.price.tao // p.price.alpha
        assert stake.total_tao_value == p.tao_value and stake.alpha_by_subnet == [tl.SubnetAmount(netuid=1, amount=p.alpha)]
        # A spot value at the price after the purchase (the pool moved it): about the 10 TAO paid.
        assert 9 * RAO_PER_TAO < p.tao_value < 11 * RAO_PER_TAO, p.tao_value
        on_hot = await client.stake_for(hot_ss58)
        assert [q.coldkey for q in on_hot.positions] == [cold_ss58]

        [status] = await client.neuron_status(hot_ss58, 1)
        assert status.hotkey == hot_ss58 and status.netuid == 1 and status.block >= stake.block
        reg = status.registered
        assert reg is not None and reg.neuron.hotkey == hot_ss58 and reg.neuron.coldkey == cold_ss58
        expected_role = tl.Role.VALIDATOR if reg.neuron.validator_permit else tl.Role.MINER
        assert reg.role == expected_role and reg.neuron.role == expected_role
        assert reg.stake_alpha == p.alpha and reg.immunity_remaining <= reg.immunity_period
        assert [s.netuid for s in await client.neuron_status(hot_ss58)] == [1]
        [unreg] = await client.neuron_status(pair("//Alice//py-nowhere").ss58_address(), 1)
        assert unreg.registered is None

        subnets = await client.subnets()
        assert [s.netuid for s in subnets] == sorted(s.netuid for s in subnets) and 1 in [s.netuid for s in subnets]
        one = await client.subnet(1)
        assert one is not None and one.netuid == 1 and one.neurons >= 1 and one.burn > 0
        assert one.pool.price.tao_per_alpha and await client.subnet(999) is None
        graph = await client.metagraph(1)
        assert graph.netuid == 1 and len(graph.neurons) == len(graph.stake_alpha) == one.neurons
        mine = graph.neurons[reg.neuron.uid]
        assert mine.hotkey == hot_ss58 and graph.stake_alpha[mine.uid] == reg.stake_alpha
        delegates = await client.delegates()
        assert all(d.hotkey.startswith("5") for d in delegates)
        assert await client.delegate(pair("//Alice//py-nowhere").ss58_address()) is None

    run(body())


def test_progress_listener_sees_every_state_until_finalized(devnet_url):
    """A Python implementation of TxProgressListener, called back from Rust while waiting."""

    class Recorder(tl.TxProgressListener):
        def __init__(self):
            self.states = []

        def on_status(self, status):
            self.states.append(status)

    async def body():
        client = await connect(devnet_url)
        recorder = Recorder()
        call = tl.Call.transfer_keep_alive(pair("//Eve//py-progress").ss58_address(), RAO_PER_TAO)
        outcome = await client.sign_and_submit_watching(call, pair("//Eve"), recorder, tl.TxOptions(wait_for=tl.WaitFor.FINALIZED))
        check_outcome(outcome)
        assert outcome.finalized
        kinds = [type(s).__name__.rsplit(".", 1)[-1] for s in recorder.states]
        assert kinds[-1] == "FINALIZED" and recorder.states[-1].block == outcome.block, recorder.states
        assert any(k == "IN_BLOCK" for k in kinds), kinds

    run(body())


def test_logger_sees_connection_and_transactions_and_never_a_secret(devnet_url):
    """A Python Logger at Trace through a whole story: a fresh mnemonic's key is funded and sends
    a transfer of its own. The records tell what happened; none holds the phrase."""

    class Collect(tl.Logger):
        def __init__(self):
            self.records = []

        def log(self, record):
            self.records.append(record)

    mnemonic = tl.Mnemonic.generate(tl.WordCount.WORDS12)
    phrase = mnemonic.phrase()
    uri = phrase + "//py-logger"
    sender = tl.Keypair.from_uri(uri, tl.Scheme.SR25519)
    logger = Collect()
    tl.set_logger(logger, tl.LogLevel.TRACE)
    try:
        async def body():
            client = await connect(devnet_url)
            wait = tl.TxOptions(wait_for=tl.WaitFor.IN_BLOCK)
            await client.sign_and_submit(tl.Call.transfer_keep_alive(sender.ss58_address(), 10 * RAO_PER_TAO), pair("//Ferdie"), wait)
            back = await client.sign_and_submit(tl.Call.transfer_keep_alive(ALICE, RAO_PER_TAO), sender, wait)
            return back

        back = run(body())
    finally:
        tl.set_logger(None, tl.LogLevel.TRACE)
    records = list(logger.records)
    assert records, "no log record"
    texts = [f"{r.level} {r.target} {r.message}" for r in records]
    assert any(r.level == tl.LogLevel.INFO and r.target == "taolight::chain" and r.message.startswith(f"connected to {devnet_url}") for r in records), texts[:20]
    assert any(r.target == "taolight::tx" and sender.ss58_address() in r.message and back.hash in r.message for r in records), [t for t in texts if "taolight::tx" in t]
    words = phrase.split()
    for t in texts:
        assert phrase not in t and " ".join(words[:3]) not in t and "//py-logger" not in t, t
    # After removal, nothing more arrives.
    n = len(logger.records)
    run(connect(devnet_url))
    assert len(logger.records) == n
