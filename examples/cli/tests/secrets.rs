//! No secret in anything the `taolight` binary prints: a wallet story with a known mnemonic,
//! password and secret URI (import, inspect, sign, export and import as polkadot-js JSON,
//! transfers on the local real chain) plus the failing commands around it (wrong passwords,
//! bad secret URIs, a bad mnemonic, importing over an existing key), in text and JSON output.
//! Every byte of stdout and stderr is scanned for the mnemonic (whole, and any three of its
//! words in a row), the passwords, the secret URIs, the seeds and the secret keys in hex.
//!
//! Only `key generate` and `wallet create` print a mnemonic, a new one, by design: neither
//! runs with the known secrets (`wallet create` is scanned for the password it is given).

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use taolight::keys::{Keypair, Mnemonic, Scheme};
use taolight_devnet::Devnet;

const MNEMONIC: &str = "legal winner thank year wave sausage worth useful legal winner thank yellow";
const PASSWORD: &str = "wallet-Pass-7f3a91";
const WRONG_PASSWORD: &str = "not-the-Pass-c0ffee";
const JSON_PASSWORD: &str = "json-Pass-55e0d2";
const SURI_PASSWORD: &str = "suri-Pass-b4d1e8";

fn suri() -> String {
    format!("{MNEMONIC}//hot/soft///{SURI_PASSWORD}")
}

/// Everything that must never be printed.
fn secrets() -> Vec<String> {
    let mnemonic = Mnemonic::parse(MNEMONIC).unwrap();
    let cold = Keypair::from_phrase(&mnemonic, "", Scheme::Sr25519).unwrap();
    let hot = Keypair::from_uri(&suri(), Scheme::Sr25519).unwrap();
    let mut s = vec![
        MNEMONIC.to_owned(),
        PASSWORD.to_owned(),
        WRONG_PASSWORD.to_owned(),
        JSON_PASSWORD.to_owned(),
        SURI_PASSWORD.to_owned(),
        suri(),
        hex::encode(mnemonic.mini_secret("").unwrap().as_ref()),
        hex::encode(cold.seed().unwrap().as_ref()),
        hex::encode(&*cold.secret_key_bytes()),
        hex::encode(&*hot.secret_key_bytes()),
    ];
    let words: Vec<&str> = MNEMONIC.split(' ').collect();
    s.extend(words.windows(3).map(|w| w.join(" ")));
    s
}

struct Run {
    path: String,
    url: String,
    printed: Vec<(String, String)>,
}

impl Run {
    /// Runs `taolight [--json] --wallet-path … --network … ARGS` with `env`; keeps what it
    /// printed; returns the exit code and stdout.
    fn run(&mut self, json: bool, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_taolight"));
        if json {
            cmd.arg("--json");
        }
        let out = cmd
            .args(["--wallet-path", &self.path, "--network", &self.url])
            .args(args)
            .env_remove("TAOLIGHT_PASSWORD")
            .env_remove("TAOLIGHT_JSON_PASSWORD")
            .env_remove("TAOLIGHT_SURI")
            .env_remove("TAOLIGHT_NETWORK")
            .envs(env.iter().copied())
            .output()
            .expect("run taolight");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        self.printed.push((format!("{args:?} (json: {json})"), format!("{stdout}\n{stderr}")));
        (out.status.code().unwrap_or(-1), stdout)
    }

    /// Both output modes; both must exit with `code`.
    fn both(&mut self, code: i32, args: &[&str], env: &[(&str, &str)]) -> String {
        let (c, out) = self.run(true, args, env);
        assert_eq!(c, code, "{args:?} (json): {}", self.printed.last().unwrap().1);
        let (c, _) = self.run(false, args, env);
        assert_eq!(c, code, "{args:?} (text): {}", self.printed.last().unwrap().1);
        out
    }

    fn json(&mut self, code: i32, args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
        let (c, out) = self.run(true, args, env);
        assert_eq!(c, code, "{args:?}: {}", self.printed.last().unwrap().1);
        serde_json::from_str(&out).unwrap_or(serde_json::Value::Null)
    }
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn no_secret_is_ever_printed() {
    let dir = tempfile::tempdir().unwrap();
    let url = Devnet::shared().unwrap_or_else(|e| panic!("devnet: {e}")).url().to_owned();
    let mut r = Run { path: dir.path().to_string_lossy().into_owned(), url, printed: Vec::new() };
    let suri = suri();
    let pw = [("TAOLIGHT_PASSWORD", PASSWORD)];
    let wrong = [("TAOLIGHT_PASSWORD", WRONG_PASSWORD)];
    let bad_checksum = MNEMONIC.replace("yellow", "zoo");

    // A fresh wallet (prints its own new mnemonics, by design), then the known keys.
    r.json(0, &["--wallet", "fresh", "wallet", "create", "--no-password"], &[]);
    let cold = r.json(0, &["--wallet", "w", "wallet", "import", "--mnemonic", MNEMONIC], &pw);
    let cold_ss58 = cold["ss58_address"].as_str().unwrap().to_owned();
    let coldkey = dir.path().join("w/coldkey");
    let before = read(&coldkey);
    // Importing over it refuses without --overwrite, and the key stays as it was.
    let refused = r.json(2, &["--wallet", "w", "wallet", "import", "--mnemonic", MNEMONIC], &pw);
    assert_eq!(refused["error"]["code"], "keyfile.already_exists", "{refused}");
    r.both(2, &["--wallet", "w", "wallet", "import", "--mnemonic", MNEMONIC], &pw);
    assert_eq!(read(&coldkey), before);
    r.json(0, &["--wallet", "w", "--hotkey", "h", "--suri", &suri, "wallet", "import"], &[]);
    r.both(0, &["--wallet", "w", "wallet", "inspect"], &[]);
    r.both(0, &["wallet", "list"], &[]);

    // Signing: with the wallet's password, with the secret URI; then the failures.
    // (Each password costs an argon2 derivation of seconds: those commands run once.)
    r.json(0, &["--wallet", "w", "sign", "hello"], &pw);
    r.both(0, &["--suri", &suri, "sign", "hello"], &[]);
    r.both(0, &["key", "inspect", &suri], &[]);
    r.json(2, &["--wallet", "w", "sign", "hello"], &wrong);
    r.both(2, &["--wallet", "w", "sign", "hello"], &[]);
    let bad_suris = [
        format!("{bad_checksum}//hot///{SURI_PASSWORD}"),
        format!("{MNEMONIC} extra//hot"),
        format!("0x{}", &hex::encode(Keypair::from_uri(&suri, Scheme::Sr25519).unwrap().secret_key_bytes().as_slice())[..63]),
    ];
    for bad in &bad_suris {
        r.both(2, &["--suri", bad, "sign", "hello"], &[]);
        r.both(2, &["key", "inspect", bad], &[]);
    }
    r.both(2, &["--wallet", "bad", "wallet", "import", "--mnemonic", &bad_checksum], &pw);

    // polkadot-js JSON: export, import elsewhere, and a wrong JSON password.
    let file = dir.path().join("w.json");
    let file = file.to_str().unwrap();
    r.json(0, &["--wallet", "w", "wallet", "export", "--polkadot-json", file], &[("TAOLIGHT_PASSWORD", PASSWORD), ("TAOLIGHT_JSON_PASSWORD", JSON_PASSWORD)]);
    r.both(2, &["--wallet", "w2", "wallet", "import", "--polkadot-json", file], &[("TAOLIGHT_JSON_PASSWORD", WRONG_PASSWORD), ("TAOLIGHT_PASSWORD", PASSWORD)]);
    let imported = r.json(0, &["--wallet", "w2", "wallet", "import", "--no-password", "--polkadot-json", file], &[("TAOLIGHT_JSON_PASSWORD", JSON_PASSWORD)]);
    assert_eq!(imported["ss58_address"], cold_ss58.as_str());

    // Transfers on the chain: fund the coldkey, send from it, and the refusals.
    r.json(0, &["--suri", "//Alice", "transfer", "--to", &cold_ss58, "--amount", "5"], &[]);
    let dest = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"; // //Bob
    let sent = r.json(0, &["--wallet", "w", "transfer", "--to", dest, "--amount", "1"], &pw);
    assert!(sent.to_string().contains("block"), "{sent}");
    r.json(2, &["--wallet", "w", "transfer", "--to", dest, "--amount", "1"], &wrong);
    r.both(0, &["--wallet", "w", "balance"], &[]);
    r.json(2, &["--suri", &bad_suris[0], "transfer", "--to", dest, "--amount", "1"], &[]);

    // Nothing printed holds a secret.
    let secrets = secrets();
    let mut leaks = Vec::new();
    for (what, text) in &r.printed {
        let lower = text.to_lowercase();
        for s in secrets.iter().chain(&bad_suris).chain([&bad_checksum]) {
            if lower.contains(&s.to_lowercase()) {
                leaks.push(format!("{what} printed {s:?}"));
            }
        }
    }
    assert!(leaks.is_empty(), "secrets printed:\n{}", leaks.join("\n"));
    eprintln!("{} command runs scanned for {} secrets: none printed", r.printed.len(), secrets.len() + bad_suris.len() + 1);
}
