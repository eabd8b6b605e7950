// Re-measure the devnet numbers quoted in tests/devnet/README.md:
//   node tests/devnet/test/measure.mjs [runs=3]
// For each run: `devnet up` wall time (launch -> URL printed), chopsticks RSS right after start,
// the time of signed transfers (sign + submit -> InBlock), RSS after them, and `down` time.
// The cold install time is measured separately (see the README).

import { execFileSync } from 'node:child_process';
import {
  DEVNET, connect, keyring, signAndWait, startDevnet,
} from './helpers.mjs';

const runs = Number(process.argv[2] || 3);
const rssMiB = (pid) => Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];

for (let run = 0; run < runs; run++) {
  const t0 = performance.now();
  const devnet = await startDevnet({ own: true });
  const upMs = performance.now() - t0;
  const rssStart = rssMiB(devnet.pid);
  const api = await connect(devnet.url);
  const k = keyring();
  const alice = k.addFromUri('//Alice');
  const bob = k.addFromUri('//Bob');
  const transfers = [];
  for (let i = 0; i < 10; i++) {
    const r = await signAndWait(api, api.tx.balances.transferKeepAlive(bob.address, 1_000_000_000n + BigInt(i)), alice);
    if (r.error) throw new Error(r.error);
    transfers.push(r.ms);
  }
  const rssAfter = rssMiB(devnet.pid);
  await api.disconnect();
  const t1 = performance.now();
  await devnet.stop();
  const downMs = performance.now() - t1;
  const row = {
    up_ms: Math.round(upMs),
    rss_start_mib: Math.round(rssStart),
    rss_after_10_transfers_mib: Math.round(rssAfter),
    transfer_ms_median: Math.round(median(transfers)),
    transfer_ms_min: Math.round(Math.min(...transfers)),
    transfer_ms_max: Math.round(Math.max(...transfers)),
    down_ms: Math.round(downMs),
  };
  results.push(row);
  console.log(JSON.stringify(row));
}
console.log(`devnet tool: ${DEVNET}`);
