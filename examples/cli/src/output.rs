//! Printing: text for people, one JSON document for scripts; errors with exit codes.

use std::io::{IsTerminal, Write};

use serde_json::Value;
use taolight::ErrorKind;

/// A CLI failure with its exit code class. The message never contains a secret.
#[derive(Debug)]
pub struct CliError {
    pub kind: ErrorKind,
    pub code: String,
    pub message: String,
}

impl CliError {
    /// Bad input from the user (exit 2).
    pub fn input(code: &str, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::BadInput, code: code.into(), message: message.into() }
    }

    /// The process exit code: 2 bad input, 3 network, 4 chain.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::BadInput | ErrorKind::Io => 2,
            ErrorKind::Network => 3,
            ErrorKind::Chain => 4,
        }
    }
}

impl<E: Into<taolight::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        let e: taolight::Error = e.into();
        Self { kind: e.kind(), code: e.code(), message: e.to_string() }
    }
}

/// Where results go.
pub struct Output {
    json: bool,
    color: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Self { json, color }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Prints a result: the JSON value, or `text` for people.
    pub fn result(&self, value: &Value, text: impl FnOnce() -> String) {
        // A closed pipe (`| head`) is not an error worth a panic.
        let text = if self.json { serde_json::to_string_pretty(value).unwrap_or_default() } else { text() };
        let _ = writeln!(std::io::stdout(), "{text}");
    }

    /// A progress or warning line for people (stderr, so stdout stays clean).
    pub fn note(&self, line: &str) {
        if !self.json {
            eprintln!("{line}");
        }
    }

    /// A line for people on stdout, as it happens (nothing in `--json` mode).
    pub fn line(&self, line: &str) {
        if !self.json {
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    }

    /// A heading, bold on a terminal.
    pub fn heading(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    pub fn error(&self, e: &CliError) {
        if self.json {
            let v = serde_json::json!({ "error": { "code": e.code, "message": e.message, "exit_code": e.exit_code() } });
            println!("{v}");
        }
        let prefix = if std::io::stderr().is_terminal() { "\x1b[31merror\x1b[0m" } else { "error" };
        eprintln!("{prefix}: {}", e.message);
    }
}

/// Aligned `label: value` lines.
pub fn table(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    rows.iter().map(|(k, v)| format!("{k:>width$}  {v}")).collect::<Vec<_>>().join("\n")
}

/// How a column of [`columns`] aligns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table with a header row and aligned columns (widths counted in characters, so `…`, `τ`
/// and `α` line up).
pub fn columns(header: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().count();
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, (h, _))| rows.iter().filter_map(|r| r.get(i)).map(|c| width(c)).chain([width(h)]).max().unwrap_or(0))
        .collect();
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i].saturating_sub(width(c)));
                match header[i].1 {
                    Align::Left => format!("{c}{pad}"),
                    Align::Right => format!("{pad}{c}"),
                }
            })
            .collect();
        parts.join("  ").trim_end().to_owned()
    };
    let mut lines = vec![line(header.iter().map(|(h, _)| *h).collect())];
    lines.extend(rows.iter().map(|r| line((0..header.len()).map(|i| r.get(i).map_or("", String::as_str)).collect())));
    lines.join("\n")
}
