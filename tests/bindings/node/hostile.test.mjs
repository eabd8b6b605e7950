// Hostile input at the wasm boundary: every exported function, static method, method, getter and
// constructor of both builds (wallet-only and full), called with wrong types, empty and huge
// strings, bad hex, random bytes, undefined/null and out-of-range numbers. Each call must return
// (or resolve), or throw (or reject) a TaolightError with a code; never a RuntimeError (a trap,
// or a panic: `internal.panic`) and never anything else. The full build's Client runs against a
// local devnet (tests/devnet).
//
//   TAOLIGHT_WASM_PKG=<wallet node build> TAOLIGHT_WASM_PKG_FULL=<full node build> \
//     node --experimental-websocket --test tests/bindings/node/hostile.test.mjs
//
// The argument lists come from a seeded generator (TAOLIGHT_HOSTILE_SEED, default 1; the seed
// is printed) so that a failure replays. A class without a factory below fails the test: a new
// export must be added here.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevnet, chainSpecPath } from '../../devnet/test/helpers.mjs';

const require = createRequire(import.meta.url);
const WALLET = process.env.TAOLIGHT_WASM_PKG;
const FULL = process.env.TAOLIGHT_WASM_PKG_FULL;
if (!WALLET || !FULL) throw new Error('set TAOLIGHT_WASM_PKG and TAOLIGHT_WASM_PKG_FULL (tests/bindings/node/run.sh does)');
const here = dirname(fileURLToPath(import.meta.url));
const METADATA_BYTES = readFileSync(join(here, '../../../core/tests/fixtures/metadata/spec218.scale'));
const PJS = JSON.parse(readFileSync(join(here, 'fixtures/polkadot-js-transfer-spec218.json'), 'utf8'));
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const SEED = Number(process.env.TAOLIGHT_HOSTILE_SEED ?? 1);

// A small seeded PRNG (mulberry32): the same calls on every run with the same seed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const randomBytes = (n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
const throwingProxy = new Proxy({}, { get() { throw new Error('hostile getter'); }, has() { throw new Error('hostile has'); } });

/** The hostile values; `() => …` entries are made fresh for each use. */
const HOSTILE = [
  undefined, null, true, false, 0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 16, 2 ** 32, 2 ** 53, -(2 ** 63), 1e308,
  0n, -1n, 2n ** 64n, 2n ** 128n, -(2n ** 200n),
  '', ' ', '0x', '0xzz', '0x0', '0x' + '00'.repeat(32), '0x' + 'ff'.repeat(65), 'x'.repeat(1 << 20), '\u0000', '\ud800', 'é'.repeat(3),
  '//Alice', '//Alice///pw', BOB, BOB.slice(0, -1) + 'x', '-5', '340282366920938463463374607431768211456', '{"a":', '{}', '[]',
  'ws://127.0.0.1:1', 'sr25519', 'ed25519', 'ecdsa',
  new Uint8Array(0), new Uint8Array(1), () => randomBytes(7), () => randomBytes(32), () => randomBytes(64), () => randomBytes(65),
  () => randomBytes(4096), new Uint8Array(1 << 20), new Uint16Array(3), new ArrayBuffer(8),
  {}, [], [1, 2, 3], [[]], [null], { pallet: 'Balances', name: 'transfer_keep_alive', args: {} },
  { pallet: 'Nope', name: 'nope', args: [] }, { Id: null }, { Id: 'x', Other: 1 }, { signal: 'not a signal' },
  { timeoutMs: -1 }, { timeoutMs: 2 ** 40 }, { waitFor: 'never' }, { nonce: -1, tip: 'many', mortality: 1e9 },
  { type: 'bytes', data: '0xzz', address: BOB }, { toString() { return 'x'; } }, Symbol('s'), () => () => 1,
  new Date(0), Object.create(null), throwingProxy,
];
const pick = () => {
  const v = HOSTILE[Math.floor(rand() * HOSTILE.length)];
  return typeof v === 'function' && v.length === 0 && !v.name ? v() : v;
};
const fresh = (v) => (typeof v === 'function' && v.length === 0 && !v.name ? v() : v);

/** Argument lists for a callable of `arity` parameters: each hostile value everywhere, then random mixes. */
function argLists(arity, mixes) {
  const n = Math.max(arity, 1);
  const lists = HOSTILE.map((v) => Array.from({ length: n }, () => fresh(v)));
  for (let i = 0; i < mixes; i++) lists.push(Array.from({ length: n + (i % 2) }, pick));
  lists.push([]);
  return lists;
}

// The package's classes are Proxies (for `new`): look at the class behind them.
const isClass = (f) => typeof f.prototype?.constructor === 'function'
  && /^class[\s{]/.test(Function.prototype.toString.call(f.prototype.constructor));

/** A string for a report line. */
const show = (v) => {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + `…(${v.length})` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return 'Symbol()';
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (v === throwingProxy) return 'throwingProxy';
  try { return JSON.stringify(v) ?? String(v); } catch { return Object.prototype.toString.call(v); }
};

const TIMEOUT = Symbol('timeout');
const within = (p, ms) => Promise.race([p, new Promise((r) => setTimeout(() => r(TIMEOUT), ms).unref())]);

/** AbortSignals this test hands to calls; see `verdict` in `probe`. */
const PROBE_SIGNALS = [];
function probeSignal(ms) {
  const s = AbortSignal.timeout(ms);
  PROBE_SIGNALS.push(s);
  return s;
}

/**
 * Calls `fn(...args)` on `self` (or `new`); returns a failure description, or null when it
 * returned or threw a proper TaolightError. Results that own wasm memory are freed.
 */
async function probe(label, call, args, { allowPending = false } = {}) {
  const verdict = (e) => {
    if (e instanceof Error && e.name === 'TaolightError' && typeof e.code === 'string' && e.code.length > 0
      && e.code !== 'internal.panic' && e.code !== 'internal.stale_object') return null;
    // A call given one of this test's own AbortSignals (`probeSignal`) rejects with the signal's
    // reason when it fires, as the AbortSignal convention says: not a failure. (The arguments
    // themselves are not inspected: hostile ones throw from their getters.)
    if (PROBE_SIGNALS.some((s) => s.aborted && s.reason === e)) return null;
    const what = e instanceof Error ? `${e.constructor.name} ${e.name} code=${e.code}: ${e.message.slice(0, 300)}` : `non-Error ${show(e)}`;
    return `${label}(${args.map(show).join(', ')}) → ${what}`;
  };
  let out;
  try {
    out = call(...args);
  } catch (e) {
    return verdict(e);
  }
  if (out && typeof out.then === 'function') {
    try {
      out = await within(out, 20_000);
      if (out === TIMEOUT) return allowPending ? null : `${label}(${args.map(show).join(', ')}) → still pending after 20 s`;
    } catch (e) {
      return verdict(e);
    }
  }
  if (out && typeof out.free === 'function') {
    try { out.free(); } catch (e) { return verdict(e); }
  }
  return null;
}

let devnet;
before(async () => {
  devnet = await startDevnet();
});
after(async () => {
  await devnet?.stop();
});

/** Probes every export of `tl`; `factories` make a fresh instance of each class. */
async function probeAll(tl, factories, { mixes, skip = new Map(), argsFor = new Map(), allowPending = new Set() }) {
  const failures = [];
  let calls = 0;
  const run = async (label, call, arity) => {
    const lists = argsFor.get(label)?.() ?? argLists(arity, skip.get(label) ?? mixes);
    const t0 = performance.now();
    for (const args of lists) {
      calls++;
      const f = await probe(label, call, args, { allowPending: allowPending.has(label) });
      if (f) failures.push(f);
    }
    if (process.env.TAOLIGHT_HOSTILE_VERBOSE) console.log(`# ${label}: ${lists.length} calls, ${Math.round(performance.now() - t0)} ms`);
  };
  for (const [name, value] of Object.entries(tl)) {
    if (typeof value !== 'function') continue;
    if (!isClass(value)) {
      await run(name, value, value.length);
      continue;
    }
    const C = value;
    assert.ok(factories[name], `no factory for class ${name}: add one to hostile.test.mjs`);
    await run(`new ${name}`, (...a) => new C(...a), C.length);
    for (const key of Object.getOwnPropertyNames(C)) {
      if (['length', 'name', 'prototype'].includes(key) || key.startsWith('__')) continue;
      await run(`${name}.${key}`, (...a) => C[key](...a), C[key].length);
    }
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      if (key === 'constructor' || key.startsWith('__')) continue;
      const d = Object.getOwnPropertyDescriptor(C.prototype, key);
      const label = `${name}#${key}`;
      if (skip.get(label) === 0) continue;
      const method = d.value ?? d.get;
      const instance = await factories[name]();
      const arity = d.get ? 0 : method.length;
      // A fresh instance per call for cheap objects (methods may consume or free them); the
      // shared one otherwise (factory marked `shared`).
      await run(label, async (...a) => {
        const self = factories[name].shared ? instance : await factories[name]();
        try {
          return await method.apply(self, a);
        } finally {
          if (!factories[name].shared && key !== 'free') try { self.free(); } catch { /* checked elsewhere */ }
        }
      }, arity);
    }
  }
  return { failures, calls };
}

function walletFactories(tl) {
  const md = () => tl.Metadata.fromBytes(218, METADATA_BYTES);
  const transfer = { pallet: 'Balances', name: 'transfer_keep_alive', args: { dest: { Id: BOB }, value: 1n } };
  const chain = { genesisHash: PJS.inputs.genesisHash, specVersion: 218, txVersion: 1 };
  const params = { nonce: 5, tip: 7n, eraPeriod: 64, blockNumber: 1, blockHash: PJS.inputs.blockHash };
  return {
    Keypair: () => tl.Keypair.fromUri('//Alice'),
    Mnemonic: () => tl.Mnemonic.parse(DEV_PHRASE),
    Metadata: md,
    SigningPayload: () => {
      const m = md();
      try { return tl.buildSigningPayload(m, transfer, chain, params); } finally { m.free(); }
    },
    Signer: () => {
      const m = md();
      const k = tl.Keypair.fromUri('//Alice');
      try { return new tl.Signer(k, m); } finally { m.free(); k.free(); }
    },
  };
}

// Argon2i at 512 MiB (about a second each in wasm) runs whenever these get bytes and a password:
// fewer random mixes for them.
const SLOW = new Map([['keyfileEncrypt', 2], ['keyfileEncode', 2], ['keyfileEncodeMnemonic', 2], ['keyfileDecrypt', 2],
  ['keyfileDecode', 2], ['polkadotJsExport', 4], ['polkadotJsImport', 4]]);

test('the wallet-only build: hostile input gets a TaolightError or a result, never a trap', { timeout: 1_200_000 }, async () => {
  const tl = require(join(WALLET, 'taolight_wasm.js'));
  const { failures, calls } = await probeAll(tl, walletFactories(tl), { mixes: 40, skip: SLOW });
  console.log(`# wallet build: ${calls} hostile calls (seed ${SEED}), ${failures.length} failures`);
  assert.deepEqual(failures.slice(0, 30), [], `${failures.length} failures`);
  // Still healthy.
  assert.equal(tl.Keypair.fromUri('//Bob').ss58Address(), BOB);
});

test('the full build (Client on the devnet, LightClient offline): the same', { timeout: 1_800_000 }, async () => {
  const tl = require(join(FULL, 'taolight_wasm.js'));
  const client = await tl.Client.connect(devnet.url, { timeoutMs: 30_000 });
  const fast = client.withTimeout(5_000);
  const spec = readFileSync(chainSpecPath(), 'utf8');
  const light = await tl.LightClient.start(spec, { timeoutMs: 3_000 });
  const factories = {
    ...walletFactories(tl),
    Client: Object.assign(() => fast, { shared: true }),
    LightClient: Object.assign(() => light, { shared: true }),
  };
  const heads = (v) => [[v, { signal: probeSignal(300) }]];
  const { failures, calls } = await probeAll(tl, factories, {
    mixes: 25,
    // waitForSync waits as long as it is told when the light client answers (it does, 30 s
    // after starting): its hostile arguments are in light.test.mjs instead.
    skip: new Map([...SLOW, ['Client#free', 0], ['LightClient#free', 0], ['LightClient#waitForSync', 0]]),
    // A subscription runs until its signal aborts: hostile callbacks, with a signal.
    argsFor: new Map([['Client#subscribeHeads', () => HOSTILE.flatMap((v) => heads(fresh(v)))]]),
    allowPending: new Set(),
  });
  console.log(`# full build: ${calls} hostile calls (seed ${SEED}), ${failures.length} failures`);
  assert.deepEqual(failures.slice(0, 30), [], `${failures.length} failures`);
  // Still healthy, and the shared objects still work.
  assert.equal((await client.finalizedHead()).number >= 0, true);
  assert.equal(await light.genesisHash(), '0x1a934637b44b267fe979d2be5f18f3e7834a11fc9db6bc4598da3fa35b6f46c5');
  fast.free();
  client.free();
  light.free();
});
