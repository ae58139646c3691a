//! Versions: numbering and chaining, refusals, digest stability, signing.

use courtdesk_protocol::Digest;
use courtdesk_site::{
    ProblemCode, SIGNING_DOMAIN, SiteConfig, SiteConfigVersion, ValidationContext, VersionError,
    next_version, verify_chain,
};
use ed25519_dalek::{Signer, SigningKey};

use crate::support::*;

fn first() -> SiteConfigVersion {
    next_version(
        None,
        site(),
        admin(),
        MONDAY_10AM,
        &ValidationContext::default(),
    )
    .expect("a valid first version")
}

fn changed(mut config: SiteConfig) -> SiteConfig {
    config.services[0].daily_quota = Some(150);
    config
}

fn chain() -> Vec<SiteConfigVersion> {
    let v1 = first();
    let v2 = next_version(
        Some(&v1),
        changed(v1.config.clone()),
        admin(),
        MONDAY_10AM + 60_000,
        &ValidationContext::default(),
    )
    .expect("a change");
    vec![v1, v2]
}

#[test]
fn versions_count_from_one_and_name_their_parent() {
    let versions = chain();
    assert_eq!(versions[0].number, 1);
    assert_eq!(versions[0].parent_digest, None);
    assert_eq!(versions[1].number, 2);
    assert_eq!(versions[1].parent_digest, Some(versions[0].digest));
    assert_eq!(verify_chain(&versions), Ok(()));
}

#[test]
fn the_digest_is_pinned_so_a_change_of_canonical_form_is_noticed() {
    // Terminals compare digests the server computed; if the canonical bytes
    // changed between releases, every kept version would stop verifying.
    let version = first();
    assert_eq!(version.computed_digest(), version.digest);
    assert_eq!(
        version.digest.to_hex(),
        "356777ffb8dc1ad0d4c31695c64cefcf0063a41c9d97f90a25e9002f98914fa8",
        "canonical bytes: {}",
        String::from_utf8_lossy(&version.canonical_bytes())
    );
}

#[test]
fn the_digest_does_not_depend_on_the_order_fields_arrive_in() {
    let version = first();
    let mut value = serde_json::to_value(&version).expect("serializes");
    // Rebuild the config object with its keys inserted in reverse order.
    let config = value["config"].as_object().expect("an object").clone();
    let reversed: serde_json::Map<_, _> = config.into_iter().rev().collect();
    value["config"] = serde_json::Value::Object(reversed);
    let back: SiteConfigVersion = serde_json::from_value(value).expect("deserializes");
    assert_eq!(back.computed_digest(), version.digest);
}

#[test]
fn every_part_of_a_version_is_covered_by_its_digest() {
    let version = first();
    let mut other_author = version.clone();
    other_author.made_by = "clerk-2".parse().expect("an account");
    let mut other_time = version.clone();
    other_time.made_at_ms += 1;
    let mut other_config = version.clone();
    other_config.config.thresholds.long_wait_minutes += 1;
    for tampered in [other_author, other_time, other_config] {
        assert_ne!(tampered.computed_digest(), version.digest);
        assert_eq!(
            verify_chain(&[tampered]),
            Err(VersionError::DigestMismatch { number: 1 })
        );
    }
}

#[test]
fn a_chain_with_a_version_left_out_or_reparented_is_refused() {
    let versions = chain();
    assert!(matches!(
        verify_chain(&versions[1..]),
        Err(VersionError::BrokenChain { number: 2, .. })
    ));
    let mut orphan = versions[1].clone();
    orphan.parent_digest = Some(Digest::of(b"another parent"));
    orphan.digest = orphan.computed_digest();
    assert!(matches!(
        verify_chain(&[versions[0].clone(), orphan]),
        Err(VersionError::BrokenChain {
            number: 2,
            previous: 1
        })
    ));
}

#[test]
fn an_unchanged_configuration_makes_no_version() {
    let v1 = first();
    let again = next_version(
        Some(&v1),
        v1.config.clone(),
        admin(),
        MONDAY_10AM + 1,
        &ValidationContext::default(),
    );
    assert_eq!(again, Err(VersionError::Unchanged(1)));
}

#[test]
fn an_invalid_configuration_makes_no_version_and_says_why() {
    let v1 = first();
    let mut bad = v1.config.clone();
    bad.services[1].letter = letter('A');
    let Err(VersionError::Invalid(problems)) = next_version(
        Some(&v1),
        bad,
        admin(),
        MONDAY_10AM + 1,
        &ValidationContext::default(),
    ) else {
        panic!("a duplicate letter must be refused");
    };
    assert_eq!(problems[0].path, "services[1].letter");
    assert_eq!(problems[0].code(), ProblemCode::DuplicateLetter);
}

#[test]
fn a_version_for_another_site_or_dated_before_its_parent_is_refused() {
    let v1 = first();
    let mut elsewhere = changed(v1.config.clone());
    elsewhere.site_id = "hall-b".into();
    assert!(matches!(
        next_version(
            Some(&v1),
            elsewhere,
            admin(),
            MONDAY_10AM + 1,
            &ValidationContext::default()
        ),
        Err(VersionError::OtherSite { .. })
    ));
    assert_eq!(
        next_version(
            Some(&v1),
            changed(v1.config.clone()),
            admin(),
            MONDAY_10AM - 1,
            &ValidationContext::default()
        ),
        Err(VersionError::BeforeParent {
            parent_ms: MONDAY_10AM
        })
    );
}

#[test]
fn the_server_signs_the_domain_and_digest_and_terminals_verify_it() {
    let key = SigningKey::from_bytes(&[7; 32]);
    let version = first();
    let bytes = version.signing_bytes();
    assert!(bytes.starts_with(SIGNING_DOMAIN));
    assert_eq!(&bytes[SIGNING_DOMAIN.len()..], &version.digest.0);
    let signature = key.sign(&bytes);
    assert_eq!(version.verify(&key.verifying_key(), &signature), Ok(()));

    let stranger = SigningKey::from_bytes(&[8; 32]);
    assert_eq!(
        version.verify(&stranger.verifying_key(), &signature),
        Err(VersionError::BadSignature { number: 1 })
    );
    let mut tampered = version.clone();
    tampered.config.services[0].letter = letter('Q');
    assert_eq!(
        tampered.verify(&key.verifying_key(), &signature),
        Err(VersionError::DigestMismatch { number: 1 }),
        "a changed configuration under the old digest is caught before the signature"
    );
    let mut seen = Vec::new();
    assert_eq!(
        version.verify_with(|bytes| {
            seen = bytes.to_vec();
            true
        }),
        Ok(())
    );
    assert_eq!(seen, bytes, "a key kept elsewhere is shown the same bytes");
}
