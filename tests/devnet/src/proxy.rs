//! A loopback WebSocket JSON-RPC proxy between a client under test and a node, with a hook that
//! sees every message and decides what happens to it (feature `proxy`).
//!
//! Tests use it to put faults on the wire (drop, delay, truncate, corrupt a message; close the
//! connection) and to add methods a node lacks: the devnet (chopsticks from a raw spec) serves
//! neither read proofs nor GRANDPA justifications, so the verified-backend tests answer those
//! methods in the hook (see `proofs`) and forward the rest.
//!
//! The proxy runs on a tokio runtime of its own, in a thread, so sync and async tests alike can
//! use it; dropping the [`Proxy`] stops it and closes every connection. Each client connection
//! gets its own connection to the node, opened when the client connects.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio_util::compat::{Compat, TokioAsyncReadCompatExt};

type WsSender = soketto::connection::Sender<Compat<TcpStream>>;
type WsReceiver = soketto::connection::Receiver<Compat<TcpStream>>;

/// What to do with one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Pass this text on (the message itself, or a changed one).
    Forward(String),
    /// Pass this text on after a pause (later messages may overtake it).
    Delay(Duration, String),
    /// Swallow the message.
    Drop,
    /// Do not pass the message on; send this text back to where it came from instead (a client's
    /// request answered by the hook).
    Reply(String),
    /// Close this connection (both sides).
    Close,
}

/// Which way a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the client under test to the node.
    ToNode,
    /// From the node to the client under test.
    ToClient,
}

/// One proxied connection, as the hook sees it: it can push messages either way at any time
/// (e.g. notifications of a subscription the hook serves itself).
#[derive(Clone, Debug)]
pub struct Conn {
    /// A number unique within this proxy, from 1.
    pub id: u64,
    to_client: mpsc::UnboundedSender<Out>,
    to_node: mpsc::UnboundedSender<Out>,
    closed: watch::Receiver<bool>,
}

enum Out {
    Text(String),
    Close,
}

impl Conn {
    /// Send a text message to the client. Ignored once the connection is closed.
    pub fn send_to_client(&self, text: String) {
        let _ = self.to_client.send(Out::Text(text));
    }

    /// Send a text message to the node. Ignored once the connection is closed.
    pub fn send_to_node(&self, text: String) {
        let _ = self.to_node.send(Out::Text(text));
    }

    /// True once this connection is closed (by either side, the hook or the proxy).
    pub fn is_closed(&self) -> bool {
        *self.closed.borrow()
    }

    /// Resolves when the connection closes: tasks a hook spawns for a connection end with it.
    pub async fn closed(&self) {
        let mut rx = self.closed.clone();
        let _ = rx.wait_for(|c| *c).await;
    }
}

/// Decides the fate of every message. Both methods default to passing the message on.
pub trait Hook: Send + Sync + 'static {
    /// A new client connection (before any message).
    fn on_connect(&self, _conn: &Conn) {}

    /// A message from the client, on its way to the node.
    fn to_node(&self, text: &str, _conn: &Conn) -> Verdict {
        Verdict::Forward(text.to_owned())
    }

    /// A message from the node, on its way to the client.
    fn to_client(&self, text: &str, _conn: &Conn) -> Verdict {
        Verdict::Forward(text.to_owned())
    }
}

/// A hook that passes everything on unchanged.
#[derive(Debug, Default, Clone, Copy)]
pub struct Transparent;

impl Hook for Transparent {}

/// A running proxy; dropping it stops it and closes every connection.
pub struct Proxy {
    url: String,
    stop: Option<watch::Sender<bool>>,
    kick: watch::Sender<u64>,
    connections: Arc<AtomicUsize>,
    accepted: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Proxy {
    /// Listen on a free loopback port and proxy every connection to `node_url` (`ws://host:port`).
    pub fn start(node_url: &str, hook: impl Hook) -> std::io::Result<Proxy> {
        let node = node_addr(node_url)?;
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let url = format!("ws://{}", std_listener.local_addr()?);
        let (stop, stop_rx) = watch::channel(false);
        let (kick, kick_rx) = watch::channel(0u64);
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = Arc::new(AtomicU64::new(0));
        let hook: Arc<dyn Hook> = Arc::new(hook);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let (c, a) = (connections.clone(), accepted.clone());
        let thread = std::thread::Builder::new()
            .name("devnet-proxy".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(std_listener) else { return };
                    accept_loop(listener, node, hook, stop_rx, kick_rx, c, a).await;
                });
                runtime.shutdown_timeout(Duration::from_secs(1));
            })?;
        Ok(Proxy {
            url,
            stop: Some(stop),
            kick,
            connections,
            accepted,
            thread: Some(thread),
        })
    }

    /// The proxy's URL: give it to the client under test.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Close every open connection now (the client sees the node go away); new connections are
    /// still accepted.
    pub fn disconnect_all(&self) {
        self.kick.send_modify(|k| *k += 1);
    }

    /// How many client connections are open.
    pub fn open_connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// How many client connections were accepted since the start.
    pub fn accepted_connections(&self) -> u64 {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn node_addr(url: &str) -> std::io::Result<SocketAddr> {
    use std::net::ToSocketAddrs;
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("not a ws:// URL: {url}"));
    let rest = url.strip_prefix("ws://").ok_or_else(bad)?;
    let host_port = rest.split('/').next().ok_or_else(bad)?;
    host_port.to_socket_addrs()?.next().ok_or_else(bad)
}

async fn accept_loop(
    listener: TcpListener,
    node: SocketAddr,
    hook: Arc<dyn Hook>,
    mut stop: watch::Receiver<bool>,
    kick: watch::Receiver<u64>,
    connections: Arc<AtomicUsize>,
    accepted: Arc<AtomicU64>,
) {
    loop {
        let socket = tokio::select! {
            _ = stop.changed() => return,
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => continue,
            },
        };
        let id = accepted.fetch_add(1, Ordering::SeqCst) + 1;
        let (hook, stop, kick, connections) = (hook.clone(), stop.clone(), kick.clone(), connections.clone());
        tokio::spawn(async move {
            connections.fetch_add(1, Ordering::SeqCst);
            let _ = serve(socket, node, id, hook, stop, kick).await;
            connections.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// One client connection: handshake both sides, then shuttle messages through the hook until
/// either side closes, the hook says so, or the proxy stops or kicks everyone.
async fn serve(
    client: TcpStream,
    node: SocketAddr,
    id: u64,
    hook: Arc<dyn Hook>,
    mut stop: watch::Receiver<bool>,
    mut kick: watch::Receiver<u64>,
) -> Result<(), soketto::BoxedError> {
    let (client_tx, client_rx) = accept_ws(client).await?;
    let (node_tx, node_rx) = connect_ws(node).await?;
    let (to_client, to_client_rx) = mpsc::unbounded_channel();
    let (to_node, to_node_rx) = mpsc::unbounded_channel();
    let (closed_tx, closed) = watch::channel(false);
    let conn = Conn { id, to_client, to_node, closed };
    hook.on_connect(&conn);
    kick.borrow_and_update();
    let work = async {
        tokio::select! {
            _ = pump(client_rx, Direction::ToNode, &hook, &conn) => {}
            _ = pump(node_rx, Direction::ToClient, &hook, &conn) => {}
            _ = write(client_tx, to_client_rx) => {}
            _ = write(node_tx, to_node_rx) => {}
        }
    };
    tokio::select! {
        _ = work => {}
        _ = stop.changed() => {}
        _ = kick.changed() => {}
    }
    let _ = closed_tx.send(true);
    Ok(())
}

/// Read messages from one side and apply the hook's verdict to each.
async fn pump(mut rx: WsReceiver, direction: Direction, hook: &Arc<dyn Hook>, conn: &Conn) {
    let (onward, back) = match direction {
        Direction::ToNode => (&conn.to_node, &conn.to_client),
        Direction::ToClient => (&conn.to_client, &conn.to_node),
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if rx.receive_data(&mut buf).await.is_err() {
            return;
        }
        let text = String::from_utf8_lossy(&buf);
        // A panicking hook is a bug in the test: close the connection rather than hang it.
        let verdict = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match direction {
            Direction::ToNode => hook.to_node(&text, conn),
            Direction::ToClient => hook.to_client(&text, conn),
        }))
        .unwrap_or(Verdict::Close);
        match verdict {
            Verdict::Forward(t) => {
                let _ = onward.send(Out::Text(t));
            }
            Verdict::Delay(d, t) => {
                let onward = onward.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(d).await;
                    let _ = onward.send(Out::Text(t));
                });
            }
            Verdict::Drop => {}
            Verdict::Reply(t) => {
                let _ = back.send(Out::Text(t));
            }
            Verdict::Close => {
                let _ = onward.send(Out::Close);
                return;
            }
        }
    }
}

async fn write(mut tx: WsSender, mut rx: mpsc::UnboundedReceiver<Out>) {
    while let Some(out) = rx.recv().await {
        let sent = match out {
            Out::Text(t) => tx.send_text_owned(t).await.is_ok() && tx.flush().await.is_ok(),
            Out::Close => false,
        };
        if !sent {
            let _ = tx.close().now_or_never();
            return;
        }
    }
}

async fn accept_ws(socket: TcpStream) -> Result<(WsSender, WsReceiver), soketto::BoxedError> {
    // A WebSocket frame goes out as header and payload writes: without TCP_NODELAY, Nagle holds
    // the second until the first is acknowledged (a delayed ACK: ~40 ms per message).
    socket.set_nodelay(true)?;
    let mut server = soketto::handshake::Server::new(socket.compat());
    let key = server.receive_request().await?.key();
    server
        .send_response(&soketto::handshake::server::Response::Accept { key, protocol: None })
        .await?;
    let mut builder = server.into_builder();
    builder.set_max_message_size(64 << 20);
    builder.set_max_frame_size(64 << 20);
    Ok(builder.finish())
}

async fn connect_ws(node: SocketAddr) -> Result<(WsSender, WsReceiver), soketto::BoxedError> {
    let socket = TcpStream::connect(node).await?;
    socket.set_nodelay(true)?;
    let host = node.to_string();
    let mut client = soketto::handshake::Client::new(socket.compat(), &host, "/");
    match client.handshake().await? {
        soketto::handshake::ServerResponse::Accepted { .. } => {}
        other => return Err(format!("node refused the WebSocket: {other:?}").into()),
    }
    let mut builder = client.into_builder();
    builder.set_max_message_size(64 << 20);
    builder.set_max_frame_size(64 << 20);
    Ok(builder.finish())
}

/// The `id` of a JSON-RPC message as JSON text (`1`, `"abc"`), when it has one.
pub fn message_id(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("id").map(|id| id.to_string())
}

/// The `method` of a JSON-RPC request or notification, when it has one.
pub fn message_method(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("method")?.as_str().map(str::to_owned)
}

/// A shared hook (the test keeps a handle to read its counters or change its mode).
impl<H: Hook> Hook for Arc<H> {
    fn on_connect(&self, conn: &Conn) {
        (**self).on_connect(conn)
    }
    fn to_node(&self, text: &str, conn: &Conn) -> Verdict {
        (**self).to_node(text, conn)
    }
    fn to_client(&self, text: &str, conn: &Conn) -> Verdict {
        (**self).to_client(text, conn)
    }
}
