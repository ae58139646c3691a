//! Which issuing regions a resident ID number may start with.
//!
//! Source: GB/T 2260 (codes for the administrative divisions of the PRC) for the
//! province-level codes; the State Council's 2018 rules for residence permits of
//! Hong Kong, Macao and Taiwan residents, whose numbers start 810000, 820000 and
//! 830000; and the National Immigration Administration's 2023 foreigners'
//! permanent residence ID, whose 18 digits start with `9` followed by the
//! province-level code of the office that accepted the application.

use serde::{Deserialize, Serialize};

/// Province-level codes of the mainland under GB/T 2260:
/// 11 Beijing, 12 Tianjin, 13 Hebei, 14 Shanxi, 15 Inner Mongolia,
/// 21 Liaoning, 22 Jilin, 23 Heilongjiang,
/// 31 Shanghai, 32 Jiangsu, 33 Zhejiang, 34 Anhui, 35 Fujian, 36 Jiangxi, 37 Shandong,
/// 41 Henan, 42 Hubei, 43 Hunan, 44 Guangdong, 45 Guangxi, 46 Hainan,
/// 50 Chongqing, 51 Sichuan, 52 Guizhou, 53 Yunnan, 54 Tibet,
/// 61 Shaanxi, 62 Gansu, 63 Qinghai, 64 Ningxia, 65 Xinjiang.
const MAINLAND_PROVINCES: [u8; 31] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65,
];

/// GB/T 2260 code for Taiwan. No card is known to carry it, but the standard
/// lists it and refusing it would turn away a number the law allows.
const TAIWAN_PROVINCE: u8 = 71;

/// Residence permits: 81 Hong Kong, 82 Macao, 83 Taiwan residents.
const RESIDENCE_PERMITS: [u8; 3] = [81, 82, 83];

/// What kind of document a number belongs to, read from its first digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResidentIdKind {
    /// A citizen's resident identity card (first two digits 11–65 or 71).
    Citizen,
    /// A residence permit for Hong Kong, Macao or Taiwan residents (81, 82, 83).
    HongKongMacaoTaiwanResident,
    /// A foreigner's permanent residence ID (9, then a mainland province code).
    ForeignPermanentResident,
}

fn two_digits(tens: u8, ones: u8) -> u8 {
    (tens - b'0') * 10 + (ones - b'0')
}

fn is_mainland(code: u8) -> bool {
    MAINLAND_PROVINCES.contains(&code)
}

/// The kind of number, or `None` if its first digits name no issuing region.
pub(crate) fn kind_of(digits: &[u8; 18]) -> Option<ResidentIdKind> {
    let province = two_digits(digits[0], digits[1]);
    if is_mainland(province) || province == TAIWAN_PROVINCE {
        Some(ResidentIdKind::Citizen)
    } else if RESIDENCE_PERMITS.contains(&province) {
        Some(ResidentIdKind::HongKongMacaoTaiwanResident)
    } else if digits[0] == b'9' && is_mainland(two_digits(digits[1], digits[2])) {
        Some(ResidentIdKind::ForeignPermanentResident)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(prefix: &str) -> Option<ResidentIdKind> {
        let mut digits = *b"000000000000000000";
        digits[..prefix.len()].copy_from_slice(prefix.as_bytes());
        kind_of(&digits)
    }

    #[test]
    fn province_codes_are_citizens() {
        for code in [
            "11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71",
        ] {
            assert_eq!(kind(code), Some(ResidentIdKind::Citizen), "{code}");
        }
    }

    #[test]
    fn gaps_between_province_codes_are_unknown() {
        for code in [
            "00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70",
            "72", "80", "84", "99",
        ] {
            assert_eq!(kind(code), None, "{code}");
        }
    }

    #[test]
    fn permits_and_foreigners_are_told_apart() {
        assert_eq!(
            kind("81"),
            Some(ResidentIdKind::HongKongMacaoTaiwanResident)
        );
        assert_eq!(
            kind("83"),
            Some(ResidentIdKind::HongKongMacaoTaiwanResident)
        );
        assert_eq!(kind("911"), Some(ResidentIdKind::ForeignPermanentResident));
        assert_eq!(kind("944"), Some(ResidentIdKind::ForeignPermanentResident));
        assert_eq!(
            kind("971"),
            None,
            "foreigners' IDs are issued on the mainland only"
        );
        assert_eq!(kind("910"), None);
    }
}
