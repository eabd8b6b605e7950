// polkadot-js reference bytes for signed transactions, for byte-for-byte comparison with taolight.
//
// Usage (TAOLIGHT_NODE_MODULES = absolute path of a node_modules dir holding @polkadot/api 16.5.6,
// @polkadot/keyring, @polkadot/util, @polkadot/util-crypto 14.0.3; see `tests/devnet/devnet node-dir`):
//   node tx_pjs.mjs build        <ws-url> <json-params>   ed25519 //Alice, deterministic bytes
//   node tx_pjs.mjs sign-sr25519 <ws-url> <json-params>   sr25519 //Alice, randomized signature
//   node tx_pjs.mjs decode       <ws-url> <extrinsic-hex> <block-hash>
// json-params: {"nonce":5,"tip":7,"era_period":64,"block_number":N,"block_hash":"0x..",
//               "cases":[{"name":"..","section":"balances","method":"transferKeepAlive","args":[..]}]}
// A nested call inside args is written {"section":..,"method":..,"args":[..]}.
// Prints exactly one JSON document on stdout; on any error prints to stderr and exits 1.

import { createRequire } from 'node:module';

// ESM ignores NODE_PATH, so resolve the CJS builds from an explicit node_modules directory.
const NODE_MODULES = process.env.TAOLIGHT_NODE_MODULES;
if (!NODE_MODULES) {
  process.stderr.write('tx_pjs: TAOLIGHT_NODE_MODULES must be the absolute path of a node_modules dir\n');
  process.exit(1);
}
const require = createRequire(NODE_MODULES.replace(/\/?$/, '/'));
const { ApiPromise, WsProvider } = require('@polkadot/api');
const { Keyring } = require('@polkadot/keyring');
const { u8aToHex, hexToU8a, u8aEq } = require('@polkadot/util');
const { cryptoWaitReady, signatureVerify, blake2AsU8a } = require('@polkadot/util-crypto');

// The subtensor runtime's two custom signed extensions encode to nothing (neither in the extrinsic
// nor in the signed payload). polkadot-js only knows the extensions it ships; declaring these two
// explicitly as empty pins that instead of relying on its unknown-extension fallback.
const SIGNED_EXTENSIONS = {
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} }
};

function fail (msg) {
  throw new Error(msg);
}

// Substrate signs blake2-256(payload) instead of the payload once it exceeds 256 bytes.
function signedMessage (payload) {
  return payload.length > 256 ? blake2AsU8a(payload, 256) : payload;
}

// Turns {"section","method","args"} objects (at any depth) into Call values so batchAll / proxy /
// sudo can take nested calls straight from JSON. Everything else passes through untouched.
function buildArg (api, v) {
  if (Array.isArray(v)) return v.map((x) => buildArg(api, x));
  if (v && typeof v === 'object' && typeof v.section === 'string' && typeof v.method === 'string') {
    return buildTx(api, v).method;
  }
  return v;
}

function buildTx (api, { section, method, args = [] }) {
  const fn = api.tx[section]?.[method] ?? fail(`unknown call ${section}.${method}`);
  return fn(...args.map((a) => buildArg(api, a)));
}

// The payload bytes (call ‖ extra ‖ implicit), never hashed: SignerPayload.toRaw() in
// @polkadot/types 16 is ExtrinsicPayload.toU8a({ method: true }), i.e. un-prefixed call and no
// >256-byte hashing (that happens only inside the signer). We compute both ways and insist they
// agree, so a future polkadot-js change in toRaw cannot silently change what we compare against.
function payloadBytes (api, fields) {
  const sp = api.createType('SignerPayload', { ...fields, version: 4 });
  const viaRaw = hexToU8a(sp.toRaw().data);
  const direct = api.createType('ExtrinsicPayload', sp.toPayload(), { version: 4 }).toU8a({ method: true });
  if (!u8aEq(viaRaw, direct)) fail('SignerPayload.toRaw() differs from ExtrinsicPayload.toU8a({method:true})');
  // What a dApp hands a browser extension (SignerPayloadJSON), for taolight to read and write.
  return { bytes: direct, json: sp.toPayload() };
}

// CheckMetadataHash mode 0 means the implicit part ends with block hash ‖ Option<[u8;32]>::None.
function checkTail (payload, blockHash) {
  const n = payload.length;
  if (payload[n - 1] !== 0) fail('payload does not end with the CheckMetadataHash None byte 0x00');
  if (!u8aEq(payload.subarray(n - 33, n - 1), hexToU8a(blockHash))) fail('payload block hash mismatch');
}

async function connect (url) {
  const provider = new WsProvider(url, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true, signedExtensions: SIGNED_EXTENSIONS });
  // We only speak v4 (signed) extrinsics; a v5 default would change every byte.
  if (api.extrinsicVersion !== 4) fail(`unexpected default extrinsic version ${api.extrinsicVersion}`);
  return api;
}

async function build (api, params, keyType) {
  const { nonce, tip, era_period: period, block_number: blockNumber, block_hash: blockHash, cases } = params;
  if (!Array.isArray(cases)) fail('json-params.cases must be an array');
  if (blockNumber === undefined || !blockHash || !period) fail('json-params needs block_number, block_hash, era_period');
  const pair = new Keyring({ type: keyType, ss58Format: api.registry.chainSS58 ?? 42 }).addFromUri('//Alice');
  const era = api.createType('ExtrinsicEra', { current: blockNumber, period });
  // In @polkadot/api 16 the synchronous Submittable.sign is the bare Extrinsic.sign, which does not
  // fill in chain data (only signAsync/signAndSend do, via makeSignOptions) -- so pass the same
  // fields makeSignOptions would. mode/metadataHash are left unset: CheckMetadataHash mode 0.
  const chain = {
    genesisHash: api.genesisHash, runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions, version: 4
  };
  const out = [];
  for (const c of cases) {
    const tx = buildTx(api, c);
    const call = tx.method.toHex();
    tx.sign(pair, { nonce, tip, era, blockHash, ...chain });
    if (tx.type !== 4 || !tx.isSigned) fail(`case ${c.name}: not a signed v4 extrinsic`);
    const { bytes: payload, json: signerPayloadJson } = payloadBytes(api, {
      method: call, nonce, tip, era, blockHash, blockNumber, address: pair.address, ...chain
    });
    checkTail(payload, blockHash);
    const sig = tx.signature.toU8a();
    const ok = signatureVerify(signedMessage(payload), sig, pair.publicKey).isValid;
    if (!ok) fail(`case ${c.name}: signature does not verify over the computed payload`);
    out.push({
      name: c.name,
      call,
      payload: u8aToHex(payload),
      payload_len: payload.length,
      payload_hashed: payload.length > 256,
      extrinsic: tx.toHex(),
      signature: u8aToHex(sig),
      signer: u8aToHex(pair.publicKey),
      signer_payload_json: signerPayloadJson,
      signature_ok: ok
    });
  }
  return {
    genesis: api.genesisHash.toHex(),
    spec_version: api.runtimeVersion.specVersion.toNumber(),
    tx_version: api.runtimeVersion.transactionVersion.toNumber(),
    key_type: keyType,
    block_number: blockNumber,
    block_hash: blockHash,
    era: era.toHex(),
    cases: out
  };
}

async function decode (api, hex, blockHash) {
  if (!blockHash) fail('decode needs <block-hash> (the checkpoint block the extrinsic was signed against)');
  const ext = api.createType('Extrinsic', hex);
  const res = {
    section: ext.method.section,
    method: ext.method.method,
    args: ext.method.toJSON().args,
    // toJSON turns integers above 2^53 into big-endian hex; toPrimitive keeps them decimal strings.
    args_primitive: ext.method.toPrimitive().args,
    call: ext.method.toHex(),
    is_signed: ext.isSigned,
    version: ext.version
  };
  if (!ext.isSigned) return { ...res, signature_ok: false };
  // Rebuild exactly what polkadot-js would sign for this extrinsic against the current runtime.
  const payload = api.createType('ExtrinsicPayload', {
    method: ext.method.toHex(), era: ext.era, nonce: ext.nonce, tip: ext.tip,
    specVersion: api.runtimeVersion.specVersion, transactionVersion: api.runtimeVersion.transactionVersion,
    genesisHash: api.genesisHash, blockHash, mode: 0
  }, { version: 4 }).toU8a({ method: true });
  const v = signatureVerify(signedMessage(payload), ext.signature.toU8a(), ext.signer.toString());
  return {
    ...res,
    signer: ext.signer.toString(),
    signer_hex: u8aToHex(ext.signer.toU8a().slice(-32)),
    nonce: ext.nonce.toNumber(),
    tip: ext.tip.toString(),
    era: ext.era.toJSON(),
    payload: u8aToHex(payload),
    crypto: v.crypto,
    signature_ok: v.isValid
  };
}

async function main () {
  const [mode, url, arg, arg2] = process.argv.slice(2);
  if (!['build', 'sign-sr25519', 'decode'].includes(mode) || !url || !arg) {
    fail('usage: tx_pjs.mjs build|sign-sr25519 <ws-url> <json-params> | decode <ws-url> <extrinsic-hex> <block-hash>');
  }
  await cryptoWaitReady();
  const api = await connect(url);
  try {
    const result = mode === 'decode'
      ? await decode(api, arg, arg2)
      : await build(api, JSON.parse(arg), mode === 'build' ? 'ed25519' : 'sr25519');
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await api.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    // A refused websocket rejects with a DOM-style ErrorEvent, not an Error; keep its message.
    const msg = e instanceof Error ? e.stack : `${e?.type ?? 'error'}: ${e?.message ?? e?.error?.message ?? String(e)}`;
    process.stderr.write(`tx_pjs: ${msg}\n`);
    process.exit(1);
  }
);
