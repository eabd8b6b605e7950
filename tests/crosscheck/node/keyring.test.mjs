// Cross-checks of the `taolight` CLI against @polkadot/keyring and @polkadot/util-crypto.
//
// Run through tests/crosscheck/run.sh, or directly (after `npm ci` here):
//   TAOLIGHT_BIN=/path/to/taolight node --test tests/crosscheck/node/keyring.test.mjs
// CROSSCHECK_NODE_PREFIX may point to a directory whose node_modules holds the pinned packages
// (run.sh installs them into a cache dir).
//
// What is shown (issue 2):
//  - a polkadot-js v3 JSON account (sr25519 and ed25519) exported by @polkadot/keyring is imported
//    by `taolight wallet import --polkadot-json` with the same address and the same secret;
//  - one exported by `taolight wallet export --polkadot-json` is imported by @polkadot/keyring
//    (addFromJson + decodePkcs8) with the same address, and its PKCS8 body is byte-identical to
//    the one polkadot-js builds for the same key;
//  - signatures verify both ways (keyring signs -> `taolight verify`; `taolight sign` ->
//    util-crypto), including `--wrap-bytes` against u8aWrapBytes and `--hex`.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(
  process.env.CROSSCHECK_NODE_PREFIX
    ? pathToFileURL(join(process.env.CROSSCHECK_NODE_PREFIX, 'package.json'))
    : import.meta.url
);
const { Keyring } = require('@polkadot/keyring');
const {
  cryptoWaitReady, mnemonicGenerate, signatureVerify, sr25519Verify, ed25519Verify,
  decodeAddress, base64Decode, jsonDecryptData
} = require('@polkadot/util-crypto');
const { u8aToHex, hexToU8a, stringToU8a, u8aWrapBytes, u8aEq } = require('@polkadot/util');

const JSON_PW = 'pjs-Crosscheck-456!';
const COLD_PW = 'Crosscheck-pw-123!';
const MSG = 'taolight crosscheck: hello, Bittensor \u03c4';
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const ALICE = {
  sr25519: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  ed25519: '5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu'
};
// bittensor-wallet's privateKey for //Alice: sr25519 = schnorrkel SecretKey::to_bytes (key‖nonce),
// ed25519 = the 32-byte seed. polkadot-js holds the sr25519 key in ed25519 form (key×8).
const ALICE_BT_PRIV = {
  sr25519: '0x33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011',
  ed25519: '0xabf8e5bdbe30c65656c0a3cbd181ff8a56294a69dfedd27982aace4a76909115'
};
const SCHEMES = ['sr25519', 'ed25519'];
const VERIFY = { sr25519: sr25519Verify, ed25519: ed25519Verify };

const BIN = process.env.TAOLIGHT_BIN;
let dir;

function tl (args, { env = {}, expect = 0 } = {}) {
  assert.ok(BIN, 'TAOLIGHT_BIN is not set (path to the taolight CLI binary)');
  const clean = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => !k.startsWith('TAOLIGHT_') && !k.startsWith('BT_'))); // hermetic
  const r = spawnSync(BIN, [...args, '--json'], {
    env: { ...clean, ...env }, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe']
  });
  const shown = `taolight ${args.join(' ')} --json`;
  assert.equal(r.status, expect,
    `\`${shown}\` exited ${r.status} (signal ${r.signal}), expected ${expect}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  for (const pw of [JSON_PW, COLD_PW]) {
    assert.ok(!r.stdout.includes(pw) && !r.stderr.includes(pw), `\`${shown}\` printed a password`);
  }
  if (expect !== 0 && r.stdout.trim() === '') return null;
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    assert.fail(`\`${shown}\` did not print one JSON document on stdout (${e.message}): ${JSON.stringify(r.stdout)}`);
  }
}

const jsonEnv = { TAOLIGHT_JSON_PASSWORD: JSON_PW };
const keyringOf = (type) => new Keyring({ type, ss58Format: 42 });

function assertPjsJsonShape (json, type) {
  assert.deepEqual(Object.keys(json).sort(), ['address', 'encoded', 'encoding', 'meta']);
  assert.deepEqual(json.encoding, {
    content: ['pkcs8', type], type: ['scrypt', 'xsalsa20-poly1305'], version: '3'
  });
  const enc = base64Decode(json.encoded);
  assert.equal(enc.length, 32 + 12 + 24 + 16 + 117, 'encoded = salt32‖N‖p‖r‖nonce24‖tag16‖117');
  const dv = new DataView(enc.buffer, enc.byteOffset, enc.byteLength);
  assert.deepEqual([dv.getUint32(32, true), dv.getUint32(36, true), dv.getUint32(40, true)], [1 << 17, 1, 8],
    'scrypt N, p, r as polkadot-js writes them');
  return enc;
}

before(async () => {
  await cryptoWaitReady();
  dir = mkdtempSync(join(tmpdir(), 'taolight-pjs-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('polkadot-js JSON -> taolight', () => {
  for (const type of SCHEMES) {
    test(`${type}: fresh mnemonic account, imported as hotkey, signs and verifies both ways`, () => {
      const pair = keyringOf(type).addFromUri(mnemonicGenerate(12), { name: `pjs-${type}` }, type);
      const file = join(dir, `pjs-${type}.json`);
      writeFileSync(file, JSON.stringify(pair.toJson(JSON_PW)));
      const common = ['--wallet-path', join(dir, 'w-in'), '--wallet', 'pj', '--hotkey', type];

      const out = tl(['wallet', 'import', ...common, '--polkadot-json', file], { env: jsonEnv });
      assert.equal(out.ss58_address, pair.address);
      assert.equal(out.hotkey, type);
      assert.equal(statSync(join(dir, 'w-in', 'pj', 'hotkeys', type)).mode & 0o777, 0o600);

      // taolight signs with the imported key -> util-crypto verifies (exact bytes, exact scheme)
      const sig = tl(['sign', MSG, ...common]);
      assert.equal(sig.ss58_address, pair.address);
      const v = signatureVerify(MSG, sig.signature, pair.address);
      assert.ok(v.isValid, 'signatureVerify');
      assert.equal(v.crypto, type);
      assert.ok(VERIFY[type](stringToU8a(MSG), hexToU8a(sig.signature), pair.publicKey));

      // keyring signs -> taolight verifies
      const psig = u8aToHex(pair.sign(stringToU8a(MSG)));
      assert.equal(tl(['verify', MSG, psig, pair.address, '--scheme', type]).valid, true);
      assert.equal(tl(['verify', MSG + '!', psig, pair.address, '--scheme', type], { expect: 2 }).valid, false);
    });

    test(`${type}: //Alice JSON imported as coldkey holds bittensor-wallet's privateKey`, () => {
      const pair = keyringOf(type).addFromUri('//Alice', { name: 'alice' }, type);
      const file = join(dir, `alice-${type}.json`);
      writeFileSync(file, JSON.stringify(pair.toJson(JSON_PW)));
      const root = join(dir, `w-alice-${type}`);
      const out = tl(['wallet', 'import', '--wallet-path', root, '--wallet', 'a', '--polkadot-json', file, '--no-password'],
        { env: jsonEnv });
      assert.equal(out.ss58_address, ALICE[type]);
      const coldkey = JSON.parse(readFileSync(join(root, 'a', 'coldkey'), 'utf8'));
      assert.equal(coldkey.privateKey, ALICE_BT_PRIV[type]);
      assert.equal(coldkey.cryptoType, type === 'sr25519' ? 1 : 0);
      assert.equal(coldkey.ss58Address, ALICE[type]);
      const pub = JSON.parse(readFileSync(join(root, 'a', 'coldkeypub.txt'), 'utf8'));
      assert.equal(pub.ss58Address, ALICE[type]);
      assert.equal(pub.publicKey, u8aToHex(pair.publicKey));
    });

    test(`${type}: wrong JSON password is refused (exit 2)`, () => {
      const pair = keyringOf(type).addFromUri('//Bob', {}, type);
      const file = join(dir, `bob-${type}.json`);
      writeFileSync(file, JSON.stringify(pair.toJson(JSON_PW)));
      tl(['wallet', 'import', '--wallet-path', join(dir, 'w-bad'), '--wallet', 'b', '--hotkey', type,
        '--polkadot-json', file], { env: { TAOLIGHT_JSON_PASSWORD: 'wrong' }, expect: 2 });
    });
  }
});

describe('taolight -> polkadot-js JSON', () => {
  // export a key taolight holds, import it with @polkadot/keyring, compare with keyring's own pair
  function exportAndLoad (root, wallet, hotkey, name, env = {}) {
    const file = join(dir, `export-${basename(root)}-${wallet}-${hotkey ?? 'cold'}.json`);
    const args = ['wallet', 'export', '--wallet-path', root, '--wallet', wallet,
      ...(hotkey ? ['--hotkey', hotkey] : []), '--polkadot-json', file, '--name', name];
    tl(args, { env: { ...jsonEnv, ...env } });
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const kr = new Keyring({ ss58Format: 42 });
    const pair = kr.addFromJson(json);
    assert.ok(pair.isLocked);
    pair.decodePkcs8(JSON_PW);
    assert.ok(!pair.isLocked);
    return { json, pair };
  }

  for (const type of SCHEMES) {
    test(`${type}: //Alice exported by taolight has polkadot-js's exact PKCS8 body`, () => {
      const ref = keyringOf(type).addFromUri('//Alice', {}, type);
      const root = join(dir, `x-alice-${type}`);
      // get //Alice into a taolight hotkey: sr25519 by --suri, ed25519 through a polkadot-js JSON
      if (type === 'sr25519') {
        tl(['wallet', 'import', '--wallet-path', root, '--wallet', 'x', '--hotkey', 'alice', '--suri', '//Alice', '--no-password']);
      } else {
        const f = join(dir, 'alice-ed-src.json');
        writeFileSync(f, JSON.stringify(ref.toJson(JSON_PW)));
        tl(['wallet', 'import', '--wallet-path', root, '--wallet', 'x', '--hotkey', 'alice', '--polkadot-json', f, '--no-password'], { env: jsonEnv });
      }
      const { json, pair } = exportAndLoad(root, 'x', 'alice', 'alice from taolight');
      const enc = assertPjsJsonShape(json, type);
      assert.equal(json.address, ALICE[type]);
      assert.equal(json.meta.name, 'alice from taolight');
      assert.equal(pair.address, ALICE[type], 'address from the decrypted PKCS8 body');
      // byte-level: the decrypted PKCS8 equals what polkadot-js encodes for //Alice
      const body = jsonDecryptData(enc, JSON_PW, json.encoding.type);
      assert.equal(u8aToHex(body), u8aToHex(ref.encodePkcs8()), 'PKCS8 body (header‖secret64‖divider‖public)');
      // and polkadot-js can sign with it (catches a secret in the wrong form, e.g. sr25519 key not ×8)
      const s = pair.sign(stringToU8a(MSG));
      assert.ok(VERIFY[type](stringToU8a(MSG), s, ref.publicKey), 'keyring signature with the imported key');
      assert.equal(tl(['verify', MSG, u8aToHex(s), ALICE[type], '--scheme', type]).valid, true);
    });
  }

  test('sr25519: encrypted coldkey of `wallet create` exported, keyring re-derives it from the mnemonic', () => {
    const root = join(dir, 'x-created');
    const created = tl(['wallet', 'create', '--wallet-path', root, '--wallet', 'c', '--hotkey', 'h', '--words', '12'],
      { env: { TAOLIGHT_PASSWORD: COLD_PW } });
    const { json, pair } = exportAndLoad(root, 'c', null, 'created cold', { TAOLIGHT_PASSWORD: COLD_PW });
    assertPjsJsonShape(json, 'sr25519');
    assert.equal(pair.address, created.coldkey_ss58);
    const ref = keyringOf('sr25519').addFromMnemonic(created.coldkey_mnemonic);
    assert.equal(ref.address, created.coldkey_ss58);
    assert.ok(u8aEq(pair.encodePkcs8(), ref.encodePkcs8()), 'same secret as the keyring derives from the mnemonic');
    const hot = exportAndLoad(root, 'c', 'h', 'created hot');
    assert.equal(hot.pair.address, created.hotkey_ss58);
    assert.equal(keyringOf('sr25519').addFromMnemonic(created.hotkey_mnemonic).address, created.hotkey_ss58);
  });

  test('pjs -> taolight -> pjs round trip keeps the key (sr25519 and ed25519, fresh mnemonics)', () => {
    const root = join(dir, 'x-rt');
    for (const type of SCHEMES) {
      const orig = keyringOf(type).addFromUri(mnemonicGenerate(24), { name: 'rt' }, type);
      const f = join(dir, `rt-${type}.json`);
      writeFileSync(f, JSON.stringify(orig.toJson(JSON_PW)));
      tl(['wallet', 'import', '--wallet-path', root, '--wallet', 'rt', '--hotkey', type, '--polkadot-json', f], { env: jsonEnv });
      const { json, pair } = exportAndLoad(root, 'rt', type, 'rt');
      assertPjsJsonShape(json, type);
      assert.equal(pair.address, orig.address);
      assert.ok(u8aEq(pair.encodePkcs8(), orig.encodePkcs8()), `${type}: same PKCS8 secret after the round trip`);
    }
  });
});

describe('signatures: --wrap-bytes and --hex against util-crypto', () => {
  for (const type of SCHEMES) {
    const suri = `${DEV_PHRASE}//crosscheck`;

    test(`${type}: taolight sign --wrap-bytes == sign(u8aWrapBytes(msg))`, () => {
      const pair = keyringOf(type).addFromUri(suri, {}, type);
      const out = tl(['sign', MSG, '--suri', suri, '--scheme', type, '--wrap-bytes']);
      assert.equal(out.ss58_address, pair.address);
      const sig = hexToU8a(out.signature);
      assert.ok(VERIFY[type](u8aWrapBytes(MSG), sig, pair.publicKey), 'signed the wrapped bytes');
      assert.ok(!VERIFY[type](stringToU8a(MSG), sig, pair.publicKey), 'did not sign the bare message');
      const v = signatureVerify(MSG, sig, pair.address); // polkadot-js signRaw semantics
      assert.ok(v.isValid);
      assert.equal(v.crypto, type);
      if (type === 'ed25519') {
        assert.equal(out.signature, u8aToHex(pair.sign(u8aWrapBytes(MSG))), 'ed25519 is deterministic');
      }
    });

    test(`${type}: keyring signs u8aWrapBytes(msg) -> taolight verify --wrap-bytes`, () => {
      const pair = keyringOf(type).addFromUri(suri, {}, type);
      const sig = u8aToHex(pair.sign(u8aWrapBytes(MSG)));
      assert.equal(tl(['verify', MSG, sig, pair.address, '--scheme', type, '--wrap-bytes']).valid, true);
      // the same signature checked against the bare message with --hex of the wrapped bytes
      const wrappedHex = u8aToHex(u8aWrapBytes(MSG));
      assert.equal(tl(['verify', wrappedHex, sig, pair.address, '--scheme', type, '--hex']).valid, true);
    });

    test(`${type}: --hex messages, both directions`, () => {
      const pair = keyringOf(type).addFromUri(suri, {}, type);
      const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
      const out = tl(['sign', u8aToHex(bytes), '--hex', '--suri', suri, '--scheme', type]);
      assert.ok(VERIFY[type](bytes, hexToU8a(out.signature), pair.publicKey));
      const wout = tl(['sign', u8aToHex(bytes), '--hex', '--wrap-bytes', '--suri', suri, '--scheme', type]);
      assert.ok(VERIFY[type](u8aWrapBytes(bytes), hexToU8a(wout.signature), pair.publicKey));
      const psig = u8aToHex(pair.sign(bytes));
      assert.equal(tl(['verify', u8aToHex(bytes), psig, pair.address, '--scheme', type, '--hex']).valid, true);
    });
  }
});

describe('keys: taolight key inspect / generate against @polkadot/keyring', () => {
  const URIS = {
    sr25519: [DEV_PHRASE, '//Alice', '//Alice/soft', '//Alice//stash', '///password', `${DEV_PHRASE}//Alice/1/2`,
      `${DEV_PHRASE}///secret`, '0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e'],
    ed25519: [DEV_PHRASE, '//Alice', '//Alice//stash', '///password', `${DEV_PHRASE}//Alice//1`,
      '0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e']
  };
  for (const type of SCHEMES) {
    test(`${type}: key inspect matches keyring.addFromUri`, () => {
      for (const uri of URIS[type]) {
        const pair = keyringOf(type).addFromUri(uri, {}, type);
        const out = tl(['key', 'inspect', uri, '--scheme', type]);
        assert.equal(out.ss58_address, pair.address, uri);
        assert.equal(out.public_key, u8aToHex(pair.publicKey), uri);
        assert.equal(out.account_id, u8aToHex(decodeAddress(pair.address)), uri);
      }
    });

    test(`${type}: key generate -> keyring gives the same address`, () => {
      for (const words of [12, 15, 18, 21, 24]) {
        const out = tl(['key', 'generate', '--words', String(words), '--scheme', type]);
        assert.equal(out.mnemonic.split(' ').length, words);
        assert.equal(keyringOf(type).addFromMnemonic(out.mnemonic, {}, type).address, out.ss58_address);
      }
    });
  }

  test('ed25519 soft derivation is refused like polkadot-js does', () => {
    assert.throws(() => keyringOf('ed25519').addFromUri('//Alice/soft', {}, 'ed25519'));
    tl(['key', 'inspect', '//Alice/soft', '--scheme', 'ed25519'], { expect: 2 });
  });
});
