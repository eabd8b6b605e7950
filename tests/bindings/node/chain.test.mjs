// The wasm chain client (crate taolight-wasm, feature `chain`) from Node, against a local real
// chain (chopsticks on the genuine spec-218 runtime, started here with `tests/devnet/devnet`).
//
// Run through tests/bindings/node/run.sh, or directly (Node 20 needs its WebSocket flag):
//   TAOLIGHT_WASM_PKG_FULL=<dir with taolight_wasm.js> node --experimental-websocket --test \
//     tests/bindings/node/chain.test.mjs
//
// Balances are cross-checked with @polkadot/api (the devnet's pinned 16.5.6), an independent
// reader of the same chain.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ApiPromise, WsProvider, SIGNED_EXTENSIONS, startDevnet, withTimeout } from '../../devnet/test/helpers.mjs';

const pkg = process.env.TAOLIGHT_WASM_PKG_FULL;
if (!pkg) throw new Error('set TAOLIGHT_WASM_PKG_FULL to the wasm-bindgen output of the `chain` build');
const tl = createRequire(import.meta.url)(join(pkg, 'taolight_wasm.js'));
if (typeof WebSocket === 'undefined') throw new Error('no global WebSocket: run node with --experimental-websocket (Node 20) or Node 22+');

const TAO = 1_000_000_000n;
let devnet, client, api;

before(async () => {
  devnet = await startDevnet();
  client = await tl.Client.connect(devnet.url, { timeoutMs: 30_000 });
  clients.push(client);
  api = await withTimeout(ApiPromise.create({ provider: new WsProvider(devnet.url), signedExtensions: SIGNED_EXTENSIONS, noInitWarn: true }), 60_000, 'polkadot-js connect');
});

// Freed while their sockets are open (close.test.mjs tests that no late event throws then).
const clients = [];
after(async () => {
  for (const c of clients) c.free();
  await api?.disconnect();
  await new Promise((r) => setTimeout(r, 300));
  await devnet?.stop();
});

const pjsFree = async (address) => (await api.query.system.account(address)).data.free.toBigInt();

function expectTaolightError(code) {
  return (e) => {
    assert.equal(e.name, 'TaolightError', `${e}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    assert.ok(e.message.length > 0);
    return true;
  };
}

test('connects and reads heads and the runtime version', async () => {
  // chopsticks started from a raw spec reports frame_system's placeholder genesis.
  assert.equal(client.genesisHash, '0x' + '45'.repeat(32));
  assert.equal(client.url, devnet.url);
  const v = await client.runtimeVersion();
  assert.equal(v.specName, 'node-subtensor');
  assert.equal(v.specVersion, 218);
  assert.equal(v.transactionVersion, 1);
  const fin = await client.finalizedHead();
  const best = await client.bestHead();
  assert.ok(Number.isInteger(fin.number) && best.number >= fin.number);
  assert.equal((await api.rpc.chain.getBlockHash(fin.number)).toHex(), fin.hash);
  const info = await client.chainInfo();
  assert.deepEqual(info, { genesisHash: client.genesisHash, specVersion: 218, txVersion: 1 });
  const md = await client.metadata();
  assert.equal(md.specVersion, 218);
  assert.ok(md.hasCall('SubtensorModule', 'add_stake'));
});

test('balance equals what polkadot-js reads', async () => {
  const alice = tl.Keypair.fromUri('//Alice').ss58Address();
  const b = await client.balance(alice);
  assert.equal(typeof b.free, 'bigint');
  assert.equal(b.free, await pjsFree(alice));
  assert.equal(b.transferable, b.free - b.frozen);
  const nobody = tl.Keypair.generate().ss58Address();
  assert.deepEqual(await client.balance(nobody), { free: 0n, reserved: 0n, frozen: 0n, transferable: 0n, nonce: 0 });
});

test('a transfer: fee estimate, status callbacks, events, balances moved', async () => {
  const alice = tl.Keypair.fromUri('//Alice');
  const dest = tl.Keypair.generate().ss58Address();
  const amount = 3n * TAO + 12345n;
  const call = tl.transferKeepAlive(dest, amount);
  const before = await pjsFree(alice.ss58Address());
  const fee = await client.estimateFee(call, alice.ss58Address());
  assert.ok(fee.partialFee > 0n, `fee ${fee.partialFee}`);
  const statuses = [];
  const out = await client.signAndSubmit(call, alice, { onStatus: (s) => statuses.push(s) });
  assert.match(out.hash, /^0x[0-9a-f]{64}$/);
  assert.ok(Number.isInteger(out.blockNumber) && out.blockNumber >= 1, `${out.blockNumber}`);
  assert.equal(out.finalized, false);
  assert.ok(statuses.some((s) => s.type === 'inBlock' && s.hash === out.blockHash), JSON.stringify(statuses));
  const transfer = out.events.find((e) => e.pallet === 'Balances' && e.name === 'Transfer');
  assert.ok(transfer, out.events.map((e) => `${e.pallet}.${e.name}`).join(' '));
  assert.equal(transfer.fields.to, dest);
  assert.equal(transfer.fields.amount, amount);
  const paid = out.events.find((e) => e.name === 'TransactionFeePaid').fields.actual_fee;
  assert.equal(paid, fee.partialFee, 'the estimate is the fee paid on the devnet');
  assert.equal(await pjsFree(dest), amount);
  assert.equal(before - (await pjsFree(alice.ss58Address())), amount + paid);
});

test('waitFor finalized, and a transaction signed offline through submitAndWatch', async () => {
  const bob = tl.Keypair.fromUri('//Bob');
  const dest = tl.Keypair.generate().ss58Address();
  const md = await client.metadata();
  const head = await client.finalizedHead();
  const payload = tl.buildSigningPayload(md, tl.transferKeepAlive(dest, 2n * TAO), await client.chainInfo(), {
    nonce: await client.nextNonce(bob.ss58Address()), blockNumber: head.number, blockHash: head.hash,
  });
  const signed = payload.sign(bob);
  const statuses = [];
  const out = await client.submitAndWatch(signed, { waitFor: 'finalized', onStatus: (s) => statuses.push(s.type) });
  assert.equal(out.finalized, true);
  assert.ok(statuses.includes('finalized'), statuses.join(','));
  assert.equal(await pjsFree(dest), 2n * TAO);
});

test('status queries: subnets, an unregistered hotkey, a stake list', async () => {
  const subnets = await client.subnets();
  const one = subnets.find((s) => s.netuid === 1);
  assert.ok(one, subnets.map((s) => s.netuid).join(','));
  // The devnet sets subnet 1 fast and cheap: tempo 10, burn 0.1 TAO.
  assert.equal(one.tempo, 10);
  assert.equal(one.burn, TAO / 10n);
  assert.equal(typeof one.pool.taoIn, 'bigint');
  const hotkey = tl.Keypair.generate().ss58Address();
  const [st] = await client.neuronStatus(hotkey, 1);
  assert.equal(st.hotkey, hotkey);
  assert.equal(st.netuid, 1);
  assert.equal(st.registered, null);
  const stake = await client.stake(tl.Keypair.generate().ss58Address());
  assert.deepEqual(stake.positions, []);
  assert.equal(stake.totalTaoValue, 0n);
});

test('metagraph and delegates after a registration and a stake, checked against storage', async () => {
  // Alice registers a fresh hotkey on subnet 1 and stakes to it, through the wasm Client.
  const alice = tl.Keypair.fromUri('//Alice');
  const hot = tl.Keypair.generate().ss58Address();
  const reg = await client.signAndSubmit(tl.burnedRegister(1, hot), alice);
  const registered = reg.events.find((e) => e.name === 'NeuronRegistered');
  assert.ok(registered, reg.events.map((e) => `${e.pallet}.${e.name}`).join(' '));
  await client.signAndSubmit(tl.addStake(hot, 1, 5n * TAO), alice, { waitFor: 'finalized' });

  const mg = await client.metagraph(1);
  assert.equal(mg.netuid, 1);
  // Every uid's hotkey and the neuron count, read independently by polkadot-js from storage.
  const n = (await api.query.subtensorModule.subnetworkN(1)).toNumber();
  assert.equal(mg.neurons.length, n);
  assert.equal(mg.stakeAlpha.length, n);
  for (const [uid, neuron] of mg.neurons.entries()) {
    assert.equal(neuron.uid, uid);
    assert.equal(neuron.hotkey, (await api.query.subtensorModule.keys(1, uid)).toString(), `uid ${uid}`);
  }
  const mine = mg.neurons.findIndex((x) => x.hotkey === hot);
  assert.ok(mine >= 0, `hotkey ${hot} not in the metagraph`);
  const total = (await api.query.subtensorModule.totalHotkeyAlpha(hot, 1)).toBigInt();
  assert.ok(total > 0n);
  assert.equal(mg.stakeAlpha[mine], total);
  const [st] = await client.neuronStatus(hot, 1);
  assert.equal(st.registered.neuron.uid, mine);

  // Delegates: the runtime's list (one per `Delegates` storage entry), each well formed.
  const delegates = await client.delegates();
  const stored = await api.query.subtensorModule.delegates.entries();
  assert.equal(delegates.length, stored.length);
  const storedTake = new Map(stored.map(([k, v]) => [k.args[0].toString(), v.toNumber()]));
  for (const d of delegates) {
    assert.equal(d.take, storedTake.get(d.hotkey), d.hotkey);
    assert.equal(typeof d.totalTaoValue, 'bigint');
    assert.ok(d.nominators.every((p) => p.hotkey === d.hotkey));
  }
});

test('typed errors: unreachable, bad URL, bad arguments, refused by the pool', async () => {
  await assert.rejects(tl.Client.connect('ws://127.0.0.1:1', { timeoutMs: 5000 }), expectTaolightError('chain.unreachable'));
  await assert.rejects(tl.Client.connect('http://127.0.0.1:1'), expectTaolightError('chain.invalid_network'));
  await assert.rejects(tl.Client.connect(devnet.url, { api: 'newest' }), expectTaolightError('tx.bad_argument'));
  await assert.rejects(client.balance('not an address'), (e) => e.name === 'TaolightError' && e.kind === 'bad_input');
  const alice = tl.Keypair.fromUri('//Alice');
  await assert.rejects(client.signAndSubmit({ pallet: 'Balances', name: 'transfer_keep_alive', args: { dest: { Id: alice.ss58Address() } } }, alice),
    expectTaolightError('tx.missing_argument'));
  // A fresh account cannot pay the fee: the pool refuses it with the cause.
  const poor = tl.Keypair.generate();
  await assert.rejects(client.signAndSubmit(tl.transferKeepAlive(alice.ss58Address(), 1n), poor), (e) => {
    assert.equal(e.code, 'tx.invalid', `${e.code}: ${e.message}`);
    assert.match(e.message, /pay/);
    return true;
  });
});

test('timeouts and AbortSignal cancel calls', async () => {
  const fresh = await tl.Client.connect(devnet.url);
  clients.push(fresh);
  try {
    // A metadata download does not fit in 1 ms.
    await assert.rejects(fresh.withTimeout(1).metadata(), expectTaolightError('chain.timeout'));
    const aborted = new AbortController();
    aborted.abort(new Error('user gave up'));
    await assert.rejects(fresh.balance(tl.Keypair.fromUri('//Alice').ss58Address(), { signal: aborted.signal }), /user gave up/);
    const later = new AbortController();
    const p = fresh.metadata({ signal: later.signal });
    later.abort();
    await assert.rejects(p, (e) => e.name === 'AbortError');
    // The client still works after a cancelled call.
    assert.equal((await fresh.runtimeVersion()).specVersion, 218);
  } finally {
    // Not freed: see the known defect above.
  }
});

test('subscribeHeads reports new finalized blocks until aborted', async () => {
  const heads = [];
  const stop = new AbortController();
  const sub = client.subscribeHeads((h) => heads.push(h), { signal: stop.signal });
  const start = (await client.finalizedHead()).number;
  // Instant block mode: a transaction makes (and finalizes) a block.
  await client.signAndSubmit(tl.transferKeepAlive(tl.Keypair.generate().ss58Address(), TAO), tl.Keypair.fromUri('//Charlie'));
  for (let i = 0; i < 100 && !heads.some((h) => h.number > start); i++) await new Promise((r) => setTimeout(r, 50));
  stop.abort();
  await assert.rejects(sub, (e) => e.name === 'AbortError');
  assert.ok(heads.length >= 2, JSON.stringify(heads));
  assert.ok(heads.some((h) => h.number > start), JSON.stringify(heads));
  for (let i = 1; i < heads.length; i++) assert.ok(heads[i].number > heads[i - 1].number);
});
