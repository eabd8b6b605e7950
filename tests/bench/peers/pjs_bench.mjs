// Peer baseline: @polkadot/util-crypto (wasm-crypto) sr25519 speed in Node.
//
// Usage: node tests/bench/peers/pjs_bench.mjs [--seconds S]
//   (resolves @polkadot/* from CROSSCHECK_NODE_PREFIX/node_modules when set, e.g.
//    ~/.cache/taolight/crosscheck-node after tests/crosscheck/run.sh node, else from
//    tests/crosscheck/node/node_modules)
// Prints ONE JSON line:
//   {"peer":"@polkadot/util-crypto","version":...,"sr25519_signs_per_s":...,"sr25519_verifies_per_s":...,
//    "wasm_sr25519_signs_per_s":...,"wasm_sr25519_verifies_per_s":...,
//    "mnemonic_to_keypair_ms":...,"mnemonic_to_mini_secret_ms":...,...}
// sr25519_* = util-crypto's sr25519Sign/sr25519Verify (14.x: @scure/sr25519, pure JS);
// wasm_sr25519_* = @polkadot/wasm-crypto's schnorrkel-in-wasm, which util-crypto <= 13 used.
// Rates over a 32-byte message, about --seconds each after a warm-up, single thread.
// mnemonic_to_keypair_ms = mnemonicToMiniSecret (PBKDF2-SHA512, 2048 rounds) + sr25519PairFromSeed.

import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { existsSync, readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const prefix = process.env.CROSSCHECK_NODE_PREFIX ?? join(here, '..', '..', 'crosscheck', 'node');
const require = createRequire(pathToFileURL(join(prefix, 'package.json')));
const {
  cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify, mnemonicToMiniSecret
} = require('@polkadot/util-crypto');
const utilCrypto = require('@polkadot/util-crypto');
const wasmCrypto = require('@polkadot/wasm-crypto');

const argSeconds = process.argv.indexOf('--seconds');
const SECONDS = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 3;
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

function rate (fn) {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(SECONDS * 1e9));
  for (;;) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    const now = process.hrtime.bigint();
    if (now >= deadline) return n / (Number(now - start) / 1e9);
  }
}

function medianMs (fn, runs = 20) {
  fn();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

await cryptoWaitReady();
// util-crypto 14.x signs sr25519 with @scure/sr25519 (pure JS), not with wasm-crypto; the wasm
// engine (what util-crypto <= 13 used, schnorrkel compiled to wasm) is measured separately below.
const scureVersion = (() => {
  try { // the package's "exports" hide package.json; read it from disk next to its entry point
    let d = dirname(require.resolve('@scure/sr25519'));
    while (!existsSync(join(d, 'package.json'))) d = dirname(d);
    return JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).version;
  } catch { return 'unknown'; }
})();
const wasmEngine = wasmCrypto.bridge?.type ?? 'unknown'; // 'wasm' or 'asm' (asm.js fallback)
const pair = sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE));
const msg = Uint8Array.from({ length: 32 }, (_, i) => i);
const sig = sr25519Sign(msg, pair);
if (!sr25519Verify(msg, sig, pair.publicKey)) throw new Error('self-check failed');

const signs = rate(() => sr25519Sign(msg, pair));
const verifies = rate(() => sr25519Verify(msg, sig, pair.publicKey));
const kp96 = wasmCrypto.sr25519KeypairFromSeed(mnemonicToMiniSecret(DEV_PHRASE));
const wSec = kp96.subarray(0, 64);
const wPub = kp96.subarray(64);
const wSig = wasmCrypto.sr25519Sign(wPub, wSec, msg);
if (!wasmCrypto.sr25519Verify(wSig, msg, wPub) || !sr25519Verify(msg, wSig, pair.publicKey)) {
  throw new Error('wasm self-check failed');
}
const wasmSigns = rate(() => wasmCrypto.sr25519Sign(wPub, wSec, msg));
const wasmVerifies = rate(() => wasmCrypto.sr25519Verify(wSig, msg, wPub));
const miniMs = medianMs(() => mnemonicToMiniSecret(DEV_PHRASE));
const kpMs = medianMs(() => sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE)));

console.log(JSON.stringify({
  peer: '@polkadot/util-crypto',
  version: utilCrypto.packageInfo.version,
  wasm_crypto: wasmCrypto.packageInfo.version,
  sr25519_engine: `@scure/sr25519 ${scureVersion} (pure JS, what util-crypto 14 uses)`,
  sr25519_signs_per_s: Math.round(signs * 10) / 10,
  sr25519_verifies_per_s: Math.round(verifies * 10) / 10,
  wasm_engine: wasmEngine,
  wasm_sr25519_signs_per_s: Math.round(wasmSigns * 10) / 10,
  wasm_sr25519_verifies_per_s: Math.round(wasmVerifies * 10) / 10,
  mnemonic_to_keypair_ms: Math.round(kpMs * 1000) / 1000,
  mnemonic_to_mini_secret_ms: Math.round(miniMs * 1000) / 1000,
  message_bytes: msg.length,
  seconds_per_rate: SECONDS,
  node: process.version,
  cpus: os.cpus().length,
  loadavg_1m: os.loadavg()[0]
}));
