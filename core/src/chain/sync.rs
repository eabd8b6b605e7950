//! The light client's sync state ([`LightHealth`]), and waiting for it to catch up with the
//! chain while telling the caller each step: the "sync" progress an app shows while smoldot finds
//! peers and verifies the chain. One `LightClient::wait_for_sync` for the native and the wasm
//! light client (one of them is built per target), which differ only in how `system_health` is
//! asked.

use std::{future::Future, time::Duration};

use serde::Deserialize;

use super::ChainError;

/// What `system_health` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LightHealth {
    /// Number of peers the chain is syncing with.
    pub peers: u64,
    /// Whether the client is still catching up with the head of the chain.
    pub is_syncing: bool,
    /// Whether the chain is expected to have peers (false for a chain without bootnodes).
    pub should_have_peers: bool,
}

impl LightHealth {
    /// Caught up: not syncing, and with a peer unless the chain expects none (a spec without
    /// bootnodes). A client without peers is not synced even when smoldot says it is not
    /// syncing: it has nobody to sync from.
    pub fn is_synced(&self) -> bool {
        !self.is_syncing && (self.peers > 0 || !self.should_have_peers)
    }
}

impl super::LightClient {
    /// Waits until the client has caught up with the chain (see [`LightHealth::is_synced`]),
    /// asking `system_health` about once a second and calling `on_progress` with every answer:
    /// the sync progress an app shows. `Timeout` once `within` has passed. Without peers the
    /// first answer takes up to 30 s (smoldot answers once it has decided how to sync).
    pub async fn wait_for_sync(
        &self,
        within: Duration,
        on_progress: impl FnMut(&LightHealth),
    ) -> Result<LightHealth, ChainError> {
        wait_for_sync(|| self.health(), within, on_progress).await
    }
}

/// Between two `system_health` questions while waiting.
const SYNC_POLL: Duration = Duration::from_secs(1);

/// Asks `health` until the client is synced, calling `on_progress` with every answer (the
/// last one included). Fails with `Timeout` once `within` has passed, or with the error of a
/// `health` call.
async fn wait_for_sync<F, Fut>(
    health: F,
    within: Duration,
    mut on_progress: impl FnMut(&LightHealth),
) -> Result<LightHealth, ChainError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<LightHealth, ChainError>>,
{
    let waiting = async {
        loop {
            let now = health().await?;
            on_progress(&now);
            if now.is_synced() {
                return Ok(now);
            }
            crate::platform::sleep(SYNC_POLL).await;
        }
    };
    crate::platform::timeout(within, waiting)
        .await
        .unwrap_or_else(|_| {
            Err(ChainError::Timeout {
                what: "the light client's sync".into(),
                after: within,
            })
        })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn h(peers: u64, is_syncing: bool, should_have_peers: bool) -> LightHealth {
        LightHealth { peers, is_syncing, should_have_peers }
    }

    #[test]
    fn synced_needs_a_peer_unless_none_is_expected() {
        assert!(h(3, false, true).is_synced());
        assert!(!h(3, true, true).is_synced());
        assert!(!h(0, false, true).is_synced(), "nobody to sync from");
        assert!(h(0, false, false).is_synced(), "a chain without bootnodes");
        assert!(!h(0, true, false).is_synced());
    }

    #[tokio::test]
    async fn reports_every_answer_until_synced() {
        let answers = std::sync::Mutex::new(vec![h(2, false, true), h(1, true, true), h(0, true, true)]);
        let mut seen = Vec::new();
        let done = wait_for_sync(
            || {
                let next = answers.lock().unwrap_or_else(|e| e.into_inner()).pop();
                async move { next.ok_or_else(|| ChainError::Disconnected("no more".into())) }
            },
            Duration::from_secs(60),
            |x| seen.push(*x),
        )
        .await
        .expect("synced");
        assert_eq!(done, h(2, false, true));
        assert_eq!(seen, vec![h(0, true, true), h(1, true, true), h(2, false, true)]);
    }

    #[tokio::test]
    async fn times_out_when_never_synced() {
        let mut calls = 0;
        let e = wait_for_sync(
            || async { Ok(h(0, true, true)) },
            Duration::from_millis(2500),
            |_| calls += 1,
        )
        .await
        .expect_err("never synced");
        assert!(matches!(e, ChainError::Timeout { .. }), "{e:?}");
        assert_eq!(calls, 3, "one answer per second, at 0, 1 and 2 s");
    }

    #[tokio::test]
    async fn a_failed_health_call_is_the_error() {
        let e = wait_for_sync(
            || async { Err(ChainError::Disconnected("gone".into())) },
            Duration::from_secs(5),
            |_| {},
        )
        .await
        .expect_err("fails");
        assert!(matches!(e, ChainError::Disconnected(_)), "{e:?}");
    }
}
