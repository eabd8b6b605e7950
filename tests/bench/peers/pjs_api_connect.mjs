// Peer baseline: @polkadot/api (16.5.6) connect plus first storage read (//Alice's System.Account)
// on a node, each run with a fresh ApiPromise (it downloads and decodes the metadata on connect).
// Usage: node pjs_api_connect.mjs ws://127.0.0.1:PORT [RUNS]   (resolves @polkadot/* from
// DEVNET_NODE_DIR/node_modules: `tests/devnet/devnet node-dir`). Prints one JSON line.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [url, runsArg] = process.argv.slice(2);
const require = createRequire(pathToFileURL(join(process.env.DEVNET_NODE_DIR, 'package.json')));
const { ApiPromise, WsProvider } = require('@polkadot/api');
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const signedExtensions = {
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} },
};
const runs = Number(runsArg ?? 5);
const times = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const api = await ApiPromise.create({ provider: new WsProvider(url), signedExtensions, noInitWarn: true });
  const account = await api.query.system.account(ALICE);
  if (account.data.free.isZero()) throw new Error('Alice has no balance');
  times.push(performance.now() - start);
  await api.disconnect();
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ peer: '@polkadot/api', version: require('@polkadot/api/package.json').version, runs, connect_metadata_first_read_ms: Math.round(times[Math.floor(runs / 2)] * 100) / 100 }));
process.exit(0);
