package taolight

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import uniffi.taolight_ffi.Keypair
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.TaolightException

const val DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"
const val ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
const val ALICE_ED25519 = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu"
const val BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
const val PASSWORD = "Bindings-pw-123!"
const val RAO_PER_TAO = 1_000_000_000uL
val ALICE_PUBLIC = hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
val MESSAGE = "taolight bindings: hello, Bittensor \u03c4".toByteArray(Charsets.UTF_8)

fun hex(s: String): ByteArray = s.chunked(2).map { it.toInt(16).toByte() }.toByteArray()

fun ByteArray.toHex(): String = joinToString("") { "%02x".format(it) }

fun pair(uri: String, scheme: Scheme = Scheme.SR25519): Keypair = Keypair.fromUri(uri, scheme)

/** The stable code of any kind of taolight exception (the sealed class has no common field). */
val TaolightException.code: String
    get() = when (this) {
        is TaolightException.BadInput -> code
        is TaolightException.Io -> code
        is TaolightException.Network -> code
        is TaolightException.Chain -> code
    }

/** The core's human message of any kind of taolight exception. */
val TaolightException.errorMessage: String
    get() = when (this) {
        is TaolightException.BadInput -> errorMessage
        is TaolightException.Io -> errorMessage
        is TaolightException.Network -> errorMessage
        is TaolightException.Chain -> errorMessage
    }

/** Runs [call], expects the exception kind [E] with [code]; returns it. */
inline fun <reified E : TaolightException> assertTaolight(code: String, call: () -> Any?): E {
    val e = try {
        call()
        fail<Nothing>("expected ${E::class.simpleName} with code $code, got no exception")
    } catch (e: TaolightException) {
        e
    }
    assertTrue(e is E, "expected ${E::class.simpleName} ($code), got ${e::class.simpleName}: ${e.message}")
    assertEquals(code, e.code, e.message)
    assertTrue(e.errorMessage.isNotEmpty())
    assertFalse(e.errorMessage.contains(code), e.errorMessage)
    // The generated `message` carries both.
    assertTrue(e.message!!.contains(code) && e.message!!.contains(e.errorMessage), e.message)
    return e as E
}
