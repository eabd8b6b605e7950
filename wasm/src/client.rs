//! The chain client (cargo feature `chain`): `taolight::chain::Client` over the host's WebSocket
//! (browsers; Node 22+, or Node 20 with `--experimental-websocket` or a global `WebSocket`
//! polyfill such as the `ws` package), with status queries and transaction submission.
//!
//! Every call returns a Promise. Options objects may carry `signal` (an `AbortSignal`): when it
//! aborts, the call's future is dropped (which cancels the request in the core) and the Promise
//! rejects with `signal.reason`, as `fetch` does. Every call is bounded by the client's timeout
//! (`timeoutMs` on connect, `withTimeout`); running out rejects with a TaolightError of code
//! `chain.timeout`.

use std::future::Future;
use std::time::Duration;

use js_sys::{BigInt, Object, Promise};
use taolight::chain::{Api, BlockHash, Client as CoreClient, ConnectOptions, Head, Network};
#[cfg(feature = "light-client")]
use taolight::chain::LightHealth;
use taolight::query;
use taolight::tx::{TxOptions, TxOutcome, TxStatus, WaitFor};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::error::Error;
use crate::keys::Keypair;
use crate::tx::Metadata;
use crate::value::{self, bad, get, hex_encode, set};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** How to connect. */
export interface ConnectOptions {
  /** The limit for every call, connecting included (default 30000). */
  timeoutMs?: number;
  /** The JSON-RPC API family: "auto" (default), "new" (chainHead_v1) or "legacy". */
  api?: "auto" | "new" | "legacy";
  /** Refuse a node with another genesis hash (`chain.wrong_chain`). */
  expectedGenesis?: string;
  signal?: AbortSignal;
}

/** Options of any call: an `AbortSignal` that cancels it. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface Head { number: number; hash: string; }

export interface RuntimeVersion {
  specName: string; implName: string; specVersion: number; implVersion: number;
  transactionVersion: number;
}

/** In rao (1 TAO = 10^9 rao). */
export interface Balance {
  free: bigint; reserved: bigint; frozen: bigint; transferable: bigint; nonce: number;
}

/** From TransactionPaymentApi, in rao. */
export interface FeeEstimate {
  partialFee: bigint; baseFee: bigint; lenFee: bigint; adjustedWeightFee: bigint; tip: bigint;
  weightRefTime: bigint; weightProofSize: bigint; length: number;
}

/** A state the node reports for a submitted transaction. */
export interface TxStatusEvent {
  type: "future" | "ready" | "broadcast" | "inBlock" | "retracted" | "finalized"
      | "finalityTimeout" | "usurped" | "dropped" | "invalid";
  /** inBlock, retracted, finalized, finalityTimeout: the block; usurped: the other transaction. */
  hash?: string;
  /** broadcast: the number of peers. */
  peers?: number;
}

/** How to send a transaction. */
export interface SubmitOptions extends CallOptions {
  /** "inBlock" (default), "finalized", or "none" (return once the pool has it). */
  waitFor?: "none" | "inBlock" | "finalized";
  /** Tip in rao. */
  tip?: bigint | number | string;
  /** A fixed nonce (default: the chain's next one, counting transactions in flight). */
  nonce?: number;
  /** Mortality in blocks (default 64); 0 = immortal. */
  mortality?: number;
  /** Turn CheckMetadataHash on (RFC-0078). */
  metadataHash?: boolean;
  /** Called with every state the node reports while waiting. */
  onStatus?: (status: TxStatusEvent) => void;
}

export interface TxEvent {
  pallet: string;
  name: string;
  /** The event's fields in the `ArgValue` convention (accounts SS58, integers bigint). */
  fields: ArgValue;
}

export interface TxOutcome {
  hash: string;
  nonce: number;
  /** Absent with waitFor "none". */
  blockHash?: string;
  blockNumber?: number;
  index?: number;
  finalized: boolean;
  events: TxEvent[];
}

export interface Price { tao: bigint; alpha: bigint; }

export interface ServedEndpoint {
  ip: string; port: number; ipType: number; version: number; protocol: number; block: bigint;
}

export interface Neuron {
  netuid: number; uid: number; hotkey: string; coldkey: string; active: boolean;
  /** Scores are u16 fractions of 65535, as the runtime keeps them. */
  rank: number; trust: number; consensus: number; incentive: number; dividends: number;
  emission: bigint; validatorPermit: boolean; validatorTrust: number; lastUpdate: bigint;
  pruningScore: number; axon: ServedEndpoint | null; prometheus: ServedEndpoint | null;
}

export interface NeuronStatus {
  hotkey: string; netuid: number; block: bigint;
  /** null when the hotkey is not registered on `netuid`. */
  registered: null | {
    neuron: Neuron; role: "validator" | "miner"; stakeAlpha: bigint; price: Price;
    stakeTaoValue: bigint; blocksSinceUpdate: bigint; registeredAt: bigint;
    immunityPeriod: number; immunityRemaining: bigint;
  };
}

export interface StakePosition {
  hotkey: string; coldkey: string; netuid: number; alpha: bigint; price: Price;
  taoValue: bigint; registered: boolean; emission: bigint;
}

export interface StakeList { block: bigint; positions: StakePosition[]; totalTaoValue: bigint; }

/** Every neuron of a subnet at one block; `stakeAlpha[uid]` is all alpha on that neuron's hotkey. */
export interface Metagraph { netuid: number; block: bigint; neurons: Neuron[]; stakeAlpha: bigint[]; }

/** A hotkey accepting nominations. `take` is a fraction of 65535; amounts in rao or alpha units. */
export interface Delegate {
  hotkey: string; owner: string; take: number; registrations: number[]; validatorPermits: number[];
  nominators: StakePosition[]; totalStake: { netuid: number; alpha: bigint }[]; totalTaoValue: bigint;
  returnPer1000: bigint; totalDailyReturn: bigint;
}

export interface Subnet {
  netuid: number; name: string | null; symbol: string | null; ownerColdkey: string;
  ownerHotkey: string; tempo: number; emission: bigint; burn: bigint; neurons: number;
  maxNeurons: number; immunityPeriod: number;
  pool: { taoIn: bigint; alphaIn: bigint; alphaOut: bigint; price: Price };
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The DOM's `AbortSignal` (browsers and Node).
    #[wasm_bindgen(typescript_type = "AbortSignal")]
    pub type AbortSignal;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &AbortSignal) -> bool;
    #[wasm_bindgen(method, getter)]
    fn reason(this: &AbortSignal) -> JsValue;
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &AbortSignal, kind: &str, listener: &js_sys::Function, options: &JsValue);
}

/// `options.signal`, when it is there.
fn signal_of(options: &JsValue) -> Option<AbortSignal> {
    let s = get(options, "signal");
    (s.is_object() && js_sys::Reflect::has(&s, &"aborted".into()).unwrap_or(false)).then(|| s.unchecked_into())
}

/// A Promise of `fut`'s outcome that rejects with `signal.reason` once `signal` aborts; the
/// future is then dropped, which is how the core cancels a call.
fn promise<F>(signal: Option<AbortSignal>, fut: F) -> Promise
where
    F: Future<Output = Result<JsValue, Error>> + 'static,
{
    future_to_promise(async move {
        let Some(signal) = signal else {
            return fut.await.map_err(JsValue::from);
        };
        if signal.aborted() {
            return Err(signal.reason());
        }
        let aborted = Promise::new(&mut |resolve, _| {
            let once = Object::new();
            set(&once, "once", true);
            signal.add_event_listener("abort", &resolve, &once);
        });
        let fut = std::pin::pin!(fut);
        match futures::future::select(fut, JsFuture::from(aborted)).await {
            futures::future::Either::Left((out, _)) => out.map_err(JsValue::from),
            futures::future::Either::Right(_) => Err(signal.reason()),
        }
    })
}

fn big(n: u64) -> JsValue {
    BigInt::from(n).into()
}

fn head_js(h: Head) -> JsValue {
    let o = Object::new();
    set(&o, "number", h.number);
    set(&o, "hash", h.hash.to_hex());
    o.into()
}

fn ss58(account: &[u8; 32]) -> String {
    taolight::keys::ss58::encode(account, taolight::keys::ss58::BITTENSOR_PREFIX)
}

/// A connection to a node (`Client.connect`). Cheap to keep; call `free()` to close it (the
/// connection closes when every copy made by `withTimeout` is freed).
#[wasm_bindgen]
pub struct Client(CoreClient);

#[wasm_bindgen]
impl Client {
    /// Connects to a node's WebSocket JSON-RPC endpoint (`ws://` or `wss://`, or `"local"`,
    /// `"finney"`, `"test"`), checks its genesis hash and starts following the chain.
    /// Rejects with `chain.unreachable`, `chain.invalid_network`, `chain.wrong_chain`,
    /// `chain.timeout`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn connect(
        url: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ConnectOptions")] options: JsValue,
    ) -> Promise {
        let signal = signal_of(&options);
        promise(signal, async move {
            let network: Network = url.parse()?;
            let mut opts = ConnectOptions::default();
            if let Some(t) = timeout_of(&options)? {
                opts.timeout = t;
            }
            opts.api = match get(&options, "api").as_string().as_deref() {
                None | Some("auto") => Api::Auto,
                Some("new") => Api::New,
                Some("legacy") => Api::Legacy,
                Some(other) => return Err(bad("connect", "api", format!("`{other}`: expected auto, new or legacy")).into()),
            };
            if let Some(g) = get(&options, "expectedGenesis").as_string() {
                opts.expected_genesis = Some(BlockHash::from_input(&g)?);
            }
            Ok(Client(CoreClient::connect_with(network, opts).await?).into())
        })
    }

    /// The chain client over the embedded light client (cargo feature `light-client`): the
    /// same calls, served by smoldot from the peers it finds (WebSocket peers in a browser).
    #[cfg(feature = "light-client")]
    #[wasm_bindgen(unchecked_return_type = "Promise<Client>")]
    pub fn light(
        light: &LightClient,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions & { timeoutMs?: number }")] options: JsValue,
    ) -> Promise {
        let l = light.0.clone();
        let signal = signal_of(&options);
        promise(signal, async move {
            let timeout = timeout_of(&options)?.unwrap_or(l.timeout());
            Ok(Client(CoreClient::light(&l, timeout).await?).into())
        })
    }

    /// The same connection with another timeout (milliseconds) for its calls.
    #[wasm_bindgen(js_name = withTimeout)]
    pub fn with_timeout(&self, ms: u32) -> Client {
        Client(self.0.with_timeout(Duration::from_millis(ms.into())))
    }

    /// The genesis hash the node reported (`0x4545…45` on the chopsticks devnet).
    #[wasm_bindgen(getter, js_name = genesisHash)]
    pub fn genesis_hash(&self) -> String {
        self.0.genesis_hash().to_hex()
    }

    /// The node's URL.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.0.url().to_owned()
    }

    /// The latest finalized block.
    #[wasm_bindgen(js_name = finalizedHead, unchecked_return_type = "Promise<Head>")]
    pub fn finalized_head(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move { Ok(head_js(c.finalized_head().await?)) })
    }

    /// The best block.
    #[wasm_bindgen(js_name = bestHead, unchecked_return_type = "Promise<Head>")]
    pub fn best_head(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move { Ok(head_js(c.best_head().await?)) })
    }

    /// Calls `onHead` with every new finalized block (`finalized` true, the default) or best
    /// block, the current one first, until `options.signal` aborts (the Promise then rejects
    /// with `signal.reason`) or the connection ends (it rejects with the error).
    #[wasm_bindgen(js_name = subscribeHeads, unchecked_return_type = "Promise<void>")]
    pub fn subscribe_heads(
        &self,
        #[wasm_bindgen(js_name = onHead, unchecked_param_type = "(head: Head) => void")] on_head: js_sys::Function,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions & { finalized?: boolean }")] options: JsValue,
    ) -> Promise {
        let c = self.0.clone();
        let finalized = get(&options, "finalized").as_bool().unwrap_or(true);
        promise(signal_of(&options), async move {
            let mut sub = if finalized { c.subscribe_finalized().await? } else { c.subscribe_best().await? };
            while let Some(head) = sub.next().await {
                // A throwing callback is the caller's business; it does not end the stream.
                let _ = on_head.call1(&JsValue::NULL, &head_js(head?));
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The runtime version at the finalized block.
    #[wasm_bindgen(js_name = runtimeVersion, unchecked_return_type = "Promise<RuntimeVersion>")]
    pub fn runtime_version(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let v = c.runtime_version().await?;
            let o = Object::new();
            set(&o, "specName", v.spec_name.as_str());
            set(&o, "implName", v.impl_name.as_str());
            set(&o, "specVersion", v.spec_version);
            set(&o, "implVersion", v.impl_version);
            set(&o, "transactionVersion", v.transaction_version);
            Ok(o.into())
        })
    }

    /// The runtime metadata at the finalized block (fetched once per runtime version).
    #[wasm_bindgen(unchecked_return_type = "Promise<Metadata>")]
    pub fn metadata(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move { Ok(Metadata(c.metadata().await?).into()) })
    }

    /// What every transaction signs for (`ChainInfo` of `buildSigningPayload`): the genesis
    /// hash, spec and transaction versions, read from the node.
    #[wasm_bindgen(js_name = chainInfo, unchecked_return_type = "Promise<ChainInfo>")]
    pub fn chain_info(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let p = c.chain_params().await?;
            let o = Object::new();
            set(&o, "genesisHash", p.genesis.to_hex());
            set(&o, "specVersion", p.spec_version);
            set(&o, "txVersion", p.tx_version);
            Ok(o.into())
        })
    }

    /// The next nonce of `address` (the chain's, or past this client's transactions in flight).
    #[wasm_bindgen(js_name = nextNonce, unchecked_return_type = "Promise<number>")]
    pub fn next_nonce(&self, address: JsValue, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let account = value::account_id(&address)?;
            Ok(c.next_nonce(&account).await?.into())
        })
    }

    /// The balance of `address` (SS58) at the finalized block.
    #[wasm_bindgen(unchecked_return_type = "Promise<Balance>")]
    pub fn balance(&self, address: JsValue, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let b = query::balance(&c, &value::account_id(&address)?, None).await?;
            let o = Object::new();
            set(&o, "free", big(b.free));
            set(&o, "reserved", big(b.reserved));
            set(&o, "frozen", big(b.frozen));
            set(&o, "transferable", big(b.transferable));
            set(&o, "nonce", b.nonce);
            Ok(o.into())
        })
    }

    /// The hotkey's status on `netuid`, or on every subnet when it is omitted.
    #[wasm_bindgen(js_name = neuronStatus, unchecked_return_type = "Promise<NeuronStatus[]>")]
    pub fn neuron_status(
        &self,
        hotkey: JsValue,
        netuid: Option<u16>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let all = query::neuron_status(&c, &value::account_id(&hotkey)?, netuid).await?;
            Ok(all.iter().map(status_js).collect::<js_sys::Array>().into())
        })
    }

    /// The coldkey's stake positions, valued at each subnet's price.
    #[wasm_bindgen(unchecked_return_type = "Promise<StakeList>")]
    pub fn stake(&self, coldkey: JsValue, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let s = query::stake(&c, &value::account_id(&coldkey)?).await?;
            let o = Object::new();
            set(&o, "block", big(s.block));
            set(&o, "positions", s.positions.iter().map(position_js).collect::<js_sys::Array>());
            set(&o, "totalTaoValue", big(s.total_tao_value));
            Ok(o.into())
        })
    }

    /// Every subnet, by netuid.
    #[wasm_bindgen(unchecked_return_type = "Promise<Subnet[]>")]
    pub fn subnets(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            Ok(query::subnets(&c).await?.iter().map(subnet_js).collect::<js_sys::Array>().into())
        })
    }

    /// Every neuron of subnet `netuid` with its stake (empty when the subnet does not exist).
    #[wasm_bindgen(unchecked_return_type = "Promise<Metagraph>")]
    pub fn metagraph(&self, netuid: u16, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let m = query::metagraph(&c, netuid).await?;
            let o = Object::new();
            set(&o, "netuid", m.netuid);
            set(&o, "block", big(m.block));
            set(&o, "neurons", m.neurons.iter().map(|n| JsValue::from(neuron_js(n))).collect::<js_sys::Array>());
            set(&o, "stakeAlpha", m.stake_alpha.iter().map(|a| big(*a)).collect::<js_sys::Array>());
            Ok(o.into())
        })
    }

    /// Every delegate, with take, nominators and stake valued at each subnet's price.
    #[wasm_bindgen(unchecked_return_type = "Promise<Delegate[]>")]
    pub fn delegates(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            Ok(query::delegates(&c).await?.iter().map(delegate_js).collect::<js_sys::Array>().into())
        })
    }

    /// The fee `call` would cost if `address` sent it now (TransactionPaymentApi).
    #[wasm_bindgen(js_name = estimateFee, unchecked_return_type = "Promise<FeeEstimate>")]
    pub fn estimate_fee(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CallSpec")] call: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] address: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SubmitOptions")] options: JsValue,
    ) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let call = value::call_from_js(&call, "call")?;
            let account = value::account_id(&address)?;
            let f = c.estimate_fee(&call, &account, &tx_options(&options)?).await?;
            let o = Object::new();
            set(&o, "partialFee", big(f.partial_fee));
            set(&o, "baseFee", big(f.base_fee));
            set(&o, "lenFee", big(f.len_fee));
            set(&o, "adjustedWeightFee", big(f.adjusted_weight_fee));
            set(&o, "tip", big(f.tip));
            set(&o, "weightRefTime", big(f.weight.0));
            set(&o, "weightProofSize", big(f.weight.1));
            set(&o, "length", f.length);
            Ok(o.into())
        })
    }

    /// Builds `call`, signs it with `keypair`, submits it and waits as `options.waitFor` says,
    /// reporting each state to `options.onStatus`. Rejects with `tx.dispatch` (the pallet's
    /// error: pallet, name and docs in the message), `tx.invalid` (refused by the pool, with the
    /// cause), `tx.dropped`, `chain.timeout`, or `signal.reason`. Aborting stops the wait; a
    /// transaction already handed to the node stays submitted.
    #[wasm_bindgen(js_name = signAndSubmit, unchecked_return_type = "Promise<TxOutcome>")]
    pub fn sign_and_submit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CallSpec")] call: JsValue,
        keypair: &Keypair,
        #[wasm_bindgen(unchecked_optional_param_type = "SubmitOptions")] options: JsValue,
    ) -> Promise {
        let c = self.0.clone();
        let pair = keypair.0.clone();
        promise(signal_of(&options), async move {
            let call = value::call_from_js(&call, "call")?;
            let opts = tx_options(&options)?;
            let on_status = get(&options, "onStatus").dyn_into::<js_sys::Function>().ok();
            let outcome = c
                .sign_and_submit_watching(&call, &pair, &opts, |s| report(&on_status, s))
                .await?;
            outcome_js(&c, &outcome).await
        })
    }

    /// Submits an extrinsic signed elsewhere (`0x` hex or bytes, e.g. from
    /// `SigningPayload.attach`) and waits as `options.waitFor` says (default "inBlock").
    #[wasm_bindgen(js_name = submitAndWatch, unchecked_return_type = "Promise<TxOutcome>")]
    pub fn submit_and_watch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] extrinsic: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SubmitOptions")] options: JsValue,
    ) -> Promise {
        let c = self.0.clone();
        promise(signal_of(&options), async move {
            let bytes = value::bytes(&extrinsic).map_err(|r| bad("submitAndWatch", "extrinsic", r))?;
            let ext = taolight::tx::Extrinsic::from_bytes(bytes)?;
            let opts = tx_options(&options)?;
            let on_status = get(&options, "onStatus").dyn_into::<js_sys::Function>().ok();
            if opts.wait_for == WaitFor::None {
                let hash = c.submit(&ext).await?;
                let o = Object::new();
                set(&o, "hash", hex_encode(&hash));
                set(&o, "finalized", false);
                set(&o, "events", js_sys::Array::new());
                return Ok(o.into());
            }
            let mut progress = c.submit_and_watch(&ext).await?;
            let outcome = progress.wait_with(opts.wait_for, |s| report(&on_status, s)).await?;
            outcome_js(&c, &outcome).await
        })
    }
}

/// `options.timeoutMs`, when given.
fn timeout_of(options: &JsValue) -> Result<Option<Duration>, Error> {
    let t = get(options, "timeoutMs");
    if t.is_undefined() || t.is_null() {
        return Ok(None);
    }
    let ms: u64 = value::uint_as(&t).map_err(|r| bad("options", "timeoutMs", r))?;
    Ok(Some(Duration::from_millis(ms)))
}

/// The embedded smoldot light client (cargo feature `light-client`), following one chain from
/// its chain spec; `Client.light(lightClient)` runs the chain client over it.
#[cfg(feature = "light-client")]
#[wasm_bindgen]
pub struct LightClient(taolight::chain::LightClient);

#[cfg(feature = "light-client")]
#[wasm_bindgen]
impl LightClient {
    /// Starts smoldot on a raw chain spec (JSON text). Rejects with `chain.invalid_chain_spec`
    /// or, given `expectedGenesis`, `chain.wrong_chain`. `timeoutMs` bounds each request
    /// (default 60000).
    #[wasm_bindgen(unchecked_return_type = "Promise<LightClient>")]
    pub fn start(
        #[wasm_bindgen(js_name = chainSpec)] chain_spec: String,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions & { timeoutMs?: number, expectedGenesis?: string }")] options: JsValue,
    ) -> Promise {
        let signal = signal_of(&options);
        promise(signal, async move {
            let timeout = timeout_of(&options)?.unwrap_or(Duration::from_secs(60));
            let expected = get(&options, "expectedGenesis").as_string().map(|g| BlockHash::from_input(&g)).transpose()?;
            Ok(LightClient(taolight::chain::LightClient::start(&chain_spec, expected, timeout).await?).into())
        })
    }

    /// The genesis hash smoldot computed from the spec.
    #[wasm_bindgen(js_name = genesisHash, unchecked_return_type = "Promise<string>")]
    pub fn genesis_hash(&self) -> Promise {
        let l = self.0.clone();
        promise(None, async move { Ok(l.genesis_hash().await?.to_hex().into()) })
    }

    /// The chain's name from the spec.
    #[wasm_bindgen(js_name = chainName, unchecked_return_type = "Promise<string>")]
    pub fn chain_name(&self) -> Promise {
        let l = self.0.clone();
        promise(None, async move { Ok(l.chain_name().await?.into()) })
    }

    /// `{ peers, isSyncing, shouldHavePeers, isSynced }` (smoldot answers after its 30 s sync
    /// decision when there are no peers).
    #[wasm_bindgen(unchecked_return_type = "Promise<LightHealth>")]
    pub fn health(&self) -> Promise {
        let l = self.0.clone();
        promise(None, async move { Ok(health_js(&l.health().await?)) })
    }

    /// Waits until the light client has caught up with the chain (not syncing, and a peer
    /// unless the spec expects none), calling `onProgress` with every state, about once a
    /// second (a throwing callback is ignored). Resolves with the synced state; rejects with
    /// `chain.timeout` once `withinMs` has passed, or with `signal.reason` when aborted.
    #[wasm_bindgen(js_name = waitForSync, unchecked_return_type = "Promise<LightHealth>")]
    pub fn wait_for_sync(
        &self,
        #[wasm_bindgen(js_name = withinMs, unchecked_param_type = "number")] within_ms: JsValue,
        #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "(health: LightHealth) => void")] on_progress: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ signal?: AbortSignal }")] options: JsValue,
    ) -> Promise {
        const WHAT: &str = "waitForSync";
        let l = self.0.clone();
        promise(signal_of(&options), async move {
            let ms: u64 = value::uint_as(&within_ms).map_err(|r| bad(WHAT, "withinMs", r))?;
            let on_progress = on_progress
                .dyn_into::<js_sys::Function>()
                .map_err(|_| bad(WHAT, "onProgress", "expected a function"))?;
            let report = |h: &LightHealth| {
                let _ = on_progress.call1(&JsValue::NULL, &health_js(h));
            };
            Ok(health_js(&l.wait_for_sync(Duration::from_millis(ms), report).await?))
        })
    }
}

#[cfg(feature = "light-client")]
#[wasm_bindgen(typescript_custom_section)]
const LIGHT_HEALTH_TS: &str = r#"
/** The light client's sync state (smoldot's `system_health`). */
export interface LightHealth {
  peers: number;
  isSyncing: boolean;
  shouldHavePeers: boolean;
  /** Caught up: not syncing, and with a peer unless the spec expects none. */
  isSynced: boolean;
}
"#;

#[cfg(feature = "light-client")]
fn health_js(h: &LightHealth) -> JsValue {
    let o = Object::new();
    set(&o, "peers", h.peers as f64);
    set(&o, "isSyncing", h.is_syncing);
    set(&o, "shouldHavePeers", h.should_have_peers);
    set(&o, "isSynced", h.is_synced());
    o.into()
}

/// `SubmitOptions` → the core's options.
fn tx_options(js: &JsValue) -> Result<TxOptions, Error> {
    const WHAT: &str = "options";
    let mut o = TxOptions::default();
    let field = |k: &str| {
        let v = get(js, k);
        (!v.is_undefined() && !v.is_null()).then_some(v)
    };
    if let Some(v) = field("waitFor") {
        o.wait_for = match v.as_string().as_deref() {
            Some("none") => WaitFor::None,
            Some("inBlock") => WaitFor::InBlock,
            Some("finalized") => WaitFor::Finalized,
            _ => return Err(bad(WHAT, "waitFor", "expected \"none\", \"inBlock\" or \"finalized\"").into()),
        };
    }
    if let Some(v) = field("tip") {
        o.tip = value::uint_as(&v).map_err(|r| bad(WHAT, "tip", r))?;
    }
    if let Some(v) = field("nonce") {
        o.nonce = Some(value::uint_as(&v).map_err(|r| bad(WHAT, "nonce", r))?);
    }
    if let Some(v) = field("mortality") {
        let m: u64 = value::uint_as(&v).map_err(|r| bad(WHAT, "mortality", r))?;
        o.mortality = (m != 0).then_some(m);
    }
    if let Some(v) = field("metadataHash") {
        o.metadata_hash = v.as_bool().ok_or_else(|| bad(WHAT, "metadataHash", "expected a boolean"))?;
    }
    Ok(o)
}

/// Hands a transaction state to the caller's `onStatus` (a throwing callback is ignored: it
/// must not stop the wait).
fn report(on_status: &Option<js_sys::Function>, status: &TxStatus) {
    let Some(f) = on_status else { return };
    let o = Object::new();
    let (kind, hash): (&str, Option<String>) = match status {
        TxStatus::Future => ("future", None),
        TxStatus::Ready => ("ready", None),
        TxStatus::Broadcast(n) => {
            set(&o, "peers", *n as u32);
            ("broadcast", None)
        }
        TxStatus::InBlock(b) => ("inBlock", Some(b.to_hex())),
        TxStatus::Retracted(b) => ("retracted", Some(b.to_hex())),
        TxStatus::Finalized(b) => ("finalized", Some(b.to_hex())),
        TxStatus::FinalityTimeout(b) => ("finalityTimeout", Some(b.to_hex())),
        TxStatus::Usurped(h) => ("usurped", Some(hex_encode(h))),
        TxStatus::Dropped => ("dropped", None),
        TxStatus::Invalid => ("invalid", None),
    };
    set(&o, "type", kind);
    if let Some(h) = hash {
        set(&o, "hash", h);
    }
    let _ = f.call1(&JsValue::NULL, &o);
}

async fn outcome_js(c: &CoreClient, out: &TxOutcome) -> Result<JsValue, Error> {
    let o = Object::new();
    set(&o, "hash", hex_encode(&out.hash));
    set(&o, "nonce", out.nonce);
    if let Some(b) = out.block {
        set(&o, "blockHash", b.to_hex());
    }
    if let Some(n) = out.block_number {
        set(&o, "blockNumber", n as f64);
    }
    if let Some(i) = out.index {
        set(&o, "index", i);
    }
    set(&o, "finalized", out.finalized);
    let events = js_sys::Array::new();
    if !out.events.is_empty() {
        let md = c.metadata().await?;
        for e in &out.events {
            let ev = Object::new();
            set(&ev, "pallet", e.pallet.as_str());
            set(&ev, "name", e.name.as_str());
            set(&ev, "fields", value::to_js(&e.fields, Some(&md))?);
            events.push(&ev);
        }
    }
    set(&o, "events", events);
    Ok(o.into())
}

fn price_js(p: &query::Price) -> Object {
    let o = Object::new();
    set(&o, "tao", big(p.tao));
    set(&o, "alpha", big(p.alpha));
    o
}

fn endpoint_js(e: &Option<query::ServedEndpoint>) -> JsValue {
    let Some(e) = e else { return JsValue::NULL };
    let o = Object::new();
    set(&o, "ip", e.ip.as_str());
    set(&o, "port", e.port);
    set(&o, "ipType", e.ip_type);
    set(&o, "version", e.version);
    set(&o, "protocol", e.protocol);
    set(&o, "block", big(e.block));
    o.into()
}

fn neuron_js(n: &query::Neuron) -> Object {
    let o = Object::new();
    set(&o, "netuid", n.netuid);
    set(&o, "uid", n.uid);
    set(&o, "hotkey", ss58(&n.hotkey));
    set(&o, "coldkey", ss58(&n.coldkey));
    set(&o, "active", n.active);
    set(&o, "rank", n.rank);
    set(&o, "trust", n.trust);
    set(&o, "consensus", n.consensus);
    set(&o, "incentive", n.incentive);
    set(&o, "dividends", n.dividends);
    set(&o, "emission", big(n.emission));
    set(&o, "validatorPermit", n.validator_permit);
    set(&o, "validatorTrust", n.validator_trust);
    set(&o, "lastUpdate", big(n.last_update));
    set(&o, "pruningScore", n.pruning_score);
    set(&o, "axon", endpoint_js(&n.axon));
    set(&o, "prometheus", endpoint_js(&n.prometheus));
    o
}

fn status_js(s: &query::NeuronStatus) -> JsValue {
    let o = Object::new();
    set(&o, "hotkey", ss58(&s.hotkey));
    set(&o, "netuid", s.netuid);
    set(&o, "block", big(s.block));
    let reg = match &s.registered {
        None => JsValue::NULL,
        Some(r) => {
            let g = Object::new();
            set(&g, "neuron", neuron_js(&r.neuron));
            set(&g, "role", match r.role {
                query::Role::Validator => "validator",
                query::Role::Miner => "miner",
            });
            set(&g, "stakeAlpha", big(r.stake_alpha));
            set(&g, "price", price_js(&r.price));
            set(&g, "stakeTaoValue", big(r.stake_tao_value));
            set(&g, "blocksSinceUpdate", big(r.blocks_since_update));
            set(&g, "registeredAt", big(r.registered_at));
            set(&g, "immunityPeriod", r.immunity_period);
            set(&g, "immunityRemaining", big(r.immunity_remaining));
            g.into()
        }
    };
    set(&o, "registered", reg);
    o.into()
}

fn position_js(p: &query::StakePosition) -> JsValue {
    let o = Object::new();
    set(&o, "hotkey", ss58(&p.hotkey));
    set(&o, "coldkey", ss58(&p.coldkey));
    set(&o, "netuid", p.netuid);
    set(&o, "alpha", big(p.alpha));
    set(&o, "price", price_js(&p.price));
    set(&o, "taoValue", big(p.tao_value));
    set(&o, "registered", p.registered);
    set(&o, "emission", big(p.emission));
    o.into()
}

fn subnet_js(s: &query::Subnet) -> JsValue {
    let o = Object::new();
    let opt = |v: &Option<String>| v.as_deref().map(JsValue::from).unwrap_or(JsValue::NULL);
    set(&o, "netuid", s.netuid);
    set(&o, "name", opt(&s.name));
    set(&o, "symbol", opt(&s.symbol));
    set(&o, "ownerColdkey", ss58(&s.owner_coldkey));
    set(&o, "ownerHotkey", ss58(&s.owner_hotkey));
    set(&o, "tempo", s.tempo);
    set(&o, "emission", big(s.emission));
    set(&o, "burn", big(s.burn));
    set(&o, "neurons", s.neurons);
    set(&o, "maxNeurons", s.max_neurons);
    set(&o, "immunityPeriod", s.immunity_period);
    let pool = Object::new();
    set(&pool, "taoIn", big(s.pool.tao_in));
    set(&pool, "alphaIn", big(s.pool.alpha_in));
    set(&pool, "alphaOut", big(s.pool.alpha_out));
    set(&pool, "price", price_js(&s.pool.price));
    set(&o, "pool", pool);
    o.into()
}

fn delegate_js(d: &query::Delegate) -> JsValue {
    let o = Object::new();
    let netuids = |v: &[u16]| v.iter().map(|n| JsValue::from(*n)).collect::<js_sys::Array>();
    set(&o, "hotkey", ss58(&d.hotkey));
    set(&o, "owner", ss58(&d.owner));
    set(&o, "take", d.take);
    set(&o, "registrations", netuids(&d.registrations));
    set(&o, "validatorPermits", netuids(&d.validator_permits));
    set(&o, "nominators", d.nominators.iter().map(position_js).collect::<js_sys::Array>());
    let totals = d.total_stake.iter().map(|(netuid, alpha)| {
        let t = Object::new();
        set(&t, "netuid", *netuid);
        set(&t, "alpha", big(*alpha));
        JsValue::from(t)
    });
    set(&o, "totalStake", totals.collect::<js_sys::Array>());
    set(&o, "totalTaoValue", big(d.total_tao_value));
    set(&o, "returnPer1000", big(d.return_per_1000));
    set(&o, "totalDailyReturn", big(d.total_daily_return));
    o.into()
}
