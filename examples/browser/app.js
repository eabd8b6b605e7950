// The browser example: a wallet made in the page, its balance, a signed transfer submitted to a
// node over WebSocket. Serve this folder with the web build of the package at ./pkg/
// (tests/bindings/browser/wallet.test.mjs does) and open index.html?rpc=ws://127.0.0.1:9944.
import init, { Client, Keypair, Mnemonic, transferKeepAlive } from './pkg/taolight_wasm.js';

const $ = (id) => document.getElementById(id);
const status = (text, error = false) => { $('status').textContent = text; $('status').className = error ? 'error' : ''; };
const RAO = 1_000_000_000n;
const tao = (rao) => `${rao / RAO}.${(rao % RAO).toString().padStart(9, '0')}`;
// "1.5" -> 1500000000n, exactly (no floating point).
const rao = (text) => {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a TAO amount: ${text}`);
  return BigInt(m[1]) * RAO + BigInt((m[2] ?? '').padEnd(9, '0'));
};

let client, wallet;

async function showBalance () {
  const b = await client.balance(wallet.ss58Address());
  $('balance').textContent = tao(b.free);
  $('balance').dataset.rao = String(b.free);
}

async function guarded (what, fn) {
  try {
    status(`${what}…`);
    await fn();
    status(`${what}: done`);
  } catch (e) {
    status(`${what}: ${e.code ? e.code + ': ' : ''}${e.message}`, true);
  }
}

$('create').onclick = () => guarded('creating the wallet', async () => {
  const mnemonic = Mnemonic.generate(12);
  wallet?.free();
  wallet = Keypair.fromPhrase(mnemonic, undefined, 'sr25519');
  $('mnemonic').textContent = mnemonic.phrase();
  mnemonic.free();
  $('address').textContent = wallet.ss58Address();
  await showBalance();
  $('fund').disabled = $('send').disabled = false;
});

$('fund').onclick = () => guarded('funding from //Alice', async () => {
  const alice = Keypair.fromUri('//Alice');
  try {
    await client.signAndSubmit(transferKeepAlive(wallet.ss58Address(), 10n * RAO), alice, { signal: AbortSignal.timeout(60_000) });
  } finally {
    alice.free();
  }
  await showBalance();
});

$('send').onclick = () => guarded('sending', async () => {
  const call = transferKeepAlive($('dest').value.trim(), rao($('amount').value));
  const fee = await client.estimateFee(call, wallet.ss58Address());
  $('fee').textContent = tao(fee.partialFee);
  const seen = [];
  const out = await client.signAndSubmit(call, wallet, {
    signal: AbortSignal.timeout(60_000),
    onStatus: (s) => { seen.push(s.type); $('result').textContent = `status: ${seen.join(' → ')}`; },
  });
  const ok = out.events.some((e) => e.pallet === 'System' && e.name === 'ExtrinsicSuccess');
  $('result').textContent = `${ok ? 'InBlock' : 'Failed'} #${out.blockNumber} tx ${out.hash} (${seen.join(' → ')})`;
  $('result').dataset.block = String(out.blockNumber);
  await showBalance();
});

await init();
const rpc = new URLSearchParams(location.search).get('rpc') ?? 'ws://127.0.0.1:9944';
$('node').textContent = rpc;
await guarded('connecting', async () => {
  client = await Client.connect(rpc, { timeoutMs: 30_000 });
  const v = await client.runtimeVersion();
  $('chain').textContent = `${v.specName} v${v.specVersion}, finalized #${(await client.finalizedHead()).number}`;
});
document.body.dataset.ready = client ? 'yes' : 'failed';
