//! Sending transactions through a [`Client`]: parameters from the node, nonces, fees, submission
//! and a stream of states until the transaction is in a block or finalized, with its events.
//!
//! Watching uses `author_submitAndWatchExtrinsic`, which every subtensor node and chopsticks
//! serve (chopsticks does not serve `transactionWatch_v1`).

use std::pin::Pin;

use futures::{Stream, StreamExt};
use parity_scale_codec::{Decode, Encode};
use serde::Deserialize;
use subxt_rpcs::client::rpc_params;

use super::events::{decode_events, extrinsic_outcome, Event};
use super::extensions::{ChainParams, TxParams};
use super::metadata_hash::{metadata_hash, MetadataHashInfo};
use super::{Call, Era, Extrinsic, MultiSignature, Signer, SigningPayload, TxError, ValueExt};
use crate::chain::{
    storage_prefix, system_account_key, BlockHash, ChainError, Client, Head, Metadata, RuntimeVersion,
};

/// How long to wait after submitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WaitFor {
    /// Return once the node accepted the transaction into its pool.
    None,
    /// Return once it is in a best block (with its events).
    #[default]
    InBlock,
    /// Return once that block is finalized.
    Finalized,
}

/// Choices for one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxOptions {
    /// Tip in rao (default 0).
    pub tip: u64,
    /// Mortality period in blocks (default 64); `None` = immortal.
    pub mortality: Option<u64>,
    /// A fixed nonce; `None` = the next one (chain plus transactions in flight).
    pub nonce: Option<u32>,
    /// Turn CheckMetadataHash on (RFC-0078), as hardware wallets need. Off by default.
    pub metadata_hash: bool,
    /// How long [`Client::sign_and_submit`] waits.
    pub wait_for: WaitFor,
}

impl Default for TxOptions {
    fn default() -> Self {
        TxOptions {
            tip: 0,
            mortality: Some(64),
            nonce: None,
            metadata_hash: false,
            wait_for: WaitFor::InBlock,
        }
    }
}

/// A transaction handed to the node: done (not waited for) or being watched.
enum Sent {
    Done(TxOutcome),
    Watching(TxProgress),
}

/// A state of a submitted transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxStatus {
    /// In the pool, waiting for an earlier nonce.
    Future,
    /// Validated and ready in the pool.
    Ready,
    /// Sent to peers.
    Broadcast(usize),
    /// In a best block.
    InBlock(BlockHash),
    /// That block left the best chain; the transaction is back in the pool.
    Retracted(BlockHash),
    /// Finalized in this block.
    Finalized(BlockHash),
    /// Not finalized in time; may still be.
    FinalityTimeout(BlockHash),
    /// Replaced by another transaction with the same nonce.
    Usurped([u8; 32]),
    /// Dropped from the pool.
    Dropped,
    /// Became invalid.
    Invalid,
}

/// The result of a transaction that made it into a block.
#[derive(Debug, Clone, PartialEq)]
pub struct TxOutcome {
    /// The transaction hash.
    pub hash: [u8; 32],
    /// The account nonce it used.
    pub nonce: u32,
    /// The block it is in (`None` when not waited for).
    pub block: Option<BlockHash>,
    /// The number of that block.
    pub block_number: Option<u64>,
    /// Its index in the block.
    pub index: Option<u32>,
    /// Whether that block was finalized when the outcome was returned.
    pub finalized: bool,
    /// The events it emitted (`System.ExtrinsicSuccess` among them).
    pub events: Vec<Event>,
}

impl TxOutcome {
    /// The first event `Pallet.Name` it emitted.
    pub fn event(&self, pallet: &str, name: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.pallet == pallet && e.name == name)
    }
}

/// Fee estimate from `TransactionPaymentApi` (all amounts in rao).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeEstimate {
    /// What the sender pays besides the tip.
    pub partial_fee: u64,
    /// The base fee of every transaction.
    pub base_fee: u64,
    /// The fee for the encoded length.
    pub len_fee: u64,
    /// The fee for the weight, adjusted by the fee multiplier.
    pub adjusted_weight_fee: u64,
    /// The tip the transaction would pay, from the options (the runtime reports none when estimating).
    pub tip: u64,
    /// Weight (ref_time, proof_size).
    pub weight: (u64, u64),
    /// Encoded length in bytes.
    pub length: u32,
}

impl Client {
    /// What every signature commits to: genesis (as the node reports it), spec and
    /// transaction versions at the best block.
    pub async fn chain_params(&self) -> Result<ChainParams, ChainError> {
        let best = self.best_head().await?;
        let v = self.runtime_version_at(Some(best.hash)).await?;
        Ok(ChainParams {
            genesis: self.genesis_hash(),
            spec_version: v.spec_version,
            tx_version: v.transaction_version,
        })
    }

    /// The nonce the next transaction of `account` should use: the chain's, or one past the
    /// last sent through this client when that is higher.
    pub async fn next_nonce(&self, account: &[u8; 32]) -> Result<u32, ChainError> {
        let on_chain = self.account_nonce(account).await?;
        let local = self.nonces().lock().map(|m| m.get(account).copied()).unwrap_or(None);
        Ok(local.map_or(on_chain, |l| l.max(on_chain)))
    }

    /// The account's nonce at the best block (`System.Account`).
    async fn account_nonce(&self, account: &[u8; 32]) -> Result<u32, ChainError> {
        let best = self.best_head().await?;
        let raw = self.storage(&system_account_key(account), Some(best.hash)).await?;
        match raw {
            None => Ok(0),
            Some(b) => u32::decode(&mut &b[..]).map_err(|e| ChainError::decode("System.Account", e)),
        }
    }

    /// Take the next nonce for a transaction about to be sent: concurrent callers sending from
    /// the same account each get their own.
    pub async fn reserve_nonce(&self, account: &[u8; 32]) -> Result<u32, ChainError> {
        let _gate = self.nonce_gate().lock().await;
        let n = self.next_nonce(account).await?;
        self.remember_nonce(account, n);
        Ok(n)
    }

    fn remember_nonce(&self, account: &[u8; 32], used: u32) {
        if let Ok(mut m) = self.nonces().lock() {
            let next = m.entry(*account).or_insert(0);
            *next = (*next).max(used.saturating_add(1));
        }
    }

    fn forget_nonce(&self, account: &[u8; 32]) {
        if let Ok(mut m) = self.nonces().lock() {
            m.remove(account);
        }
    }

    /// Build the signing payload of `call` for `account` (nonce, era from the best block,
    /// metadata hash when asked): what an offline signer signs.
    /// Without a fixed nonce this reserves the next one (see [`Client::reserve_nonce`]).
    pub async fn signing_payload(
        &self,
        call: &Call,
        account: &[u8; 32],
        options: &TxOptions,
    ) -> Result<(SigningPayload, TxParams), TxError> {
        self.payload_for(call, account, options, true).await
    }

    async fn payload_for(
        &self,
        call: &Call,
        account: &[u8; 32],
        options: &TxOptions,
        reserve: bool,
    ) -> Result<(SigningPayload, TxParams), TxError> {
        let metadata = self.metadata().await?;
        let encoded = call.encode(&metadata)?;
        // One best block and one runtime version for everything this payload commits to.
        let best = self.best_head().await?;
        let version = self.runtime_version_at(Some(best.hash)).await?;
        let chain = ChainParams {
            genesis: self.genesis_hash(),
            spec_version: version.spec_version,
            tx_version: version.transaction_version,
        };
        let params = self
            .tx_params(&metadata, &version, best, account, options, reserve)
            .await?;
        let payload = SigningPayload::from_call_bytes(&metadata, &chain, encoded, &params)?;
        Ok((payload, params))
    }

    async fn tx_params(
        &self,
        metadata: &Metadata,
        version: &RuntimeVersion,
        best: Head,
        account: &[u8; 32],
        options: &TxOptions,
        reserve: bool,
    ) -> Result<TxParams, TxError> {
        let nonce = match options.nonce {
            Some(n) => n,
            None if reserve => self.reserve_nonce(account).await?,
            None => self.next_nonce(account).await?,
        };
        let (era, birth_hash) = match options.mortality {
            None => (Era::Immortal, self.genesis_hash()),
            Some(period) => {
                let era = Era::mortal(period, best.number.into())?;
                // The birth block is the best block itself, except for periods above 4096,
                // whose phase is quantized to an earlier block.
                let birth = era.birth(best.number.into());
                let hash = if birth == u64::from(best.number) {
                    best.hash
                } else {
                    let n = u32::try_from(birth).map_err(|_| TxError::InvalidEra(period))?;
                    self.block_hash(n)
                        .await?
                        .ok_or_else(|| ChainError::BlockNotAvailable(format!("#{n}")))?
                };
                (era, hash)
            }
        };
        let metadata_hash = if options.metadata_hash {
            Some(self.metadata_hash_of(metadata, version)?)
        } else {
            None
        };
        Ok(TxParams {
            nonce,
            tip: options.tip,
            era,
            birth_hash,
            metadata_hash,
        })
    }

    /// The RFC-0078 hash of this runtime's metadata: merkleizing the whole metadata is costly,
    /// so it is computed once per runtime version and kept in the client.
    fn metadata_hash_of(&self, metadata: &Metadata, version: &RuntimeVersion) -> Result<[u8; 32], TxError> {
        let mut kept = self.metadata_hash_cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some((spec, hash)) = *kept {
            if spec == version.spec_version && spec == metadata.spec_version() {
                return Ok(hash);
            }
        }
        let hash = metadata_hash(
            metadata,
            &MetadataHashInfo::bittensor(&version.spec_name, version.spec_version),
        )?;
        *kept = Some((version.spec_version, hash));
        Ok(hash)
    }

    /// Build and sign `call`; returns the extrinsic and the nonce it uses.
    pub async fn create_signed(
        &self,
        call: &Call,
        signer: &dyn Signer,
        options: &TxOptions,
    ) -> Result<(Extrinsic, u32), TxError> {
        let (payload, params) = self
            .signing_payload(call, &signer.account_id(), options)
            .await?;
        Ok((payload.sign(signer), params.nonce))
    }

    /// Estimate the fee of `call` sent by `account` (`TransactionPaymentApi`), before signing.
    pub async fn estimate_fee(
        &self,
        call: &Call,
        account: &[u8; 32],
        options: &TxOptions,
    ) -> Result<FeeEstimate, TxError> {
        let metadata = self.metadata().await?;
        let (payload, _) = self.payload_for(call, account, options, false).await?;
        // The runtime does not check the signature when estimating: a placeholder of the
        // right size gives the right length fee.
        let ext = payload.attach_unchecked(account, &MultiSignature::Sr25519([0; 64]));
        let len = ext.bytes().len() as u32;
        let mut args = ext.bytes().to_vec();
        args.extend(len.encode());
        let info = self
            .runtime_call("TransactionPaymentApi_query_info", &args, None)
            .await?;
        let details = self
            .runtime_call("TransactionPaymentApi_query_fee_details", &args, None)
            .await?;
        let info = decode_api(&metadata, "TransactionPaymentApi", "query_info", &info)?;
        let details = decode_api(&metadata, "TransactionPaymentApi", "query_fee_details", &details)?;
        let num = |v: Option<&scale_value::Value<u32>>| v.and_then(|v| v.as_uint()).unwrap_or(0) as u64;
        let weight = info.field("weight");
        let inclusion = details
            .field("inclusion_fee")
            .filter(|v| v.variant_name() == Some("Some"))
            .and_then(|v| v.at(0));
        Ok(FeeEstimate {
            partial_fee: num(info.field("partial_fee")),
            base_fee: num(inclusion.and_then(|i| i.field("base_fee"))),
            len_fee: num(inclusion.and_then(|i| i.field("len_fee"))),
            adjusted_weight_fee: num(inclusion.and_then(|i| i.field("adjusted_weight_fee"))),
            // The runtime's fee details report the tip as zero when estimating: it is ours.
            tip: options.tip,
            weight: (
                num(weight.and_then(|w| w.field("ref_time"))),
                num(weight.and_then(|w| w.field("proof_size"))),
            ),
            length: len,
        })
    }

    /// Submit without watching; returns the transaction hash once the node accepted it.
    pub async fn submit(&self, ext: &Extrinsic) -> Result<[u8; 32], TxError> {
        let sent: Result<BlockHash, _> = self
            .request("author_submitExtrinsic", rpc_params![ext.to_hex()])
            .await;
        sent.map_err(|e| self.refused(ext, e))?;
        Ok(ext.hash())
    }

    /// A refused submission: typed, and the signer's reserved nonces are re-read from the chain
    /// next time (the refused one was never used).
    fn refused(&self, ext: &Extrinsic, e: ChainError) -> TxError {
        let e = pool_error(e);
        if matches!(e, TxError::Invalid { .. }) {
            if let Some(a) = signer_of(ext) {
                self.forget_nonce(&a);
            }
        }
        e
    }

    /// Submit and watch: a stream of [`TxStatus`].
    pub async fn submit_and_watch(&self, ext: &Extrinsic) -> Result<TxProgress, TxError> {
        let sub = self
            .subscribe_raw::<serde_json::Value>(
                "author_submitAndWatchExtrinsic",
                rpc_params![ext.to_hex()],
                "author_unwatchExtrinsic",
            )
            .await
            .map_err(|e| self.refused(ext, e))?;
        Ok(TxProgress {
            client: self.clone(),
            ext: ext.clone(),
            inner: sub,
        })
    }

    /// Build, sign, submit and wait as `options.wait_for` says. A failed dispatch is a typed
    /// error ([`TxError::Dispatch`]); a stale nonce from transactions sent elsewhere is
    /// recovered once by re-reading the chain's nonce (when the nonce was not fixed).
    pub async fn sign_and_submit(
        &self,
        call: &Call,
        signer: &dyn Signer,
        options: &TxOptions,
    ) -> Result<TxOutcome, TxError> {
        self.sign_and_submit_watching(call, signer, options, |_| {})
            .await
    }

    /// [`Client::sign_and_submit`], handing every state the node reports to `on_status` as it
    /// comes (for progress shown to a user; a retried stale nonce reports both attempts).
    pub async fn sign_and_submit_watching<F: FnMut(&TxStatus)>(
        &self,
        call: &Call,
        signer: &dyn Signer,
        options: &TxOptions,
        mut on_status: F,
    ) -> Result<TxOutcome, TxError> {
        let account = signer.account_id();
        let mut retried = false;
        loop {
            let result = match self.sign_and_hand_over(call, signer, options, &account).await {
                Ok((Sent::Done(outcome), _)) => Ok(outcome),
                Ok((Sent::Watching(mut progress), nonce)) => {
                    progress.wait_with(options.wait_for, &mut on_status).await.map(|mut o| {
                        o.nonce = nonce;
                        o
                    })
                }
                Err(e) => Err(e),
            };
            let who = || crate::keys::ss58::encode(&account, crate::keys::ss58::BITTENSOR_PREFIX);
            match result {
                Err(TxError::Invalid { reason })
                    if !retried && options.nonce.is_none() && is_nonce_problem(&reason) =>
                {
                    log::info!(target: "taolight::tx", "{} from {}: stale nonce ({reason}), retrying once with the chain's", call.path(), who());
                    self.forget_nonce(&account);
                    retried = true;
                }
                Err(e) => {
                    log::warn!(target: "taolight::tx", "{} from {} failed: {e}", call.path(), who());
                    if matches!(e, TxError::Invalid { .. } | TxError::Dropped(_)) {
                        self.forget_nonce(&account);
                    }
                    return Err(e);
                }
                Ok(o) => {
                    let state = match (o.block_number, o.finalized) {
                        (Some(n), true) => format!("finalized in #{n}"),
                        (Some(n), false) => format!("in block #{n}"),
                        _ => "submitted".to_owned(),
                    };
                    log::info!(target: "taolight::tx", "{} from {} nonce {}: 0x{} {state}", call.path(), who(), o.nonce, hex::encode(o.hash));
                    return Ok(o);
                }
            }
        }
    }

    /// Take a nonce, sign and give the transaction to the node, holding the account's send
    /// lock throughout: concurrent sends from one account reach the node in nonce order.
    async fn sign_and_hand_over(
        &self,
        call: &Call,
        signer: &dyn Signer,
        options: &TxOptions,
        account: &[u8; 32],
    ) -> Result<(Sent, u32), TxError> {
        let lock = self.send_lock(account);
        let _held = lock.lock().await;
        let (ext, nonce) = self.create_signed(call, signer, options).await?;
        if options.wait_for == WaitFor::None {
            let hash = self.submit(&ext).await?;
            let outcome = TxOutcome {
                hash,
                nonce,
                block: None,
                block_number: None,
                index: None,
                finalized: false,
                events: Vec::new(),
            };
            return Ok((Sent::Done(outcome), nonce));
        }
        Ok((Sent::Watching(self.submit_and_watch(&ext).await?), nonce))
    }

    /// The events of a block.
    pub async fn events(&self, block: BlockHash) -> Result<Vec<Event>, TxError> {
        let metadata = self.metadata().await?;
        let raw = self
            .storage(&storage_prefix("System", "Events"), Some(block))
            .await?
            .unwrap_or_default();
        decode_events(&metadata, &raw)
    }

    /// The extrinsics of a block, as bytes.
    pub async fn block_extrinsics(&self, block: BlockHash) -> Result<Vec<Vec<u8>>, TxError> {
        #[derive(Deserialize)]
        struct Signed {
            block: Body,
        }
        #[derive(Deserialize)]
        struct Body {
            extrinsics: Vec<String>,
        }
        let b: Option<Signed> = self.request("chain_getBlock", rpc_params![block]).await?;
        let b = b.ok_or_else(|| ChainError::BlockNotAvailable(block.to_string()))?;
        b.block
            .extrinsics
            .iter()
            .map(|x| {
                hex::decode(x.trim_start_matches("0x")).map_err(|e| TxError::decode("block body", e))
            })
            .collect()
    }
}

impl SigningPayload {
    /// Assemble with a signature that is not checked (fee estimation only).
    fn attach_unchecked(&self, signer: &[u8; 32], signature: &MultiSignature) -> Extrinsic {
        self.assemble_public(signer, signature)
    }
}

/// The signer of an encoded signed extrinsic.
fn signer_of(ext: &Extrinsic) -> Option<[u8; 32]> {
    let mut input = ext.bytes();
    let _ = parity_scale_codec::Compact::<u32>::decode(&mut input).ok()?;
    if input.first() != Some(&0x84) || input.get(1) != Some(&0) {
        return None;
    }
    input.get(2..34)?.try_into().ok()
}

fn decode_api(
    metadata: &Metadata,
    api: &str,
    method: &str,
    bytes: &[u8],
) -> Result<scale_value::Value<u32>, TxError> {
    let ty = metadata
        .runtime_api_output(api, method)
        .ok_or_else(|| TxError::NotSupportedByRuntime(format!("{api}.{method} (needs metadata V15)")))?;
    super::value::decode_value(&mut &bytes[..], ty, metadata.types())
        .map_err(|e| TxError::decode(&format!("{api}_{method}"), e))
}

/// A node's refusal of a submission becomes [`TxError::Invalid`] with a readable reason.
fn pool_error(e: ChainError) -> TxError {
    match e {
        ChainError::Rpc { code, message } if (1010..=1020).contains(&code) => TxError::Invalid {
            reason: pool_reason(&message),
        },
        other => TxError::Chain(other),
    }
}

fn is_nonce_problem(reason: &str) -> bool {
    reason.contains("stale") || reason.contains("future") || reason.contains("outdated")
        || reason.contains("priority is too low") || reason.contains("already imported")
}

/// Subtensor's `InvalidTransaction::Custom` codes (common/src/transaction_error.rs).
const SUBTENSOR_CUSTOM: &[(u8, &str)] = &[
    (1, "StakeAmountTooLow"),
    (2, "BalanceTooLow"),
    (3, "SubnetNotExists"),
    (4, "HotkeyAccountDoesntExist"),
    (5, "NotEnoughStakeToWithdraw"),
    (6, "RateLimitExceeded"),
    (7, "InsufficientLiquidity"),
    (8, "SlippageTooHigh"),
    (9, "TransferDisallowed"),
    (10, "HotKeyNotRegisteredInNetwork"),
    (11, "InvalidIpAddress"),
    (12, "ServingRateLimitExceeded"),
    (13, "InvalidPort"),
    (14, "ZeroMaxAmount"),
    (255, "BadRequest"),
];

/// Turn a pool error message (`Invalid Transaction: {"invalid":{"custom":10}}` or
/// `… Transaction has a bad signature`) into a reason that names the problem.
fn pool_reason(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    let named = if lower.contains("badproof") || lower.contains("bad signature") {
        Some("bad signature (badProof)".to_string())
    } else if lower.contains("stale") || lower.contains("outdated") {
        Some("stale nonce (already used)".to_string())
    } else if lower.contains("future") {
        Some("future nonce".to_string())
    } else if lower.contains("payment") || lower.contains("inability to pay") {
        Some("cannot pay the fees (payment)".to_string())
    } else if let Some(n) = custom_code(&lower) {
        let name = SUBTENSOR_CUSTOM
            .iter()
            .find(|(c, _)| *c == n)
            .map(|(_, s)| *s)
            .unwrap_or("unknown");
        Some(format!("Custom({n}) {name}"))
    } else {
        None
    };
    match named {
        Some(n) => format!("{n}: {message}"),
        None => message.to_string(),
    }
}

fn custom_code(lower: &str) -> Option<u8> {
    let at = lower.find("custom")?;
    let digits: String = lower[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum LegacyStatus {
    Future,
    Ready,
    Broadcast(Vec<String>),
    InBlock(BlockHash),
    Retracted(BlockHash),
    FinalityTimeout(BlockHash),
    Finalized(BlockHash),
    Usurped(BlockHash),
    Dropped,
    Invalid,
}

fn status_from_json(v: serde_json::Value) -> Result<TxStatus, ChainError> {
    let s: LegacyStatus =
        serde_json::from_value(v).map_err(|e| ChainError::decode("transaction status", e))?;
    Ok(match s {
        LegacyStatus::Future => TxStatus::Future,
        LegacyStatus::Ready => TxStatus::Ready,
        LegacyStatus::Broadcast(p) => TxStatus::Broadcast(p.len()),
        LegacyStatus::InBlock(h) => TxStatus::InBlock(h),
        LegacyStatus::Retracted(h) => TxStatus::Retracted(h),
        LegacyStatus::FinalityTimeout(h) => TxStatus::FinalityTimeout(h),
        LegacyStatus::Finalized(h) => TxStatus::Finalized(h),
        LegacyStatus::Usurped(h) => TxStatus::Usurped(h.0),
        LegacyStatus::Dropped => TxStatus::Dropped,
        LegacyStatus::Invalid => TxStatus::Invalid,
    })
}

/// A submitted transaction's progress. Dropping it stops watching (the transaction stays
/// submitted).
pub struct TxProgress {
    client: Client,
    ext: Extrinsic,
    inner: Pin<Box<dyn Stream<Item = Result<serde_json::Value, ChainError>> + Send>>,
}

impl std::fmt::Debug for TxProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TxProgress(0x{})", hex::encode(self.ext.hash()))
    }
}

impl TxProgress {
    /// The transaction hash.
    pub fn hash(&self) -> [u8; 32] {
        self.ext.hash()
    }

    /// The next state (bounded by the client's timeout); `None` when the node ended the stream.
    pub async fn next(&mut self) -> Option<Result<TxStatus, TxError>> {
        let timeout = self.client.timeout();
        match crate::platform::timeout(timeout, self.inner.next()).await {
            Err(_) => Some(Err(TxError::Chain(ChainError::Timeout {
                what: "transaction status".into(),
                after: timeout,
            }))),
            Ok(None) => None,
            Ok(Some(Err(e))) => Some(Err(e.into())),
            Ok(Some(Ok(v))) => Some(status_from_json(v).map_err(TxError::from)),
        }
    }

    /// Wait until in a block (or finalized), then fetch its events; a failed dispatch is a
    /// typed error. `WaitFor::None` returns at once.
    pub async fn wait(&mut self, wait: WaitFor) -> Result<TxOutcome, TxError> {
        self.wait_with(wait, |_| {}).await
    }

    /// [`TxProgress::wait`], handing every state to `on_status` as it comes.
    pub async fn wait_with<F: FnMut(&TxStatus)>(
        &mut self,
        wait: WaitFor,
        mut on_status: F,
    ) -> Result<TxOutcome, TxError> {
        let mut outcome = TxOutcome {
            hash: self.hash(),
            nonce: 0,
            block: None,
            block_number: None,
            index: None,
            finalized: false,
            events: Vec::new(),
        };
        if wait == WaitFor::None {
            return Ok(outcome);
        }
        loop {
            let status = match self.next().await {
                Some(s) => s?,
                None => return Err(TxError::Dropped("the node ended the watch".into())),
            };
            on_status(&status);
            let (block, finalized) = match status {
                TxStatus::InBlock(b) => (b, false),
                TxStatus::Finalized(b) => (b, true),
                TxStatus::Dropped => return Err(TxError::Dropped("dropped from the pool".into())),
                TxStatus::Invalid => {
                    return Err(TxError::Invalid {
                        reason: "became invalid in the pool".into(),
                    })
                }
                TxStatus::Usurped(by) => {
                    return Err(TxError::Dropped(format!(
                        "replaced by 0x{} with the same nonce",
                        hex::encode(by)
                    )))
                }
                TxStatus::FinalityTimeout(b) => {
                    return Err(TxError::Chain(ChainError::Timeout {
                        what: format!("finality of block {b} (the transaction may still be finalized)"),
                        after: self.client.timeout(),
                    }))
                }
                _ => continue,
            };
            if outcome.block != Some(block) {
                fill(&self.client, &self.ext, &mut outcome, block).await?;
            }
            outcome.finalized = finalized;
            if finalized || wait == WaitFor::InBlock {
                return Ok(outcome);
            }
        }
    }

    /// The outcome of this transaction in `block` (after `next()` reported it there): its index,
    /// the block number and its events; a failed dispatch is the typed error.
    pub fn outcome_at(
        &self,
        block: BlockHash,
        finalized: bool,
    ) -> impl std::future::Future<Output = Result<TxOutcome, TxError>> + Send + 'static {
        // Owned copies: the future must not borrow `self` (its stream is `Send` but not `Sync`,
        // and async front ends such as uniffi need `Send` futures).
        let (client, ext) = (self.client.clone(), self.ext.clone());
        async move {
            let mut outcome = TxOutcome {
                hash: ext.hash(),
                nonce: 0,
                block: None,
                block_number: None,
                index: None,
                finalized,
                events: Vec::new(),
            };
            fill(&client, &ext, &mut outcome, block).await?;
            Ok(outcome)
        }
    }
}

/// Find the transaction in `block`, read the block's events and keep the transaction's.
async fn fill(
    client: &Client,
    ext: &Extrinsic,
    outcome: &mut TxOutcome,
    block: BlockHash,
) -> Result<(), TxError> {
    let metadata = client.metadata().await?;
    let body = client.block_extrinsics(block).await?;
    let index = body
        .iter()
        .position(|x| x == ext.bytes())
        .ok_or_else(|| TxError::decode("block body", "the transaction is not in the block"))?
        as u32;
    let events = client.events(block).await?;
    let header = client.header(block).await?;
    outcome.block = Some(block);
    outcome.block_number = Some(header.number.into());
    outcome.index = Some(index);
    outcome.events = extrinsic_outcome(&metadata, &events, index)?;
    Ok(())
}

/// Compile-time check: the futures front ends await are `Send` (uniffi and multi-threaded
/// runtimes need it).
#[allow(dead_code)]
fn futures_are_send(client: &Client, call: &Call, signer: &crate::keys::Keypair, ext: &Extrinsic, p: &mut TxProgress) {
    fn send<T: Send>(_: T) {}
    send(client.sign_and_submit(call, signer, &TxOptions::default()));
    send(client.submit_and_watch(ext));
    send(client.estimate_fee(call, &[0; 32], &TxOptions::default()));
    send(p.wait(WaitFor::InBlock));
    send(p.next());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_reasons_name_the_problem() {
        assert!(pool_reason(r#"Invalid Transaction: {"invalid":{"custom":10}}"#)
            .starts_with("Custom(10) HotKeyNotRegisteredInNetwork"));
        assert!(pool_reason(r#"1010: {"invalid":{"badProof":null}}"#).starts_with("bad signature"));
        assert!(pool_reason("Invalid Transaction: Transaction is outdated").starts_with("stale nonce"));
        assert!(pool_reason("Inability to pay some fees").starts_with("cannot pay"));
        assert_eq!(pool_reason("something else"), "something else");
    }
}
