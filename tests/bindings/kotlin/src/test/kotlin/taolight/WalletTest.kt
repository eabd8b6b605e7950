package taolight

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import uniffi.taolight_ffi.Keypair
import uniffi.taolight_ffi.Mnemonic
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.TaolightException
import uniffi.taolight_ffi.Wallet
import uniffi.taolight_ffi.WordCount
import uniffi.taolight_ffi.listWallets
import uniffi.taolight_ffi.polkadotJsExport
import uniffi.taolight_ffi.polkadotJsImport
import uniffi.taolight_ffi.verify

/**
 * Offline: Bittensor wallet directories (encrypted `$NACL` coldkey, plain hotkeys) and
 * polkadot-js JSON accounts. One encrypted coldkey round trip costs seconds (Argon2i, 512 MiB).
 */
class WalletTest {
    @Test
    fun `wallet created, read back, wrong password refused`(@TempDir tmp: Path) {
        val root = tmp.resolve("wallets").toString()
        val wallet = Wallet(root, "w1")
        assertEquals("w1", wallet.name())
        assertEquals(tmp.resolve("wallets/w1").toString(), wallet.dir())
        val cold = Mnemonic.generate(WordCount.WORDS12)
        val hot = Mnemonic.generate(WordCount.WORDS12)
        val coldPair = Keypair.fromPhrase(cold, "", Scheme.SR25519)
        val hotPair = Keypair.fromPhrase(hot, "", Scheme.SR25519)

        wallet.createColdkey(cold, Scheme.SR25519, PASSWORD)
        wallet.createHotkey("default", hot, Scheme.SR25519)
        wallet.importHotkey("bob", pair("//Bob"))

        // btcli's layout, every key file 0600.
        val d = tmp.resolve("wallets/w1")
        for (f in listOf("coldkey", "coldkeypub.txt", "hotkeys/default", "hotkeys/defaultpub.txt", "hotkeys/bob", "hotkeys/bobpub.txt")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve(f))), f)
        }
        assertTrue(String(Files.readAllBytes(d.resolve("coldkey")), Charsets.ISO_8859_1).startsWith("\$NACL"))
        assertTrue(Files.readString(d.resolve("hotkeys/default")).contains("\"secretPhrase\""))

        val info = wallet.info()
        assertEquals("w1", info.name)
        assertEquals(wallet.dir(), info.path)
        assertTrue(info.coldkeyEncrypted)
        val coldkey = info.coldkey!!
        assertEquals(Scheme.SR25519, coldkey.scheme)
        assertArrayEquals(coldPair.publicKey(), coldkey.bytes)
        assertEquals(coldPair.ss58Address(), coldkey.ss58Address)
        assertEquals(listOf("bob", "default"), info.hotkeys.map { it.name })
        assertEquals(BOB, info.hotkeys[0].public?.ss58Address)
        assertEquals(hotPair.ss58Address(), info.hotkeys[1].public?.ss58Address)
        assertEquals(coldPair.ss58Address(), wallet.coldkeyPublic().ss58Address)
        assertArrayEquals(hotPair.publicKey(), wallet.hotkeyPublic("default").bytes)
        val listed = listWallets(root)
        assertEquals(listOf("w1"), listed.map { it.name })
        assertEquals(info.coldkey?.ss58Address, listed[0].coldkey?.ss58Address)
        assertEquals(emptyList<Any>(), listWallets(tmp.resolve("missing").toString()))

        // Hotkeys load without a password; the coldkey needs its password.
        assertArrayEquals(hotPair.publicKey(), wallet.hotkey("default").publicKey())
        assertEquals(BOB, wallet.hotkey("bob").ss58Address())
        assertTaolight<TaolightException.BadInput>("keyfile.password_required") { wallet.coldkey() }
        assertTaolight<TaolightException.BadInput>("keyfile.wrong_password") { wallet.coldkey("not-it") }
        val loaded = wallet.coldkey(PASSWORD)
        assertArrayEquals(coldPair.publicKey(), loaded.publicKey())
        assertTrue(verify(MESSAGE, loaded.sign(MESSAGE), coldPair.ss58Address(), Scheme.SR25519))

        // Refusals are typed errors.
        val exists = assertTaolight<TaolightException.BadInput>("keyfile.already_exists") { wallet.importColdkey(pair("//Alice")) }
        assertTrue(exists.errorMessage.contains("coldkey"), exists.errorMessage)
        assertTaolight<TaolightException.BadInput>("keyfile.invalid_name") { Wallet(root, "../escape") }
        assertTaolight<TaolightException.BadInput>("keyfile.invalid_name") { wallet.hotkey("../x") }
        assertTaolight<TaolightException.BadInput>("keyfile.not_found") { Wallet(root, "nope").coldkey() }
        assertTaolight<TaolightException.BadInput>("keyfile.not_found") { wallet.hotkey("nope") }

        // An unencrypted coldkey, imported from a secret URI, replacing the old one on request.
        wallet.importColdkey(pair("//Alice"), null, true)
        assertFalse(wallet.info().coldkeyEncrypted)
        assertEquals(ALICE, wallet.coldkey().ss58Address())
        assertEquals(ALICE, wallet.coldkeyPublic().ss58Address)
    }

    @Test
    fun `polkadot-js import of a polkadot-js export`() {
        assertEquals(ALICE, polkadotJsImport(ALICE_POLKADOT_JS, "testing123!").ss58Address())
        assertTaolight<TaolightException.BadInput>("keyfile.wrong_password") { polkadotJsImport(ALICE_POLKADOT_JS, "wrong") }
        assertTaolight<TaolightException.BadInput>("keyfile.corrupt") { polkadotJsImport("{", "x") }
    }

    @ParameterizedTest
    @EnumSource(Scheme::class)
    fun `polkadot-js round trip`(scheme: Scheme) {
        val alice = pair("//Alice", scheme)
        val text = polkadotJsExport(alice, PASSWORD, "alice")
        assertTrue(text.contains("\"address\":\"${alice.ss58Address()}\""), text)
        assertTrue(text.contains("\"content\":[\"pkcs8\",\"${scheme.name.lowercase()}\"]"), text)
        assertTrue(text.contains("\"type\":[\"scrypt\",\"xsalsa20-poly1305\"]"), text)
        assertTrue(text.contains("\"name\":\"alice\""), text)
        val whenCreated = Regex("\"whenCreated\":(\\d+)").find(text)!!.groupValues[1].toLong()
        assertTrue(whenCreated > 1_600_000_000_000L, text)
        val back = polkadotJsImport(text, PASSWORD)
        assertArrayEquals(alice.publicKey(), back.publicKey())
        assertEquals(scheme, back.scheme())
        assertTrue(verify(MESSAGE, back.sign(MESSAGE), alice.ss58Address(), scheme))
        assertTaolight<TaolightException.BadInput>("keyfile.wrong_password") { polkadotJsImport(text, "nope") }
    }

    companion object {
        // //Alice exported by @polkadot/util-crypto 14.0.3 (scryptEncode + naclEncrypt), password
        // "testing123!" (the same vector as the core's polkadot_js tests and the Python tests).
        const val ALICE_POLKADOT_JS =
            "{\"encoded\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAAIAAQAAAAgAAABAQUJDREVGR0hJSktMTU5PUFFSU1RVVlfyPXLPW/Cc" +
                "FQwlNwFxjOVlQbGmoyXt7e05kHybomI4kIwPJF3FuRLoC+xCXt6ixrf6Iml5sl2LBMcJl8tm+xHZE+nGTx24V2Frkx3O/92JU90UTI5cwgUJJL5j" +
                "8v3GzqG2GBXcRp3XB5NbbDlv7GK0lrl6RxQbhCcXcfX/ZATApvY3TKzB\",\"encoding\":{\"content\":[\"pkcs8\",\"sr25519\"],\"type\":" +
                "[\"scrypt\",\"xsalsa20-poly1305\"],\"version\":\"3\"},\"address\":\"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"," +
                "\"meta\":{\"name\":\"alice\"}}"
    }
}
