//! GRANDPA finality, checked: justifications against the authority set in force, and authority
//! set changes read from header digests.
//!
//! Decoding and the batched ed25519 signature check are smoldot's
//! (`smoldot::finality`). smoldot's `verify_justification` checks signatures, membership,
//! duplicates and the signer count, but not (its own TODO) that every precommit votes for the
//! justification's target or a descendant of it: without that, precommits for one block could
//! be passed off as finalizing another. That check, and the weighted two-thirds threshold, are
//! done here before smoldot's.

use std::collections::HashMap;

use smoldot::finality::{decode, verify};
use smoldot::header::{self, DigestItemRef, GrandpaConsensusLogRef};

use super::checkpoint::{Authority, AuthoritySet};
use crate::chain::{BlockHash, ChainError, Head};

/// Subtensor's block numbers are u32.
const BLOCK_NUMBER_BYTES: usize = 4;

fn bad(m: impl Into<String>) -> ChainError {
    ChainError::BadJustification(m.into())
}

/// Checks that `justification` (a SCALE `GrandpaJustification`) finalizes the block it names
/// under `set`, and returns that block.
pub(crate) fn verify_justification(justification: &[u8], set: &AuthoritySet) -> Result<Head, ChainError> {
    let j = decode::decode_grandpa_justification(justification, BLOCK_NUMBER_BYTES)
        .map_err(|e| bad(format!("does not decode: {e}")))?;
    let number = u32::try_from(j.target_number).map_err(|_| bad("target block number out of range"))?;
    let target = *j.target_hash;

    // Every vote must be for the target or a block descending from it, as the ancestry headers
    // that come with the justification show.
    let mut parents: HashMap<[u8; 32], [u8; 32]> = HashMap::new();
    for h in j.votes_ancestries.clone() {
        parents.insert(h.hash(BLOCK_NUMBER_BYTES), *h.parent_hash);
    }
    let weights: HashMap<&[u8; 32], u64> =
        set.authorities.iter().map(|a| (&a.public_key, a.weight)).collect();
    let mut seen: HashMap<[u8; 32], ()> = HashMap::new();
    let mut signed_weight = 0u64;
    for pc in j.precommits.iter() {
        let mut at = *pc.target_hash;
        let mut steps = 0;
        while at != target {
            match parents.get(&at) {
                Some(p) if steps <= parents.len() => {
                    at = *p;
                    steps += 1;
                }
                _ => return Err(bad(format!(
                    "a precommit votes for block #{} 0x{}, which the justification does not show descending from its target",
                    pc.target_number,
                    hex::encode(pc.target_hash)
                ))),
            }
        }
        let Some(w) = weights.get(pc.authority_public_key) else {
            return Err(bad(format!(
                "0x{} is not in authority set {}",
                hex::encode(pc.authority_public_key),
                set.set_id
            )));
        };
        if seen.insert(*pc.authority_public_key, ()).is_some() {
            return Err(bad(format!("0x{} signed twice", hex::encode(pc.authority_public_key))));
        }
        signed_weight = signed_weight.saturating_add(*w);
    }
    if signed_weight < set.threshold() {
        return Err(bad(format!(
            "signers' weight {signed_weight} is below the threshold {} of set {}",
            set.threshold(),
            set.set_id
        )));
    }

    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| bad(format!("no randomness for batch verification: {e}")))?;
    verify::verify_justification(verify::JustificationVerifyConfig {
        justification,
        block_number_bytes: BLOCK_NUMBER_BYTES,
        authorities_set_id: set.set_id,
        authorities_list: set.authorities.iter().map(|a| &a.public_key[..]),
        randomness_seed: seed,
    })
    .map_err(|e| match e {
        verify::JustificationVerifyError::BadSignature => {
            bad(format!("a signature does not verify for this block, round {} and set {}", j.round, set.set_id))
        }
        other => bad(other.to_string()),
    })?;
    Ok(Head { number, hash: BlockHash(target) })
}

/// An authority set change announced in a header's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SetChange {
    /// Takes effect when the block `delay` blocks after the announcing one is finalized.
    Scheduled { next: Vec<Authority>, delay: u32 },
    /// Takes effect without finality (after an emergency); not followed here.
    Forced,
}

/// The GRANDPA set change a SCALE header announces, if any. A forced change takes precedence
/// over a scheduled one; of several scheduled ones the first counts (GRANDPA's rules).
pub(crate) fn set_change(header_scale: &[u8]) -> Result<Option<SetChange>, ChainError> {
    let h = header::decode(header_scale, BLOCK_NUMBER_BYTES)
        .map_err(|e| ChainError::BadHeader(format!("digest does not decode: {e}")))?;
    let mut scheduled = None;
    for item in h.digest.logs() {
        match item {
            DigestItemRef::GrandpaConsensus(GrandpaConsensusLogRef::ForcedChange { .. }) => {
                return Ok(Some(SetChange::Forced))
            }
            DigestItemRef::GrandpaConsensus(GrandpaConsensusLogRef::ScheduledChange(c)) if scheduled.is_none() => {
                let next = c
                    .next_authorities
                    .map(|a| Authority { public_key: *a.public_key, weight: a.weight.get() })
                    .collect();
                let delay = u32::try_from(c.delay).map_err(|_| ChainError::BadHeader("set change delay out of range".into()))?;
                scheduled = Some(SetChange::Scheduled { next, delay });
            }
            _ => {}
        }
    }
    Ok(scheduled)
}
