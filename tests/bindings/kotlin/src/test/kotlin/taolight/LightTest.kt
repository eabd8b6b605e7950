package taolight

import java.io.File
import java.util.Collections
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import uniffi.taolight_ffi.Client
import uniffi.taolight_ffi.LightClient
import uniffi.taolight_ffi.LightHealth
import uniffi.taolight_ffi.SyncProgressListener
import uniffi.taolight_ffi.TaolightException

/** What smoldot computes from the spec-218 devnet spec (core/tests/chain_light.rs checks it too). */
const val DEVNET_GENESIS = "0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5"

/**
 * The embedded smoldot light client from Kotlin, offline: the spec-218 devnet spec loads, its
 * genesis is what smoldot computes, the sync progress reaches a Kotlin listener, and the chain
 * client runs over it. No peer can be reached here (no libp2p node runs offline), so the sync
 * never gets past "no peers": what is checked is that progress is reported and the wait ends.
 */
class LightTest {
    private fun spec(): String {
        val path = System.getProperty("taolight.devnet.spec").orEmpty()
        val file = File(path)
        assertTrue(file.isFile, "the spec-218 devnet chain spec must be at $path (shared test data)")
        return file.readText()
    }

    @Test
    fun `light client from the devnet spec, sync progress to a Kotlin listener`(): Unit = runBlocking {
        LightClient.start(spec(), null, null, 120_000uL).use { light ->
            assertEquals(DEVNET_GENESIS, light.genesisHash())
            assertTrue(light.chainName().isNotEmpty())

            val seen = Collections.synchronizedList(mutableListOf<LightHealth>())
            val listener = object : SyncProgressListener {
                override fun onProgress(health: LightHealth) { seen.add(health) }
            }
            val t0 = System.nanoTime()
            // Without peers smoldot answers its first system_health after its 30 s sync decision.
            val outcome = runCatching { light.waitForSync(35_000uL, listener) }
            val ms = (System.nanoTime() - t0) / 1_000_000
            println("light client: waitForSync -> $outcome after $ms ms, ${seen.size} progress reports: ${seen.firstOrNull()}")
            assertTrue(seen.isNotEmpty(), "no sync progress reported: $outcome")
            seen.forEach { h ->
                assertEquals(0uL, h.peers, "no peer is reachable offline: $h")
                assertFalse(h.shouldHavePeers, "the devnet spec lists no bootnodes: $h")
                assertEquals(!h.isSyncing, h.isSynced, "no peers expected: synced is not syncing: $h")
            }
            outcome.fold(
                onSuccess = { done -> assertTrue(done.isSynced, "$done"); assertEquals(seen.last(), done) },
                onFailure = { e ->
                    assertTrue(e is TaolightException.Network && e.code == "chain.timeout", "$e")
                    assertFalse(seen.last().isSynced, "a synced answer ends the wait: ${seen.last()}")
                },
            )

            // The chain client over it: the same Client API, answered by smoldot.
            Client.light(light, 5_000uL).use { client ->
                assertEquals(DEVNET_GENESIS, client.genesisHash())
                assertEquals("light-client:$DEVNET_GENESIS", client.url())
            }
            assertTrue(light.finalizedDatabase(null).isNotEmpty())
        }
    }

    @Test
    fun `bad spec and wrong genesis are typed errors`(): Unit = runBlocking {
        assertTaolight<TaolightException.BadInput>("chain.invalid_chain_spec") {
            runBlocking { LightClient.start("{\"not\": \"a chain spec\"}", null, null, 10_000uL) }
        }
        val finney = "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03"
        assertTaolight<TaolightException.Network>("chain.wrong_chain") {
            runBlocking { LightClient.start(spec(), null, finney, 120_000uL) }
        }
        assertTaolight<TaolightException.BadInput>("chain.invalid_block_hash") {
            runBlocking { LightClient.start(spec(), null, "0x12", 120_000uL) }
        }
    }
}
