package taolight

import java.net.InetAddress
import java.net.ServerSocket
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import uniffi.taolight_ffi.Call
import uniffi.taolight_ffi.Client
import uniffi.taolight_ffi.Event
import uniffi.taolight_ffi.TaolightException
import uniffi.taolight_ffi.TxOptions
import uniffi.taolight_ffi.TxOutcome
import uniffi.taolight_ffi.WaitFor

private const val TIMEOUT_MS = 30_000uL
private val HASH = Regex("0x[0-9a-f]{64}")

private fun event(outcome: TxOutcome, pallet: String, name: String): Event =
    outcome.events.firstOrNull { it.pallet == pallet && it.name == name }
        ?: throw AssertionError("no $pallet.$name among ${outcome.events.map { it.pallet + "." + it.name }}")

/** An integer field of an event's text form (`name: 123`). */
private fun numberField(e: Event, name: String): ULong =
    Regex("\\b$name: (\\d+)").find(e.text)?.groupValues?.get(1)?.toULong() ?: throw AssertionError(e.text)

private fun checkOutcome(outcome: TxOutcome) {
    assertTrue(HASH.matches(outcome.hash), outcome.hash)
    assertTrue(outcome.block != null && HASH.matches(outcome.block!!), "${outcome.block}")
    assertTrue((outcome.blockNumber ?: 0uL) >= 1uL && outcome.index != null, "$outcome")
    event(outcome, "System", "ExtrinsicSuccess")
}

/**
 * Live: the chain client's suspend funs against the local real chain (tests/devnet), driven with
 * `runBlocking`. run.sh starts the devnet and passes its URL as the system property
 * `taolight.rpc.url`; without one these tests are skipped.
 */
class ChainTest {
    companion object {
        lateinit var url: String
        var startedHere = false

        @JvmStatic
        @BeforeAll
        fun devnet() {
            url = System.getProperty("taolight.rpc.url").orEmpty()
            startedHere = System.getProperty("taolight.rpc.started") == "1"
            assumeTrue(url.isNotEmpty(), "no node (taolight.rpc.url): chain tests skipped")
        }
    }

    private suspend fun connect(): Client = Client.connect(url, TIMEOUT_MS)

    @Test
    fun `connect and read genesis, heads, runtime and Alice's balance`(): Unit = runBlocking {
        connect().use { client ->
            assertEquals(url, client.url())
            assertEquals(TIMEOUT_MS, client.timeoutMs())
            val genesis = client.genesisHash()
            assertTrue(HASH.matches(genesis), genesis)
            if (startedHere) assertEquals("0x" + "45".repeat(32), genesis) // chopsticks' placeholder
            val head = client.finalizedHead()
            assertTrue(head.number >= 1u && HASH.matches(head.hash), "$head")
            assertTrue(client.bestHead().number >= head.number)
            val version = client.runtimeVersion()
            assertEquals("node-subtensor", version.specName)
            assertEquals(218u, version.specVersion)
            assertTrue(version.transactionVersion >= 1u)
            val balance = client.balance(ALICE)
            assertTrue(balance.free > 0uL && balance.free <= 1_000_000uL * RAO_PER_TAO, "$balance")
            assertTrue(balance.transferable <= balance.free && balance.frozen <= balance.free, "$balance")
        }
    }

    @Test
    fun `default timeout and one client across runBlocking scopes`() {
        val client = runBlocking { Client.connect(url) }
        assertEquals(30_000uL, client.timeoutMs())
        val first = runBlocking { client.finalizedHead() }
        val second = runBlocking { client.finalizedHead() }
        assertTrue(second.number >= first.number)
        client.close()
    }

    @Test
    fun `transfer 1 TAO from Alice to a fresh account, exact balances`(): Unit = runBlocking {
        connect().use { client ->
            val alice = pair("//Alice")
            val dest = pair("//Alice//kt").ss58Address()
            val amount = RAO_PER_TAO
            val call = Call.transferKeepAlive(dest, amount)
            assertEquals("Balances.transfer_keep_alive", call.path())
            assertEquals("Balances", call.pallet())

            val fee = client.estimateFee(call, ALICE)
            assertTrue(fee.partialFee > 0uL && fee.length > 100u && fee.weightRefTime > 0uL, "$fee")
            assertEquals(fee.baseFee + fee.lenFee + fee.adjustedWeightFee, fee.partialFee)

            val aliceBefore = client.balance(ALICE)
            val destBefore = client.balance(dest)
            if (startedHere) assertEquals(0uL, destBefore.free)
            val outcome = client.signAndSubmit(call, alice, TxOptions(waitFor = WaitFor.FINALIZED))
            checkOutcome(outcome)
            assertTrue(outcome.finalized)
            assertEquals(aliceBefore.nonce, outcome.nonce)
            val transfer = event(outcome, "Balances", "Transfer")
            assertTrue(transfer.text.startsWith("Balances.Transfer"), transfer.text)
            assertEquals(amount, numberField(transfer, "amount"))
            val paid = numberField(event(outcome, "TransactionPayment", "TransactionFeePaid"), "actual_fee")
            assertEquals(fee.partialFee, paid)

            val destAfter = client.balance(dest)
            assertEquals(destBefore.free + amount, destAfter.free)
            if (startedHere) assertEquals(1_000_000_000uL, destAfter.free)
            val aliceAfter = client.balance(ALICE)
            assertEquals(amount + paid, aliceBefore.free - aliceAfter.free)
            assertEquals(aliceBefore.nonce + 1u, aliceAfter.nonce)
        }
    }

    @Test
    fun `concurrent reads and transfers with coroutines, the caller's thread not blocked`(): Unit = runBlocking {
        val client = connect()
        val accounts = listOf("Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie").map { pair("//$it").ss58Address() }
        val balances = accounts.map { async { client.balance(it) } }
        val head = async { client.finalizedHead() }
        val version = async { client.runtimeVersion() }
        assertTrue(balances.awaitAll().all { it.free > 0uL })
        assertTrue(head.await().number >= 1u)
        assertEquals(218u, version.await().specVersion)

        // Two transactions from two signers at once, while a ticker shares runBlocking's one thread.
        var ticks = 0
        var done = false
        val ticker = launch { while (!done) { ticks++; delay(5) } }
        val dest = pair("//Alice//kt-gather").ss58Address()
        val before = client.balance(dest).free
        val a = async { client.signAndSubmit(Call.transferKeepAlive(dest, 2uL * RAO_PER_TAO), pair("//Charlie")) }
        val b = async { client.signAndSubmit(Call.transferKeepAlive(dest, 3uL * RAO_PER_TAO), pair("//Dave")) }
        val (ta, tb) = listOf(a, b).awaitAll()
        done = true
        ticker.join()
        checkOutcome(ta)
        checkOutcome(tb)
        assertNotEquals(ta.hash, tb.hash)
        assertTrue(ticks >= 2, "runBlocking's thread was blocked while the transactions ran ($ticks ticks)")
        assertEquals(before + 5uL * RAO_PER_TAO, client.balance(dest).free)
        client.close()
    }

    @Test
    fun `bad SS58 raises BadInput`(): Unit = runBlocking {
        assertTaolight<TaolightException.BadInput>("key.invalid_ss58") { Call.transferKeepAlive(ALICE.dropLast(1) + "Z", 1uL) }
        val ip = assertTaolight<TaolightException.BadInput>("tx.bad_argument") { Call.serveAxon(1u, "300.1.1.1", 8091u, 1u, 4u) }
        assertTrue(ip.errorMessage.contains("ip"), ip.errorMessage)
        connect().use { client ->
            val e = try {
                client.balance("not an address")
                null
            } catch (e: TaolightException.BadInput) {
                e
            }
            assertNotNull(e, "no BadInput for a bad address")
            assertTrue(e!!.code.startsWith("key.") && e.errorMessage.isNotEmpty(), "${e.message}")
            val fee = runCatching { client.estimateFee(Call.transferKeepAlive(ALICE, 1uL), "nope") }.exceptionOrNull()
            assertTrue(fee is TaolightException.BadInput, "$fee")
        }
    }

    @Test
    fun `stake to an unregistered hotkey raises the Chain kind`(): Unit = runBlocking {
        connect().use { client ->
            val stranger = pair("//Alice//kt-not-registered").ss58Address()
            val e = runCatching { client.signAndSubmit(Call.addStake(stranger, 1u, RAO_PER_TAO), pair("//Alice")) }.exceptionOrNull()
            assertTrue(e is TaolightException.Chain, "$e")
            e as TaolightException.Chain
            assertEquals("tx.dispatch", e.code)
            assertTrue(e.errorMessage.contains("HotKeyAccountNotExists"), e.errorMessage)
        }
    }

    @Test
    fun `cancelled calls leave the client usable`(): Unit = runBlocking {
        connect().use { client ->
            // Each call runs up to its first suspension (waiting on the Rust future), then its
            // coroutine is cancelled, which drops the Rust future mid-flight. runBlocking's one
            // thread is ours until we suspend, so none of them can complete before the cancel.
            val tx = Call.transferKeepAlive(pair("//Ferdie//kt").ss58Address(), RAO_PER_TAO)
            val calls = listOf(
                // A storage read always waits on the node (the finalized head may be known
                // locally already and complete before any cancel).
                async(start = CoroutineStart.UNDISPATCHED) { client.balance(ALICE) },
                async(start = CoroutineStart.UNDISPATCHED) { client.estimateFee(Call.transferKeepAlive(ALICE, 1uL), ALICE) },
                async(start = CoroutineStart.UNDISPATCHED) {
                    client.signAndSubmit(tx, pair("//Ferdie"), TxOptions(waitFor = WaitFor.FINALIZED))
                },
            )
            assertTrue(calls.none { it.isCompleted })
            calls.forEach { it.cancel() }
            calls.forEach { it.join() }
            assertTrue(calls.all { it.isCancelled })
            // withTimeout cancels the same way; a transaction waiting for finality is long enough.
            assertNull(withTimeoutOrNull(20) { client.signAndSubmit(tx, pair("//Ferdie"), TxOptions(waitFor = WaitFor.FINALIZED)) })
            // The client still works afterwards.
            assertTrue(client.finalizedHead().number >= 1u)
            assertTrue(client.balance(ALICE).free > 0uL)
        }
    }
}

/** Network and input errors of `Client.connect` that need no node. */
class ClientErrorsTest {
    @Test
    fun `unreachable node raises the Network kind`(): Unit = runBlocking {
        val t0 = System.nanoTime()
        val e = runCatching { Client.connect("ws://127.0.0.1:1", 5_000uL) }.exceptionOrNull()
        assertTrue(e is TaolightException.Network, "$e")
        assertTrue((e as TaolightException.Network).code.startsWith("chain."), e.code)
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L)
    }

    @Test
    fun `silent node times out as the Network kind`() {
        ServerSocket(0, 8, InetAddress.getLoopbackAddress()).use { listener ->
            runBlocking {
                val t0 = System.nanoTime()
                val e = runCatching { Client.connect("ws://127.0.0.1:${listener.localPort}", 500uL) }.exceptionOrNull()
                val elapsedMs = (System.nanoTime() - t0) / 1_000_000
                assertTrue(e is TaolightException.Network, "$e")
                assertEquals("chain.timeout", (e as TaolightException.Network).code)
                assertTrue(elapsedMs in 400..5_000, "$elapsedMs ms")
            }
        }
    }

    @Test
    fun `bad network name raises BadInput`(): Unit = runBlocking {
        val e = runCatching { Client.connect("mars", 1_000uL) }.exceptionOrNull()
        assertTrue(e is TaolightException.BadInput, "$e")
        assertEquals("chain.invalid_network", (e as TaolightException.BadInput).code)
    }

    @Test
    fun `calls build offline and TxOptions defaults`() {
        val hot = pair("//Bob//kt").ss58Address()
        assertEquals("SubtensorModule.remove_stake", Call.removeStake(hot, 1u, 5uL).path())
        assertEquals("move_stake", Call.moveStake(hot, ALICE, 1u, 1u, 5uL).name())
        assertEquals("SubtensorModule.set_weights", Call.setWeights(1u, listOf(0u, 1u), listOf(65535u, 1u), 0uL).path())
        assertEquals("SubtensorModule.serve_axon", Call.serveAxon(1u, "10.0.0.1", 8091u, 1u, 4u).path())
        assertEquals("serve_axon", Call.serveAxon(1u, "::1", 8091u, 1u, 4u).name())
        assertEquals("transfer_allow_death", Call.transferAllowDeath(ALICE, 1uL).name())
        assertEquals("transfer_all", Call.transferAll(ALICE, true).name())
        assertEquals("SubtensorModule.burned_register", Call.burnedRegister(1u, hot).path())
        val options = TxOptions()
        assertEquals(TxOptions(0uL, 64uL, null, false, null), options)
    }
}
