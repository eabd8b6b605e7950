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

use crate::chain::{Authority, AuthoritySet};
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

#[cfg(test)]
mod tests {
    use parity_scale_codec::Encode;
    use taolight_devnet::proofs::{justification, AuthorityKey, Votes};

    use super::*;
    use crate::chain::{Digest, DigestItem, Header};

    fn keys() -> Vec<AuthorityKey> {
        ["Alice", "Bob", "Charlie"].iter().map(|n| AuthorityKey::dev(n)).collect()
    }

    fn set_of(keys: &[AuthorityKey], set_id: u64) -> AuthoritySet {
        AuthoritySet { set_id, authorities: keys.iter().map(|k| Authority { public_key: k.public, weight: 1 }).collect() }
    }

    fn votes(signers: &[usize]) -> Votes {
        Votes { signers: signers.to_vec(), ..Votes::default() }
    }

    #[test]
    fn justifications_need_two_thirds_of_the_set_signing_this_block() {
        let k = keys();
        let set = set_of(&k, 3);
        let hash = [7u8; 32];
        let ok = justification(&k, hash, 100, 5, 3, &votes(&[0, 1, 2]));
        assert_eq!(verify_justification(&ok, &set).expect("valid"), Head { number: 100, hash: BlockHash(hash) });
        // Three authorities: all three must sign (threshold 3 - floor(2 / 3) = 3).
        let two = justification(&k, hash, 100, 5, 3, &votes(&[0, 1]));
        assert!(verify_justification(&two, &set).is_err(), "2 of 3 signers accepted");

        let cases = [
            ("another set id", justification(&k, hash, 100, 5, 4, &votes(&[0, 1, 2]))),
            ("a signer twice", justification(&k, hash, 100, 5, 3, &votes(&[0, 1, 1]))),
            ("a bad signature", justification(&k, hash, 100, 5, 3, &Votes { corrupt_signature_of: Some(2), ..votes(&[0, 1, 2]) })),
            ("votes for another block", justification(&k, hash, 100, 5, 3, &Votes { vote_for: Some(([8; 32], 101)), ..votes(&[0, 1, 2]) })),
            ("truncated", ok[..ok.len() - 1].to_vec()),
        ];
        for (what, j) in cases {
            let e = verify_justification(&j, &set).expect_err(what);
            assert_eq!(e.code(), "bad_justification", "{what}: {e}");
        }
        // A member of no set signing.
        let outsider = AuthorityKey::dev("Mallory");
        let mut with_outsider = keys();
        with_outsider[2] = outsider;
        let j = justification(&with_outsider, hash, 100, 5, 3, &votes(&[0, 1, 2]));
        assert!(verify_justification(&j, &set).expect_err("outsider").to_string().contains("not in authority set 3"));
    }

    #[test]
    fn set_changes_are_read_from_the_digest() {
        let k = keys();
        let next: Vec<([u8; 32], u64)> = k.iter().map(|k| (k.public, 1)).collect();
        let header = |logs: Vec<DigestItem>| Header {
            parent_hash: BlockHash([1; 32]),
            number: 9,
            state_root: BlockHash([2; 32]),
            extrinsics_root: BlockHash([3; 32]),
            digest: Digest { logs },
        };
        // GRANDPA's ConsensusLog: 1 = ScheduledChange { next_authorities, delay }, 2 = ForcedChange.
        let scheduled = DigestItem::Consensus(*b"FRNK", (1u8, &next, 5u32).encode());
        let forced = DigestItem::Consensus(*b"FRNK", (2u8, 0u32, &next, 0u32).encode());
        let aura = DigestItem::PreRuntime(*b"aura", 42u64.encode());
        assert_eq!(set_change(&header(vec![aura.clone()]).encode()).expect("decodes"), None);
        match set_change(&header(vec![aura.clone(), scheduled.clone()]).encode()).expect("decodes") {
            Some(SetChange::Scheduled { next: n, delay }) => {
                assert_eq!(delay, 5);
                assert_eq!(n.iter().map(|a| a.public_key).collect::<Vec<_>>(), k.iter().map(|k| k.public).collect::<Vec<_>>());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(set_change(&header(vec![scheduled, forced]).encode()).expect("decodes"), Some(SetChange::Forced));
        assert!(set_change(&[1, 2, 3]).is_err());
    }
}
