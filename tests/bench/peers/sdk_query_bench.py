#!/usr/bin/env python3
"""bittensor SDK (PyPI `bittensor`) metagraph and neuron-status queries, end to end, against a
devnet, cold (new client: connect + metadata + call) and warm (same client), medians of --runs;
`import_ms` is the time of `import bittensor` in this process.

  bittensor 8.x   (async-substrate-interface, bt-decode): `neurons_lite(netuid)`,
                  `metagraph(netuid, lite=True)`, `get_neuron_for_pubkey_and_subnet(hotkey, netuid)`
  bittensor 11.x  (its own Rust core, no bt-decode): `neurons.all(netuid)`, and
                  `neurons.uid(hotkey, netuid)` + `NeuronInfoRuntimeApi_get_neuron_lite`

Two compatibility facts of bittensor 11.3.0 on the spec-218 devnet, reported rather than hidden:
  * it sends `state_call` parameters as hex without `0x`; a real node accepts that, chopsticks (the
    devnet) answers "hexadecimal string doesn't start with 0x". The `0x` is added here (a one-line
    wrapper of `encode_runtime_api_params`) so the SDK gets as far as it can;
  * spec 218 returns these runtime APIs as `Vec<u8>`; the SDK decodes their payload by looking up
    `Vec<NeuronInfoLite>` in the runtime's own type registry, which spec 218's metadata (V14) does
    not contain, so the call fails. The exact error is printed in the JSON.

Usage: python sdk_query_bench.py URL --hotkey SS58 [--netuid N] [--runs R]   (prints one JSON line)
"""
import json
import os
import statistics
import sys
import time


def arg(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main() -> None:
    url = sys.argv[1]
    netuid, hotkey, runs = arg("--netuid", 1), arg("--hotkey", ""), arg("--runs", 5)
    from importlib.metadata import version

    t = time.perf_counter()
    import bittensor as bt
    import_ms = (time.perf_counter() - t) * 1e3
    out = {"bittensor_version": version("bittensor"), "python": sys.version.split()[0], "import_ms": import_ms}
    if version("bittensor").split(".")[0] in ("8", "9", "10"):
        out["bt_decode_version"] = version("bt-decode")
        ops = {
            "neurons_lite": lambda s: len(s.neurons_lite(netuid=netuid)),
            "metagraph": lambda s: int(s.metagraph(netuid=netuid, lite=True).n),
            "neuron_status": lambda s: s.get_neuron_for_pubkey_and_subnet(hotkey, netuid).uid,
            "neuron_status_composed": lambda s: status8(s),
        }

        def status8(s):
            # The SDK's own neuron lookup uses the node's custom RPC neuronInfo_getNeuron, which
            # chopsticks lacks; this is the same lookup composed from SDK calls the devnet serves.
            from bittensor.core.chain_data.neuron_info_lite import NeuronInfoLite
            from bittensor.utils import hex_to_bytes

            uid = s.get_uid_for_hotkey_on_subnet(hotkey, netuid)
            raw = s.query_runtime_api(runtime_api="NeuronInfoRuntimeApi", method="get_neuron_lite", params=[netuid, uid])
            return NeuronInfoLite.list_from_vec_u8(b"\x04" + hex_to_bytes(raw))[0].uid

        # The SDK's whole decode (bt-decode + its Python NeuronInfoLite objects) of the synthetic
        # metagraphs of btdecode_bench.py / core/benches/metagraph.rs.
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from btdecode_bench import encode_vec, timed
        from bittensor.core.chain_data.neuron_info_lite import NeuronInfoLite

        for count in (256, 1024):
            _, inner = encode_vec(count)
            out[f"sdk_list_from_vec_u8_ms_n{count}"] = timed(lambda: NeuronInfoLite.list_from_vec_u8(inner), 2.0) * 1e3
    else:
        from bittensor._generated import runtime_apis as api
        from bittensor._transport import runtime_api as ra

        orig = ra.encode_runtime_api_params

        def with_0x(*a, **k):
            h = orig(*a, **k)
            return h if h.startswith("0x") else "0x" + h

        ra.encode_runtime_api_params = with_0x
        out["patched"] = "state_call params prefixed with 0x (chopsticks requires it)"

        def status(s):
            uid = s.neurons.uid(hotkey, netuid)
            return s.runtime(api.NeuronInfoRuntimeApi.get_neuron_lite, [netuid, uid])["uid"]

        ops = {"neurons_lite": lambda s: len(s.neurons.all(netuid)), "neuron_status": status}
    for name, op in ops.items():
        cold, warm = [], []
        try:
            for _ in range(runs):
                t = time.perf_counter()
                s = bt.Subtensor(network=url)
                result = op(s)
                cold.append(time.perf_counter() - t)
                t = time.perf_counter()
                op(s)
                warm.append(time.perf_counter() - t)
                if hasattr(s, "close"):
                    s.close()
            out[name] = {"result": result, "cold_ms": statistics.median(cold) * 1e3,
                         "warm_ms": statistics.median(warm) * 1e3, "runs": runs}
        except Exception as e:  # noqa: BLE001 -- the failure is the measurement
            out[name] = {"error": f"{type(e).__name__}: {e}"}
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
