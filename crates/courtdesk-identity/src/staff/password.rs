//! Staff password verifiers: argon2id in PHC string form, salted from a passed-in source.

use std::fmt;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

/// Salt length in bytes: 16, as RFC 9106 recommends.
const SALT_BYTES: usize = 16;

/// How much work one password hash costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl PasswordCost {
    /// argon2id with 64 MiB of memory, 3 passes, 1 lane (RFC 9106's second
    /// recommended option, for memory-constrained settings). The verifier
    /// travels to desks for offline sign-in, so a stolen desk disk is the
    /// threat: a guesser pays 64 MiB and three passes per guess. A hash
    /// takes about 0.2 s on a current 2-core machine, once per sign-in.
    pub const DESKTOP: PasswordCost = PasswordCost {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// Any other cost, e.g. a cheap one for tests or a dearer one later.
    pub fn new(
        memory_kib: u32,
        iterations: u32,
        parallelism: u32,
    ) -> Result<PasswordCost, PasswordHashError> {
        Params::new(memory_kib, iterations, parallelism, None).map_err(PasswordHashError::Cost)?;
        Ok(PasswordCost {
            memory_kib,
            iterations,
            parallelism,
        })
    }

    fn hasher(&self) -> Result<Argon2<'static>, PasswordHashError> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(PasswordHashError::Cost)?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Why a password could not be hashed or a stored verifier was refused.
#[derive(Debug, thiserror::Error)]
pub enum PasswordHashError {
    /// The cost parameters are outside what argon2 accepts.
    #[error("the password hashing cost is invalid")]
    Cost(#[source] argon2::Error),
    /// A stored verifier is not a PHC string.
    #[error("the stored password verifier is malformed")]
    Malformed(#[source] argon2::password_hash::Error),
    /// A stored verifier uses another algorithm than argon2id.
    #[error("the stored password verifier is not argon2id")]
    NotArgon2id,
    /// Hashing itself failed (e.g. a password longer than argon2 allows).
    #[error("the password could not be hashed")]
    Hashing(#[source] argon2::password_hash::Error),
}

impl PasswordHashError {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Cost(_) => "password_cost_invalid",
            Self::Malformed(_) => "password_verifier_malformed",
            Self::NotArgon2id => "password_verifier_not_argon2id",
            Self::Hashing(_) => "password_hashing_failed",
        }
    }
}

/// An argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`): what the
/// server stores and what a terminal caches for offline sign-in.
///
/// It carries its own cost and salt, so verifiers made at different costs
/// verify side by side. `Debug` prints nothing of the salt or hash.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PasswordVerifier(String);

/// Hashes `password` at [`PasswordCost::DESKTOP`] with a salt drawn from `rng`.
pub fn hash_password<R: RngCore + CryptoRng>(
    password: &str,
    rng: &mut R,
) -> Result<PasswordVerifier, PasswordHashError> {
    hash_password_with(password, PasswordCost::DESKTOP, rng)
}

/// Hashes `password` at `cost` with a salt drawn from `rng`.
pub fn hash_password_with<R: RngCore + CryptoRng>(
    password: &str,
    cost: PasswordCost,
    rng: &mut R,
) -> Result<PasswordVerifier, PasswordHashError> {
    let mut salt = [0u8; SALT_BYTES];
    rng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(PasswordHashError::Hashing)?;
    let hash = cost
        .hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(PasswordHashError::Hashing)?;
    Ok(PasswordVerifier(hash.to_string()))
}

impl PasswordVerifier {
    /// Accepts a stored PHC string if it is a well-formed argon2id verifier.
    pub fn from_phc(phc: &str) -> Result<PasswordVerifier, PasswordHashError> {
        let hash = PasswordHash::new(phc).map_err(PasswordHashError::Malformed)?;
        if hash.algorithm != Algorithm::Argon2id.ident() {
            return Err(PasswordHashError::NotArgon2id);
        }
        // Reading the parameters back catches costs argon2 would refuse at
        // verification time, so a bad string fails here and not at sign-in.
        Params::try_from(&hash).map_err(PasswordHashError::Malformed)?;
        Ok(PasswordVerifier(phc.to_owned()))
    }

    /// The PHC string, for storage.
    pub fn as_phc(&self) -> &str {
        &self.0
    }

    /// Whether `password` is the one this verifier was made from. argon2
    /// compares the outputs in constant time.
    pub fn verify(&self, password: &str) -> bool {
        // The string was checked on the way in, so a parse failure here cannot
        // happen; treating it as a mismatch keeps sign-in closed if it does.
        PasswordHash::new(&self.0).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
    }

    /// Whether this verifier was made at a different cost than `cost`, so the
    /// server should re-hash the password at the next successful sign-in.
    pub fn needs_rehash(&self, cost: PasswordCost) -> bool {
        let Ok(params) = PasswordHash::new(&self.0).and_then(|hash| Params::try_from(&hash)) else {
            return true;
        };
        (params.m_cost(), params.t_cost(), params.p_cost())
            != (cost.memory_kib, cost.iterations, cost.parallelism)
    }
}

impl fmt::Debug for PasswordVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordVerifier(<redacted>)")
    }
}

impl TryFrom<String> for PasswordVerifier {
    type Error = PasswordHashError;

    fn try_from(phc: String) -> Result<Self, Self::Error> {
        PasswordVerifier::from_phc(&phc)
    }
}

impl From<PasswordVerifier> for String {
    fn from(verifier: PasswordVerifier) -> String {
        verifier.0
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    /// The cheapest cost argon2 allows, so tests do not spend seconds hashing.
    pub(crate) fn cheap() -> PasswordCost {
        PasswordCost::new(8, 1, 1).expect("argon2's minimum cost is valid")
    }

    #[test]
    fn the_right_password_verifies_and_others_do_not() {
        let mut rng = StdRng::seed_from_u64(3);
        let verifier = hash_password_with("Court-desk 2024", cheap(), &mut rng).expect("hashes");
        assert!(verifier.verify("Court-desk 2024"));
        assert!(!verifier.verify("court-desk 2024"));
        assert!(!verifier.verify(""));
    }

    #[test]
    fn the_desktop_cost_is_argon2id_64_mib_3_passes_1_lane() {
        let mut rng = StdRng::seed_from_u64(4);
        let verifier = hash_password("Court-desk 2024", &mut rng).expect("hashes");
        assert!(
            verifier
                .as_phc()
                .starts_with("$argon2id$v=19$m=65536,t=3,p=1$"),
            "{}",
            verifier.as_phc()
        );
        assert!(verifier.verify("Court-desk 2024"));
        assert!(!verifier.needs_rehash(PasswordCost::DESKTOP));
    }

    #[test]
    fn the_same_password_gets_a_different_salt_each_time() {
        let mut rng = StdRng::seed_from_u64(5);
        let a = hash_password_with("Court-desk 2024", cheap(), &mut rng).expect("hashes");
        let b = hash_password_with("Court-desk 2024", cheap(), &mut rng).expect("hashes");
        assert_ne!(a, b);
    }

    #[test]
    fn stored_strings_are_checked_on_the_way_in() {
        let mut rng = StdRng::seed_from_u64(6);
        let verifier = hash_password_with("Court-desk 2024", cheap(), &mut rng).expect("hashes");
        let restored = PasswordVerifier::from_phc(verifier.as_phc()).expect("round-trips");
        assert!(restored.verify("Court-desk 2024"));
        assert!(
            restored.needs_rehash(PasswordCost::DESKTOP),
            "a cheap verifier should be upgraded"
        );

        let argon2i = verifier.as_phc().replacen("argon2id", "argon2i", 1);
        let refusal = PasswordVerifier::from_phc(&argon2i)
            .map(|_| ())
            .map_err(|e| e.code());
        assert_eq!(refusal, Err("password_verifier_not_argon2id"));
        let garbage = PasswordVerifier::from_phc("hunter2")
            .map(|_| ())
            .map_err(|e| e.code());
        assert_eq!(garbage, Err("password_verifier_malformed"));
        assert!(serde_json::from_str::<PasswordVerifier>(r#""hunter2""#).is_err());
    }

    #[test]
    fn debug_reveals_neither_salt_nor_hash() {
        let mut rng = StdRng::seed_from_u64(7);
        let verifier = hash_password_with("Court-desk 2024", cheap(), &mut rng).expect("hashes");
        assert_eq!(format!("{verifier:?}"), "PasswordVerifier(<redacted>)");
    }

    #[test]
    fn costs_argon2_refuses_are_refused() {
        assert_eq!(
            PasswordCost::new(8, 0, 1).map_err(|e| e.code()),
            Err("password_cost_invalid")
        );
    }
}
