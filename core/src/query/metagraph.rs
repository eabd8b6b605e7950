//! The metagraph: every neuron of a subnet in the lite form, from one runtime call.

use parity_scale_codec::Encode;

use super::decode::{self, NeuronInfoLite, NEURON_INFO_LITE};
use super::layout::Shape;
use super::neuron::{Neuron, API};
use super::reader::{Reader, TOTAL_HOTKEY_ALPHA};
use crate::chain::{ChainError, Client};

/// Every neuron of a subnet at one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metagraph {
    /// The subnet.
    pub netuid: u16,
    /// The block number read at.
    pub block: u64,
    /// By uid.
    pub neurons: Vec<Neuron>,
    /// By uid: all alpha staked on the neuron's hotkey on this subnet (`TotalHotkeyAlpha`),
    /// read at the same block (the lite form's own stake field is empty on dTAO runtimes).
    pub stake_alpha: Vec<u64>,
}

/// How many stake reads are in flight at once.
const STAKE_READS_IN_FLIGHT: usize = 64;

/// The metagraph of `netuid` at the finalized block (no neurons when the subnet does not exist).
pub async fn metagraph(client: &Client, netuid: u16) -> Result<Metagraph, ChainError> {
    let r = Reader::new(client).await?;
    const OUT: Shape = Shape::Vec(&NEURON_INFO_LITE);
    let (out, wire) = r.call(API, "get_neurons_lite", &OUT, |_| netuid.encode()).await?;
    let lite: Vec<NeuronInfoLite> = decode::list(&out, wire, "NeuronInfoRuntimeApi_get_neurons_lite")?;
    let mut neurons = Vec::with_capacity(lite.len());
    for (i, n) in lite.into_iter().enumerate() {
        if n.netuid != netuid || usize::from(n.uid) != i {
            return Err(ChainError::Decode(format!("metagraph of {netuid}: entry {i} is uid {} of subnet {}", n.uid, n.netuid)));
        }
        neurons.push(Neuron::try_from(n)?);
    }
    let n = netuid.encode();
    let mut stake_alpha = Vec::with_capacity(neurons.len());
    for chunk in neurons.chunks(STAKE_READS_IN_FLIGHT) {
        let reads = chunk.iter().map(|neuron| r.get_value::<u64>(&TOTAL_HOTKEY_ALPHA, &[&neuron.hotkey, &n]));
        for v in futures::future::join_all(reads).await {
            stake_alpha.push(v?);
        }
    }
    Ok(Metagraph { netuid, block: u64::from(r.head.number), neurons, stake_alpha })
}
