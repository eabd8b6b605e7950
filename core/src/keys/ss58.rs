//! SS58 addresses: base58(prefix ‖ account ‖ checksum), checksum = blake2b-512("SS58PRE" ‖ prefix ‖ account)[..2].

use super::Ss58Error;

/// The Bittensor (and generic Substrate) address format.
pub const BITTENSOR_PREFIX: u16 = 42;

const CHECKSUM_PREIMAGE_PREFIX: &[u8] = b"SS58PRE";
const CHECKSUM_LEN: usize = 2;
/// The most base58 digits an SS58 address of a 32-byte account can have.
const MAX_ADDRESS_LEN: usize = 50;

fn checksum(data: &[u8]) -> [u8; 64] {
    sp_crypto_hashing::blake2_512(&[CHECKSUM_PREIMAGE_PREFIX, data].concat())
}

/// The highest address format SS58 can express (14 bits).
pub const MAX_PREFIX: u16 = 0b0011_1111_1111_1111;

fn encode_prefix(prefix: u16) -> Vec<u8> {
    match prefix {
        0..=63 => vec![prefix as u8],
        _ => {
            // Two-byte form, as defined by the SS58 registry: 14 bits spread over two bytes.
            let ident = prefix & MAX_PREFIX;
            let first = ((ident & 0b0000_0000_1111_1100) as u8) >> 2;
            let second = ((ident >> 8) as u8) | (((ident & 0b0000_0000_0000_0011) as u8) << 6);
            vec![first | 0b0100_0000, second]
        }
    }
}

/// Checks an address format given by a caller: at most [`MAX_PREFIX`], and not 46 or 47,
/// which the SS58 registry reserves (polkadot-js refuses them too).
pub fn check_prefix(prefix: u16) -> Result<u16, Ss58Error> {
    match prefix {
        46 | 47 => Err(Ss58Error::InvalidPrefix),
        p if p > MAX_PREFIX => Err(Ss58Error::InvalidPrefix),
        p => Ok(p),
    }
}

/// [`encode`] for an address format that came from outside: a prefix SS58 cannot express is
/// an error instead of being cut to 14 bits (which would name another network).
pub fn try_encode(account: &[u8; 32], prefix: u16) -> Result<String, Ss58Error> {
    Ok(encode(account, check_prefix(prefix)?))
}

/// Encodes a 32-byte account id with the given address format (prefix < 16384; higher bits
/// are dropped: use [`try_encode`] for a prefix that came from outside).
pub fn encode(account: &[u8; 32], prefix: u16) -> String {
    let mut data = encode_prefix(prefix & MAX_PREFIX);
    data.extend_from_slice(account);
    let sum = checksum(&data);
    data.extend_from_slice(&sum[..CHECKSUM_LEN]);
    bs58::encode(data).into_string()
}

/// Decodes an SS58 address of a 32-byte account, returning the account and its prefix.
pub fn decode(address: &str) -> Result<([u8; 32], u16), Ss58Error> {
    // base58 decoding is quadratic in the input's length: a megabyte of text would take minutes.
    // The longest address of a 32-byte account (2-byte prefix, 2-byte checksum) is 36 bytes,
    // at most 50 base58 digits (⌈36 · log 256 / log 58⌉ = 50; leading zero bytes are one digit each).
    if address.len() > MAX_ADDRESS_LEN {
        return Err(Ss58Error::TooLong(address.len()));
    }
    let data = bs58::decode(address).into_vec().map_err(|_| Ss58Error::BadBase58)?;
    let first = *data.first().ok_or(Ss58Error::BadLength(0))?;
    let (prefix, prefix_len) = match first {
        0..=63 => (first as u16, 1),
        64..=127 => {
            let second = *data.get(1).ok_or(Ss58Error::BadLength(data.len()))?;
            let lower = (first << 2) | (second >> 6);
            let upper = second & 0b0011_1111;
            ((lower as u16) | ((upper as u16) << 8), 2)
        }
        _ => return Err(Ss58Error::InvalidPrefix),
    };
    if data.len() != prefix_len + 32 + CHECKSUM_LEN {
        return Err(Ss58Error::BadLength(data.len()));
    }
    let body_end = data.len() - CHECKSUM_LEN;
    let sum = checksum(&data[..body_end]);
    if data[body_end..] != sum[..CHECKSUM_LEN] {
        return Err(Ss58Error::BadChecksum);
    }
    let mut account = [0u8; 32];
    account.copy_from_slice(&data[prefix_len..body_end]);
    Ok((account, prefix))
}

/// Decodes and requires the given prefix.
pub fn decode_with_prefix(address: &str, expected: u16) -> Result<[u8; 32], Ss58Error> {
    let (account, found) = decode(address)?;
    if found != expected {
        return Err(Ss58Error::WrongPrefix { expected, found });
    }
    Ok(account)
}

/// The 32-byte account id of an SS58 address of any network format. Any 32 bytes are an
/// account (an ed25519 key need not be a valid sr25519 point): for destinations and lookups.
pub fn account_id(address: &str) -> Result<[u8; 32], super::KeyError> {
    Ok(decode(address)?.0)
}
