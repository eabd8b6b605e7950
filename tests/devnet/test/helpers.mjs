// Shared helpers for the devnet tests: start/stop a devnet through the `devnet` tool, load
// polkadot-js from the devnet's installed node_modules, and submit transactions with timeouts.

import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEVNET = join(HERE, '..', 'devnet');

/** node_modules home of the pinned tooling (installs it when needed). */
export const NODE_DIR = process.env.TAOLIGHT_DEVNET_NODE_DIR
  || execFileSync(DEVNET, ['node-dir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
export const requireNode = createRequire(join(NODE_DIR, 'package.json'));
const { ApiPromise, WsProvider, Keyring } = requireNode('@polkadot/api');
export { ApiPromise, WsProvider, Keyring };

/** This runtime's two data-less signed extensions, which polkadot-js does not know. */
export const SIGNED_EXTENSIONS = {
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} },
};

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function devnetCmd(args, { env = process.env, timeout = 240_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(DEVNET, args, { env, timeout, encoding: 'utf8', killSignal: 'SIGTERM' }, (err, stdout, stderr) => {
      if (err) {
        err.message += `\n--- devnet ${args.join(' ')} stderr ---\n${stderr}`;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/**
 * Start a devnet with the `devnet` tool, or use TAOLIGHT_RPC_URL when set (and `own` is false).
 * `own: true` always starts a private one (for tests of the tool itself, e.g. block modes).
 * The devnet watches this process, so even a crashed test run leaves no chain behind.
 */
export async function startDevnet({ blockMode = 'instant', own = false } = {}) {
  const env = { ...process.env };
  if (own) delete env.TAOLIGHT_RPC_URL;
  if (env.TAOLIGHT_RPC_URL) {
    return { url: env.TAOLIGHT_RPC_URL, external: true, port: null, pid: null, stop: async () => {} };
  }
  const { stdout } = await devnetCmd(
    ['up', '--port', '0', '--block-mode', blockMode, '--watch-pid', String(process.pid)], { env });
  const url = stdout.trim().split('\n').pop();
  const port = Number(new URL(url).port);
  const info = JSON.parse(readFileSync(join(stateRoot(), String(port), 'info.json'), 'utf8'));
  return {
    url, port, pid: info.pid, external: false, info,
    stop: () => devnetCmd(['down', '--port', String(port)], { env, timeout: 60_000 }),
  };
}

/** The chain spec the devnet tool uses by default (same rule as tests/devnet/devnet). */
export function chainSpecPath() {
  return process.env.TAOLIGHT_CHAIN_SPEC
    || join(HERE, '..', '..', '..', '..', 'shared', 'chain', 'subtensor-spec218-devnet.json');
}

export function stateRoot() {
  const cache = process.env.TAOLIGHT_CACHE || join(process.env.HOME, '.cache', 'taolight');
  return join(cache, 'devnet');
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Connect polkadot-js (with this runtime's signed extensions); fails after `ms`. */
export async function connect(url, ms = 60_000) {
  const provider = new WsProvider(url, 1000, {}, ms);
  try {
    const api = await withTimeout(
      ApiPromise.create({ provider, noInitWarn: true, signedExtensions: SIGNED_EXTENSIONS, throwOnConnect: true }),
      ms, `connect to ${url}`);
    return api;
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw e;
  }
}

export const keyring = () => new Keyring({ type: 'sr25519', ss58Format: 42 });

/**
 * Sign and submit `tx`, resolve at InBlock with the extrinsic's events.
 * The nonce comes from System.Account (chopsticks' system_accountNextIndex lags behind).
 */
export async function signAndWait(api, tx, signer, { timeout = 60_000 } = {}) {
  const { nonce } = await api.query.system.account(signer.address);
  const t0 = performance.now();
  let unsub = () => {};
  const done = new Promise((resolve, reject) => {
    tx.signAndSend(signer, { nonce }, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInBlock) {
        let error = null;
        if (dispatchError) {
          if (dispatchError.isModule) {
            const d = api.registry.findMetaError(dispatchError.asModule);
            error = `${d.section}.${d.name}`;
          } else {
            error = dispatchError.toString();
          }
        }
        resolve({ blockHash: status.asInBlock.toHex(), events, error, ms: performance.now() - t0 });
      } else if (status.isInvalid || status.isDropped || status.isUsurped || status.isRetracted) {
        reject(new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; }, reject);
  });
  try {
    return await withTimeout(done, timeout, `inclusion of ${tx.method.section}.${tx.method.method}`);
  } finally {
    unsub();
  }
}

/** Head block number. */
export async function headNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Poll `check` until it returns truthy; fails after `ms`. */
export async function waitFor(check, ms, what, every = 200) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

export const eventNames = (events) => events.map(({ event }) => `${event.section}.${event.method}`);
