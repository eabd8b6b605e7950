package taolight

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfSystemProperty
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.ss58Decode

/**
 * Per-call overhead of simple uniffi calls from Kotlin (JNA), printed, never asserted: run by
 * tests/bench/ffi-overhead/run.sh (`-Dkt.bench=1`, release library), skipped otherwise.
 */
@EnabledIfSystemProperty(named = "taolight.bench", matches = "1")
class OverheadBench {
    private fun bench(name: String, calls: Int, f: () -> Any?) {
        repeat(calls / 10) { f() } // JIT warm-up
        var sink = 0
        val t0 = System.nanoTime()
        repeat(calls) { if (f() != null) sink++ }
        val ns = (System.nanoTime() - t0).toDouble() / calls
        println("kotlin $name: ${"%.0f".format(ns)} ns/call ($calls calls, $sink results)")
    }

    @Test
    fun `per-call overhead`() {
        val calls = (System.getProperty("taolight.bench.calls") ?: "200000").toInt()
        val alice = pair("//Alice", Scheme.SR25519)
        bench("ss58_decode", calls) { ss58Decode(ALICE) }
        bench("Keypair.ss58_address (getter)", calls) { alice.ss58Address() }
        bench("Keypair.public_key (32 bytes back)", calls) { alice.publicKey() }
        bench("baseline kotlin lambda", calls) { ALICE.length }
    }
}
