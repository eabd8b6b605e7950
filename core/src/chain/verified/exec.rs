//! Runtime API calls executed here, in the chain's own runtime, over proven storage.
//!
//! The runtime's code is itself read from the state (`:code`, proven like any value), compiled
//! once per code hash by smoldot's executor (its wasm interpreter) and kept. During a call every
//! storage access the runtime makes becomes a proven read ([`StateReader`]), so the result is
//! what the real runtime computes on the real state of that block, whatever the node says.

use std::sync::Mutex;

use smoldot::executor::{self, host, runtime_call, vm};

use super::proof::StateReader;
use crate::chain::{ChainError, RuntimeVersion};

const CODE_KEY: &[u8] = b":code";
const HEAP_PAGES_KEY: &[u8] = b":heappages";

/// A compiled runtime and what identifies it.
struct Compiled {
    code_hash: [u8; 32],
    heap_pages: Option<Vec<u8>>,
    vm: host::HostVmPrototype,
}

/// Compiled runtimes, by code hash: a call takes one out and puts it back when done, so
/// concurrent calls each get their own (compiling another copy when all are busy).
#[derive(Default)]
pub(crate) struct Executor {
    idle: Mutex<Vec<Compiled>>,
}

fn exec_err(m: impl Into<String>) -> ChainError {
    ChainError::Execution(m.into())
}

/// The runtime version a compiled runtime declares (its `runtime_version` custom section).
fn version_of(vm: &host::HostVmPrototype) -> RuntimeVersion {
    let v = vm.runtime_version().decode();
    RuntimeVersion {
        spec_name: v.spec_name.to_owned(),
        impl_name: v.impl_name.to_owned(),
        spec_version: v.spec_version,
        impl_version: v.impl_version,
        transaction_version: v.transaction_version.unwrap_or(0),
        apis: v.apis.map(|a| (a.name_hash, a.version)).collect(),
    }
}

impl Executor {
    /// Takes a compiled runtime for this block's state out of the pool, or compiles one.
    async fn take(&self, state: &mut StateReader<'_>) -> Result<Compiled, ChainError> {
        let code_hash = state
            .value_hash(CODE_KEY)
            .await?
            .ok_or_else(|| exec_err("the state has no runtime code (:code)"))?;
        let heap_pages = state.get(HEAP_PAGES_KEY).await?;
        {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(i) = idle.iter().position(|c| c.code_hash == code_hash && c.heap_pages == heap_pages) {
                return Ok(idle.swap_remove(i));
            }
        }
        let code = state
            .get(CODE_KEY)
            .await?
            .ok_or_else(|| exec_err("the state has no runtime code (:code)"))?;
        let pages = executor::storage_heap_pages_to_value(heap_pages.as_deref())
            .map_err(|e| exec_err(format!(":heappages: {e}")))?;
        let vm = host::HostVmPrototype::new(host::Config {
            module: &code,
            heap_pages: pages,
            exec_hint: vm::ExecHint::ValidateAndCompile,
            // Runtimes built with benchmarking host functions (spec 103) import functions
            // no call needs; a call that reaches one fails instead.
            allow_unresolved_imports: true,
        })
        .map_err(|e| exec_err(format!("the runtime does not compile: {e}")))?;
        Ok(Compiled { code_hash, heap_pages, vm })
    }

    fn put_back(&self, c: Compiled) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        // A few per runtime are enough; an upgrade leaves the old ones to be dropped.
        idle.retain(|x| x.code_hash == c.code_hash);
        if idle.len() < 4 {
            idle.push(c);
        }
    }

    /// The version of the runtime in this block's state.
    pub(crate) async fn runtime_version(&self, state: &mut StateReader<'_>) -> Result<RuntimeVersion, ChainError> {
        let c = self.take(state).await?;
        let v = version_of(&c.vm);
        self.put_back(c);
        Ok(v)
    }

    /// Calls `method` with SCALE `args` in this block's runtime, over proven storage.
    pub(crate) async fn call(&self, state: &mut StateReader<'_>, method: &str, args: &[u8]) -> Result<Vec<u8>, ChainError> {
        let Compiled { code_hash, heap_pages, vm } = self.take(state).await?;
        let mut call = runtime_call::run(runtime_call::Config {
            virtual_machine: vm,
            function_to_call: method,
            parameter: std::iter::once(args),
            storage_main_trie_changes: Default::default(),
            storage_proof_size_behavior: runtime_call::StorageProofSizeBehavior::proof_recording_disabled(),
            max_log_level: 0,
            calculate_trie_changes: false,
        })
        .map_err(|(e, vm)| {
            self.put_back(Compiled { code_hash, heap_pages: heap_pages.clone(), vm });
            exec_err(format!("{method}: {e}"))
        })?;
        loop {
            call = match call {
                runtime_call::RuntimeCall::Finished(Ok(done)) => {
                    let out = done.virtual_machine.value().as_ref().to_vec();
                    let vm = done.virtual_machine.into_prototype();
                    self.put_back(Compiled { code_hash, heap_pages, vm });
                    return Ok(out);
                }
                runtime_call::RuntimeCall::Finished(Err(e)) => {
                    let detail = e.detail.to_string();
                    self.put_back(Compiled { code_hash, heap_pages, vm: e.prototype });
                    return Err(exec_err(format!("{method}: {detail}")));
                }
                runtime_call::RuntimeCall::StorageGet(req) => {
                    if req.child_trie().is_some() {
                        return Err(exec_err(format!("{method} reads a child trie, which is not supported")));
                    }
                    let key = req.key().as_ref().to_vec();
                    match state.get(&key).await {
                        // The version only matters for trie root calculation, which calls
                        // made here do not ask for.
                        Ok(v) => req.inject_value(v.map(|v| (std::iter::once(v), runtime_call::TrieEntryVersion::V1))),
                        Err(e) => return Err(e),
                    }
                }
                runtime_call::RuntimeCall::NextKey(req) => {
                    if req.child_trie().is_some() {
                        return Err(exec_err(format!("{method} walks a child trie, which is not supported")));
                    }
                    let key: Vec<_> = req.key().collect();
                    let prefix: Vec<_> = req.prefix().collect();
                    let next = state.next_key(&key, req.or_equal(), &prefix, req.branch_nodes()).await?;
                    req.inject_key(next.map(Vec::into_iter))
                }
                // Computed from the other reads instead (slower, needs no extra trust).
                runtime_call::RuntimeCall::ClosestDescendantMerkleValue(req) => req.resume_unknown(),
                runtime_call::RuntimeCall::SignatureVerification(req) => req.verify_and_resume(),
                runtime_call::RuntimeCall::LogEmit(req) => req.resume(),
                runtime_call::RuntimeCall::OffchainStorageSet(req) => req.resume(),
                runtime_call::RuntimeCall::Offchain(ctx) => {
                    let vm = ctx.into_prototype();
                    self.put_back(Compiled { code_hash, heap_pages, vm });
                    return Err(exec_err(format!("{method} asked for offchain-worker functions")));
                }
            };
        }
    }
}
