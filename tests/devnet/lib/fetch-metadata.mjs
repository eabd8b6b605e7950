// Records a runtime's metadata (SCALE bytes of `state_getMetadata`) from a chain spec by running
// the genuine runtime in chopsticks, for offline encoding tests against older runtimes.
//   node fetch-metadata.mjs --node-dir DIR --chain-spec FILE --out FILE
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, v, i, a) => (i % 2 === 0 ? [...acc, [v.replace(/^--/, ''), a[i + 1]]] : acc), []),
);
const requireNode = createRequire(join(args['node-dir'], 'package.json'));
const { setupWithServer, destroyWorker } = requireNode('@acala-network/chopsticks');

function stripCompactLength(buf) {
  const mode = buf[0] & 3;
  const skip = mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 1 + (buf[0] >> 2) + 4;
  return buf.subarray(skip);
}

// The spec-103 runtime imports host functions chopsticks lacks; they are never called here.
const ctx = await setupWithServer({ 'chain-spec': args['chain-spec'], port: 0, host: '127.0.0.1', 'allow-unresolved-imports': true });
try {
  const block = await ctx.chain.getBlock();
  const version = await block.runtimeVersion;
  // V15 when the runtime offers it (runtime API types, needed for the metadata hash), else V14.
  let bytes;
  try {
    const out = await block.call('Metadata_metadata_at_version', ['0x0f000000']);
    const opt = Buffer.from(out.result.slice(2), 'hex');
    if (opt[0] === 1) bytes = stripCompactLength(opt.subarray(1));
  } catch { /* no metadata_at_version in this runtime */ }
  if (!bytes) bytes = Buffer.from((await block.metadata).slice(2), 'hex');
  writeFileSync(args.out, bytes);
  console.log(JSON.stringify({ spec_version: version.specVersion, metadata_version: bytes[4], bytes: bytes.length, out: args.out }));
} finally {
  await ctx.close();
  await destroyWorker?.();
  process.exit(0);
}
