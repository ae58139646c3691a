//! One-time enrollment codes: generated with 160 random bits, shown once,
//! kept only as a hash.

use std::fmt;

use courtdesk_protocol::Digest;
use rand::RngCore;

/// Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or
/// retyped from paper survives the usual confusions.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// How long a code may wait before it is spent.
pub const CODE_LIFETIME_MS: u64 = 7 * 24 * 60 * 60 * 1000;

/// A freshly generated code. Its `Debug` is redacted so it never reaches a
/// log by accident; [`EnrollmentCode::reveal`] is for showing it once.
#[derive(Clone, PartialEq, Eq)]
pub struct EnrollmentCode(String);

impl fmt::Debug for EnrollmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnrollmentCode(..)")
    }
}

impl EnrollmentCode {
    /// 160 random bits as 32 base32 digits in groups of four.
    pub fn generate(rng: &mut impl RngCore) -> EnrollmentCode {
        let mut bytes = [0u8; 20];
        rng.fill_bytes(&mut bytes);
        let mut digits = String::with_capacity(40);
        let mut buffer: u32 = 0;
        let mut bits = 0;
        for byte in bytes {
            buffer = (buffer << 8) | u32::from(byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                if !digits.is_empty() && digits.len() % 5 == 4 {
                    digits.push('-');
                }
                digits.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
            }
        }
        EnrollmentCode(digits)
    }

    pub fn reveal(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> Digest {
        hash_code(&self.0)
    }
}

/// The stored form of a code as typed. Separators, spaces and case are
/// ignored, and the letters Crockford maps to digits are folded, so the hash
/// matches however the code was copied. A plain SHA-256 suffices because the
/// code has 160 random bits: there is nothing to guess by brute force.
pub fn hash_code(typed: &str) -> Digest {
    let normalized: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    Digest::of_parts(&[b"courtdesk-enrollment-code-v1", normalized.as_bytes()])
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn codes_are_long_grouped_and_distinct() {
        let mut rng = StdRng::seed_from_u64(1);
        let a = EnrollmentCode::generate(&mut rng);
        let b = EnrollmentCode::generate(&mut rng);
        assert_ne!(a, b);
        let digits: String = a.reveal().chars().filter(|c| *c != '-').collect();
        // 32 digits of 5 bits: 160 bits, above the 100 the design requires.
        assert_eq!(digits.len(), 32);
        assert!(digits.bytes().all(|d| ALPHABET.contains(&d)));
        assert_eq!(a.reveal().split('-').count(), 8);
    }

    #[test]
    fn the_hash_ignores_how_the_code_was_typed() {
        let code = EnrollmentCode::generate(&mut StdRng::seed_from_u64(2));
        let retyped = code.reveal().to_lowercase().replace('-', " ");
        assert_eq!(hash_code(&retyped), code.hash());
        assert_eq!(hash_code("0O1IL"), hash_code("00111"));
        assert_ne!(hash_code("00111"), hash_code("00112"));
    }

    #[test]
    fn debug_does_not_show_the_code() {
        let code = EnrollmentCode::generate(&mut StdRng::seed_from_u64(3));
        assert!(!format!("{code:?}").contains(&code.reveal()[..4]));
    }
}
