//! A six-digit one-time code, and the salted digest that is all the book keeps of it.

use std::fmt;

use rand::{CryptoRng, Rng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// How many digits a code has.
pub const CODE_DIGITS: usize = 6;
const CODE_SPACE: u32 = 1_000_000;
const SALT_BYTES: usize = 16;

/// A freshly issued code, on its way to the phone.
///
/// It exists only between [`OtpBook::issue`](super::OtpBook::issue) and the
/// SMS gateway; `Debug` prints `******` so a log line about the send cannot
/// carry the code.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeCode(String);

impl OneTimeCode {
    /// A uniformly random code, leading zeros kept (`004217` is a code).
    pub(crate) fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> OneTimeCode {
        // gen_range rejects the biased top of the range, so every code is
        // equally likely.
        let n: u32 = rng.gen_range(0..CODE_SPACE);
        OneTimeCode(format!("{n:0width$}", width = CODE_DIGITS))
    }

    /// The six digits, for the text message and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeCode(******)")
    }
}

/// SHA-256 over a per-code random salt and the code.
///
/// This keeps codes out of a copied database or a debug dump. It is not a
/// defence against someone who steals the book and grinds all million codes
/// offline; the five-minute lifetime and the attempt limit are what make a
/// stolen digest worthless.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CodeDigest {
    salt: [u8; SALT_BYTES],
    hash: [u8; 32],
}

impl CodeDigest {
    pub(crate) fn of<R: RngCore + CryptoRng>(code: &OneTimeCode, rng: &mut R) -> CodeDigest {
        let mut salt = [0u8; SALT_BYTES];
        rng.fill_bytes(&mut salt);
        CodeDigest {
            salt,
            hash: hash(&salt, code.expose()),
        }
    }

    /// Whether `typed` is the code, compared in constant time so the time
    /// taken says nothing about how many bytes matched.
    pub(crate) fn matches(&self, typed: &str) -> bool {
        hash(&self.salt, typed.trim()).ct_eq(&self.hash).into()
    }
}

fn hash(salt: &[u8; SALT_BYTES], code: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(code.as_bytes());
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn codes_are_six_digits_with_leading_zeros_kept() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut saw_leading_zero = false;
        for _ in 0..2_000 {
            let code = OneTimeCode::generate(&mut rng);
            assert_eq!(code.expose().len(), CODE_DIGITS, "{}", code.expose());
            assert!(code.expose().bytes().all(|b| b.is_ascii_digit()));
            saw_leading_zero |= code.expose().starts_with('0');
        }
        // One code in ten starts with 0; missing them all in 2,000 draws would
        // mean the padding is wrong, not bad luck.
        assert!(saw_leading_zero);
    }

    #[test]
    fn the_digest_matches_only_its_code() {
        let mut rng = StdRng::seed_from_u64(1);
        let code = OneTimeCode("042917".to_owned());
        let digest = CodeDigest::of(&code, &mut rng);
        assert!(digest.matches("042917"));
        assert!(
            digest.matches(" 042917 "),
            "the kiosk may pad what was typed"
        );
        assert!(!digest.matches("42917"));
        assert!(!digest.matches("042918"));
        assert!(!digest.matches(""));
    }

    #[test]
    fn equal_codes_get_different_digests() {
        let mut rng = StdRng::seed_from_u64(2);
        let code = OneTimeCode("123456".to_owned());
        let a = CodeDigest::of(&code, &mut rng);
        let b = CodeDigest::of(&code, &mut rng);
        assert_ne!(
            a.hash, b.hash,
            "a per-code salt must make equal codes look different"
        );
    }

    #[test]
    fn debug_never_shows_the_code() {
        let code = OneTimeCode("123456".to_owned());
        assert_eq!(format!("{code:?}"), "OneTimeCode(******)");
    }
}
