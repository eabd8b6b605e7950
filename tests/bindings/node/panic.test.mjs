// A panic inside the wasm, seen from JavaScript (wasm/src/panic.rs, wasm/js/guard.js): on the
// `panic-test` build (the wallet build plus test-only exports that really panic; never shipped).
//
//   TAOLIGHT_WASM_PKG_PANIC=<panic-test node build> node --test tests/bindings/node/panic.test.mjs
//
// Each scenario runs in a child Node process of its own: the module's state after a panic is
// what is being tested, and the async case also reports an uncaught RuntimeError, which the
// child records with process.on('uncaughtException') instead of failing this runner.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const pkg = process.env.TAOLIGHT_WASM_PKG_PANIC;
if (!pkg) throw new Error('set TAOLIGHT_WASM_PKG_PANIC to the panic-test node build (tests/bindings/node/run.sh does)');
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

/** Runs `body` (an async function body with `tl` in scope) in a child; returns what it returned. */
function scenario(body) {
  const code = `
    const tl = require(${JSON.stringify(join(pkg, 'taolight_wasm.js'))});
    const uncaught = [];
    process.on('uncaughtException', (e) => uncaught.push(String(e?.constructor?.name) + ': ' + e?.message));
    process.on('unhandledRejection', (e) => uncaught.push('unhandledRejection ' + String(e?.constructor?.name) + ': ' + e?.message));
    const describe = (e) => ({ name: e?.name, code: e?.code, kind: e?.kind, message: e?.message,
      cause: e?.cause?.constructor?.name });
    (async () => { ${body} })().then(
      (out) => setTimeout(() => console.log(JSON.stringify({ out, uncaught })), 200),
      (e) => { console.log(JSON.stringify({ failed: describe(e), uncaught })); });
  `;
  const stdout = execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

test('a panic in a sync call is a TaolightError internal.panic; the module is re-instantiated', () => {
  const r = scenario(`
    const before = tl.Keypair.fromUri('//Alice');
    let thrown;
    try { tl.testPanic('boom: index 7 of 3'); } catch (e) { thrown = describe(e); }
    // The next call runs on a fresh instance.
    const after = tl.Keypair.fromUri('//Alice').ss58Address();
    let stale;
    try { before.ss58Address(); } catch (e) { stale = describe(e); }
    // And a second panic behaves the same (the hook is installed in the new instance).
    let again;
    try { tl.testPanic('second'); } catch (e) { again = describe(e); }
    return { thrown, after, stale, again, still: tl.Keypair.fromUri('//Bob').ss58Address().length };
  `);
  assert.deepEqual(r.uncaught, [], 'nothing escapes');
  const { thrown, after, stale, again, still } = r.out;
  assert.equal(thrown.name, 'TaolightError');
  assert.equal(thrown.code, 'internal.panic');
  assert.equal(thrown.kind, 'internal');
  assert.match(thrown.message, /boom: index 7 of 3/);
  assert.match(thrown.message, /panicked at wasm\/src\/panic\.rs:\d+:\d+/);
  assert.equal(thrown.cause, 'RuntimeError');
  assert.equal(after, ALICE);
  assert.equal(stale.name, 'TaolightError');
  assert.equal(stale.code, 'internal.stale_object', stale.message);
  assert.equal(again.code, 'internal.panic');
  assert.match(again.message, /second/);
  assert.equal(still, 48);
});

test('a panic in an async call rejects its Promise with internal.panic; the next call works', () => {
  const r = scenario(`
    const results = await Promise.allSettled([tl.testPanicAsync('async boom')]);
    const after = tl.Keypair.fromUri('//Alice').ss58Address();
    return { results: results.map((x) => x.status === 'rejected' ? describe(x.reason) : x.status), after };
  `);
  assert.ok(!r.failed, JSON.stringify(r.failed));
  const [mine] = r.out.results;
  assert.equal(mine.name, 'TaolightError');
  assert.equal(mine.code, 'internal.panic');
  assert.match(mine.message, /async boom/);
  assert.equal(r.out.after, ALICE);
  // The documented limitation: the trap in the microtask is also reported as uncaught.
  assert.equal(r.uncaught.length, 1, JSON.stringify(r.uncaught));
  assert.match(r.uncaught[0], /^RuntimeError: unreachable/);
});
