// The short taolight story, in Kotlin: a new coldkey and hotkey, funded by //Alice, the hotkey
// registered on subnet 1 and staked to, then what the chain says about it.
//
// The same story as examples/rust: the uid, the role and the stake come from the status
// queries (`neuronStatus`, `stake`), read from chain storage after the transactions.
//
// Run against a local devnet: see README.md here (TAOLIGHT_RPC_URL names the node).
package taolight.example

import kotlinx.coroutines.runBlocking
import uniffi.taolight_ffi.Call
import uniffi.taolight_ffi.Client
import uniffi.taolight_ffi.Keypair
import uniffi.taolight_ffi.Mnemonic
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.WordCount

private const val TAO = 1_000_000_000uL

/** Rao as a decimal TAO amount, exactly (no floating point), as taolight prints them: `14.9`. */
fun tao(rao: ULong): String {
    val frac = rao % TAO
    return if (frac == 0uL) "${rao / TAO}" else "${rao / TAO}.${frac.toString().padStart(9, '0').trimEnd('0')}"
}

private fun newKey(): Keypair = Mnemonic.generate(WordCount.WORDS12).use { Keypair.fromPhrase(it, "", Scheme.SR25519) }

suspend fun story(url: String) {
    Client.connect(url).use { client ->
        // Keys: a coldkey and a hotkey of its own, as btcli makes them (the bindings have no
        // derivation from a key pair).
        val coldkey = newKey()
        val hotkey = newKey()
        val cold = coldkey.ss58Address()
        val hot = hotkey.ss58Address()
        println("coldkey $cold\nhotkey  $hot")

        // Fund the coldkey from //Alice (a development account of the devnet).
        val alice = Keypair.fromUri("//Alice", Scheme.SR25519)
        val funded = client.signAndSubmit(Call.transferKeepAlive(cold, 20uL * TAO), alice)
        println("funded in block #${funded.blockNumber}")

        // Register the hotkey on subnet 1 (burning the registration cost) and stake 5 TAO to it.
        val registered = client.signAndSubmit(Call.burnedRegister(1u, hot), coldkey)
        println("registered in block #${registered.blockNumber}")
        val staked = client.signAndSubmit(Call.addStake(hot, 1u, 5uL * TAO), coldkey)
        println("staked in block #${staked.blockNumber}")

        // What a miner or validator checks: status on subnet 1, and the coldkey's positions.
        for (s in client.neuronStatus(hot, 1u)) {
            val r = s.registered
            if (r == null) {
                println("subnet ${s.netuid}: not registered")
            } else {
                println("subnet ${s.netuid}: uid ${r.neuron.uid} (${r.role}), stake ${tao(r.stakeAlpha)} alpha, immunity ${r.immunityRemaining} blocks left")
            }
        }
        for (p in client.stake(cold).positions) {
            println("position: subnet ${p.netuid} alpha ${tao(p.alpha)} worth ${tao(p.taoValue)} TAO")
        }
        println("coldkey free balance ${tao(client.balance(cold).free)} TAO")
    }
}

fun main() = runBlocking {
    story(System.getenv("TAOLIGHT_RPC_URL")?.takeIf { it.isNotEmpty() } ?: "ws://127.0.0.1:9944")
}
