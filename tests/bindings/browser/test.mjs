// The browser tests of the wasm package (crate taolight-wasm, wasm-bindgen --target web), run
// in headless Chromium by tests/bindings/browser/run.sh. Offline: everything is fetched from the
// loopback http.server that serves this page, pkg/ and fixtures/.
//
// Each test writes "ok NAME (MS ms)" or "FAIL NAME" (then the error, indented) into <pre id="log">; at the end
// <pre id="result"> holds "PASS n/n" or "FAIL k/n" followed by the same lines, and
// <body data-done="1"> is set. A module that does not load or an uncaught error makes index.html
// write a failing #result; a page that hangs writes none, and run.sh fails at its deadline.
//
// Query parameters: ?nacl=1 also runs the $NACL keyfile round trip (Argon2i, 512 MiB, 8 passes).

import init, * as tl from './pkg/taolight_wasm.js';

const params = new URLSearchParams(location.search);
const logEl = document.getElementById('log');
const lines = [];
const log = (line) => {
  lines.push(line);
  logEl.textContent = lines.join('\n');
};

const ALICE_SR = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_ED = '5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

const hex = (bytes) => '0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (h) => {
  const s = h.replace(/^0x/, '');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
};

class AssertionError extends Error {}
function ok(cond, msg) {
  if (!cond) throw new AssertionError(msg || 'assertion failed');
}
function eq(actual, expected, what = 'value') {
  if (actual !== expected) throw new AssertionError(`${what}: expected ${expected}, got ${actual}`);
}
/** `fn` must throw a TaolightError with `code`; returns it. */
function throwsCode(fn, code) {
  try {
    fn();
  } catch (e) {
    ok(e instanceof Error, `expected an Error, got ${e}`);
    eq(e.name, 'TaolightError', 'error name');
    eq(e.code, code, `error code (${e.message})`);
    ok(typeof e.message === 'string' && e.message.length > 0, 'error message is empty');
    return e;
  }
  throw new AssertionError(`expected a TaolightError ${code}, nothing was thrown`);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

async function fetchBytes(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

// Filled by the first tests; the later ones need them.
let PJS;
let md;

test('wasm instantiates (instantiateStreaming, application/wasm)', async () => {
  const r = await fetch('./pkg/taolight_wasm_bindgen_bg.wasm', { method: 'HEAD' });
  eq(r.headers.get('content-type'), 'application/wasm', 'Content-Type of the .wasm');
  await init({ module_or_path: new URL('./pkg/taolight_wasm_bindgen_bg.wasm', import.meta.url) });
  ok(typeof tl.buildSigningPayload === 'function', 'exports missing');
});

test('platform randomness: crypto.getRandomValues is what the wasm draws from', () => {
  ok(globalThis.crypto && typeof crypto.getRandomValues === 'function', 'no crypto.getRandomValues');
  ok(window.isSecureContext, 'not a secure context (loopback http must be one)');
});

test('Mnemonic.generate + Keypair.fromPhrase: fresh, valid, distinct', () => {
  const a = tl.Mnemonic.generate();
  const b = tl.Mnemonic.generate(24);
  eq(a.wordCount, 12, 'word count');
  eq(b.wordCount, 24, 'word count');
  eq(a.phrase().split(' ').length, 12, 'words in the phrase');
  ok(a.phrase() !== tl.Mnemonic.generate().phrase(), 'two generated mnemonics are equal');
  eq(tl.Mnemonic.parse(a.phrase()).phrase(), a.phrase(), 'parse(phrase()).phrase()');
  const pair = tl.Keypair.fromPhrase(a);
  eq(pair.scheme, 'sr25519', 'default scheme');
  eq(pair.publicKey.length, 32, 'public key length');
  ok(pair.ss58Address().startsWith('5'), pair.ss58Address());
  eq(tl.Keypair.fromMnemonic(a.phrase()).ss58Address(), pair.ss58Address(), 'fromMnemonic = fromPhrase');
  ok(tl.Keypair.fromPhrase(a, 'pw').ss58Address() !== pair.ss58Address(), 'BIP39 password ignored');
  const ed = tl.Keypair.fromPhrase(b, undefined, 'ed25519');
  eq(ed.scheme, 'ed25519', 'scheme');
  const r1 = tl.Keypair.generate();
  ok(hex(r1.publicKey) !== hex(tl.Keypair.generate().publicKey), 'two random key pairs are equal');
  for (const k of [a, b, pair, ed, r1]) k.free();
  throwsCode(() => tl.Mnemonic.generate(13), 'key.invalid_word_count');
  throwsCode(() => tl.Mnemonic.parse('bottom drive obey'), 'key.invalid_word_count');
});

test('//Alice SS58 and sign/verify (sr25519 and ed25519)', () => {
  const alice = tl.Keypair.fromUri('//Alice');
  eq(alice.ss58Address(), ALICE_SR, '//Alice sr25519');
  eq(tl.Keypair.fromUri('//Alice', 'ed25519').ss58Address(), ALICE_ED, '//Alice ed25519');
  const message = new TextEncoder().encode('taolight in a browser');
  for (const scheme of ['sr25519', 'ed25519']) {
    const pair = tl.Keypair.fromUri('//Alice', scheme);
    const sig = pair.sign(message);
    eq(sig.length, 64, 'signature length');
    eq(tl.verify(message, sig, pair.ss58Address(), scheme), true, `${scheme} verify`);
    eq(tl.verify(new TextEncoder().encode('other'), sig, pair.ss58Address(), scheme), false, `${scheme} wrong message`);
    eq(tl.verify(message, sig, tl.Keypair.fromUri('//Bob', scheme).ss58Address(), scheme), false, `${scheme} wrong signer`);
  }
  // sr25519 signatures are randomised (from crypto.getRandomValues).
  ok(hex(alice.sign(message)) !== hex(alice.sign(message)), 'two sr25519 signatures are equal');
});

test('keyfile round trip (plain JSON, as bittensor-wallet writes it)', () => {
  const alice = tl.Keypair.fromUri('//Alice');
  const bytes = tl.keyfileEncode(alice);
  eq(tl.keyfileIsEncrypted(bytes), false, 'keyfileIsEncrypted');
  const json = JSON.parse(new TextDecoder().decode(bytes));
  eq(json.ss58Address, ALICE_SR, 'ss58Address field');
  eq(tl.keyfileDecode(bytes).ss58Address(), ALICE_SR, 'decoded');
  const pub = JSON.parse(new TextDecoder().decode(tl.publicKeyfileEncode(alice)));
  eq(pub.ss58Address, ALICE_SR, 'public keyfile');
  const m = tl.Mnemonic.generate();
  const withPhrase = JSON.parse(new TextDecoder().decode(tl.keyfileEncodeMnemonic(m)));
  eq(withPhrase.secretPhrase, m.phrase(), 'secretPhrase');
  throwsCode(() => tl.keyfileDecode(new Uint8Array()), 'keyfile.truncated');
});

if (params.get('nacl') === '1') {
  test('$NACL keyfile round trip (Argon2i 512 MiB, 8 passes)', () => {
    const sealed = tl.keyfileEncode(tl.Keypair.fromUri('//Alice'), 'browser-pw');
    eq(new TextDecoder().decode(sealed.slice(0, 5)), '$NACL', 'prefix');
    eq(tl.keyfileDecode(sealed, 'browser-pw').ss58Address(), ALICE_SR, 'decoded');
    throwsCode(() => tl.keyfileDecode(sealed, 'wrong'), 'keyfile.wrong_password');
  });
}

test('fetch the recorded fixtures and load the spec-218 metadata', async () => {
  PJS = await (await fetch('./fixtures/polkadot-js-transfer-spec218.json')).json();
  const bytes = await fetchBytes('./fixtures/spec218.scale');
  md = tl.Metadata.fromBytes(218, bytes);
  eq(md.specVersion, 218, 'specVersion');
  eq(JSON.stringify(md.extensions()), JSON.stringify(PJS.signerPayloadJSON.signedExtensions), 'extensions');
  eq(md.hasCall('Balances', 'transfer_keep_alive'), true, 'hasCall transfer_keep_alive');
});

function transferInputs() {
  const i = PJS.inputs;
  return {
    call: { pallet: 'Balances', name: 'transfer_keep_alive', args: { dest: { Id: i.dest }, value: BigInt(i.amount) } },
    chain: { genesisHash: i.genesisHash, specVersion: i.specVersion, txVersion: i.txVersion },
    params: { nonce: i.nonce, tip: BigInt(i.tip), eraPeriod: i.eraPeriod, blockNumber: i.blockNumber, blockHash: i.blockHash },
  };
}

test('buildSigningPayload: the recorded transfer equals polkadot-js byte for byte', () => {
  const { call, chain, params } = transferInputs();
  const signer = tl.Keypair.fromUri(PJS.inputs.signerUri, PJS.inputs.signerScheme);
  eq(signer.ss58Address(), PJS.inputs.signerAddress, 'signer');
  const payload = tl.buildSigningPayload(md, call, chain, params);
  eq(hex(payload.call), PJS.call, 'call');
  eq(hex(payload.bytes()), PJS.payload, 'signing payload');
  eq(payload.sign(signer), PJS.extrinsic, 'extrinsic');
  eq(tl.buildSigningPayload(md, tl.transferKeepAlive(PJS.inputs.dest, PJS.inputs.amount), chain, params).sign(signer),
    PJS.extrinsic, 'extrinsic from the typed builder');
  const json = tl.buildSignerPayloadJson(md, call, chain, params, PJS.inputs.signerAddress);
  eq(JSON.stringify(json), JSON.stringify(PJS.signerPayloadJSON), 'buildSignerPayloadJson');
});

test('signerPayloadJson: an extension signing the recorded SignerPayloadJSON gives 0x00 ‖ the recorded signature', () => {
  const signer = tl.Keypair.fromUri(PJS.inputs.signerUri, PJS.inputs.signerScheme);
  const sig = tl.signerPayloadJson(md, PJS.signerPayloadJSON, signer);
  // In the extrinsic: length (2), version (1), address kind (1), signer (32), then kind ‖ 64 bytes.
  const recorded = unhex(PJS.extrinsic).slice(37, 37 + 64);
  eq(sig, '0x00' + hex(recorded).slice(2), 'signature');
  eq(tl.verify(unhex(PJS.payload), recorded, PJS.inputs.signerAddress, 'ed25519'), true, 'recorded signature verifies');
  const text = tl.describeSignerPayload(md, PJS.signerPayloadJSON);
  ok(/Balances\.transfer_keep_alive/.test(text) && text.includes(BOB), text);
});

test('decodeExtrinsic round trip (recorded ed25519 and a fresh sr25519 one)', () => {
  const d = tl.decodeExtrinsic(md, PJS.extrinsic);
  eq(d.pallet, 'Balances', 'pallet');
  eq(d.name, 'transfer_keep_alive', 'name');
  eq(d.signer, ALICE_ED, 'signer');
  eq(d.scheme, 'ed25519', 'scheme');
  eq(d.nonce, PJS.inputs.nonce, 'nonce');
  eq(d.tip, BigInt(PJS.inputs.tip), 'tip');
  eq(d.args.dest.Id, BOB, 'dest');
  eq(d.args.value, BigInt(PJS.inputs.amount), 'value');
  const { chain, params } = transferInputs();
  const again = tl.buildSigningPayload(md, { pallet: d.pallet, name: d.name, args: d.args }, chain, params);
  eq(hex(again.bytes()), PJS.payload, 'payload rebuilt from the decoded call');

  const alice = tl.Keypair.fromUri('//Alice');
  const xt = again.sign(alice);
  const d2 = tl.decodeExtrinsic(md, xt);
  eq(d2.signer, ALICE_SR, 'sr25519 signer');
  eq(d2.scheme, 'sr25519', 'sr25519 scheme');
  eq(tl.verify(again.toSign(), d2.signature, d2.signer, d2.scheme), true, 'decoded signature verifies');
  throwsCode(() => tl.decodeExtrinsic(md, '0xdeadbeef'), 'tx.decode');
});

test('SubtensorModule.unstake_all on spec 218: TaolightError tx.not_supported_by_runtime', () => {
  const { chain, params } = transferInputs();
  const e = throwsCode(() => tl.buildSigningPayload(md, tl.unstakeAll(BOB), chain, params), 'tx.not_supported_by_runtime');
  ok(/SubtensorModule\.unstake_all/.test(e.message), e.message);
  eq(e.kind, 'bad_input', 'kind');
});

async function main() {
  let failed = 0;
  for (const { name, fn } of tests) {
    const start = performance.now();
    try {
      await fn();
      log(`ok ${name} (${Math.round(performance.now() - start)} ms)`);
    } catch (e) {
      failed++;
      const why = String(e && e.stack ? `${e.message}\n${e.stack}` : e);
      log(`FAIL ${name}\n${why.replace(/^/gm, '    ')}`);
    }
  }
  const result = document.createElement('pre');
  result.id = 'result';
  const n = tests.length;
  const summary = failed ? `FAIL ${failed}/${n} failed` : `PASS ${n}/${n}`;
  result.textContent = `${summary}\n${lines.join('\n')}\n`;
  document.body.append(result);
  document.body.dataset.done = '1';
}

main().catch((e) => log(`FAIL page\n    ${e && e.stack ? e.stack : e}`));
