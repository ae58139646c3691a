//! The minimum a new staff password must meet.
//!
//! Deliberately short: length does most of the work, one rule stops a run of
//! a single kind of character, and one stops the username being reused. No
//! expiry or composition zoo, which only pushes people to `Password1!`.

/// Fewest characters (Unicode scalar values, so Chinese counts per character).
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Most characters, so a pasted document cannot be a password.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Usernames shorter than this are not looked for inside the password.
const MIN_USERNAME_CHARS_CHECKED: usize = 3;

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    /// Shorter than [`MIN_PASSWORD_CHARS`].
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// Longer than [`MAX_PASSWORD_CHARS`].
    #[error("a password may have at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// All lowercase letters, all capitals, all digits or all other characters.
    #[error(
        "a password needs at least two kinds of character (lowercase, capitals, digits, others)"
    )]
    OneCharacterClass,
    /// The username appears in it, ignoring case.
    #[error("a password must not contain the username")]
    ContainsUsername,
}

impl PasswordPolicyError {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooShort => "password_too_short",
            Self::TooLong => "password_too_long",
            Self::OneCharacterClass => "password_one_character_class",
            Self::ContainsUsername => "password_contains_username",
        }
    }
}

/// Checks a new password for `username` against the policy above.
pub fn check_password_policy(password: &str, username: &str) -> Result<(), PasswordPolicyError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(PasswordPolicyError::TooShort);
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(PasswordPolicyError::TooLong);
    }
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password
            .chars()
            .any(|c| !c.is_lowercase() && !c.is_uppercase() && !c.is_ascii_digit()),
    ];
    if classes.iter().filter(|&&present| present).count() < 2 {
        return Err(PasswordPolicyError::OneCharacterClass);
    }
    let username = username.trim().to_lowercase();
    // Below three characters a username is found inside too many good
    // passwords by chance ("li" in "reliable") for the rule to help.
    if username.chars().count() >= MIN_USERNAME_CHARS_CHECKED
        && password.to_lowercase().contains(&username)
    {
        return Err(PasswordPolicyError::ContainsUsername);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_judged_by_the_documented_rules() {
        use PasswordPolicyError::*;
        let table: [(&str, Result<(), PasswordPolicyError>); 11] = [
            ("Court-desk", Ok(())),
            ("correct horse battery", Ok(())),
            ("法院诉讼服务中心2024", Ok(())),
            ("Short-1", Err(TooShort)),
            ("法院诉讼服务中心", Err(TooShort)),
            ("abcdefghij", Err(OneCharacterClass)),
            ("ABCDEFGHIJ", Err(OneCharacterClass)),
            ("1234567890", Err(OneCharacterClass)),
            ("!@#$%^&*()", Err(OneCharacterClass)),
            ("Zhang.Wei-2024", Err(ContainsUsername)),
            ("aB3", Err(TooShort)),
        ];
        for (password, expected) in table {
            assert_eq!(
                check_password_policy(password, "zhang.wei"),
                expected,
                "{password:?}"
            );
        }
    }

    #[test]
    fn a_two_letter_username_may_appear_by_chance() {
        assert_eq!(check_password_policy("Reliable-2024", "li"), Ok(()));
        assert_eq!(
            check_password_policy("Reliable-2024", "reliable"),
            Err(PasswordPolicyError::ContainsUsername)
        );
    }

    #[test]
    fn the_length_limits_are_inclusive() {
        let at_max = format!("a1{}", "b".repeat(MAX_PASSWORD_CHARS - 2));
        assert_eq!(check_password_policy(&at_max, "li"), Ok(()));
        let over = format!("{at_max}c");
        assert_eq!(
            check_password_policy(&over, "li"),
            Err(PasswordPolicyError::TooLong)
        );
        assert_eq!(
            check_password_policy("abcdefgh1!", "li"),
            Ok(()),
            "exactly ten"
        );
    }
}
