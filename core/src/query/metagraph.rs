//! The metagraph: every neuron of a subnet in the lite form, from one runtime call.

use parity_scale_codec::Encode;

use super::decode::{self, NeuronInfoLite, NEURON_INFO_LITE};
use super::layout::Shape;
use super::neuron::{Neuron, API};
use super::reader::Reader;
use crate::chain::{ChainError, Client};

/// Every neuron of a subnet at one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metagraph {
    pub netuid: u16,
    /// The block number read at.
    pub block: u64,
    /// By uid.
    pub neurons: Vec<Neuron>,
}

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
    Ok(Metagraph { netuid, block: u64::from(r.head.number), neurons })
}
