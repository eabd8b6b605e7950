package taolight

import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import uniffi.taolight_ffi.Call
import uniffi.taolight_ffi.Client
import uniffi.taolight_ffi.Mnemonic
import uniffi.taolight_ffi.Role
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.SubnetAmount
import uniffi.taolight_ffi.TaolightException
import uniffi.taolight_ffi.TxOptions
import uniffi.taolight_ffi.TxProgressListener
import uniffi.taolight_ffi.TxStatus
import uniffi.taolight_ffi.WaitFor
import uniffi.taolight_ffi.Wallet
import uniffi.taolight_ffi.WordCount
import uniffi.taolight_ffi.listWallets

/**
 * Live, the story in Kotlin: a new Bittensor wallet directory read back, a wrong password,
 * insufficient balance (fees and stake), funding, registration, stake, then the status queries;
 * and a Kotlin TxProgressListener called back from Rust while waiting for finality.
 */
class StoryTest {
    companion object {
        lateinit var url: String

        @JvmStatic
        @BeforeAll
        fun devnet() {
            url = System.getProperty("taolight.rpc.url").orEmpty()
            assumeTrue(url.isNotEmpty(), "no node (taolight.rpc.url): chain tests skipped")
        }
    }

    private suspend inline fun <reified E : TaolightException> raises(code: String, crossinline call: suspend () -> Any?): E {
        val e = runCatching { call() }.exceptionOrNull()
        assertTrue(e is E, "expected ${E::class.simpleName} $code, got $e")
        assertEquals(code, (e as TaolightException).code, e.message)
        return e as E
    }

    @Test
    fun `wallet, insufficient balance, register, stake, status`(@TempDir tmp: Path): Unit = runBlocking {
        Client.connect(url, 30_000uL).use { client ->
            val created = Wallet(tmp.toString(), "story")
            created.createColdkey(Mnemonic.generate(WordCount.WORDS12), Scheme.SR25519, "story-pw-1!", false)
            created.createHotkey("default", Mnemonic.generate(WordCount.WORDS12), Scheme.SR25519, null, false)
            val info = listWallets(tmp.toString()).single()
            val wallet = Wallet(tmp.toString(), info.name)
            assertTaolight<TaolightException.BadInput>("keyfile.wrong_password") { wallet.coldkey("wrong") }
            val cold = wallet.coldkey("story-pw-1!")
            val hot = wallet.hotkey("default", null)
            val coldSs58 = cold.ss58Address()
            val hotSs58 = hot.ss58Address()
            assertEquals(coldSs58, info.coldkey!!.ss58Address)

            val poor = raises<TaolightException.Chain>("tx.invalid") { client.signAndSubmit(Call.transferKeepAlive(ALICE, RAO_PER_TAO), cold) }
            assertTrue(poor.errorMessage.contains("pay"), poor.errorMessage)
            client.signAndSubmit(Call.transferKeepAlive(coldSs58, 50uL * RAO_PER_TAO), pair("//Alice"))
            client.signAndSubmit(Call.burnedRegister(1u, hotSs58), cold)
            val tooMuch = raises<TaolightException.Chain>("tx.dispatch") { client.signAndSubmit(Call.addStake(hotSs58, 1u, 10_000uL * RAO_PER_TAO), cold) }
            assertTrue(tooMuch.errorMessage.contains("NotEnoughBalanceToStake"), tooMuch.errorMessage)
            client.signAndSubmit(Call.addStake(hotSs58, 1u, 10uL * RAO_PER_TAO), cold)

            val stake = client.stake(coldSs58)
            val p = stake.positions.single()
            assertEquals(listOf(hotSs58, coldSs58), listOf(p.hotkey, p.coldkey))
            assertEquals(1.toUShort(), p.netuid)
            assertTrue(p.registered && p.alpha > 0uL)
            assertTrue(p.taoValue > 9uL * RAO_PER_TAO && p.taoValue < 11uL * RAO_PER_TAO, "${p.taoValue}")
            assertEquals(listOf(SubnetAmount(1u, p.alpha)), stake.alphaBySubnet)
            assertEquals(listOf(coldSs58), client.stakeFor(hotSs58).positions.map { it.coldkey })

            val reg = requireNotNull(client.neuronStatus(hotSs58, 1u).single().registered)
            assertEquals(hotSs58, reg.neuron.hotkey)
            assertEquals(if (reg.neuron.validatorPermit) Role.VALIDATOR else Role.MINER, reg.role)
            assertEquals(p.alpha, reg.stakeAlpha)
            assertEquals(listOf<UShort>(1u), client.neuronStatus(hotSs58, null).map { it.netuid })
            assertNull(client.neuronStatus(pair("//Alice//kt-nowhere").ss58Address(), 1u).single().registered)

            assertTrue(client.subnets().any { it.netuid == 1.toUShort() })
            val one = requireNotNull(client.subnet(1u))
            assertNull(client.subnet(999u))
            val graph = client.metagraph(1u)
            assertEquals(one.neurons.toInt(), graph.neurons.size)
            assertEquals(hotSs58, graph.neurons[reg.neuron.uid.toInt()].hotkey)
            assertEquals(reg.stakeAlpha, graph.stakeAlpha[reg.neuron.uid.toInt()])
            assertTrue(client.delegates().all { it.hotkey.startsWith("5") })
        }
    }

    @Test
    fun `a Kotlin progress listener sees the states until finalized`(): Unit = runBlocking {
        val states = java.util.Collections.synchronizedList(mutableListOf<TxStatus>())
        val listener = object : TxProgressListener {
            override fun onStatus(status: TxStatus) {
                states.add(status)
            }
        }
        Client.connect(url, 30_000uL).use { client ->
            val call = Call.transferKeepAlive(pair("//Eve//kt-progress").ss58Address(), RAO_PER_TAO)
            val outcome = client.signAndSubmitWatching(call, pair("//Eve"), listener, TxOptions(waitFor = WaitFor.FINALIZED))
            assertTrue(outcome.finalized)
            val last = states.last()
            assertTrue(last is TxStatus.Finalized && last.block == outcome.block, "$states")
            assertTrue(states.any { it is TxStatus.InBlock }, "$states")
        }
    }
}
