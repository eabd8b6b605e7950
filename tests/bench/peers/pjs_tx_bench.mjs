// Peer baseline: @polkadot/api (16.5.6) transaction build+sign and extrinsic decode throughput,
// offline, from recorded metadata -- the counterpart of core/benches/tx.rs (same calls, nonces,
// era, chain constants), so tests/bench/tx-vs-peers can print both side by side.
// Usage: node pjs_tx_bench.mjs <metadata.scale> [SECONDS]   (resolves @polkadot/* from
// DEVNET_NODE_DIR/node_modules: `tests/devnet/devnet node-dir`). Prints one JSON line.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [metadataPath, secondsArg] = process.argv.slice(2);
if (!metadataPath || !process.env.DEVNET_NODE_DIR) {
  process.stderr.write('usage: DEVNET_NODE_DIR=... node pjs_tx_bench.mjs <metadata.scale> [seconds]\n');
  process.exit(1);
}
const SECONDS = Number(secondsArg ?? 3);
const require = createRequire(pathToFileURL(join(process.env.DEVNET_NODE_DIR, 'package.json')));
const { TypeRegistry, Metadata, decorateExtrinsics } = require('@polkadot/types');
const { Keyring } = require('@polkadot/keyring');
const { cryptoWaitReady } = require('@polkadot/util-crypto');
// '@polkadot/api/package.json' resolves to cjs/package.json ({type} only); packageInfo has the version.
const VERSION = require('@polkadot/api/packageInfo').packageInfo.version;

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
// balances.transfer_keep_alive (05 03) to MultiAddress::Id (00) of //Bob: what every build must contain.
const TRANSFER_PREFIX = '0503008eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';
// The subtensor runtime's two custom extensions encode to nothing; polkadot-js must be told so.
const USER_EXTENSIONS = {
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} }
};
const raw = new Uint8Array(readFileSync(metadataPath));

// Everything an app does once before it can build a transaction: decode the metadata, register
// its types and extensions, decorate the calls. (ApiPromise additionally decorates storage,
// constants, events and errors; we leave that out, as taolight's Metadata::decode does.)
function load () {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, raw);
  registry.setMetadata(metadata, undefined, USER_EXTENSIONS, true);
  return { registry, tx: decorateExtrinsics(registry, metadata.asLatest, metadata.version) };
}

// Same shape as pjs_bench.mjs: warm-up, then whole batches until the deadline. fn gets a running
// counter so each iteration builds a distinct transaction (no caching can kick in).
function rate (fn) {
  let i = 0;
  for (; i < 100; i++) fn(i);
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

function medianMs (fn, runs = 7) {
  fn();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

function fail (msg) {
  process.stderr.write(`pjs_tx_bench: ${msg}\n`);
  process.exit(1);
}

await cryptoWaitReady();
const metadataMs = medianMs(load);
const { registry, tx } = load();
// Synchronous Extrinsic.sign does not fill chain data in (only api.signAsync does), so pass what
// makeSignOptions would; version 4 is pinned because it changes every byte.
const chain = {
  genesisHash: '0x' + '45'.repeat(32),
  runtimeVersion: { specVersion: 218, transactionVersion: 1 },
  signedExtensions: registry.signedExtensions,
  version: 4
};
const era = registry.createType('ExtrinsicEra', { current: 1000, period: 64 });
const blockHash = '0x' + 'ab'.repeat(32);
const alice = (type) => new Keyring({ type, ss58Format: 42 }).addFromUri('//Alice');

function signed (call, pair, nonce) {
  return registry.createType('Extrinsic', call, { version: 4 })
    .sign(pair, { nonce, tip: 0, era, blockHash, ...chain })
    .toHex();
}
const buildSign = (pair) => (i) => signed(tx.balances.transferKeepAlive(BOB, 12000000345 + i), pair, i);

// Check the output once per key type before trusting any rate measured on it.
for (const type of ['sr25519', 'ed25519']) {
  const hex = buildSign(alice(type))(0);
  if (!hex.includes(TRANSFER_PREFIX)) fail(`${type} transfer lacks call bytes ${TRANSFER_PREFIX}: ${hex}`);
  if (registry.createType('Extrinsic', hex).version !== 0x84) fail(`${type} transfer is not a signed v4 extrinsic`);
}
const sr = alice('sr25519');
const uids = Array.from({ length: 100 }, (_, k) => k);
const transferHex = signed(tx.balances.transferKeepAlive(BOB, 1), sr, 3);
const setWeightsHex = signed(tx.subtensorModule.setWeights(1, uids, uids.map((k) => 600 + k), 0), sr, 3);
// Touch decoded fields so the lazy parts of polkadot-js' decoding are actually exercised.
const decode = (hex, nargs) => () => {
  const ext = registry.createType('Extrinsic', hex);
  if (ext.method.args.length !== nargs || ext.nonce.toNumber() !== 3) fail('decoded extrinsic mismatch');
};
if (registry.createType('Extrinsic', setWeightsHex).method.args[1].length !== 100) fail('set_weights dests not 100');

console.log(JSON.stringify({
  impl: `@polkadot/api ${VERSION}`,
  build_sign_per_sec: rate(buildSign(sr)),
  build_sign_per_sec_ed25519: rate(buildSign(alice('ed25519'))),
  decode_per_sec: rate(decode(transferHex, 2)),
  decode_set_weights_100_per_sec: rate(decode(setWeightsHex, 4)),
  metadata_decode_ms: Math.round(metadataMs),
  node: process.version
}));
