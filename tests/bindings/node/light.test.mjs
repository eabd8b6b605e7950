// The embedded smoldot light client in the wasm package (full build, feature `light-client`)
// from Node, offline: the real spec-218 devnet chain spec (../shared/chain), no peers exist here.
//
//   TAOLIGHT_WASM_PKG_FULL=<full node build> node --experimental-websocket --test tests/bindings/node/light.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chainSpecPath } from '../../devnet/test/helpers.mjs';

const pkg = process.env.TAOLIGHT_WASM_PKG_FULL;
if (!pkg) throw new Error('set TAOLIGHT_WASM_PKG_FULL to the full build (tests/bindings/node/run.sh does)');
const tl = createRequire(import.meta.url)(join(pkg, 'taolight_wasm.js'));
// What smoldot's own npm package (2.0.40) computes from this spec.
const GENESIS = '0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5';
const spec = readFileSync(chainSpecPath(), 'utf8');

test('the spec-218 chain spec loads in wasm smoldot: genesis, name, sync progress without peers, Client over it', { timeout: 180_000 }, async () => {
  const t0 = performance.now();
  const light = await tl.LightClient.start(spec, { timeoutMs: 60_000, expectedGenesis: GENESIS });
  const started = performance.now() - t0;
  assert.equal(await light.genesisHash(), GENESIS);
  assert.equal(await light.chainName(), JSON.parse(spec).name);
  const client = await tl.Client.light(light, { timeoutMs: 5_000 });
  assert.equal(client.genesisHash, GENESIS);
  try {
    const head = await client.finalizedHead();
    assert.deepEqual(head, { number: 0, hash: GENESIS });
  } catch (e) {
    // No peer: smoldot may not report its finalized block within the timeout.
    assert.equal(e.code, 'chain.timeout', `${e.code}: ${e.message}`);
  }
  // The sync progress: smoldot's first system_health comes at its 30 s sync decision without
  // peers, then one about every second; with nobody to sync from it never gets synced.
  const seen = [];
  const t1 = performance.now();
  let outcome;
  try {
    outcome = await light.waitForSync(35_000, (h) => seen.push(h));
  } catch (e) {
    assert.equal(e.code, 'chain.timeout', `${e.code}: ${e.message}`);
    outcome = e;
  }
  console.log(`# light client: waitForSync -> ${outcome.code ?? JSON.stringify(outcome)} after ${Math.round(performance.now() - t1)} ms, ${seen.length} progress reports, first ${JSON.stringify(seen[0])}`);
  assert.ok(seen.length > 0, 'no sync progress reported');
  for (const h of seen) {
    assert.deepEqual(h, { peers: 0, isSyncing: h.isSyncing, shouldHavePeers: false, isSynced: !h.isSyncing });
    assert.equal(typeof h.isSyncing, 'boolean');
  }
  if (outcome instanceof Error) assert.equal(seen.at(-1).isSynced, false, 'a synced state ends the wait');
  else assert.deepEqual(outcome, seen.at(-1));
  const h = await light.health();
  assert.deepEqual(h, { peers: 0, isSyncing: h.isSyncing, shouldHavePeers: false, isSynced: !h.isSyncing });
  console.log(`# light client: chain added and genesis checked in ${Math.round(started)} ms`);
  client.free();
  light.free();
});

test('waitForSync: bad arguments, a zero bound and an AbortSignal', { timeout: 120_000 }, async () => {
  const light = await tl.LightClient.start(spec, { timeoutMs: 60_000 });
  for (const ms of ['x', -1, 1.5, NaN, null, undefined, 2n ** 64n, {}]) {
    await assert.rejects(light.waitForSync(ms, () => {}), (e) => e.code === 'tx.bad_argument', String(ms));
  }
  for (const cb of [undefined, null, 1, 'f', {}]) {
    await assert.rejects(light.waitForSync(1_000, cb), (e) => e.code === 'tx.bad_argument', String(cb));
  }
  await assert.rejects(light.waitForSync(0, () => {}), (e) => e.code === 'chain.timeout');
  const ac = new AbortController();
  const reason = new Error('stop waiting');
  const waiting = light.waitForSync(600_000, () => {}, { signal: ac.signal });
  setTimeout(() => ac.abort(reason), 200);
  await assert.rejects(waiting, (e) => e === reason);
  light.free();
});

test('a malformed or foreign chain spec is a typed error', async () => {
  await assert.rejects(tl.LightClient.start('{ not json'), (e) => e.code === 'chain.invalid_chain_spec');
  await assert.rejects(tl.LightClient.start(spec, { expectedGenesis: '0x' + '11'.repeat(32) }), (e) => e.code === 'chain.wrong_chain');
});
