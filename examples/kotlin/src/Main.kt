// The short taolight story, in Kotlin: a new coldkey and hotkey, funded by //Alice, the hotkey
// registered on subnet 1 and staked to, then what the chain says about it.
//
// The same story as examples/rust, as far as the uniffi bindings go today: they have no status
// queries yet (neuron status, stake list), so the uid and the stake come from the events of the
// registration and the stake transactions, and the balance from `Client.balance`.
//
// Run against a local devnet: see README.md here (TAOLIGHT_RPC_URL names the node).
package taolight.example

import kotlinx.coroutines.runBlocking
import uniffi.taolight_ffi.Call
import uniffi.taolight_ffi.Client
import uniffi.taolight_ffi.Event
import uniffi.taolight_ffi.Keypair
import uniffi.taolight_ffi.Mnemonic
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.TxOutcome
import uniffi.taolight_ffi.WordCount

private const val TAO = 1_000_000_000uL

/** Rao as a decimal TAO amount, exactly (no floating point), as taolight prints them: `14.9`. */
fun tao(rao: ULong): String {
    val frac = rao % TAO
    return if (frac == 0uL) "${rao / TAO}" else "${rao / TAO}.${frac.toString().padStart(9, '0').trimEnd('0')}"
}

/** The transaction's event `pallet.name` (there is one when the call succeeded). */
fun TxOutcome.event(pallet: String, name: String): Event = events.first { it.pallet == pallet && it.name == name }

/**
 * The integer fields of an event, in order: its text form is `Pallet.Name (f1, f2, …)`, where an
 * account is a nested group of bytes, skipped here.
 */
fun Event.numbers(): List<ULong> {
    var fields = text.substringAfter(' ').trim().drop(1).dropLast(1)
    val group = Regex("[(\\[{][^()\\[\\]{}]*[)\\]}]")
    while (group.containsMatchIn(fields)) fields = group.replace(fields, "_") // innermost first
    return fields.split(',').map { it.substringAfterLast(':').trim() }.mapNotNull { it.toULongOrNull() }
}

/** A key pair of a fresh mnemonic (its phrase is shown to nobody here). */
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
        // NeuronRegistered(netuid, uid, hotkey).
        val (netuid, uid) = registered.event("SubtensorModule", "NeuronRegistered").numbers()
        val staked = client.signAndSubmit(Call.addStake(hot, 1u, 5uL * TAO), coldkey)
        println("staked in block #${staked.blockNumber}")

        // What the transactions' events say: the uid on subnet 1, and the alpha the stake bought.
        println("subnet $netuid: uid $uid (from SubtensorModule.NeuronRegistered)")
        // StakeAdded(coldkey, hotkey, tao, alpha, netuid, …): its integers are tao, alpha, netuid.
        val (paid, alpha, stakeNetuid) = staked.event("SubtensorModule", "StakeAdded").numbers()
        println("position: subnet $stakeNetuid alpha ${tao(alpha)} for ${tao(paid)} TAO (from SubtensorModule.StakeAdded)")
        println("coldkey free balance ${tao(client.balance(cold).free)} TAO")
    }
}

fun main() = runBlocking {
    story(System.getenv("TAOLIGHT_RPC_URL")?.takeIf { it.isNotEmpty() } ?: "ws://127.0.0.1:9944")
}
