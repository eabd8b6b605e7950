// The devnet process: chopsticks (the real subtensor runtime, executed from the raw chain spec)
// plus the genesis preparation, the timed block mode and a clean shutdown.
//
// Started by `tests/devnet/devnet up` as the leader of its own process group with stdout/stderr
// going to the log file. Not meant to be run by hand; see the README.
//
//   node launcher.mjs --node-dir DIR --chain-spec FILE --state-root DIR --token T
//                     [--port N] [--block-mode instant|manual|timed:MS] [--watch-pid PID]
//
// Handshake with the caller: the caller creates STATE_ROOT/starting-T/ and points the log into it.
// Once the server listens, the genesis is prepared and a JSON-RPC round trip succeeded, this
// process renames that directory to STATE_ROOT/<port>/, writes pid, url and info.json into it,
// and finally writes STATE_ROOT/ready-T (the port) for the caller to pick up.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFirstBlock, apply as prepareGenesis } from './genesis.mjs';

const log = (msg) => process.stderr.write(`[devnet ${new Date().toISOString()}] ${msg}\n`);

function parseArgs(argv) {
  const opts = { port: 0, host: '127.0.0.1', blockMode: 'instant', watchPid: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    switch (flag) {
      case '--node-dir': opts.nodeDir = value; break;
      case '--chain-spec': opts.chainSpec = value; break;
      case '--state-root': opts.stateRoot = value; break;
      case '--token': opts.token = value; break;
      case '--port': opts.port = Number(value); break;
      case '--block-mode': opts.blockMode = value; break;
      case '--watch-pid': opts.watchPid = Number(value); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  for (const k of ['nodeDir', 'chainSpec', 'stateRoot', 'token']) {
    if (!opts[k]) throw new Error(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is required`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad --port');
  const m = /^(instant|manual|timed:(\d+))$/.exec(opts.blockMode);
  if (!m) throw new Error(`bad --block-mode ${opts.blockMode}`);
  opts.timedMs = m[2] ? Number(m[2]) : 0;
  if (m[2] && opts.timedMs < 50) throw new Error('timed block interval must be at least 50 ms');
  return opts;
}

const writeAtomic = (path, text) => {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};

/** One JSON-RPC call over HTTP POST (chopsticks serves HTTP and WebSocket on the same port). */
async function rpc(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const requireNode = createRequire(join(opts.nodeDir, 'package.json'));
  const { BuildBlockMode, destroyWorker, setupWithServer } = requireNode('@acala-network/chopsticks');

  // Timed mode builds blocks from our own timer, so chopsticks itself runs in Manual mode:
  // submitted transactions wait in the pool for the next tick, as on a real chain.
  const buildBlockMode = opts.blockMode === 'instant' ? BuildBlockMode.Instant : BuildBlockMode.Manual;
  const started = Date.now();
  const ctx = await setupWithServer({
    'chain-spec': opts.chainSpec,
    host: opts.host,
    // 0 lets the OS pick a free port. With a fixed port chopsticks silently tries the next 9
    // ports when it is taken; that is checked below.
    port: opts.port,
    'build-block-mode': buildBlockMode,
  });
  const port = Number(ctx.addr.split(':').pop());
  let stopping = false;
  let stopTimed = () => {};
  let publishedDir = null;
  // Clean up after ourselves whatever stopped us (down, a watched pid, a signal); `down` removes
  // the dir too, for instances that were killed. TAOLIGHT_DEVNET_KEEP_LOGS=1 keeps the log.
  const removeStateDir = () => {
    if (!publishedDir) return;
    try {
      const logFile = join(publishedDir, 'chain.log');
      if (process.env.TAOLIGHT_DEVNET_KEEP_LOGS === '1' && existsSync(logFile)) {
        const logs = join(opts.stateRoot, 'logs');
        mkdirSync(logs, { recursive: true });
        renameSync(logFile, join(logs, `${port}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`));
      }
      rmSync(publishedDir, { recursive: true, force: true });
    } catch (e) {
      log(`cleanup: ${e.message}`);
    }
  };
  const timers = [];
  const shutdown = async (why, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    timers.forEach(clearInterval);
    stopTimed();
    // Never hang on close: the caller kills the whole group anyway after a grace period.
    setTimeout(() => {
      removeStateDir();
      process.exit(code);
    }, 3000).unref();
    try {
      await ctx.close();
      await destroyWorker(); // the wasm executor thread
    } catch (e) {
      log(`close: ${e.message}`);
    }
    removeStateDir();
    process.exit(code);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => shutdown(sig));

  if (opts.port !== 0 && port !== opts.port) {
    log(`port ${opts.port} is in use (chopsticks moved to ${port}); refusing`);
    await ctx.close().catch(() => {});
    process.exit(3);
  }
  log(`chopsticks listening on ${ctx.addr} after ${Date.now() - started} ms, block mode ${opts.blockMode}`);

  const retried = await ensureFirstBlock(ctx.chain, requireNode);
  if (retried) log(retried);
  const written = await prepareGenesis(ctx.chain, requireNode);
  for (const w of written) {
    log(`set ${w.pallet}.${w.item}(${w.args.join(',')}) = ${w.value}  # ${w.why}`);
  }

  const url = `ws://${opts.host}:${port}`;
  const httpUrl = `http://${opts.host}:${port}`;
  const head = await rpc(httpUrl, 'chain_getHeader');
  log(`JSON-RPC answers; head #${Number(head.number)}`);

  if (opts.timedMs) {
    // A block every timedMs ms, start to start (dev_newBlock's work, done in process). When
    // building takes longer than the interval, the next block starts right after: never two at once.
    let next;
    const tick = async () => {
      if (stopping) return;
      const t0 = Date.now();
      try {
        await ctx.chain.newBlock();
      } catch (e) {
        log(`timed block failed: ${e.message}`);
      }
      if (!stopping) next = setTimeout(tick, Math.max(0, opts.timedMs - (Date.now() - t0)));
    };
    next = setTimeout(tick, opts.timedMs);
    stopTimed = () => clearTimeout(next);
  }

  if (opts.watchPid) {
    // Stop when the owner (e.g. a test binary that cannot run destructors for statics) is gone.
    timers.push(setInterval(() => {
      try {
        process.kill(opts.watchPid, 0);
      } catch (e) {
        if (e.code === 'ESRCH') shutdown(`watched pid ${opts.watchPid} exited`);
      }
    }, 500));
  }

  // Publish: move the starting dir to its port-named place, then signal readiness.
  const startDir = join(opts.stateRoot, `starting-${opts.token}`);
  const dir = join(opts.stateRoot, String(port));
  if (existsSync(dir)) {
    // Left by an instance that died without cleanup: the OS just gave us its port, so it is gone.
    rmSync(dir, { recursive: true, force: true });
  }
  if (existsSync(startDir)) renameSync(startDir, dir);
  else mkdirSync(dir, { recursive: true });
  publishedDir = dir;
  const info = {
    url, port, pid: process.pid, block_mode: opts.blockMode, chain_spec: opts.chainSpec,
    watch_pid: opts.watchPid || null, started_at: new Date(started).toISOString(),
    ready_ms: Date.now() - started,
  };
  writeAtomic(join(dir, 'info.json'), `${JSON.stringify(info, null, 2)}\n`);
  writeAtomic(join(dir, 'pid'), `${process.pid}\n`);
  writeAtomic(join(dir, 'url'), `${url}\n`);
  writeAtomic(join(opts.stateRoot, `ready-${opts.token}`), `${port}\n`);
  log(`ready: ${url}`);

  // When `down` removed our directory but the signal got lost, there is nothing left to own us.
  timers.push(setInterval(() => {
    if (!existsSync(join(dir, 'pid'))) {
      shutdown('state dir removed');
    } else if (readFileSync(join(dir, 'pid'), 'utf8').trim() !== String(process.pid)) {
      publishedDir = null; // not ours any more: leave it alone
      shutdown('state dir taken over');
    }
  }, 2000));
}

main().catch((e) => {
  log(`failed: ${e.stack || e}`);
  process.exit(3);
});
