//! Start the taolight devnet (chopsticks running the real subtensor spec-218 runtime) from Rust
//! integration tests.
//!
//! This is a thin, dependency-free wrapper around the `tests/devnet/devnet` tool:
//!
//! * [`Devnet::start`] returns the node named by `TAOLIGHT_RPC_URL` when that is set (nothing is
//!   started or stopped), else runs `devnet up --port 0 …` and stops that chain again on `Drop`
//!   (`devnet down --port N`).
//! * [`Devnet::shared`] is one instance per test process, created on first use. Statics are never
//!   dropped in Rust, so every devnet this crate starts is told to watch the test process
//!   (`--watch-pid`): it stops itself and cleans up within about a second of the process exiting,
//!   even after a panic, an abort or SIGKILL. No orphan is left either way.
//! * To share one chain across several test binaries, start it once and export its URL:
//!   `tests/devnet/devnet run -- cargo test …` does exactly that.
//!
//! ```no_run
//! let devnet = taolight_devnet::Devnet::shared().expect("devnet");
//! let chain = devnet.rpc("system_chain", "[]").expect("rpc");
//! assert!(chain.contains("bittensor"));
//! ```
//!
//! The dev accounts //Alice … //Ferdie hold 1,000,000 TAO each, Sudo is //Alice and subnet 1 is
//! prepared for quick tests; see `tests/devnet/README.md`.

#[cfg(feature = "proofs")]
pub mod proofs;
#[cfg(feature = "proxy")]
pub mod proxy;

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// How the devnet builds blocks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BlockMode {
    /// One block per submitted transaction (the default).
    #[default]
    Instant,
    /// Only when asked: `dev_newBlock` (see [`Devnet::new_blocks`]).
    Manual,
    /// A block every so many milliseconds (at least 50), like a real chain.
    Timed(u32),
}

impl BlockMode {
    /// The `--block-mode` argument of the `devnet` tool.
    pub fn as_arg(&self) -> String {
        match self {
            BlockMode::Instant => "instant".into(),
            BlockMode::Manual => "manual".into(),
            BlockMode::Timed(ms) => format!("timed:{ms}"),
        }
    }
}

/// Options for [`Devnet::start`].
#[derive(Clone, Debug, Default)]
pub struct DevnetOptions {
    /// Fixed port on 127.0.0.1; `None` picks a free one.
    pub port: Option<u16>,
    pub block_mode: BlockMode,
    /// Start a private chain even when `TAOLIGHT_RPC_URL` is set (for tests that need a block
    /// mode of their own).
    pub own_instance: bool,
}

/// Why a devnet could not be started or used.
#[derive(Debug)]
pub enum DevnetError {
    /// The `devnet` tool could not be run at all (missing bash, bad path, ...).
    Spawn(io::Error),
    /// The tool ran and failed; its stderr explains why (install, chain spec, start-up).
    Failed { code: Option<i32>, stderr: String },
    /// The tool's last stdout line was not a `ws://` URL.
    BadOutput(String),
    /// A JSON-RPC call failed (connection, HTTP status, or an `error` member).
    Rpc(String),
    /// The shared instance failed to start earlier in this process.
    Shared(String),
}

impl fmt::Display for DevnetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DevnetError::Spawn(e) => write!(f, "cannot run the devnet tool: {e}"),
            DevnetError::Failed { code, stderr } => {
                write!(
                    f,
                    "devnet tool failed (exit {code:?}):\n{}",
                    stderr.trim_end()
                )
            }
            DevnetError::BadOutput(s) => write!(f, "devnet tool printed no ws:// URL: {s:?}"),
            DevnetError::Rpc(s) => write!(f, "devnet JSON-RPC: {s}"),
            DevnetError::Shared(s) => write!(f, "shared devnet unavailable: {s}"),
        }
    }
}

impl std::error::Error for DevnetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DevnetError::Spawn(e) => Some(e),
            _ => None,
        }
    }
}

/// A running devnet (or an external node named by `TAOLIGHT_RPC_URL`).
#[derive(Debug)]
pub struct Devnet {
    url: String,
    /// Set when this value started the chain and must stop it.
    owned_port: Option<u16>,
}

/// The `devnet` tool: `TAOLIGHT_DEVNET` when set, else found from the package under test
/// (cargo sets `CARGO_MANIFEST_DIR` when it runs a test), else next to this crate's source.
///
/// Found at run time on purpose: a shared target dir may hold this crate compiled from another
/// checkout, whose path `env!` would have baked in.
pub fn devnet_script() -> PathBuf {
    if let Some(p) = std::env::var_os("TAOLIGHT_DEVNET") {
        return PathBuf::from(p);
    }
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        for ancestor in PathBuf::from(dir).ancestors() {
            for candidate in [ancestor.join("tests/devnet/devnet"), ancestor.join("devnet")] {
                if candidate.is_file() {
                    return candidate;
                }
            }
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("devnet")
}

fn env_url() -> Option<String> {
    std::env::var("TAOLIGHT_RPC_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

impl Devnet {
    /// Start a devnet (see the crate docs for when nothing is started).
    pub fn start(opts: DevnetOptions) -> Result<Devnet, DevnetError> {
        if !opts.own_instance {
            if let Some(url) = env_url() {
                return Ok(Devnet {
                    url,
                    owned_port: None,
                });
            }
        }
        let port = opts.port.unwrap_or(0).to_string();
        let out = Command::new(devnet_script())
            .args([
                "up",
                "--port",
                &port,
                "--block-mode",
                &opts.block_mode.as_arg(),
            ])
            .args(["--watch-pid", &std::process::id().to_string()])
            .env_remove("TAOLIGHT_RPC_URL")
            .stdin(Stdio::null())
            .output()
            .map_err(DevnetError::Spawn)?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(DevnetError::Failed {
                code: out.status.code(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            });
        }
        let url = stdout.lines().last().unwrap_or("").trim().to_string();
        let port =
            url_port(&url).ok_or_else(|| DevnetError::BadOutput(stdout.clone().into_owned()))?;
        Ok(Devnet {
            url,
            owned_port: Some(port),
        })
    }

    /// One devnet for the whole test process, in instant mode (or `TAOLIGHT_RPC_URL`).
    /// It stops by itself when the process exits.
    pub fn shared() -> Result<&'static Devnet, DevnetError> {
        static SHARED: OnceLock<Result<Devnet, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| Devnet::start(DevnetOptions::default()).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| DevnetError::Shared(e.clone()))
    }

    /// The node's WebSocket URL, e.g. `ws://127.0.0.1:40123`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The same endpoint over HTTP (chopsticks and substrate nodes serve both on one port).
    pub fn http_url(&self) -> String {
        match self.url.split_once("://") {
            Some(("ws", rest)) => format!("http://{rest}"),
            Some(("wss", rest)) => format!("https://{rest}"),
            _ => self.url.clone(),
        }
    }

    /// The port, when the node is on this machine's loopback and was started here.
    pub fn port(&self) -> Option<u16> {
        self.owned_port
    }

    /// True when the node came from `TAOLIGHT_RPC_URL` (not started, not stopped by us).
    pub fn is_external(&self) -> bool {
        self.owned_port.is_none()
    }

    /// One JSON-RPC call over plain HTTP; `params` is a JSON array as text. Returns the whole
    /// response document (parse it with your JSON library of choice). An `error` member is an
    /// error.
    pub fn rpc(&self, method: &str, params: &str) -> Result<String, DevnetError> {
        http_json_rpc(&self.http_url(), method, params)
    }

    /// Build `count` blocks now (`dev_newBlock`; chopsticks only).
    pub fn new_blocks(&self, count: u32) -> Result<(), DevnetError> {
        self.rpc("dev_newBlock", &format!("[{{\"count\":{count}}}]"))
            .map(|_| ())
    }
}

impl Drop for Devnet {
    fn drop(&mut self) {
        if let Some(port) = self.owned_port.take() {
            // Best effort: the devnet also stops by itself once this process is gone.
            let _ = Command::new(devnet_script())
                .args(["down", "--port", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn url_port(url: &str) -> Option<u16> {
    let rest = url.strip_prefix("ws://")?;
    let host_port = rest.split('/').next()?;
    host_port.rsplit_once(':')?.1.parse().ok()
}

/// Minimal HTTP/1.0 JSON-RPC client (HTTP/1.0 so the server answers without chunking and closes).
fn http_json_rpc(http_url: &str, method: &str, params: &str) -> Result<String, DevnetError> {
    let err = |m: String| DevnetError::Rpc(m);
    let rest = http_url.strip_prefix("http://").ok_or_else(|| {
        err(format!(
            "only http:// endpoints are supported here, not {http_url}"
        ))
    })?;
    let (host_port, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = host_port
        .to_socket_addrs()
        .map_err(|e| err(format!("{host_port}: {e}")))?
        .next()
        .ok_or_else(|| err(format!("{host_port}: no address")))?;
    let timeout = Duration::from_secs(60);
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
        .map_err(|e| err(format!("connect {addr}: {e}")))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| err(e.to_string()))?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(|e| err(e.to_string()))?;
    let method = method.replace('\\', "\\\\").replace('"', "\\\"");
    let body = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{params}}}"#);
    let request = format!(
        "POST {path} HTTP/1.0\r\nHost: {host_port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| err(format!("send: {e}")))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| err(format!("read: {e}")))?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| err(format!("malformed HTTP response: {text:?}")))?;
    let status = head.lines().next().unwrap_or("");
    if status.split_whitespace().nth(1) != Some("200") {
        return Err(err(format!("HTTP {status}: {body}")));
    }
    // Good enough without a JSON parser: a JSON-RPC error response has a top-level "error" key.
    if body.contains("\"error\":") && !body.contains("\"result\":") {
        return Err(err(format!("{method}: {body}")));
    }
    Ok(body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_mode_arguments() {
        assert_eq!(BlockMode::default().as_arg(), "instant");
        assert_eq!(BlockMode::Manual.as_arg(), "manual");
        assert_eq!(BlockMode::Timed(250).as_arg(), "timed:250");
    }

    #[test]
    fn parses_ports_and_http_urls() {
        assert_eq!(url_port("ws://127.0.0.1:40123"), Some(40123));
        assert_eq!(url_port("ws://127.0.0.1:40123/"), Some(40123));
        assert_eq!(url_port("http://127.0.0.1:1"), None);
        let d = Devnet {
            url: "ws://127.0.0.1:9944".into(),
            owned_port: None,
        };
        assert_eq!(d.http_url(), "http://127.0.0.1:9944");
        assert!(d.is_external());
    }

    /// Needs Node + npm (first run installs chopsticks) and ../shared/chain beside the repo.
    #[test]
    fn manual_devnet_builds_blocks_on_request_and_stops_on_drop() {
        let devnet = Devnet::start(DevnetOptions {
            block_mode: BlockMode::Manual,
            own_instance: true,
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let port = devnet.port().expect("own instance has a port");
        let number = |d: &Devnet| -> u64 {
            let body = d
                .rpc("chain_getHeader", "[]")
                .unwrap_or_else(|e| panic!("{e}"));
            let at = body.find("\"number\":\"0x").expect("header number") + 12;
            let hex: String = body[at..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            u64::from_str_radix(&hex, 16).expect("hex number")
        };
        let before = number(&devnet);
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(
            number(&devnet),
            before,
            "manual mode must not build blocks by itself"
        );
        devnet.new_blocks(2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(number(&devnet), before + 2);
        assert!(devnet.rpc("no_such_method", "[]").is_err());

        drop(devnet);
        let addr = format!("127.0.0.1:{port}");
        assert!(
            TcpStream::connect(&addr).is_err(),
            "devnet still listening on {addr} after drop"
        );
    }

    #[test]
    fn shared_devnet_is_the_prepared_chain() {
        let devnet = Devnet::shared().unwrap_or_else(|e| panic!("{e}"));
        let chain = devnet
            .rpc("system_chain", "[]")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(chain.contains("bittensor"), "{chain}");
        let version = devnet
            .rpc("state_getRuntimeVersion", "[]")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            version.contains("\"specName\":\"node-subtensor\""),
            "{version}"
        );
        // Same instance on the second call.
        assert_eq!(Devnet::shared().expect("shared").url(), devnet.url());
    }
}
