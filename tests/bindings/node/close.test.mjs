// `free()` on a connected Client, in Node, against a local devnet: no late WebSocket event may
// throw afterwards. Each case runs in a child Node process that records 'uncaughtException' and
// 'unhandledRejection' and reports them after a second.
//
// The cause of the old failure: gloo-net (jsonrpsee's wasm WebSocket) drops a socket by
// dispatching a synthetic `close` event built with `new CloseEvent(…)`, to consume its
// once-only close listener while that closure is still alive. Node 20 and 22 have no global
// `CloseEvent`, so that step failed silently and the socket's real close event then called the
// freed closure: "closure invoked recursively or after being dropped", uncaught. The package's
// entry point (wasm/js/guard.js) supplies `CloseEvent` where it is missing; the raw wasm-bindgen
// glue, loaded without it, still shows the failure (the control case below, where Node lacks
// `CloseEvent`).
//
//   TAOLIGHT_WASM_PKG_FULL=<full node build> node --experimental-websocket --test tests/bindings/node/close.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { startDevnet } from '../../devnet/test/helpers.mjs';

const pkg = process.env.TAOLIGHT_WASM_PKG_FULL;
if (!pkg) throw new Error('set TAOLIGHT_WASM_PKG_FULL to the full node build (tests/bindings/node/run.sh does)');

let devnet;
before(async () => { devnet = await startDevnet(); });
after(async () => { await devnet?.stop(); });

/** Runs `body` in a child with `tl` loaded from `entry`; returns { out, uncaught }. */
async function scenario(entry, body) {
  const code = `
    const uncaught = [];
    process.on('uncaughtException', (e) => uncaught.push('uncaughtException: ' + (e?.message ?? e)));
    process.on('unhandledRejection', (e) => uncaught.push('unhandledRejection: ' + (e?.message ?? e)));
    const tl = require(${JSON.stringify(join(pkg, entry))});
    const url = ${JSON.stringify(devnet.url)};
    (async () => { ${body} })().then(
      (out) => setTimeout(() => { console.log(JSON.stringify({ out, uncaught })); process.exit(0); }, 1000),
      (e) => { console.log(JSON.stringify({ failed: String(e?.stack ?? e), uncaught })); process.exit(0); });
  `;
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv.filter((a) => a.startsWith('--experimental-websocket')), '-e', code],
    { encoding: 'utf8', timeout: 90_000 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

const CONNECT_READ_FREE = `
  const client = await tl.Client.connect(url, { timeoutMs: 30000 });
  const head = await client.finalizedHead();
  const copy = client.withTimeout(5000);
  await copy.runtimeVersion();
  copy.free();
  client.free();
  return head.number;
`;

test('free() on a connected Client: no uncaught exception a second later', async () => {
  const r = await scenario('taolight_wasm.js', CONNECT_READ_FREE);
  assert.ok(!r.failed, r.failed);
  assert.equal(typeof r.out, 'number');
  assert.deepEqual(r.uncaught, []);
});

test('free() while a call is in flight and a head subscription is open: both finish, then no uncaught exception', async () => {
  const r = await scenario('taolight_wasm.js', `
    const client = await tl.Client.connect(url, { timeoutMs: 30000 });
    const heads = client.subscribeHeads(() => {}, { signal: AbortSignal.timeout(300) })
      .then(() => 'ended', (e) => e?.name ?? String(e));
    const pending = client.metadata().then((m) => m.specVersion, (e) => e.code ?? String(e));
    // The calls hold their own handles on the connection: it closes when they finish.
    client.free();
    return { metadata: await pending, heads: await heads };
  `);
  assert.ok(!r.failed, r.failed);
  assert.equal(r.out.metadata, 218);
  assert.deepEqual(r.uncaught, []);
});

test('control: the raw glue without the entry point fails as described (Node without CloseEvent)', async (t) => {
  if (typeof globalThis.CloseEvent !== 'undefined') {
    t.skip('this Node has a global CloseEvent');
    return;
  }
  const r = await scenario('taolight_wasm_bindgen.js', CONNECT_READ_FREE);
  assert.ok(!r.failed, r.failed);
  assert.ok(r.uncaught.some((m) => /closure invoked recursively or after being dropped/.test(m)), JSON.stringify(r.uncaught));
});
