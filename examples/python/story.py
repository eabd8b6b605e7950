"""The short taolight story, in Python: a new coldkey and hotkey, funded by //Alice, the hotkey
registered on subnet 1 and staked to, then what the chain says about it.

The same story as examples/rust, as far as the uniffi bindings go today: they have no status
queries yet (neuron status, stake list), so the uid and the stake come from the events of the
registration and the stake transactions, and the balance from `Client.balance`.

Run against a local devnet (tests/devnet/devnet up prints its URL), with the generated module
`taolight_ffi` on the path (see README.md here):

    TAOLIGHT_RPC_URL=ws://127.0.0.1:PORT python3 examples/python/story.py
"""

import asyncio
import os
import re

import taolight_ffi as tl

TAO = 10**9


def tao(rao: int) -> str:
    """Rao as a decimal TAO amount, exactly (no floating point), as taolight prints them: `14.9`."""
    whole, frac = divmod(rao, TAO)
    return f"{whole}.{frac:09d}".rstrip("0") if frac else str(whole)


def event(outcome: tl.TxOutcome, pallet: str, name: str) -> tl.Event:
    """The transaction's event `pallet.name` (there is one when the call succeeded)."""
    return next(e for e in outcome.events if e.pallet == pallet and e.name == name)


def numbers(e: tl.Event) -> list[int]:
    """The integer fields of an event, in order: its text form is `Pallet.Name (f1, f2, …)`, where
    an account is a nested group of bytes, skipped here."""
    fields = e.text.split(" ", 1)[1].strip()[1:-1]
    while True:  # drop nested groups, innermost first
        flat = re.sub(r"[([{][^()\[\]{}]*[)\]}]", "_", fields)
        if flat == fields:
            break
        fields = flat
    values = (f.split(":")[-1].strip() for f in fields.split(","))
    return [int(v) for v in values if v.isdigit()]


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
    # NeuronRegistered(netuid, uid, hotkey).
    netuid, uid = numbers(event(registered, "SubtensorModule", "NeuronRegistered"))[:2]
    staked = await client.sign_and_submit(tl.Call.add_stake(hot, 1, 5 * TAO), coldkey)
    print(f"staked in block #{staked.block_number}")

    # What the transactions' events say: the uid on subnet 1, and the alpha the stake bought.
    print(f"subnet {netuid}: uid {uid} (from SubtensorModule.NeuronRegistered)")
    # StakeAdded(coldkey, hotkey, tao, alpha, netuid, …): its integers are tao, alpha, netuid.
    paid, alpha, stake_netuid = numbers(event(staked, "SubtensorModule", "StakeAdded"))[:3]
    print(f"position: subnet {stake_netuid} alpha {tao(alpha)} for {tao(paid)} TAO (from SubtensorModule.StakeAdded)")
    balance = await client.balance(cold)
    print(f"coldkey free balance {tao(balance.free)} TAO")


if __name__ == "__main__":
    asyncio.run(main())
