//! The proxy against the real devnet: messages pass through unchanged, the hook can answer a
//! request itself or close the connection, and `disconnect_all` drops open connections.
#![cfg(feature = "proxy")]

use std::time::Duration;

use taolight_devnet::proxy::{message_id, message_method, Conn, Hook, Proxy, Transparent, Verdict};
use taolight_devnet::Devnet;
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncReadCompatExt};

type Tx = soketto::connection::Sender<Compat<TcpStream>>;
type Rx = soketto::connection::Receiver<Compat<TcpStream>>;

async fn connect(url: &str) -> (Tx, Rx) {
    let addr = url.strip_prefix("ws://").expect("ws url").to_string();
    let socket = TcpStream::connect(&addr).await.expect("tcp");
    let mut client = soketto::handshake::Client::new(socket.compat(), &addr, "/");
    match client.handshake().await.expect("handshake") {
        soketto::handshake::ServerResponse::Accepted { .. } => {}
        other => panic!("refused: {other:?}"),
    }
    client.into_builder().finish()
}

async fn call(tx: &mut Tx, rx: &mut Rx, id: u32, method: &str) -> Option<serde_json::Value> {
    let req = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"{method}","params":[]}}"#);
    tx.send_text(&req).await.ok()?;
    tx.flush().await.ok()?;
    let mut buf = Vec::new();
    let got = tokio::time::timeout(Duration::from_secs(30), rx.receive_data(&mut buf)).await;
    match got {
        Ok(Ok(_)) => serde_json::from_slice(&buf).ok(),
        _ => None,
    }
}

struct Answering;

impl Hook for Answering {
    fn to_node(&self, text: &str, _conn: &Conn) -> Verdict {
        match message_method(text).as_deref() {
            Some("test_hello") => Verdict::Reply(format!(
                r#"{{"jsonrpc":"2.0","id":{},"result":"hello from the hook"}}"#,
                message_id(text).expect("id")
            )),
            Some("test_close") => Verdict::Close,
            _ => Verdict::Forward(text.to_owned()),
        }
    }
    fn to_client(&self, text: &str, _conn: &Conn) -> Verdict {
        // Rewrite the node's chain name on its way back.
        Verdict::Forward(text.replace("\"result\":\"bittensor\"", "\"result\":\"Rewritten\""))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwards_answers_rewrites_and_closes() {
    let devnet = Devnet::shared().unwrap_or_else(|e| panic!("{e}"));
    let plain = Proxy::start(devnet.url(), Transparent).expect("proxy");
    let (mut tx, mut rx) = connect(plain.url()).await;
    let chain = call(&mut tx, &mut rx, 1, "system_chain").await.expect("answer");
    assert_eq!(chain["result"], "bittensor", "{chain}");
    assert_eq!(plain.open_connections(), 1);
    plain.disconnect_all();
    assert!(call(&mut tx, &mut rx, 2, "system_chain").await.is_none(), "kicked connection still answers");
    let (mut tx, mut rx) = connect(plain.url()).await;
    assert!(call(&mut tx, &mut rx, 3, "system_chain").await.is_some());
    assert_eq!(plain.accepted_connections(), 2);

    let hooked = Proxy::start(devnet.url(), Answering).expect("proxy");
    let (mut tx, mut rx) = connect(hooked.url()).await;
    let hello = call(&mut tx, &mut rx, 7, "test_hello").await.expect("hook answer");
    assert_eq!(hello["id"], 7);
    assert_eq!(hello["result"], "hello from the hook");
    let chain = call(&mut tx, &mut rx, 8, "system_chain").await.expect("answer");
    assert_eq!(chain["result"], "Rewritten");
    assert!(call(&mut tx, &mut rx, 9, "test_close").await.is_none(), "closed connection answered");
    drop(hooked);
}
