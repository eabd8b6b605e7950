// Initial state for the taolight devnet: what `devnet up` writes into the chain right after
// chopsticks has loaded the raw spec and before the RPC URL is handed out.
//
// Every entry names a real storage item of the spec-218 runtime. The names are resolved through
// the runtime's own metadata when applied (apply() throws if one is missing), and each value is
// SCALE-encoded with the item's type from that metadata, so a typo or a runtime that renamed an
// item fails loudly instead of silently writing a useless key.

/** 1 TAO in rao. */
export const TAO = 1_000_000_000n;

/** The standard sr25519 dev accounts (//Alice ... //Ferdie), SS58 prefix 42. */
export const DEV_ACCOUNTS = {
  Alice: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  Bob: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  Charlie: '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y',
  Dave: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy',
  Eve: '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw',
  Ferdie: '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL',
};

/** Free balance given to each dev account. */
export const DEV_BALANCE = 1_000_000n * TAO;

/** The subnet prepared for tests (it exists in the spec's genesis, mechanism 1 = dynamic TAO). */
export const TEST_NETUID = 1;

/** The values the tests (and README) rely on. */
export const TEST_SUBNET = {
  tempo: 10,
  burn: 100_000_000n, // 0.1 TAO
  maxAllowedUids: 256,
  maxRegistrationsPerBlock: 256,
  targetRegistrationsPerInterval: 256,
  // dTAO pool of netuid 1. The spec ships it with SubnetAlphaIn = 1 (price 11 TAO per rao of
  // alpha), which makes add_stake return ~0 alpha. A 1:1 pool of 1000 TAO / 1000 alpha gives a
  // price of 1.0 and room for test-sized stakes.
  poolTao: 1_000n * TAO,
  poolAlphaIn: 1_000n * TAO,
};

// "new logic" flag of pallet_balances AccountData.flags (set on every account created by a
// current pallet_balances; polkadot-js shows it as `flags`).
const BALANCES_NEW_LOGIC = '0x80000000000000000000000000000000';

/**
 * The storage plan: [pallet, item, keyArgs, value, why]. Pallet and item use the metadata names
 * (PascalCase, as in the runtime source); keyArgs is [] for plain values.
 * `issuance` is the current Balances.TotalIssuance of the chain, in rao (bigint).
 */
export function storagePlan(issuance) {
  const n = TEST_NETUID;
  const s = TEST_SUBNET;
  const plan = [];
  for (const address of Object.values(DEV_ACCOUNTS)) {
    plan.push(['System', 'Account', [address], {
      nonce: 0, consumers: 0, providers: 1, sufficients: 0,
      data: { free: DEV_BALANCE, reserved: 0, frozen: 0, flags: BALANCES_NEW_LOGIC },
    }, 'fund dev account']);
  }
  const added = DEV_BALANCE * BigInt(Object.keys(DEV_ACCOUNTS).length);
  plan.push(['Balances', 'TotalIssuance', [], issuance + added, 'keep issuance = sum of balances']);
  plan.push(['Sudo', 'Key', [], DEV_ACCOUNTS.Alice, 'sudo is //Alice']);

  // Global rate limits and thresholds (all plain values in this runtime).
  plan.push(['SubtensorModule', 'TxRateLimit', [], 0, 'no per-key tx rate limit']);
  plan.push(['SubtensorModule', 'TxDelegateTakeRateLimit', [], 0, 'take changes not rate limited']);
  plan.push(['SubtensorModule', 'TxChildkeyTakeRateLimit', [], 0, 'childkey take not rate limited']);
  plan.push(['SubtensorModule', 'NetworkRateLimit', [], 0, 'register_network not rate limited']);
  plan.push(['SubtensorModule', 'WeightsMinStake', [], 0, 'any stake may set weights']);
  plan.push(['SubtensorModule', 'NominatorMinRequiredStake', [], 0, 'no minimum nomination']);

  // The test subnet's hyperparameters (maps keyed by netuid).
  plan.push(['SubtensorModule', 'Tempo', [n], s.tempo, 'epoch every ~10 blocks']);
  plan.push(['SubtensorModule', 'NetworkRegistrationAllowed', [n], true, 'burned_register allowed']);
  plan.push(['SubtensorModule', 'Burn', [n], s.burn, 'cheap registration']);
  plan.push(['SubtensorModule', 'MinBurn', [n], s.burn, 'burn never adjusts below this']);
  plan.push(['SubtensorModule', 'MaxAllowedUids', [n], s.maxAllowedUids, 'room for many neurons']);
  plan.push(['SubtensorModule', 'MaxRegistrationsPerBlock', [n], s.maxRegistrationsPerBlock,
    'many registrations per block']);
  // Registrations per interval are capped at 3x the target, and the burn rises when the target is
  // exceeded: a high target keeps Burn at MinBurn.
  plan.push(['SubtensorModule', 'TargetRegistrationsPerInterval', [n], s.targetRegistrationsPerInterval,
    'burn stays at MinBurn']);
  plan.push(['SubtensorModule', 'WeightsSetRateLimit', [n], 0, 'set_weights every block']);
  plan.push(['SubtensorModule', 'ServingRateLimit', [n], 0, 'serve_axon every block']);
  plan.push(['SubtensorModule', 'CommitRevealWeightsEnabled', [n], false, 'plain set_weights']);
  plan.push(['SubtensorModule', 'MinAllowedWeights', [n], 0, 'a single weight is enough']);
  plan.push(['SubtensorModule', 'SubnetTAO', [n], s.poolTao, 'dTAO pool: TAO reserve']);
  plan.push(['SubtensorModule', 'SubnetAlphaIn', [n], s.poolAlphaIn, 'dTAO pool: alpha reserve']);
  return plan;
}

const camel = (name) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Write the plan into the head block of a chopsticks `chain`.
 * `requireNode` is a require() bound to the devnet's node_modules.
 * Returns [{pallet, item, args, key, value, why}] with hex keys and values, for the log.
 */
export async function apply(chain, requireNode) {
  const { StorageKey } = requireNode('@polkadot/types');
  const { u8aToHex } = requireNode('@polkadot/util');
  const { setStorage } = requireNode('@acala-network/chopsticks');
  const meta = await chain.head.meta;
  const registry = meta.registry;

  const entryOf = (pallet, item) => {
    const section = meta.query[camel(pallet)];
    if (!section) throw new Error(`pallet ${pallet} is not in this runtime's metadata`);
    const entry = section[camel(item)];
    if (!entry) throw new Error(`storage item ${pallet}.${item} is not in this runtime's metadata`);
    return entry;
  };
  const keyOf = (pallet, item, args) => {
    const entry = entryOf(pallet, item);
    return new StorageKey(registry, args.length ? [entry, args] : [entry]);
  };

  const issuanceKey = keyOf('Balances', 'TotalIssuance', []);
  const issuanceHex = await chain.head.get(issuanceKey.toHex());
  const issuance = issuanceHex ? registry.createType(issuanceKey.outputType, issuanceHex).toBigInt() : 0n;

  const written = storagePlan(issuance).map(([pallet, item, args, value, why]) => {
    const key = keyOf(pallet, item, args);
    // Encode explicitly: chopsticks' object form treats 0 and false as "delete the key",
    // which would bring back a non-zero default (e.g. ServingRateLimit defaults to 50).
    // (toU8a, not toHex: for numbers toHex() is the big-endian display form, not SCALE.)
    const encoded = u8aToHex(registry.createType(key.outputType, value).toU8a());
    return { pallet, item, args, key: key.toHex(), value: encoded, why };
  });
  await setStorage(chain, written.map((w) => [w.key, w.value]));

  // Read back through the same block: proves the layer is in place before the URL is published.
  for (const w of written) {
    const got = await chain.head.get(w.key);
    if (got !== w.value) {
      throw new Error(`storage ${w.pallet}.${w.item}(${w.args}) reads back ${got}, expected ${w.value}`);
    }
  }
  return written;
}

/**
 * Make sure block #1 exists. chopsticks builds it inside setup() from a raw spec, and with no
 * Timestamp.Now in genesis it reads Date.now() twice: once for the Aura slot in the digest and
 * once for the timestamp inherent. When the two reads straddle a slot boundary (3 s here) the
 * runtime panics ("Timestamp slot must match `CurrentSlot`"), chopsticks only logs it and the
 * chain is stuck at #0, rejecting every transaction (seen in 2 of about 50 starts).
 * The retry pins Timestamp.Now to a slot-aligned time, so slot and timestamp agree.
 * Returns a message when a retry was needed, else null.
 */
export async function ensureFirstBlock(chain, requireNode) {
  if (chain.head.number >= 1) return null;
  const { getSlotDuration, setStorage } = requireNode('@acala-network/chopsticks');
  const slot = await getSlotDuration(chain.head);
  for (let attempt = 1; attempt <= 3; attempt++) {
    const now = BigInt(Math.floor(Date.now() / slot) * slot);
    await setStorage(chain, { Timestamp: { Now: now.toString() } });
    await chain.newBlock();
    if (chain.head.number >= 1) {
      return `block #1 failed in chopsticks' setup (slot/timestamp race); rebuilt with Timestamp.Now = ${now}`;
    }
  }
  throw new Error('chopsticks could not build block #1 (see the runtime error above)');
}
