//! Passwords: from an environment variable, else a hidden prompt on the terminal.

use std::io::IsTerminal;

use taolight::SecretString;

use crate::output::CliError;

/// The wallet password (`TAOLIGHT_PASSWORD` or a prompt). `confirm` asks twice.
pub fn wallet_password(what: &str, confirm: bool) -> Result<SecretString, CliError> {
    password("TAOLIGHT_PASSWORD", what, confirm)
}

/// The password of a polkadot-js JSON account (`TAOLIGHT_JSON_PASSWORD` or a prompt).
pub fn json_password(what: &str, confirm: bool) -> Result<SecretString, CliError> {
    password("TAOLIGHT_JSON_PASSWORD", what, confirm)
}

fn password(var: &str, what: &str, confirm: bool) -> Result<SecretString, CliError> {
    if let Ok(p) = std::env::var(var) {
        return Ok(SecretString::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::input("password_required", format!("{what}: a password is needed; set {var} or run on a terminal")));
    }
    let first = SecretString::new(
        rpassword::prompt_password(format!("Password for {what}: ")).map_err(|_| CliError::input("password_required", "cannot read the password"))?,
    );
    if confirm {
        let again = SecretString::new(
            rpassword::prompt_password("Repeat the password: ").map_err(|_| CliError::input("password_required", "cannot read the password"))?,
        );
        if again != first {
            return Err(CliError::input("password_mismatch", "the passwords differ"));
        }
    }
    Ok(first)
}
