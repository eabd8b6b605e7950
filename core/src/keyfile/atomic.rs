//! Crash-safe file writes: a temp file in the same directory, fsync, then an atomic rename (or
//! a no-replace link), then fsync of the directory. A reader sees the old file or the new one,
//! never a partial one.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::KeyfileError;

/// Writes `data` to `path` atomically with mode 0600 (on Unix). When `overwrite` is false and
/// `path` exists, fails with [`KeyfileError::AlreadyExists`] and leaves it untouched.
pub fn write_atomic(path: &Path, data: &[u8], overwrite: bool) -> Result<(), KeyfileError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| KeyfileError::io("creating directory", dir, e))?;
    if !overwrite && path.exists() {
        return Err(KeyfileError::AlreadyExists(path.to_path_buf()));
    }
    let tmp = temp_path(path);
    let result = write_synced(&tmp, data).and_then(|()| publish(&tmp, path, overwrite));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir);
    Ok(())
}

fn temp_path(path: &Path) -> std::path::PathBuf {
    let mut nonce = [0u8; 8];
    let _ = getrandom::getrandom(&mut nonce);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", hex::encode(nonce)))
}

fn write_synced(tmp: &Path, data: &[u8]) -> Result<(), KeyfileError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(tmp).map_err(|e| KeyfileError::io("creating", tmp, e))?;
    file.write_all(data).map_err(|e| KeyfileError::io("writing", tmp, e))?;
    file.sync_all().map_err(|e| KeyfileError::io("syncing", tmp, e))
}

fn publish(tmp: &Path, path: &Path, overwrite: bool) -> Result<(), KeyfileError> {
    if overwrite {
        return fs::rename(tmp, path).map_err(|e| KeyfileError::io("renaming into", path, e));
    }
    // A hard link fails when the target exists, so a concurrent writer can never be clobbered.
    match fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(KeyfileError::AlreadyExists(path.to_path_buf())),
        Err(e) => Err(KeyfileError::io("linking into", path, e)),
    }
}

fn sync_dir(dir: &Path) {
    // Persists the rename itself; best effort (not every platform can open a directory).
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
