package taolight

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import uniffi.taolight_ffi.Keypair
import uniffi.taolight_ffi.Mnemonic
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.TaolightException
import uniffi.taolight_ffi.WordCount
import uniffi.taolight_ffi.ss58Decode
import uniffi.taolight_ffi.ss58Encode
import uniffi.taolight_ffi.verify
import uniffi.taolight_ffi.wrapBytes

/** Offline: keys, signatures, SS58 and typed errors (mirrors tests/bindings/python/test_keys.py). */
class KeysTest {
    @Test
    fun `dev phrase derives Alice's address and public key`() {
        val alice = pair("//Alice")
        assertEquals(ALICE, alice.ss58Address())
        assertEquals(ALICE, alice.ss58Address(42u))
        assertArrayEquals(ALICE_PUBLIC, alice.publicKey())
        assertEquals(Scheme.SR25519, alice.scheme())
        assertEquals(ALICE, pair("$DEV_PHRASE//Alice").ss58Address())
        assertEquals(ALICE_ED25519, pair("//Alice", Scheme.ED25519).ss58Address())
        assertEquals(BOB, pair("//Bob").ss58Address())
        val root = Keypair.fromMnemonic(DEV_PHRASE, "", Scheme.SR25519)
        assertEquals("5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV", root.ss58Address())
        assertEquals(root.ss58Address(), pair(DEV_PHRASE).ss58Address())
    }

    @Test
    fun `ss58 encode and decode`() {
        assertEquals(ALICE, ss58Encode(ALICE_PUBLIC))
        val decoded = ss58Decode(ALICE)
        // DecodedAddress is a data class holding a ByteArray: compare the fields, not the records.
        assertArrayEquals(ALICE_PUBLIC, decoded.accountId)
        assertEquals(42.toUShort(), decoded.prefix)
        val polkadot = ss58Encode(ALICE_PUBLIC, 0u)
        assertEquals("15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5", polkadot)
        assertEquals(0.toUShort(), ss58Decode(polkadot).prefix)
        assertTaolight<TaolightException.BadInput>("key.invalid_ss58") { ss58Decode(ALICE.dropLast(1) + "Z") }
        assertTaolight<TaolightException.BadInput>("key.invalid_public_key") { ss58Encode(ByteArray(31) { 1 }) }
    }

    @ParameterizedTest
    @EnumSource(Scheme::class)
    fun `sign and verify`(scheme: Scheme) {
        val alice = pair("//Alice", scheme)
        val address = alice.ss58Address()
        val signature = alice.sign(MESSAGE)
        assertEquals(64, signature.size)
        assertTrue(verify(MESSAGE, signature, address, scheme))
        assertFalse(verify(MESSAGE + "!".toByteArray(), signature, address, scheme))
        assertFalse(verify(MESSAGE, signature, pair("//Bob", scheme).ss58Address(), scheme))
        val tampered = signature.copyOf().also { it[0] = (it[0].toInt() xor 1).toByte() }
        assertFalse(verify(MESSAGE, tampered, address, scheme))
        assertTaolight<TaolightException.BadInput>("key.invalid_signature") {
            verify(MESSAGE, signature.copyOf(63), address, scheme)
        }
    }

    @Test
    fun `wrap bytes as polkadot-js signRaw does`() {
        val wrapped = wrapBytes(MESSAGE)
        assertArrayEquals("<Bytes>".toByteArray() + MESSAGE + "</Bytes>".toByteArray(), wrapped)
        assertArrayEquals(wrapped, wrapBytes(wrapped))
        assertTrue(verify(wrapped, pair("//Alice").sign(wrapped), ALICE, Scheme.SR25519))
    }

    @Test
    fun `mnemonic generate, parse and derive keys`() {
        val mnemonic = Mnemonic.generate(WordCount.WORDS24)
        assertEquals(24u, mnemonic.wordCount())
        val phrase = mnemonic.phrase()
        assertEquals(24, phrase.split(" ").size)
        // uniffi 0.29's Kotlin maps only Display (not Debug) to toString: the default
        // Object.toString, which shows no word either.
        val shown = mnemonic.toString().lowercase()
        assertTrue(phrase.split(" ").none { Regex("\\b$it\\b").containsMatchIn(shown) }, shown)
        assertEquals(phrase, Mnemonic.parse("  " + phrase.uppercase() + " ").phrase())
        val fromObject = Keypair.fromPhrase(mnemonic, "", Scheme.SR25519)
        val fromText = Keypair.fromMnemonic(phrase, "", Scheme.SR25519)
        assertArrayEquals(fromObject.publicKey(), fromText.publicKey())
        assertArrayEquals(fromText.publicKey(), pair(phrase).publicKey())
        val withPassword = Keypair.fromMnemonic(phrase, "pw", Scheme.SR25519)
        assertArrayEquals(pair("$phrase///pw").publicKey(), withPassword.publicKey())
        assertFalse(withPassword.publicKey().contentEquals(fromText.publicKey()))
        assertEquals(12u, Mnemonic.generate(WordCount.WORDS12).wordCount())
    }

    @Test
    fun `seed and random pairs`() {
        val seed = ByteArray(32) { it.toByte() }
        val a = Keypair.fromSeed(seed, Scheme.ED25519)
        assertArrayEquals(pair("0x" + seed.toHex(), Scheme.ED25519).publicKey(), a.publicKey())
        assertTaolight<TaolightException.BadInput>("key.invalid_seed_length") {
            Keypair.fromSeed(seed.copyOf(31), Scheme.SR25519)
        }
        val r1 = Keypair.generate(Scheme.SR25519)
        val r2 = Keypair.generate(Scheme.SR25519)
        assertFalse(r1.publicKey().contentEquals(r2.publicKey()))
    }

    @Test
    fun `wrong mnemonic word raises BadInput with code and message`() {
        val words = DEV_PHRASE.split(" ").toMutableList()
        words[2] = "obeyy"
        val e = assertTaolight<TaolightException.BadInput>("key.unknown_word") { Mnemonic.parse(words.joinToString(" ")) }
        assertEquals("word 3 of the mnemonic is not in the BIP39 English word list", e.errorMessage)
        assertFalse(e.toString().contains("obeyy") || e.errorMessage.contains("obeyy")) // never echo secrets
        // Caught as the base type too, and as a plain Exception.
        val base: Exception = try {
            Mnemonic.parse(words.joinToString(" "))
            throw AssertionError("no exception")
        } catch (e: TaolightException) {
            e
        }
        assertTrue(base is TaolightException.BadInput)

        val swapped = DEV_PHRASE.split(" ").toMutableList()
        swapped[0] = swapped[1].also { swapped[1] = swapped[0] }
        val checksum = assertTaolight<TaolightException.BadInput>("key.invalid_checksum") {
            Keypair.fromMnemonic(swapped.joinToString(" "), "", Scheme.SR25519)
        }
        assertTrue(checksum.errorMessage.contains("checksum"), checksum.errorMessage)
        val count = assertTaolight<TaolightException.BadInput>("key.invalid_word_count") { Mnemonic.parse("bottom drive obey") }
        assertEquals("a mnemonic must have 12, 15, 18, 21 or 24 words, this one has 3", count.errorMessage)
        assertTaolight<TaolightException.BadInput>("key.soft_junction_on_ed25519") { pair("//Alice/soft", Scheme.ED25519) }
    }

    @Test
    fun `objects can be closed and refuse use afterwards`() {
        val p = pair("//Alice")
        p.close()
        val e = runCatching { p.ss58Address() }.exceptionOrNull()
        assertTrue(e is IllegalStateException, "$e")
        Keypair.fromUri("//Bob", Scheme.SR25519).use { assertEquals(BOB, it.ss58Address()) }
        assertNotEquals(pair("//Alice"), pair("//Alice")) // no Eq exported: identity
    }
}
