// The short taolight story, in Node: a new coldkey and hotkey, funded by //Alice, the hotkey
// registered on subnet 1 and staked to, then its miner/validator status and the coldkey's stake.
// The same story as examples/rust, with the wasm package's chain client.
//
// Run against a local devnet (see README.md here):
//   TAOLIGHT_RPC_URL=ws://127.0.0.1:PORT node --experimental-websocket story.mjs
import tl from 'taolight-wasm';

const TAO = 1_000_000_000n;
// Rao (bigint) as a decimal TAO amount, exactly, as taolight prints them: `14.9`.
const tao = (rao) => rao % TAO === 0n
  ? `${rao / TAO}`
  : `${rao / TAO}.${(rao % TAO).toString().padStart(9, '0').replace(/0+$/, '')}`;

const url = process.env.TAOLIGHT_RPC_URL || 'ws://127.0.0.1:9944';
const client = await tl.Client.connect(url, { timeoutMs: 30_000 });

// Keys: a coldkey from a fresh mnemonic (shown to nobody here) and a hotkey of its own, as btcli
// makes them. `free()` wipes a secret from wasm memory once it is no longer needed.
const newKey = () => {
  const mnemonic = tl.Mnemonic.generate(12);
  try {
    return tl.Keypair.fromPhrase(mnemonic);
  } finally {
    mnemonic.free();
  }
};
const coldkey = newKey();
const hotkey = newKey();
const [cold, hot] = [coldkey.ss58Address(), hotkey.ss58Address()];
console.log(`coldkey ${cold}\nhotkey  ${hot}`);

// Fund the coldkey from //Alice (a development account of the devnet).
const alice = tl.Keypair.fromUri('//Alice');
const funded = await client.signAndSubmit(tl.transferKeepAlive(cold, 20n * TAO), alice);
console.log(`funded in block #${funded.blockNumber}`);

// Register the hotkey on subnet 1 (burning the registration cost) and stake 5 TAO to it.
await client.signAndSubmit(tl.burnedRegister(1, hot), coldkey);
const staked = await client.signAndSubmit(tl.addStake(hot, 1, 5n * TAO), coldkey);
console.log(`staked in block #${staked.blockNumber}`);

// What a miner or validator checks: status on subnet 1, and the coldkey's positions.
for (const s of await client.neuronStatus(hot, 1)) {
  const r = s.registered;
  console.log(r
    ? `subnet ${s.netuid}: uid ${r.neuron.uid} (${r.role}), stake ${tao(r.stakeAlpha)} alpha, immunity ${r.immunityRemaining} blocks left`
    : `subnet ${s.netuid}: not registered`);
}
for (const p of (await client.stake(cold)).positions) {
  console.log(`position: subnet ${p.netuid} alpha ${tao(p.alpha)} worth ${tao(p.taoValue)} TAO`);
}
console.log(`coldkey free balance ${tao((await client.balance(cold)).free)} TAO`);

for (const key of [alice, coldkey, hotkey]) key.free();
// The open WebSocket would keep Node running; freeing a connected Client is a known defect of
// the package (README.md, "Known defects"): end the process instead, which closes the socket.
process.exit(0);
