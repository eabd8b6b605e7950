// A dApp built on @polkadot/api (16.5.6, the devnet's pinned copy) signs through the taolight
// Signer (crate taolight-wasm, wallet-only build) and submits to a local real chain; the
// transfer's effect is read back through polkadot-js.
//
//   TAOLIGHT_WASM_PKG=<wallet-only wasm-bindgen output> node --test tests/bindings/node/pjs_signer.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ApiPromise, WsProvider, SIGNED_EXTENSIONS, requireNode, startDevnet, withTimeout } from '../../devnet/test/helpers.mjs';

const pkg = process.env.TAOLIGHT_WASM_PKG;
if (!pkg) throw new Error('set TAOLIGHT_WASM_PKG to the wasm-bindgen output (tests/bindings/node/run.sh does)');
const tl = createRequire(import.meta.url)(join(pkg, 'taolight_wasm.js'));
const { signatureVerify, cryptoWaitReady } = requireNode('@polkadot/util-crypto');
const { u8aToHex, stringToHex } = requireNode('@polkadot/util');

let devnet, api, metadata;

before(async () => {
  devnet = await startDevnet();
  api = await withTimeout(ApiPromise.create({ provider: new WsProvider(devnet.url), signedExtensions: SIGNED_EXTENSIONS, noInitWarn: true }), 60_000, 'polkadot-js connect');
  await cryptoWaitReady();
  // The dApp's own metadata, handed to the signer (as an extension gets it through `metadata.provide`).
  metadata = tl.Metadata.fromBytes(api.runtimeVersion.specVersion.toNumber(), api.runtimeMetadata.toU8a());
});

after(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

/** signAndSend with the taolight signer, resolved once in a block (dispatch errors reject). */
function send(tx, address, signer) {
  return withTimeout(new Promise((resolve, reject) => {
    api.query.system.account(address).then(({ nonce }) =>
      tx.signAndSend(address, { signer, nonce }, (r) => {
        if (r.dispatchError) reject(new Error(`dispatch error: ${r.dispatchError.toString()}`));
        else if (r.status.isInBlock) resolve(r);
        else if (r.isError) reject(new Error(`status ${r.status.type}`));
      }).catch(reject), reject);
  }), 60_000, 'transfer in a block');
}

test('polkadot-js submits a transfer signed through the taolight Signer', async () => {
  const bob = tl.Keypair.fromUri('//Bob');
  const signer = new tl.Signer(bob, metadata);
  assert.equal(signer.address, bob.ss58Address());
  const dest = tl.Keypair.generate().ss58Address();
  const amount = 1_234_567_890n;
  const calls = [];
  const spy = { signPayload: (p) => { calls.push(p); return signer.signPayload(p); } };
  const before = (await api.query.system.account(signer.address)).data.free.toBigInt();
  const r = await send(api.tx.balances.transferKeepAlive(dest, amount), signer.address, spy);
  assert.equal(calls.length, 1, 'polkadot-js asked the taolight signer');
  assert.deepEqual(calls[0].signedExtensions, metadata.extensions());
  const events = r.events.map(({ event }) => `${event.section}.${event.method}`);
  assert.ok(events.includes('balances.Transfer') && events.includes('system.ExtrinsicSuccess'), events.join(' '));
  const fee = r.events.find(({ event }) => event.method === 'TransactionFeePaid').event.data[1].toBigInt();
  assert.equal((await api.query.system.account(dest)).data.free.toBigInt(), amount);
  assert.equal(before - (await api.query.system.account(signer.address)).data.free.toBigInt(), amount + fee);
});

test('signPayload refuses a payload for another account; signRaw verifies with polkadot-js', async () => {
  const signer = new tl.Signer(tl.Keypair.fromUri('//Charlie'), metadata);
  let payload;
  const capture = { signPayload: (p) => { payload = p; return Promise.reject(new Error('captured')); } };
  await assert.rejects(api.tx.balances.transferKeepAlive(signer.address, 1n).signAsync(tl.Keypair.fromUri('//Dave').ss58Address(), { signer: capture, nonce: 0 }), /captured/);
  await assert.rejects(signer.signPayload(payload), (e) => e.name === 'TaolightError' && e.kind === 'bad_input' && /signer's account/.test(e.message));
  const raw = { address: signer.address, data: stringToHex('hello taolight'), type: 'bytes' };
  const r1 = await signer.signRaw(raw);
  const r2 = await signer.signRaw(raw);
  assert.equal(r2.id, r1.id + 1, 'ids count up');
  const wrapped = u8aToHex(tl.wrapBytes(new TextEncoder().encode('hello taolight')));
  assert.ok(signatureVerify(wrapped, r1.signature, signer.address).isValid, 'polkadot-js verifies the raw signature');
});
