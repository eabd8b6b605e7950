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

test('the spec-218 chain spec loads in wasm smoldot: genesis, name, health without peers, Client over it', { timeout: 180_000 }, async () => {
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
  const h = await light.health();
  assert.deepEqual(h, { peers: 0, isSyncing: h.isSyncing, shouldHavePeers: h.shouldHavePeers });
  assert.equal(typeof h.isSyncing, 'boolean');
  console.log(`# light client: chain added and genesis checked in ${Math.round(started)} ms`);
  client.free();
  light.free();
});

test('a malformed or foreign chain spec is a typed error', async () => {
  await assert.rejects(tl.LightClient.start('{ not json'), (e) => e.code === 'chain.invalid_chain_spec');
  await assert.rejects(tl.LightClient.start(spec, { expectedGenesis: '0x' + '11'.repeat(32) }), (e) => e.code === 'chain.wrong_chain');
});
