// taolight's wasm package beside polkadot-js in one Node process, same machine, same run:
//   sr25519 sign (32-byte message): taolight-wasm Keypair.sign vs @polkadot/util-crypto
//     sr25519Sign (14.x: pure JS) and @polkadot/wasm-crypto (its wasm engine, after cryptoWaitReady);
//   build + sign a transfer: taolight-wasm buildSigningPayload(...).sign vs @polkadot/api 16.5.6
//     (registry from the same recorded spec-218 metadata, offline, as pjs_tx_bench.mjs does).
// Usage: DEVNET_NODE_DIR=... TAOLIGHT_WASM_PKG=<wallet node build> node wasm_vs_peers.mjs <metadata.scale> [SECONDS]
// Prints a table and one JSON line. Numbers only: no pass/fail (targets are in the README).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [metadataPath, secondsArg] = process.argv.slice(2);
if (!metadataPath || !process.env.DEVNET_NODE_DIR || !process.env.TAOLIGHT_WASM_PKG) {
  process.stderr.write('usage: DEVNET_NODE_DIR=... TAOLIGHT_WASM_PKG=... node wasm_vs_peers.mjs <metadata.scale> [seconds]\n');
  process.exit(1);
}
const SECONDS = Number(secondsArg ?? 3);
const require = createRequire(pathToFileURL(join(process.env.DEVNET_NODE_DIR, 'package.json')));
const { TypeRegistry, Metadata, decorateExtrinsics } = require('@polkadot/types');
const { Keyring } = require('@polkadot/keyring');
const { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify } = require('@polkadot/util-crypto');
const wasmCrypto = require('@polkadot/wasm-crypto');
const tl = createRequire(import.meta.url)(join(process.env.TAOLIGHT_WASM_PKG, 'taolight_wasm.js'));

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const GENESIS = '0x' + '45'.repeat(32);
const BLOCK_HASH = '0x' + 'ab'.repeat(32);
const raw = new Uint8Array(readFileSync(metadataPath));

function rate (fn) {
  let i = 0;
  for (; i < 200; i++) fn(i);
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(SECONDS * 1e9));
  for (;;) {
    for (let k = 0; k < 20; k++) fn(i++);
    n += 20;
    const now = process.hrtime.bigint();
    if (now >= deadline) return Math.round(n / (Number(now - start) / 1e9));
  }
}
const fail = (msg) => { process.stderr.write(`wasm_vs_peers: ${msg}\n`); process.exit(1); };

await cryptoWaitReady();
const message = new Uint8Array(32).fill(7);
const seed = new Uint8Array(32).fill(1);

// --- sr25519 sign ---
const ours = tl.Keypair.fromSeed(seed, 'sr25519');
const pjsPair = sr25519PairFromSeed(seed);
if (Buffer.compare(Buffer.from(ours.publicKey), Buffer.from(pjsPair.publicKey)) !== 0) fail('the two key pairs differ');
// Each signature must verify with the other side before any rate counts.
if (!sr25519Verify(message, ours.sign(message), pjsPair.publicKey)) fail('polkadot-js rejects a taolight signature');
if (!tl.verify(message, sr25519Sign(message, pjsPair), ours.ss58Address())) fail('taolight rejects a polkadot-js signature');
const wasmSign = () => wasmCrypto.sr25519Sign(pjsPair.publicKey, pjsPair.secretKey, message);
if (!sr25519Verify(message, wasmSign(), pjsPair.publicKey)) fail('wasm-crypto signature does not verify');
const sign = {
  taolight: rate(() => ours.sign(message)),
  wasmCrypto: rate(wasmSign),
  utilCrypto: rate(() => sr25519Sign(message, pjsPair))
};

// --- transaction build + sign (sr25519, //Alice, transfer_keep_alive, mortal 64 at block 1000) ---
const md = tl.Metadata.fromBytes(218, raw);
const alice = tl.Keypair.fromUri('//Alice');
const CHAIN = { genesisHash: GENESIS, specVersion: 218, txVersion: 1 };
const ourTx = (i) => tl.buildSigningPayload(md, tl.transferKeepAlive(BOB, 12000000345 + i), CHAIN,
  { nonce: i, eraPeriod: 64, blockNumber: 1000, blockHash: BLOCK_HASH }).sign(alice);

const registry = new TypeRegistry();
const metadata = new Metadata(registry, raw);
registry.setMetadata(metadata, undefined, {
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} }
}, true);
const tx = decorateExtrinsics(registry, metadata.asLatest, metadata.version);
const era = registry.createType('ExtrinsicEra', { current: 1000, period: 64 });
const pjsAlice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
const pjsTx = (i) => registry.createType('Extrinsic', tx.balances.transferKeepAlive(BOB, 12000000345 + i), { version: 4 })
  .sign(pjsAlice, { nonce: i, tip: 0, era, blockHash: BLOCK_HASH, genesisHash: GENESIS,
    runtimeVersion: { specVersion: 218, transactionVersion: 1 }, signedExtensions: registry.signedExtensions, version: 4 })
  .toHex();
// Same transaction both ways: everything but the 64 signature bytes (sr25519 is randomised) agrees.
const strip = (hex) => hex.slice(0, 2 + 2 * 37) + hex.slice(2 + 2 * (37 + 64));
if (strip(ourTx(5)) !== strip(pjsTx(5))) fail(`the two transfers differ:\n${ourTx(5)}\n${pjsTx(5)}`);
const build = { taolight: rate(ourTx), polkadotApi: rate(pjsTx) };

const r = (a, b) => (a / b).toFixed(1) + 'x';
console.log(`${('per second (Node ' + process.version + ')').padEnd(40)} ${'taolight-wasm'.padStart(14)} ${'peer'.padStart(12)} ratio`);
console.log(`${'sr25519 sign vs @polkadot/wasm-crypto'.padEnd(40)} ${String(sign.taolight).padStart(14)} ${String(sign.wasmCrypto).padStart(12)} ${r(sign.taolight, sign.wasmCrypto)}`);
console.log(`${'sr25519 sign vs util-crypto (pure JS)'.padEnd(40)} ${String(sign.taolight).padStart(14)} ${String(sign.utilCrypto).padStart(12)} ${r(sign.taolight, sign.utilCrypto)}`);
console.log(`${'build+sign transfer vs @polkadot/api'.padEnd(40)} ${String(build.taolight).padStart(14)} ${String(build.polkadotApi).padStart(12)} ${r(build.taolight, build.polkadotApi)}`);
console.log(JSON.stringify({ node: process.version, sign, build,
  ratios: { sign_vs_wasm_crypto: sign.taolight / sign.wasmCrypto, sign_vs_util_crypto: sign.taolight / sign.utilCrypto, build_vs_polkadot_api: build.taolight / build.polkadotApi } }));
