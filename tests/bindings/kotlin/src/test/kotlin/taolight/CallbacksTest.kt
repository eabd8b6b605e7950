package taolight

import java.util.Collections
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import uniffi.taolight_ffi.Call
import uniffi.taolight_ffi.Client
import uniffi.taolight_ffi.KeyStore
import uniffi.taolight_ffi.LogLevel
import uniffi.taolight_ffi.LogRecord
import uniffi.taolight_ffi.Logger
import uniffi.taolight_ffi.Mnemonic
import uniffi.taolight_ffi.Scheme
import uniffi.taolight_ffi.SecureStorage
import uniffi.taolight_ffi.StorageException
import uniffi.taolight_ffi.TaolightException
import uniffi.taolight_ffi.TxOptions
import uniffi.taolight_ffi.WaitFor
import uniffi.taolight_ffi.WordCount
import uniffi.taolight_ffi.setLogger
import uniffi.taolight_ffi.verify

/** What an app does over the Android Keystore or the iOS Keychain, here a map. */
class MapStorage : SecureStorage {
    val entries = ConcurrentHashMap<String, ByteArray>()
    @Volatile var fail: Exception? = null

    private fun check() { fail?.let { throw it } }
    override fun get(key: String): ByteArray? { check(); return entries[key] }
    override fun put(key: String, value: ByteArray) { check(); entries[key] = value.copyOf() }
    override fun delete(key: String) { check(); entries.remove(key) }
    override fun keys(): List<String> { check(); return entries.keys.toList() }
}

/** The callback interfaces the app implements: secure storage (KeyStore) and logging. */
class CallbacksTest {
    @Test
    fun `key store over a Kotlin SecureStorage`() {
        val storage = MapStorage()
        KeyStore(storage).use { store ->
            val alice = store.importKey("alice", "$DEV_PHRASE//Alice", Scheme.SR25519, false)
            assertEquals(ALICE, alice.address)
            assertArrayEquals(ALICE_PUBLIC, alice.publicKey)
            val generated = store.generate("fresh", WordCount.WORDS12, Scheme.SR25519, false)
            val phrase = generated.mnemonic.phrase()
            assertEquals(12, phrase.split(" ").size)
            assertEquals(listOf("alice", "fresh"), store.list().map { it.name })
            assertTrue(store.contains("fresh"))
            store.keypair("alice").use { signer ->
                assertTrue(verify(MESSAGE, signer.sign(MESSAGE), ALICE, Scheme.SR25519))
            }
            assertEquals(phrase, store.export("fresh"))
            assertEquals(generated.key.address, pair(store.export("fresh")).ss58Address())
            assertEquals(
                setOf("taolight.key.alice.public", "taolight.key.alice.secret", "taolight.key.fresh.public", "taolight.key.fresh.secret"),
                storage.entries.keys.toSet(),
            )
            assertFalse(String(storage.entries["taolight.key.fresh.public"]!!).contains(phrase))

            assertTaolight<TaolightException.BadInput>("keystore.already_exists") {
                store.importKey("alice", "//Bob", Scheme.SR25519, false)
            }
            assertEquals(ALICE, store.key("alice").address)
            assertTaolight<TaolightException.BadInput>("keystore.invalid_name") {
                store.importKey("../up", "//Bob", Scheme.SR25519, false)
            }
            assertTaolight<TaolightException.BadInput>("keystore.invalid_key") {
                store.importKey("x", "bottom drive obey", Scheme.SR25519, false)
            }
            // Another key's secret in place of alice's: refused, never a signature by the wrong key.
            storage.entries["taolight.key.alice.secret"] = storage.entries["taolight.key.fresh.secret"]!!
            assertTaolight<TaolightException.BadInput>("keystore.corrupt") { store.keypair("alice") }
            store.remove("fresh")
            assertTaolight<TaolightException.BadInput>("keystore.not_found") { store.keypair("fresh") }

            storage.fail = StorageException.Failed("keystore locked")
            val e = assertTaolight<TaolightException.Io>("keystore.storage") { store.list() }
            assertTrue(e.errorMessage.contains("keystore locked"), e.errorMessage)
            storage.fail = IllegalStateException("unexpected")
            assertTaolight<TaolightException.Io>("keystore.storage") { store.contains("alice") }
        }
    }

    @Test
    fun `logger sees connection and transactions and never a secret`(): Unit = runBlocking {
        val url = System.getProperty("taolight.rpc.url").orEmpty()
        assumeTrue(url.isNotEmpty(), "no node (taolight.rpc.url): skipped")
        val records = Collections.synchronizedList(mutableListOf<LogRecord>())
        val phrase = Mnemonic.generate(WordCount.WORDS12).phrase()
        val sender = pair("$phrase//kt-logger")
        setLogger(object : Logger { override fun log(record: LogRecord) { records.add(record) } }, LogLevel.TRACE)
        val back = try {
            Client.connect(url, 30_000uL).use { client ->
                val wait = TxOptions(waitFor = WaitFor.IN_BLOCK)
                client.signAndSubmit(Call.transferKeepAlive(sender.ss58Address(), 10uL * RAO_PER_TAO), pair("//Ferdie"), wait)
                client.signAndSubmit(Call.transferKeepAlive(ALICE, RAO_PER_TAO), sender, wait)
            }
        } finally {
            setLogger(null, LogLevel.TRACE)
        }
        val seen = synchronized(records) { records.toList() }
        assertTrue(seen.any { it.level == LogLevel.INFO && it.target == "taolight::chain" && it.message.startsWith("connected to $url") },
            seen.take(20).toString())
        assertTrue(seen.any { it.target == "taolight::tx" && it.message.contains(sender.ss58Address()) && it.message.contains(back.hash) },
            seen.filter { it.target == "taolight::tx" }.toString())
        val words = phrase.split(" ")
        for (r in seen) {
            val text = "${r.target} ${r.message}"
            assertFalse(text.contains(phrase) || text.contains(words.take(3).joinToString(" ")) || text.contains("//kt-logger"), text)
        }
    }
}
