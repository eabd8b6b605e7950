// Offline tests of the wasm bindings (crate taolight-wasm) from Node.
//
// Run through tests/bindings/node/run.sh (it builds the wasm, runs wasm-bindgen --target nodejs
// into a temp dir and points TAOLIGHT_WASM_PKG there), or directly:
//   TAOLIGHT_WASM_PKG=<dir with taolight_wasm.js> node --test tests/bindings/node/keys.test.mjs
//
// Offline only: keys, signatures, SS58, errors with codes, Bittensor keyfile bytes (including a
// $NACL coldkey written by bittensor-wallet 4.1.1) and polkadot-js JSON accounts. Each $NACL
// encryption or decryption runs Argon2i with 512 MiB inside wasm: a few seconds each.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = process.env.TAOLIGHT_WASM_PKG;
if (!pkg) throw new Error('set TAOLIGHT_WASM_PKG to the wasm-bindgen output (tests/bindings/node/run.sh does)');
const tl = createRequire(import.meta.url)(join(pkg, 'taolight_wasm.js'));

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name) => readFileSync(join(here, '../../../core/tests/fixtures/btwallet', name));

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PUBLIC = 'd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const ALICE_ED25519 = '5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const MESSAGE = new TextEncoder().encode('taolight wasm: hello, Bittensor \u03c4');
const PASSWORD = 'Wasm-pw-123!';
// //Alice exported by @polkadot/util-crypto 14.0.3 with password "testing123!" (the core's vector).
const ALICE_POLKADOT_JS =
  '{"encoded":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAAIAAQAAAAgAAABAQUJDREVGR0hJSktMTU5PUFFSU1RVVlfyPXLPW/Cc' +
  'FQwlNwFxjOVlQbGmoyXt7e05kHybomI4kIwPJF3FuRLoC+xCXt6ixrf6Iml5sl2LBMcJl8tm+xHZE+nGTx24V2Frkx3O/92JU90UTI5cwgUJJL5j' +
  '8v3GzqG2GBXcRp3XB5NbbDlv7GK0lrl6RxQbhCcXcfX/ZATApvY3TKzB","encoding":{"content":["pkcs8","sr25519"],"type":' +
  '["scrypt","xsalsa20-poly1305"],"version":"3"},"address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",' +
  '"meta":{"name":"alice"}}';

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const alice = (scheme) => tl.Keypair.fromUri('//Alice', scheme);

/** Asserts that `fn` throws a TaolightError with `code` (and kind bad_input); returns it. */
function throwsCode(fn, code, kind = 'bad_input') {
  let caught;
  assert.throws(fn, (e) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.equal(caught.name, 'TaolightError');
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.kind, kind);
  assert.ok(caught.message.length > 0 && !caught.message.includes(code));
  return caught;
}

describe('keys', () => {
  test("//Alice's address and public key", () => {
    const pair = alice();
    assert.equal(pair.ss58Address(), ALICE);
    assert.equal(pair.ss58Address(42), ALICE);
    assert.equal(pair.scheme, 'sr25519');
    assert.ok(pair.publicKey instanceof Uint8Array);
    assert.equal(hex(pair.publicKey), ALICE_PUBLIC);
    assert.equal(tl.Keypair.fromUri(`${DEV_PHRASE}//Alice`, 'sr25519').ss58Address(), ALICE);
    assert.equal(alice('ed25519').ss58Address(), ALICE_ED25519);
    assert.equal(tl.Keypair.fromUri('//Bob').ss58Address(), BOB);
  });

  test('SS58 encode and decode', () => {
    assert.equal(tl.ss58Encode(Buffer.from(ALICE_PUBLIC, 'hex')), ALICE);
    const polkadot = tl.ss58Encode(Buffer.from(ALICE_PUBLIC, 'hex'), 0);
    assert.equal(polkadot, '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5');
    const decoded = tl.ss58Decode(ALICE);
    assert.equal(hex(decoded.accountId), ALICE_PUBLIC);
    assert.equal(decoded.prefix, 42);
    assert.equal(tl.ss58Decode(polkadot).prefix, 0);
    throwsCode(() => tl.ss58Decode(ALICE.slice(0, -1) + 'Z'), 'key.invalid_ss58');
    throwsCode(() => tl.ss58Encode(new Uint8Array(31)), 'key.invalid_public_key');
  });

  for (const scheme of ['sr25519', 'ed25519']) {
    test(`sign and verify (${scheme})`, () => {
      const pair = alice(scheme);
      const address = pair.ss58Address();
      const signature = pair.sign(MESSAGE);
      assert.ok(signature instanceof Uint8Array);
      assert.equal(signature.length, 64);
      assert.equal(tl.verify(MESSAGE, signature, address, scheme), true);
      assert.equal(tl.verify(new Uint8Array([...MESSAGE, 33]), signature, address, scheme), false);
      assert.equal(tl.verify(MESSAGE, signature, tl.Keypair.fromUri('//Bob', scheme).ss58Address(), scheme), false);
      const tampered = Uint8Array.from(signature);
      tampered[0] ^= 1;
      assert.equal(tl.verify(MESSAGE, tampered, address, scheme), false);
      throwsCode(() => tl.verify(MESSAGE, signature.slice(0, 63), address, scheme), 'key.invalid_signature');
    });
  }

  test('wrapBytes as polkadot-js signRaw', () => {
    const wrapped = tl.wrapBytes(MESSAGE);
    assert.equal(Buffer.from(wrapped).toString(), `<Bytes>${Buffer.from(MESSAGE).toString()}</Bytes>`);
    assert.deepEqual(tl.wrapBytes(wrapped), wrapped);
    assert.equal(tl.verify(wrapped, alice().sign(wrapped), ALICE), true);
  });

  test('mnemonics: generate, parse, keys from them', () => {
    const m = tl.Mnemonic.generate(24);
    assert.equal(m.wordCount, 24);
    const phrase = m.phrase();
    assert.equal(phrase.split(' ').length, 24);
    assert.equal(tl.Mnemonic.parse(`  ${phrase.toUpperCase()} `).phrase(), phrase);
    assert.equal(tl.Mnemonic.generate().wordCount, 12);
    const fromText = tl.Keypair.fromMnemonic(phrase);
    assert.equal(hex(tl.Keypair.fromPhrase(m).publicKey), hex(fromText.publicKey));
    assert.equal(hex(tl.Keypair.fromUri(phrase).publicKey), hex(fromText.publicKey));
    const withPassword = tl.Keypair.fromMnemonic(phrase, 'pw', 'sr25519');
    assert.equal(hex(withPassword.publicKey), hex(tl.Keypair.fromUri(`${phrase}///pw`).publicKey));
    assert.notEqual(hex(withPassword.publicKey), hex(fromText.publicKey));
    assert.equal(tl.Keypair.fromMnemonic(DEV_PHRASE).ss58Address(), '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV');
    m.free();
  });

  test('seeds and random pairs', () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
    assert.equal(hex(tl.Keypair.fromSeed(seed, 'ed25519').publicKey), hex(tl.Keypair.fromUri(`0x${hex(seed)}`, 'ed25519').publicKey));
    throwsCode(() => tl.Keypair.fromSeed(seed.slice(0, 31)), 'key.invalid_seed_length');
    assert.notEqual(hex(tl.Keypair.generate().publicKey), hex(tl.Keypair.generate().publicKey));
  });
});

describe('errors carry code, kind and message', () => {
  test('a bad mnemonic word', () => {
    const words = DEV_PHRASE.split(' ');
    words[2] = 'obeyy';
    const e = throwsCode(() => tl.Mnemonic.parse(words.join(' ')), 'key.unknown_word');
    assert.equal(e.message, 'word 3 of the mnemonic is not in the BIP39 English word list');
    assert.ok(!e.message.includes('obeyy') && !String(e).includes('obeyy'));
    assert.ok(e.stack.length > 0);
  });

  test('checksum, word count, scheme, derivation', () => {
    const words = DEV_PHRASE.split(' ');
    [words[0], words[1]] = [words[1], words[0]];
    throwsCode(() => tl.Keypair.fromMnemonic(words.join(' ')), 'key.invalid_checksum');
    const e = throwsCode(() => tl.Mnemonic.parse('bottom drive obey'), 'key.invalid_word_count');
    assert.equal(e.message, 'a mnemonic must have 12, 15, 18, 21 or 24 words, this one has 3');
    throwsCode(() => tl.Mnemonic.generate(13), 'key.invalid_word_count');
    throwsCode(() => tl.Keypair.fromUri('//Alice', 'secp256k1'), 'key.unknown_scheme');
    throwsCode(() => tl.Keypair.fromUri('//Alice/soft', 'ed25519'), 'key.soft_junction_on_ed25519');
  });
});

describe('polkadot-js JSON accounts', () => {
  test('imports an export of @polkadot/util-crypto', () => {
    assert.equal(tl.polkadotJsImport(ALICE_POLKADOT_JS, 'testing123!').ss58Address(), ALICE);
    throwsCode(() => tl.polkadotJsImport(ALICE_POLKADOT_JS, 'wrong'), 'keyfile.wrong_password');
    throwsCode(() => tl.polkadotJsImport('{', 'x'), 'keyfile.corrupt');
  });

  for (const scheme of ['sr25519', 'ed25519']) {
    test(`round trip (${scheme})`, () => {
      const pair = alice(scheme);
      const json = tl.polkadotJsExport(pair, PASSWORD, 'alice');
      const doc = JSON.parse(json);
      assert.equal(doc.address, pair.ss58Address());
      assert.deepEqual(doc.encoding, { content: ['pkcs8', scheme], type: ['scrypt', 'xsalsa20-poly1305'], version: '3' });
      assert.equal(doc.meta.name, 'alice');
      assert.ok(Math.abs(doc.meta.whenCreated - Date.now()) < 60_000);
      const back = tl.polkadotJsImport(json, PASSWORD);
      assert.equal(hex(back.publicKey), hex(pair.publicKey));
      assert.equal(back.scheme, scheme);
      assert.equal(tl.verify(MESSAGE, back.sign(MESSAGE), pair.ss58Address(), scheme), true);
    });
  }
});

describe('Bittensor keyfile bytes', () => {
  test('plain keyfiles as bittensor-wallet writes them', () => {
    const bytes = tl.keyfileEncode(alice());
    assert.equal(tl.keyfileIsEncrypted(bytes), false);
    const doc = JSON.parse(Buffer.from(bytes).toString());
    assert.equal(doc.ss58Address, ALICE);
    assert.equal(doc.publicKey, `0x${ALICE_PUBLIC}`);
    assert.equal(doc.cryptoType, 1);
    assert.equal(tl.keyfileDecode(bytes).ss58Address(), ALICE);

    const pub = JSON.parse(Buffer.from(tl.publicKeyfileEncode(alice())).toString());
    assert.deepEqual(Object.keys(pub).sort(), ['accountId', 'cryptoType', 'publicKey', 'ss58Address']);

    const m = tl.Mnemonic.parse(DEV_PHRASE);
    const withPhrase = JSON.parse(Buffer.from(tl.keyfileEncodeMnemonic(m)).toString());
    assert.equal(withPhrase.secretPhrase, DEV_PHRASE);
    assert.equal(withPhrase.ss58Address, '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV');

    // Files written by bittensor-wallet 4.1.1.
    assert.equal(tl.keyfileDecode(fixture('bob-hotkey-plain')).ss58Address(), BOB);
    assert.equal(tl.keyfileDecode(fixture('devphrase-coldkey-plain')).ss58Address(), '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV');
    throwsCode(() => tl.keyfileDecode(fixture('alice-coldkeypub.txt')), 'keyfile.corrupt');
    throwsCode(() => tl.keyfileDecode(new Uint8Array()), 'keyfile.truncated');
  });

  test('a $NACL coldkey written by bittensor-wallet, and the legacy Ansible Vault one', () => {
    const nacl = fixture('alice-coldkey-nacl-testing123');
    assert.equal(tl.keyfileIsEncrypted(nacl), true);
    throwsCode(() => tl.keyfileDecode(nacl), 'keyfile.password_required');
    assert.equal(tl.keyfileDecode(nacl, 'testing123!').ss58Address(), ALICE);
    throwsCode(() => tl.keyfileDecode(nacl, 'testing123?'), 'keyfile.wrong_password');
    assert.equal(tl.keyfileDecode(fixture('alice-coldkey-ansible-testing123'), 'testing123!').ss58Address(), ALICE);
  });

  test('$NACL round trip', () => {
    const sealed = tl.keyfileEncode(alice(), PASSWORD);
    assert.equal(Buffer.from(sealed.slice(0, 5)).toString(), '$NACL');
    assert.equal(tl.keyfileIsEncrypted(sealed), true);
    const plain = tl.keyfileDecrypt(sealed, PASSWORD);
    assert.equal(JSON.parse(Buffer.from(plain).toString()).ss58Address, ALICE);
    assert.deepEqual(tl.keyfileDecrypt(plain), plain);
    assert.equal(tl.keyfileDecode(plain).ss58Address(), ALICE);
    const resealed = tl.keyfileEncrypt(plain, PASSWORD);
    assert.notDeepEqual(resealed, sealed); // a fresh nonce each time
    assert.equal(tl.keyfileDecode(resealed, PASSWORD).ss58Address(), ALICE);
  });
});
