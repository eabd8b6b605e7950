//! Keyfile writes survive a kill: a child process (this test binary run again) rewrites one
//! file with `keyfile::write_atomic` as fast as it can and is SIGKILLed at a random moment,
//! again and again; after every kill the file is one complete version (the old one or a new
//! one, never a partial one), mode 0600, and the next write works.

#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use taolight::keyfile::write_atomic;

const CHILD_ENV: &str = "TAOLIGHT_CRASH_WRITER";
/// Big enough that a write takes several syscalls (a torn one would show).
const BODY: usize = 256 * 1024;
const KILLS: u32 = 12;

/// Version `n` of the file: its number, then a body every byte of which depends on it.
fn version(n: u64) -> Vec<u8> {
    let mut v = n.to_le_bytes().to_vec();
    v.extend((0..BODY).map(|i| (i as u64).wrapping_mul(31).wrapping_add(n) as u8));
    v
}

/// The version number of complete file bytes; `None` for anything partial or mixed.
fn complete_version(bytes: &[u8]) -> Option<u64> {
    let n = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
    (bytes == version(n).as_slice()).then_some(n)
}

/// The child: rewrite the file until killed (or for 30 s at most, so a failed parent never
/// leaves it running).
#[test]
fn writer_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else { return };
    let path = Path::new(&path);
    let mut n = complete_version(&std::fs::read(path).unwrap()).unwrap();
    println!("writing");
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        n += 1;
        write_atomic(path, &version(n), true).unwrap();
    }
}

#[test]
fn a_killed_writer_leaves_the_old_file_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coldkey");
    write_atomic(&path, &version(0), false).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut versions: Vec<u64> = Vec::new();
    let t0 = Instant::now();
    for kill in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["--exact", "writer_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until it writes, then kill at a different moment each time.
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.trim_end().ends_with("writing") {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "the writer did not start");
        }
        std::thread::sleep(Duration::from_millis(40 + u64::from(kill * 37 % 200)));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(!status.success(), "the writer ended by itself: {status:?}");
        let bytes = std::fs::read(&path).unwrap();
        let n = complete_version(&bytes).unwrap_or_else(|| panic!("kill {kill}: a partial file of {} bytes", bytes.len()));
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        versions.push(n);
    }
    // The writer made progress between kills (the kills landed during writes, not before).
    assert!(versions.windows(2).all(|w| w[1] >= w[0]), "{versions:?}");
    assert!(*versions.last().unwrap() > 0, "no write completed: {versions:?}");
    // Leftover temp files of killed writes do not hide the key, and the next write works.
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count() - 1;
    let next = versions.last().unwrap() + 1;
    write_atomic(&path, &version(next), true).unwrap();
    assert_eq!(complete_version(&std::fs::read(&path).unwrap()), Some(next));
    eprintln!(
        "{KILLS} SIGKILLs in {:?}: the file was complete each time (versions {versions:?}); {leftovers} temp files left behind",
        t0.elapsed()
    );
}
