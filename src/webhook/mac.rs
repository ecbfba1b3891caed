//! The one HMAC core every signature scheme goes through: RustCrypto's `hmac` over `sha1` /
//! `sha2`, and its constant-time `verify_slice` for every comparison, so no scheme compares
//! a signature with `==`.

use hmac::{Hmac, KeyInit, Mac};

/// The hash an HMAC is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA1 (a Vapi HMAC credential may choose it).
    Sha1,
    /// HMAC-SHA256: Flireo, HMS, Retell, Standard Webhooks, Vapi's default.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl Algorithm {
    /// The name in `--algorithm` and in Vapi's credential: `sha256`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    /// The algorithm named `name` (`sha1`, `sha256`, `sha512`).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512].into_iter().find(|a| a.name() == name)
    }
}

/// The HMAC of `parts` (concatenated) under `key`.
pub fn compute(algorithm: Algorithm, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    match algorithm {
        Algorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, parts).finalize().into_bytes().to_vec(),
        Algorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, parts).finalize().into_bytes().to_vec(),
        Algorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, parts).finalize().into_bytes().to_vec(),
    }
}

/// Whether `tag` is the HMAC of `parts` under `key`, compared in constant time.
pub fn matches(algorithm: Algorithm, key: &[u8], parts: &[&[u8]], tag: &[u8]) -> bool {
    match algorithm {
        Algorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, parts).verify_slice(tag).is_ok(),
        Algorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, parts).verify_slice(tag).is_ok(),
        Algorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, parts).verify_slice(tag).is_ok(),
    }
}

/// Whether two secrets are equal, in time that does not depend on where they differ: both
/// are MACed under the expected one and the tags compared with `verify_slice`.
pub fn same_secret(expected: &[u8], given: &[u8]) -> bool {
    const LABEL: &[u8] = b"plankit shared-secret comparison";
    let tag = compute(Algorithm::Sha256, expected, &[LABEL, given]);
    matches(Algorithm::Sha256, expected, &[LABEL, expected], &tag)
}

fn run<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> M {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it
    let mut mac = <M as KeyInit>::new_from_slice(key).unwrap_or_else(|_| <M as KeyInit>::new(&Default::default()));
    for part in parts {
        mac.update(part);
    }
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2 (key "Jefe").
    #[test]
    fn rfc_4231_vector() {
        let tag = compute(Algorithm::Sha256, b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(hex::encode(&tag), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(matches(Algorithm::Sha256, b"Jefe", &[b"what do ya want for nothing?"], &tag));
        assert!(!matches(Algorithm::Sha256, b"jefe", &[b"what do ya want for nothing?"], &tag));
    }

    #[test]
    fn secrets_compare_by_value() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cret", b"s3cre"));
        assert!(!same_secret(b"s3cret", b""));
    }
}
