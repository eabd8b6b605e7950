// Tests of the devnet tool itself: block modes, process lifecycle, and the recovery from
// chopsticks' first-block race. These always start their own chains (TAOLIGHT_RPC_URL is
// ignored): an external node's block mode is not ours to set.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TAO, apply, ensureFirstBlock } from '../lib/genesis.mjs';
import {
  DEVNET, chainSpecPath, connect, headNumber, isAlive, keyring, requireNode, signAndWait, sleep,
  startDevnet, stateRoot, waitFor, withTimeout,
} from './helpers.mjs';

/** Start a private devnet, run `body(api, devnet)`, always stop it and check nothing is left. */
async function withDevnet(blockMode, body) {
  const devnet = await startDevnet({ blockMode, own: true });
  let api;
  try {
    api = await connect(devnet.url);
    await body(api, devnet);
  } finally {
    await api?.disconnect().catch(() => {});
    await devnet.stop();
    assert.equal(isAlive(devnet.pid), false, `launcher ${devnet.pid} still alive after down`);
    assert.equal(existsSync(join(stateRoot(), String(devnet.port))), false, 'state dir left behind');
  }
}

describe('devnet block modes', { timeout: 600_000 }, () => {
  test('manual: blocks only advance on dev_newBlock', async (t) => {
    await withDevnet('manual', async (api) => {
      const h0 = await headNumber(api);
      const k = keyring();
      const alice = k.addFromUri('//Alice');
      const bob = k.addFromUri('//Bob');
      const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();

      // A submitted transaction waits in the pool: no block is built for it.
      const inclusion = signAndWait(api, api.tx.balances.transferKeepAlive(bob.address, TAO), alice,
        { timeout: 60_000 });
      await waitFor(async () => (await api.rpc.author.pendingExtrinsics()).length > 0, 30_000, 'tx in pool');
      await sleep(2000);
      assert.equal(await headNumber(api), h0, 'head moved without dev_newBlock');

      const t0 = performance.now();
      await withTimeout(api._rpcCore.provider.send('dev_newBlock', [{ count: 1 }]), 30_000, 'dev_newBlock');
      t.diagnostic(`dev_newBlock with one transfer took ${(performance.now() - t0).toFixed(0)} ms`);
      const r = await inclusion;
      assert.equal(r.error, null);
      assert.equal(await headNumber(api), h0 + 1);
      const bobAfter = (await api.query.system.account(bob.address)).data.free.toBigInt();
      assert.equal(bobAfter - bobBefore, TAO);

      await withTimeout(api._rpcCore.provider.send('dev_newBlock', [{ count: 3 }]), 60_000, 'dev_newBlock x3');
      assert.equal(await headNumber(api), h0 + 4);
      await sleep(1500);
      assert.equal(await headNumber(api), h0 + 4, 'head moved by itself in manual mode');
    });
  });

  test('timed:500: blocks advance by themselves and include transactions', async (t) => {
    await withDevnet('timed:500', async (api) => {
      // Time four blocks from the moment one was first seen (polling adds up to 100 ms of error).
      const h0 = await headNumber(api);
      const h1 = await waitFor(async () => { const h = await headNumber(api); return h > h0 && h; },
        30_000, 'a first timed block', 20);
      const t0 = performance.now();
      await waitFor(async () => (await headNumber(api)) >= h1 + 4, 30_000, 'four more timed blocks', 20);
      const perBlock = (performance.now() - t0) / 4;
      t.diagnostic(`~${perBlock.toFixed(0)} ms per block at timed:500`);
      assert.ok(perBlock >= 400, `blocks came faster than the interval (${perBlock} ms)`);
      assert.ok(perBlock < 5000, `blocks came far slower than the interval (${perBlock} ms)`);

      const k = keyring();
      const r = await signAndWait(api,
        api.tx.balances.transferKeepAlive(k.addFromUri('//Charlie').address, TAO), k.addFromUri('//Dave'),
        { timeout: 30_000 });
      assert.equal(r.error, null);
      t.diagnostic(`transfer included after ${r.ms.toFixed(0)} ms without dev_newBlock`);
    });
  });
});

describe('devnet lifecycle', { timeout: 300_000 }, () => {
  test('a devnet watching a pid stops and cleans up by itself when that process exits', async () => {
    // Stand-in for a test binary that never runs destructors (Rust statics, a crash, SIGKILL).
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
    try {
      const env = { ...process.env };
      delete env.TAOLIGHT_RPC_URL;
      const url = await new Promise((resolve, reject) => {
        execFile(DEVNET, ['up', '--watch-pid', String(owner.pid)], { env, timeout: 240_000, encoding: 'utf8' },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`))
            : resolve(stdout.trim().split('\n').pop())));
      });
      const dir = join(stateRoot(), new URL(url).port);
      const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
      assert.ok(isAlive(pid));
      owner.kill('SIGKILL');
      await waitFor(() => !isAlive(pid), 20_000, `launcher ${pid} to exit after its owner died`);
      assert.equal(existsSync(dir), false, 'state dir left behind');
    } finally {
      owner.kill('SIGKILL');
    }
  });
});

describe('chopsticks first-block race', { timeout: 300_000 }, () => {
  test('a failed block #1 (slot/timestamp race) is rebuilt and the chain works', async () => {
    // Reproduce the race deterministically: during setup Date.now() jumps 1.5 s per call, so the
    // slot chopsticks puts in the digest and the timestamp inherent disagree (3 s slots).
    // In process, chopsticks would log every block (and the forced failure) into the test output;
    // it reads LOG_LEVEL when first loaded.
    process.env.LOG_LEVEL ??= 'fatal';
    const { destroyWorker, setupWithServer } = requireNode('@acala-network/chopsticks');
    const realNow = Date.now;
    let calls = 0;
    const base = Math.floor(realNow() / 3000) * 3000 + 2000;
    Date.now = () => base + 1500 * calls++;
    let ctx;
    try {
      ctx = await setupWithServer({
        'chain-spec': chainSpecPath(), port: 0, host: '127.0.0.1', 'build-block-mode': 'Manual',
      });
    } finally {
      Date.now = realNow;
    }
    try {
      assert.equal(ctx.chain.head.number, 0, 'the forced race should have failed block #1');
      const msg = await ensureFirstBlock(ctx.chain, requireNode);
      assert.match(msg, /rebuilt/);
      assert.equal(ctx.chain.head.number, 1);
      await apply(ctx.chain, requireNode);
      await ctx.chain.newBlock();
      assert.equal(ctx.chain.head.number, 2);
      // Signed transactions validate again (on the stuck chain they failed with badProof).
      const api = await connect(`ws://${ctx.addr}`);
      try {
        const k = keyring();
        const inclusion = signAndWait(api, api.tx.balances.transferKeepAlive(k.addFromUri('//Bob').address, TAO),
          k.addFromUri('//Alice'), { timeout: 60_000 });
        await waitFor(async () => (await api.rpc.author.pendingExtrinsics()).length > 0, 30_000, 'tx in pool');
        await ctx.chain.newBlock();
        assert.equal((await inclusion).error, null);
      } finally {
        await api.disconnect();
      }
    } finally {
      await ctx.close();
      // chopsticks' wasm executor worker outlives close() and would keep this process alive.
      await destroyWorker();
    }
  });
});
