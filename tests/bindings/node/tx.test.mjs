// Offline tests of the wasm transaction API (crate taolight-wasm, module tx) from Node.
//
// Run through tests/bindings/node/run.sh, or directly:
//   TAOLIGHT_WASM_PKG=<dir with taolight_wasm.js> node --test tests/bindings/node/tx.test.mjs
//
// Offline only, on the real recorded subtensor metadata (core/tests/fixtures/metadata/spec218.scale).
// The expected transfer bytes and SignerPayloadJSON were recorded from @polkadot/api 16.5.6
// (fixtures/polkadot-js-transfer-spec218.json).

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
const PJS = JSON.parse(readFileSync(join(here, 'fixtures/polkadot-js-transfer-spec218.json'), 'utf8'));
const METADATA_BYTES = readFileSync(join(here, '../../../core/tests/fixtures/metadata/spec218.scale'));
const md = tl.Metadata.fromBytes(218, METADATA_BYTES);

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const ALICE_SR = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_ED = '5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu';
const BOB_HEX = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';
const EXTENSIONS = PJS.signerPayloadJSON.signedExtensions;

const hex = (bytes) => '0x' + Buffer.from(bytes).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const aliceEd = () => tl.Keypair.fromUri('//Alice', 'ed25519');
const aliceSr = () => tl.Keypair.fromUri('//Alice', 'sr25519');

const CHAIN = { genesisHash: PJS.inputs.genesisHash, specVersion: 218, txVersion: 1 };
const PARAMS = { nonce: 5, tip: 7n, eraPeriod: 64, blockNumber: 1, blockHash: PJS.inputs.blockHash };
const TRANSFER = { pallet: 'Balances', name: 'transfer_keep_alive', args: { dest: { Id: BOB }, value: 12000000345n } };

// The MultiSignature inside the recorded extrinsic: after the length (2), version (1),
// address kind (1) and signer (32) bytes, 65 bytes of kind ‖ signature.
const PJS_MULTISIG = unhex(PJS.extrinsic).slice(36, 36 + 65);

/** Asserts that `fn` throws a TaolightError with `code` and `kind`; returns it. */
function throwsCode(fn, code, kind = 'bad_input') {
  let caught;
  assert.throws(fn, (e) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.equal(caught.name, 'TaolightError');
  assert.equal(caught.code, code, caught.message);
  if (kind) assert.equal(caught.kind, kind);
  assert.ok(caught.message.length > 0);
  return caught;
}

describe('metadata', () => {
  test('spec-218 metadata: versions, extensions, calls', () => {
    assert.equal(md.specVersion, 218);
    assert.ok([14, 15].includes(md.version), `version ${md.version}`);
    assert.deepEqual(md.extensions(), EXTENSIONS);
    assert.equal(md.hasCall('Balances', 'transfer_keep_alive'), true);
    assert.equal(md.hasCall('SubtensorModule', 'unstake_all'), false);
    assert.equal(md.hasCall('Nope', 'nothing'), false);
  });

  test('metadata hash (RFC-0078, Bittensor token facts) is 32 bytes and deterministic', () => {
    if (md.version !== 15) {
      throwsCode(() => md.metadataHash('node-subtensor'), 'tx.metadata_hash');
      return;
    }
    const h = md.metadataHash('node-subtensor');
    assert.ok(h instanceof Uint8Array);
    assert.equal(h.length, 32);
    assert.deepEqual(md.metadataHash('node-subtensor'), h);
    assert.notDeepEqual(md.metadataHash('other-name'), h);
  });

  test('garbage metadata bytes throw chain.decode', () => {
    // The core maps ChainError::Decode to kind "network" (reported); only the code is checked.
    throwsCode(() => tl.Metadata.fromBytes(218, new Uint8Array([1, 2, 3])), 'chain.decode', null);
  });
});

describe('transfer, byte for byte with polkadot-js', () => {
  test('ed25519 //Alice: call, signing payload and extrinsic equal @polkadot/api 16.5.6', () => {
    const payload = tl.buildSigningPayload(md, TRANSFER, CHAIN, PARAMS);
    assert.equal(hex(payload.call), PJS.call);
    assert.equal(hex(payload.bytes()), PJS.payload);
    assert.equal(hex(payload.toSign()), PJS.payload); // ≤ 256 bytes: signed as is
    assert.equal(payload.sign(aliceEd()), PJS.extrinsic);
  });

  test('every argument form of the convention gives the same bytes', () => {
    const forms = [
      { dest: { Id: BOB_HEX }, value: '12000000345' },
      { dest: { Id: unhex(BOB_HEX) }, value: 12000000345 },
      { value: 12000000345n, dest: { Id: BOB } }, // any order
    ];
    for (const args of forms) {
      const p = tl.buildSigningPayload(md, { pallet: 'Balances', name: 'transfer_keep_alive', args }, CHAIN, PARAMS);
      assert.equal(hex(p.bytes()), PJS.payload, JSON.stringify(args, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));
    }
    const chainBytes = { ...CHAIN, genesisHash: unhex(CHAIN.genesisHash) };
    const paramsStrings = { ...PARAMS, tip: '7', blockHash: unhex(PARAMS.blockHash) };
    assert.equal(hex(tl.buildSigningPayload(md, TRANSFER, chainBytes, paramsStrings).bytes()), PJS.payload);
  });

  test('typed builder transferKeepAlive gives the same call object and bytes', () => {
    const call = tl.transferKeepAlive(BOB, 12000000345n);
    assert.equal(call.pallet, 'Balances');
    assert.equal(call.name, 'transfer_keep_alive');
    assert.deepEqual(Object.keys(call.args), ['dest', 'value']);
    assert.equal(call.args.value, 12000000345n);
    assert.deepEqual(call.args.dest, { Id: unhex(BOB_HEX) });
    assert.equal(tl.buildSigningPayload(md, call, CHAIN, PARAMS).sign(aliceEd()), PJS.extrinsic);
    assert.equal(hex(tl.buildSigningPayload(md, tl.transferKeepAlive(BOB, '12000000345'), CHAIN, PARAMS).call), PJS.call);
  });

  test('buildSignerPayloadJson equals the SignerPayloadJSON polkadot-js produced', () => {
    const json = tl.buildSignerPayloadJson(md, TRANSFER, CHAIN, PARAMS, ALICE_ED);
    assert.deepEqual(json, PJS.signerPayloadJSON);
  });

  test('signerPayloadJson signs the polkadot-js SignerPayloadJSON as an extension does', () => {
    const sig = tl.signerPayloadJson(md, PJS.signerPayloadJSON, aliceEd());
    assert.equal(sig, hex(PJS_MULTISIG));
    assert.equal(sig.slice(0, 4), '0x00'); // MultiSignature::Ed25519
  });

  test('describe: the payload shown before signing', () => {
    const text = tl.buildSigningPayload(md, TRANSFER, CHAIN, PARAMS).describe(md);
    assert.match(text, /Balances\.transfer_keep_alive/);
    assert.ok(text.includes(BOB), text);
    assert.match(text, /12000000345/);
    assert.match(text, /mortal for 64 blocks/);
    const fromJson = tl.describeSignerPayload(md, PJS.signerPayloadJSON);
    assert.equal(fromJson, text);
  });

  test('attach: a signature made elsewhere (65-byte MultiSignature or 64 bytes + scheme)', () => {
    const payload = tl.buildSigningPayload(md, TRANSFER, CHAIN, PARAMS);
    const signer = unhex(PJS.inputs.signerPublicKey);
    assert.equal(payload.attach(signer, PJS_MULTISIG), PJS.extrinsic);
    assert.equal(payload.attach(signer, PJS_MULTISIG.slice(1), 'ed25519'), PJS.extrinsic);
    const forged = PJS_MULTISIG.slice();
    forged[10] ^= 1;
    throwsCode(() => payload.attach(signer, forged), 'tx.bad_signature');
    throwsCode(() => payload.attach(signer, PJS_MULTISIG.slice(1)), 'tx.bad_signature'); // sr25519 assumed
    throwsCode(() => payload.attach(signer, new Uint8Array(12)), 'tx.bad_signature');
    throwsCode(() => payload.attach(new Uint8Array(31), PJS_MULTISIG), 'key.invalid_public_key');
  });
});

describe('sign, decode, verify', () => {
  test('sr25519: sign, decodeExtrinsic round trip, verify with the exported verify', () => {
    const payload = tl.buildSigningPayload(md, TRANSFER, CHAIN, PARAMS);
    const xt = payload.sign(aliceSr());
    assert.notEqual(xt, payload.sign(aliceSr())); // sr25519 signatures are randomised
    for (const input of [xt, unhex(xt), xt.slice(6)]) {
      // hex, bytes, and hex without the 2-byte length prefix
      const d = tl.decodeExtrinsic(md, input);
      assert.equal(d.pallet, 'Balances');
      assert.equal(d.name, 'transfer_keep_alive');
      assert.equal(d.signer, ALICE_SR);
      assert.equal(d.scheme, 'sr25519');
      assert.equal(d.nonce, 5);
      assert.equal(d.tip, 7n);
      assert.deepEqual(d.args, { dest: { Id: BOB }, value: 12000000345n });
      assert.match(d.text, /^Balances\.transfer_keep_alive\(dest: Id\(5FHne/);
      assert.equal(d.signature.length, 64);
      assert.equal(hex(d.signerPublicKey), hex(aliceSr().publicKey));
      assert.equal(tl.verify(payload.toSign(), d.signature, d.signer, d.scheme), true);
      assert.equal(tl.verify(payload.toSign(), d.signature, BOB, 'sr25519'), false);
    }
    // Decoded arguments feed back into a call that encodes to the same bytes.
    const d = tl.decodeExtrinsic(md, xt);
    const again = tl.buildSigningPayload(md, { pallet: d.pallet, name: d.name, args: d.args }, CHAIN, PARAMS);
    assert.equal(hex(again.call), PJS.call);
  });

  test('decoding the recorded polkadot-js extrinsic', () => {
    const d = tl.decodeExtrinsic(md, PJS.extrinsic);
    assert.equal(d.signer, ALICE_ED);
    assert.equal(d.scheme, 'ed25519');
    assert.equal(hex(d.signature), hex(PJS_MULTISIG.slice(1)));
    assert.equal(tl.verify(unhex(PJS.payload), d.signature, ALICE_ED, 'ed25519'), true);
  });

  test('typed builders: addStake, removeStake, burnedRegister, setWeights sign and decode', () => {
    const hotkey = tl.Keypair.fromUri('//Bob').ss58Address();
    const cases = [
      [tl.addStake(hotkey, 1, 1_000_000_000n), 'add_stake', { hotkey, netuid: 1n, amount_staked: 1_000_000_000n }],
      [tl.removeStake(hotkey, 3, '500'), 'remove_stake', { hotkey, netuid: 3n, amount_unstaked: 500n }],
      [tl.burnedRegister(1, hotkey), 'burned_register', { netuid: 1n, hotkey }],
      [
        tl.setWeights(1, [0, 1, 2], [65535, 300, 0], 7),
        'set_weights',
        { netuid: 1n, dests: [0n, 1n, 2n], weights: [65535n, 300n, 0n], version_key: 7n },
      ],
    ];
    for (const [call, name, args] of cases) {
      assert.equal(call.pallet, 'SubtensorModule');
      assert.equal(call.name, name);
      assert.ok(md.hasCall(call.pallet, call.name), name);
      const xt = tl.buildSigningPayload(md, call, CHAIN, { ...PARAMS, nonce: 0 }).sign(aliceSr());
      const d = tl.decodeExtrinsic(md, xt);
      assert.equal(d.name, name);
      assert.deepEqual(d.args, args, name);
      assert.equal(d.nonce, 0);
    }
  });

  test('a long payload (> 256 bytes) is signed as its blake2-256 hash', () => {
    const uids = Array.from({ length: 200 }, (_, i) => i);
    const payload = tl.buildSigningPayload(md, tl.setWeights(1, uids, uids, 0), CHAIN, PARAMS);
    assert.ok(payload.bytes().length > 256);
    assert.equal(payload.toSign().length, 32);
    const d = tl.decodeExtrinsic(md, payload.sign(aliceSr()));
    assert.equal(tl.verify(payload.toSign(), d.signature, ALICE_SR), true);
    assert.equal(d.args.dests.length, 200);
  });

  test('nested calls: Utility.batch_all of a transfer and a stake, decoded back to call objects', () => {
    const hotkey = tl.Keypair.fromUri('//Bob').ss58Address();
    const batch = {
      pallet: 'Utility',
      name: 'batch_all',
      args: { calls: [TRANSFER, tl.addStake(hotkey, 1, 5n)] },
    };
    const payload = tl.buildSigningPayload(md, batch, CHAIN, PARAMS);
    assert.match(payload.describe(md), /Utility\.batch_all/);
    const d = tl.decodeExtrinsic(md, payload.sign(aliceSr()));
    assert.equal(d.name, 'batch_all');
    assert.deepEqual(d.args.calls, [
      { pallet: 'Balances', name: 'transfer_keep_alive', args: { dest: { Id: BOB }, value: 12000000345n } },
      { pallet: 'SubtensorModule', name: 'add_stake', args: { hotkey, netuid: 1n, amount_staked: 5n } },
    ]);
    const again = tl.buildSigningPayload(md, { pallet: d.pallet, name: d.name, args: d.args }, CHAIN, PARAMS);
    assert.equal(hex(again.bytes()), hex(payload.bytes()));
  });

  test('immortal era and metadata-hash mode', () => {
    const immortal = tl.buildSigningPayload(md, TRANSFER, CHAIN, { nonce: 5, tip: 7n, eraPeriod: 0 });
    const bytes = hex(immortal.bytes());
    // era 0x00, then the genesis hash twice in the implicit part (CheckGenesis, CheckMortality).
    assert.ok(bytes.startsWith(PJS.call + '00141c00'), bytes);
    assert.ok(bytes.endsWith(CHAIN.genesisHash.slice(2).repeat(2) + '00'), bytes);
    assert.match(immortal.describe(md), /immortal/);

    if (md.version === 15) {
      const hash = md.metadataHash('node-subtensor');
      const p = tl.buildSigningPayload(md, TRANSFER, CHAIN, { ...PARAMS, metadataHash: hash });
      assert.ok(hex(p.bytes()).endsWith('01' + hex(hash).slice(2)));
      const d = tl.decodeExtrinsic(md, p.sign(aliceSr()));
      assert.equal(d.nonce, 5);
      const json = tl.buildSignerPayloadJson(md, TRANSFER, CHAIN, { ...PARAMS, metadataHash: hash }, ALICE_SR);
      assert.equal(json.mode, 1);
      assert.equal(json.metadataHash, hex(hash));
      const sig = tl.signerPayloadJson(md, json, aliceSr());
      assert.equal(tl.verify(p.toSign(), unhex(sig).slice(1), ALICE_SR), true);
    }
  });
});

describe('polkadot-js raw payloads', () => {
  test('signerPayloadRaw type "bytes" verifies against <Bytes>…</Bytes>', () => {
    const message = new TextEncoder().encode('taolight: sign in to the dApp');
    const raw = { address: ALICE_SR, data: hex(message), type: 'bytes' };
    const sig = unhex(tl.signerPayloadRaw(raw, aliceSr()));
    assert.equal(sig.length, 64);
    const wrapped = new TextEncoder().encode(`<Bytes>${'taolight: sign in to the dApp'}</Bytes>`);
    assert.deepEqual(tl.wrapBytes(message), wrapped);
    assert.equal(tl.verify(wrapped, sig, ALICE_SR), true);
    assert.equal(tl.verify(message, sig, ALICE_SR), false);

    const payloadSig = unhex(tl.signerPayloadRaw({ ...raw, type: 'payload' }, aliceSr()));
    assert.equal(tl.verify(message, payloadSig, ALICE_SR), true);
    // ed25519 signatures are deterministic.
    const ed = { address: ALICE_ED, data: hex(message), type: 'bytes' };
    assert.equal(tl.signerPayloadRaw(ed, aliceEd()), tl.signerPayloadRaw(ed, aliceEd()));
  });
});

describe('errors', () => {
  test('a call this runtime lacks: tx.not_supported_by_runtime', () => {
    const e = throwsCode(
      () => tl.buildSigningPayload(md, tl.unstakeAll(BOB), CHAIN, PARAMS),
      'tx.not_supported_by_runtime',
    );
    assert.match(e.message, /SubtensorModule\.unstake_all/);
    throwsCode(
      () => tl.buildSigningPayload(md, { pallet: 'SubtensorModule', name: 'unstake_all', args: { hotkey: BOB } }, CHAIN, PARAMS),
      'tx.not_supported_by_runtime',
    );
  });

  test('arguments that do not convert or do not fit: tx.bad_argument, missing and unknown ones', () => {
    const transfer = (args) => () =>
      tl.buildSigningPayload(md, { pallet: 'Balances', name: 'transfer_keep_alive', args }, CHAIN, PARAMS);
    throwsCode(transfer({ dest: { Id: BOB }, value: 1.5 }), 'tx.bad_argument');
    throwsCode(transfer({ dest: { Id: BOB }, value: 2 ** 60 }), 'tx.bad_argument'); // not a safe integer
    throwsCode(transfer({ dest: { Id: BOB }, value: 'lots' }), 'tx.bad_argument');
    throwsCode(transfer({ dest: { Id: BOB }, value: -1 }), 'tx.bad_argument');
    throwsCode(transfer({ dest: { Id: '0x1234' }, value: 1 }), 'tx.bad_argument');
    throwsCode(transfer({ dest: { Id: '0xzz' }, value: 1 }), 'tx.bad_argument');
    throwsCode(transfer({ dest: null, value: 1 }), 'tx.bad_argument');
    throwsCode(transfer({ dest: { Nope: BOB }, value: 1 }), 'tx.bad_argument');
    throwsCode(transfer({ dest: { Id: BOB }, value: 2n ** 128n }), 'tx.bad_argument');
    const e = throwsCode(transfer({ dest: { Id: BOB }, value: 1.5 }), 'tx.bad_argument');
    assert.match(e.message, /value/);
    throwsCode(transfer({ dest: { Id: BOB } }), 'tx.missing_argument');
    throwsCode(transfer({ dest: { Id: BOB }, value: 1, extra: 2 }), 'tx.unknown_argument');
    throwsCode(() => tl.buildSigningPayload(md, { name: 'x' }, CHAIN, PARAMS), 'tx.bad_argument');
    throwsCode(() => tl.transferKeepAlive(BOB, 2n ** 64n), 'tx.bad_argument');
    throwsCode(() => tl.transferKeepAlive('not-an-address', 1), 'key.invalid_ss58');
  });

  test('bad chain and transaction parameters', () => {
    throwsCode(() => tl.buildSigningPayload(md, TRANSFER, CHAIN, { ...PARAMS, eraPeriod: 3 }), 'tx.invalid_era');
    throwsCode(() => tl.buildSigningPayload(md, TRANSFER, CHAIN, { ...PARAMS, nonce: undefined }), 'tx.bad_argument');
    throwsCode(() => tl.buildSigningPayload(md, TRANSFER, CHAIN, { ...PARAMS, nonce: -1 }), 'tx.bad_argument');
    throwsCode(() => tl.buildSigningPayload(md, TRANSFER, CHAIN, { ...PARAMS, blockHash: '0x1234' }), 'tx.bad_argument');
    throwsCode(() => tl.buildSigningPayload(md, TRANSFER, CHAIN, { ...PARAMS, blockHash: undefined }), 'tx.bad_argument');
    throwsCode(() => tl.buildSigningPayload(md, TRANSFER, { ...CHAIN, specVersion: 2 ** 40 }, PARAMS), 'tx.bad_argument');
    throwsCode(() => tl.buildSigningPayload(md, TRANSFER, { ...CHAIN, genesisHash: undefined }, PARAMS), 'tx.bad_argument');
  });

  test('garbage extrinsic bytes: tx.decode', () => {
    throwsCode(() => tl.decodeExtrinsic(md, new Uint8Array([0xde, 0xad, 0xbe, 0xef])), 'tx.decode');
    throwsCode(() => tl.decodeExtrinsic(md, '0x'), 'tx.decode');
    throwsCode(() => tl.decodeExtrinsic(md, 'zz'), 'tx.decode');
    throwsCode(() => tl.decodeExtrinsic(md, PJS.extrinsic.slice(0, -2)), 'tx.decode');
    // A hostile length prefix must fail, not abort.
    throwsCode(() => tl.decodeExtrinsic(md, '0x04' + '0503' + 'fe' + 'ffffff7f'), 'tx.decode');
  });

  test('SignerPayloadJSON that must not be signed', () => {
    const json = PJS.signerPayloadJSON;
    throwsCode(() => tl.signerPayloadJson(md, json, aliceSr()), 'tx.decode'); // not the signer's address
    throwsCode(() => tl.signerPayloadJson(md, { ...json, signedExtensions: EXTENSIONS.slice(1) }, aliceEd()), 'tx.decode');
    throwsCode(() => tl.signerPayloadJson(md, { ...json, method: '0xdead' }, aliceEd()), 'tx.decode');
    throwsCode(() => tl.signerPayloadJson(md, { ...json, nonce: 5 }, aliceEd()), 'tx.decode');
    throwsCode(() => tl.signerPayloadJson(md, { ...json, version: 5 }, aliceEd()), 'tx.decode');
    throwsCode(() => tl.describeSignerPayload(md, { ...json, era: 'nope' }), 'tx.decode');
    throwsCode(() => tl.signerPayloadRaw({ address: ALICE_SR, data: '0x00', type: 'other' }, aliceSr()), 'tx.decode');
    throwsCode(() => tl.signerPayloadRaw({ address: BOB, data: '0x00', type: 'bytes' }, aliceSr()), 'tx.decode');
  });
});
