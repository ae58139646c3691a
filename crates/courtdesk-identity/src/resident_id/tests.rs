//! Table-driven and property tests for resident ID numbers.

use proptest::prelude::*;

use super::*;
use crate::civil_date::days_in_month;

fn today() -> CivilDate {
    CivilDate::new(2026, 5, 20).expect("a real date")
}

fn date(y: i32, m: u8, d: u8) -> CivilDate {
    CivilDate::new(y, m, d).expect("a real date")
}

#[test]
fn valid_numbers_parse_to_their_18_character_form() {
    // (typed, stored, birth date, sex, kind); check characters computed independently.
    use ResidentIdKind::*;
    let table = [
        (
            "11010519491231002X",
            "11010519491231002X",
            date(1949, 12, 31),
            Sex::Female,
            Citizen,
        ),
        (
            "11010519491231002x",
            "11010519491231002X",
            date(1949, 12, 31),
            Sex::Female,
            Citizen,
        ),
        (
            "  44030419900307123X\n",
            "44030419900307123X",
            date(1990, 3, 7),
            Sex::Male,
            Citizen,
        ),
        (
            "110105200002290013",
            "110105200002290013",
            date(2000, 2, 29),
            Sex::Male,
            Citizen,
        ),
        (
            "11010519960229002X",
            "11010519960229002X",
            date(1996, 2, 29),
            Sex::Female,
            Citizen,
        ),
        (
            "310104192412310017",
            "310104192412310017",
            date(1924, 12, 31),
            Sex::Male,
            Citizen,
        ),
        (
            "650102189001010077",
            "650102189001010077",
            date(1890, 1, 1),
            Sex::Male,
            Citizen,
        ),
        (
            "810000199001010019",
            "810000199001010019",
            date(1990, 1, 1),
            Sex::Male,
            HongKongMacaoTaiwanResident,
        ),
        (
            "830000198511110027",
            "830000198511110027",
            date(1985, 11, 11),
            Sex::Female,
            HongKongMacaoTaiwanResident,
        ),
        (
            "931010198001010015",
            "931010198001010015",
            date(1980, 1, 1),
            Sex::Male,
            ForeignPermanentResident,
        ),
        (
            "１１０１０５１９４９１２３１００２Ｘ",
            "11010519491231002X",
            date(1949, 12, 31),
            Sex::Female,
            Citizen,
        ),
        // First-generation 15-digit numbers gain "19" and a check character.
        (
            "110105491231002",
            "11010519491231002X",
            date(1949, 12, 31),
            Sex::Female,
            Citizen,
        ),
        (
            "440304900307124",
            "440304199003071248",
            date(1990, 3, 7),
            Sex::Female,
            Citizen,
        ),
    ];
    for (typed, stored, birth, sex, kind) in table {
        let id = ResidentId::parse(typed, today()).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(id.expose(), stored, "{typed:?}");
        assert_eq!(id.birth_date(), birth, "{typed:?}");
        assert_eq!(id.sex(), sex, "{typed:?}");
        assert_eq!(id.kind(), kind, "{typed:?}");
        assert_eq!(id.region_code(), &stored[..6], "{typed:?}");
    }
}

#[test]
fn invalid_numbers_are_refused_for_their_reason() {
    use ResidentIdError::*;
    let table = [
        ("", WrongLength { found: 0 }),
        ("11010519491231002", WrongLength { found: 17 }),
        ("11010519491231002X1", WrongLength { found: 19 }),
        ("1101051949123100", WrongLength { found: 16 }),
        ("110105 19491231002X", WrongLength { found: 19 }),
        ("110105 9491231002X", BadCharacter { position: 7 }),
        ("X10105194912310021", BadCharacter { position: 1 }),
        ("1101051949123100X2", BadCharacter { position: 17 }),
        ("11010549123100X", BadCharacter { position: 15 }),
        ("110105194912310021", BadCheckCharacter),
        ("110105194912310029", BadCheckCharacter),
        ("440304199003071230", BadCheckCharacter),
        ("110105190002290017", NotARealDate),
        ("110105202302290014", NotARealDate),
        ("110105199013010018", NotARealDate),
        ("110105199001000015", NotARealDate),
        ("110105202606010018", BirthInFuture),
        ("110105188912310010", TooOld),
        ("16010519900101001X", UnknownRegion),
        ("160105900101001", UnknownRegion),
        ("810000900101001", UnknownRegion),
    ];
    for (typed, expected) in table {
        assert_eq!(
            ResidentId::parse(typed, today()),
            Err(expected),
            "{typed:?}"
        );
    }
}

#[test]
fn today_itself_is_a_possible_birth_date_but_tomorrow_is_not() {
    // 440304202401010058 was born 2024-01-01.
    let born = date(2024, 1, 1);
    assert!(ResidentId::parse("440304202401010058", born).is_ok());
    assert_eq!(
        ResidentId::parse("440304202401010058", date(2023, 12, 31)),
        Err(ResidentIdError::BirthInFuture)
    );
}

#[test]
fn debug_and_masked_show_only_the_ends() {
    let id = ResidentId::parse("11010519491231002X", today()).expect("valid");
    assert_eq!(id.masked(), "110***********002X");
    let debug = format!("{id:?}");
    assert_eq!(debug, r#"ResidentId("110***********002X")"#);
    assert!(
        !debug.contains("19491231"),
        "the birth date must not leak through Debug"
    );
}

#[test]
fn error_codes_are_distinct_snake_case() {
    use ResidentIdError::*;
    let all = [
        WrongLength { found: 1 },
        BadCharacter { position: 1 },
        BadCheckCharacter,
        NotARealDate,
        BirthInFuture,
        TooOld,
        UnknownRegion,
    ];
    let codes: std::collections::BTreeSet<_> = all.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), all.len(), "each reason needs its own code");
    for code in codes {
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{code}"
        );
    }
}

/// Any number a real issuer could print: a known prefix, a real birth date
/// between 1890 and today, a sequence, and the right check character.
fn valid_number() -> impl Strategy<Value = String> {
    let province = prop::sample::select(vec![
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65",
    ]);
    let prefix = prop_oneof![
        (province.clone(), 0u32..10_000).prop_map(|(p, rest)| format!("{p}{rest:04}")),
        prop::sample::select(vec!["810000", "820000", "830000"]).prop_map(String::from),
        (province, 0u32..1_000).prop_map(|(p, nation)| format!("9{p}{nation:03}")),
    ];
    let birth = (EARLIEST_BIRTH_YEAR..=2025, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| (y, m, d.min(days_in_month(y, m))));
    (prefix, birth, 0u32..1_000).prop_map(|(prefix, (y, m, d), seq)| {
        let body = format!("{prefix}{y:04}{m:02}{d:02}{seq:03}");
        let body: [u8; 17] = body.as_bytes().try_into().expect("17 digits");
        let check = char::from(checksum::check_character(&body));
        format!("{}{check}", String::from_utf8_lossy(&body))
    })
}

proptest! {
    #[test]
    fn every_valid_number_parses(number in valid_number()) {
        let id = ResidentId::parse(&number, today());
        prop_assert_eq!(id.map(|id| id.expose().to_owned()), Ok(number));
    }

    #[test]
    fn changing_any_single_character_is_refused(
        number in valid_number(),
        position in 0usize..18,
        replacement in prop::sample::select(b"0123456789X".to_vec()),
    ) {
        let mut bytes = number.clone().into_bytes();
        prop_assume!(bytes[position] != replacement);
        prop_assume!(replacement != b'X' || position == 17);
        bytes[position] = replacement;
        let typo = String::from_utf8(bytes).expect("ASCII");
        prop_assert_eq!(
            ResidentId::parse(&typo, today()),
            Err(ResidentIdError::BadCheckCharacter),
            "{} became {}", number, typo
        );
    }
}
