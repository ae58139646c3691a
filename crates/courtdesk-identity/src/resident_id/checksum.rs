//! The check character of a resident ID number: ISO 7064 MOD 11-2.

/// The weight of each of the 17 body digits, left to right: 2^(17-i) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for a weighted sum's remainder mod 11. The value 10 is
/// written `X` so the check fits in one character.
const CHECK_CHARACTERS: [u8; 11] = *b"10X98765432";

/// The check character (`b'0'`..=`b'9'` or `b'X'`) for 17 ASCII digits.
///
/// Because 11 is prime and no weight is a multiple of it, changing any single
/// digit changes the remainder, so every one-digit typo is caught.
pub(crate) fn check_character(body: &[u8; 17]) -> u8 {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    CHECK_CHARACTERS[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> [u8; 17] {
        text.as_bytes().try_into().expect("17 digits")
    }

    #[test]
    fn the_standards_own_example_checks_to_x() {
        // GB 11643-1999 appendix example: 11010519491231002X.
        assert_eq!(check_character(&body("11010519491231002")), b'X');
    }

    #[test]
    fn weights_are_powers_of_two_mod_11() {
        for (i, weight) in WEIGHTS.iter().enumerate() {
            let expected = (1u32 << (17 - i)) % 11;
            assert_eq!(*weight, expected, "weight at position {}", i + 1);
        }
    }

    #[test]
    fn remainders_map_to_the_documented_characters() {
        // A body of zeros sums to 0, which must give "1"; a single 1 in the
        // eighth position (weight 1) gives remainder 1, which must give "0".
        assert_eq!(check_character(&body("00000000000000000")), b'1');
        assert_eq!(check_character(&body("00000001000000000")), b'0');
        assert_eq!(check_character(&body("00000002000000000")), b'X');
    }
}
