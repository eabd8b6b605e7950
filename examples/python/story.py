"""The short taolight story, in Python: a new coldkey and hotkey, funded by //Alice, the hotkey
registered on subnet 1 and staked to, then what the chain says about it.

The same story as examples/rust: the uid, the role and the stake come from the status queries
(`neuron_status`, `stake`), read from chain storage after the transactions.

Run against a local devnet (tests/devnet/devnet up prints its URL), with the generated module
`taolight_ffi` on the path (see README.md here):

    TAOLIGHT_RPC_URL=ws://127.0.0.1:PORT python3 examples/python/story.py
"""

import asyncio
import os

import taolight_ffi as tl

TAO = 10**9


def tao(rao: int) -> str:
    """Rao as a decimal TAO amount, exactly (no floating point), as taolight prints them: `14.9`."""
    whole, frac = divmod(rao, TAO)
    return f"{whole}.{frac:09d}".rstrip("0") if frac else str(whole)


async def main() -> None:
    url = os.environ.get("TAOLIGHT_RPC_URL", "ws://127.0.0.1:9944")
    client = await tl.Client.connect(url)

    # Keys: a coldkey from a fresh mnemonic (shown to nobody here) and a hotkey of its own, as
    # btcli makes them (the bindings have no derivation from a key pair).
    coldkey = tl.Keypair.from_phrase(tl.Mnemonic.generate(tl.WordCount.WORDS12), "", tl.Scheme.SR25519)
    hotkey = tl.Keypair.from_phrase(tl.Mnemonic.generate(tl.WordCount.WORDS12), "", tl.Scheme.SR25519)
    cold, hot = coldkey.ss58_address(), hotkey.ss58_address()
    print(f"coldkey {cold}\nhotkey  {hot}")

    # Fund the coldkey from //Alice (a development account of the devnet).
    alice = tl.Keypair.from_uri("//Alice", tl.Scheme.SR25519)
    funded = await client.sign_and_submit(tl.Call.transfer_keep_alive(cold, 20 * TAO), alice)
    print(f"funded in block #{funded.block_number}")

    # Register the hotkey on subnet 1 (burning the registration cost) and stake 5 TAO to it.
    registered = await client.sign_and_submit(tl.Call.burned_register(1, hot), coldkey)
    print(f"registered in block #{registered.block_number}")
    staked = await client.sign_and_submit(tl.Call.add_stake(hot, 1, 5 * TAO), coldkey)
    print(f"staked in block #{staked.block_number}")

    # What a miner or validator checks: status on subnet 1, and the coldkey's positions.
    for s in await client.neuron_status(hot, 1):
        r = s.registered
        if r is None:
            print(f"subnet {s.netuid}: not registered")
        else:
            role = "Validator" if r.role == tl.Role.VALIDATOR else "Miner"
            print(f"subnet {s.netuid}: uid {r.neuron.uid} ({role}), stake {tao(r.stake_alpha)} alpha, immunity {r.immunity_remaining} blocks left")
    for p in (await client.stake(cold)).positions:
        print(f"position: subnet {p.netuid} alpha {tao(p.alpha)} worth {tao(p.tao_value)} TAO")
    balance = await client.balance(cold)
    print(f"coldkey free balance {tao(balance.free)} TAO")


if __name__ == "__main__":
    asyncio.run(main())
