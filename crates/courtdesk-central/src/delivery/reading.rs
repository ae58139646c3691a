//! Reading deliveries: what a kiosk holds for its site, what waits for one
//! identified party, what a desk sees, what the administrator lists.

use courtdesk_protocol::Digest;
use courtdesk_protocol::delivery::{
    DeliveryRefusal as R, DeliveryState, DeskDelivery, KioskDelivery, PartyProof, ServiceMethod,
    WaitingDeliveries,
};

use super::{Deliveries, DeliveryError, Refusal};
use crate::identity::PARTY_REF_LIFETIME_MS;
use crate::store::{DeliveryFilter, NewCardRead, PartyOnFile, StoredDelivery, TerminalStanding};

fn kiosk_view(delivery: &StoredDelivery, now_ms: u64) -> KioskDelivery {
    KioskDelivery {
        delivery_id: delivery.id.clone(),
        case_number: delivery.case_number.clone(),
        title: delivery.title.clone(),
        kind: delivery.kind,
        state: delivery.state_at(now_ms),
        published_ms: delivery.published_ms,
        deadline_ms: delivery.deadline_ms,
        party: delivery.party_lookup.clone(),
        documents: delivery.documents.clone(),
        evidence_head: delivery.evidence_head,
    }
}

fn pending(delivery: &StoredDelivery, now_ms: u64) -> bool {
    delivery.method == ServiceMethod::Electronic
        && matches!(
            delivery.state_at(now_ms),
            DeliveryState::Published | DeliveryState::Available | DeliveryState::Opened
        )
}

/// Whether a card read's digest is a SHA-256 in 64 lowercase hex digits.
pub(super) fn well_formed_card_digest(digest: &str) -> bool {
    digest.len() == 64
        && digest
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Deliveries {
    /// Deliveries matching the filter, newest first.
    pub fn list(&self, filter: &DeliveryFilter) -> Result<Vec<StoredDelivery>, DeliveryError> {
        Ok(self.store.deliveries(filter)?)
    }

    pub fn get(&self, id: &str) -> Result<Option<StoredDelivery>, DeliveryError> {
        Ok(self.store.delivery(id)?)
    }

    /// The state of a delivery now.
    pub fn state_of(&self, delivery: &StoredDelivery) -> DeliveryState {
        delivery.state_at(self.now_ms())
    }

    /// The pending electronic deliveries matching `filter`, which the
    /// asking kiosk now holds: published ones become available.
    /// The open deliveries the filter names, as a kiosk sees them; with
    /// `hand_over`, the published ones become available (they have reached
    /// a kiosk for their party).
    fn open_for_kiosk(
        &self,
        filter: &DeliveryFilter,
        hand_over: bool,
    ) -> Result<Vec<KioskDelivery>, DeliveryError> {
        let now = self.now_ms();
        let mut deliveries: Vec<StoredDelivery> = self
            .store
            .deliveries(filter)?
            .into_iter()
            .filter(|d| pending(d, now))
            .collect();
        let fresh: Vec<String> = deliveries
            .iter()
            .filter(|d| d.state == DeliveryState::Published)
            .map(|d| d.id.clone())
            .collect();
        if hand_over && !fresh.is_empty() {
            self.store.mark_available(&fresh, now)?;
            for delivery in &mut deliveries {
                if delivery.state == DeliveryState::Published {
                    delivery.state = DeliveryState::Available;
                }
            }
        }
        Ok(deliveries.iter().map(|d| kiosk_view(d, now)).collect())
    }

    /// What a kiosk of `court_id`/`site_id` holds for offline service. A
    /// read: it changes no delivery's state (a GET never does); a delivery
    /// becomes available when its party is identified at a kiosk, or by the
    /// kiosk's `made_available` evidence.
    pub(crate) fn for_site(
        &self,
        court_id: &str,
        site_id: &str,
    ) -> Result<Vec<KioskDelivery>, DeliveryError> {
        self.open_for_kiosk(
            &DeliveryFilter {
                court_id: court_id.to_owned(),
                site_id: site_id.to_owned(),
                ..DeliveryFilter::default()
            },
            false,
        )
    }

    /// The party a proof names, on file at the kiosk's court and site, with
    /// a party reference for the kiosk and its expiry: the one presented,
    /// or a new one after a card read.
    pub(super) fn party_at_kiosk(
        &self,
        kiosk: &TerminalStanding,
        proof: &PartyProof,
        now: u64,
    ) -> Result<(PartyOnFile, String, u64), DeliveryError> {
        let (party, party_ref, expires) = match proof {
            PartyProof::Otp { party_ref } => {
                let invalid = || {
                    Refusal::new(
                        R::PartyRefInvalid,
                        "the party reference is not valid here: forged, expired or of another kiosk",
                    )
                };
                let (party_id, expires) = self
                    .keys
                    .open_party_ref_until(party_ref, kiosk.id.as_str(), now)
                    .ok_or_else(invalid)?;
                let party = self.store.party_by_id(&party_id)?.ok_or_else(invalid)?;
                (party, party_ref.clone(), expires)
            }
            PartyProof::IdCard {
                resident_id,
                card_digest,
            } => {
                let party = self.party_by_card(kiosk, resident_id, card_digest, now)?;
                let expires = now.saturating_add(PARTY_REF_LIFETIME_MS);
                let party_ref = self.keys.party_ref(&party.id, kiosk.id.as_str(), expires);
                (party, party_ref, expires)
            }
        };
        if !party.is_at(&kiosk.court_id, &kiosk.site_id) {
            return Err(Refusal::new(R::PartyNotOnFile, "the party is not on file here").into());
        }
        Ok((party, party_ref, expires))
    }

    /// The party a kiosk's card read names, on file at the kiosk's site.
    ///
    /// The server cannot see the card: it takes reads only from kiosks an
    /// administrator registered as having a reader, asks for the digest of
    /// the card data the reader released, and keeps every read (which
    /// kiosk, which number's lookup hash, which party, the digest, and
    /// whether the digest differs from the number's previous read) for a
    /// supervisor. The kiosk's budget of reads is charged before this.
    fn party_by_card(
        &self,
        kiosk: &TerminalStanding,
        resident_id: &str,
        card_digest: &str,
        now: u64,
    ) -> Result<PartyOnFile, DeliveryError> {
        if !kiosk.card_reader {
            return Err(Refusal::new(
                R::CardReaderNotRegistered,
                "this kiosk has no card reader registered at the court; an administrator registers one with `courtdesk-central card-reader <terminal> on`",
            )
            .into());
        }
        if !well_formed_card_digest(card_digest) {
            return Err(Refusal::new(
                R::CardReadInvalid,
                "a card read carries the SHA-256 of the card data its reader released (64 lowercase hex digits)",
            )
            .into());
        }
        let number = self.resident_id(resident_id)?;
        let lookup = self.keys.resident_id_lookup(&number);
        let party = self
            .store
            .party_by_lookup(&lookup)?
            .filter(|party| party.is_at(&kiosk.court_id, &kiosk.site_id));
        let changed = self.store.record_card_read(&NewCardRead {
            terminal_id: kiosk.id.clone(),
            resident_id_lookup: lookup,
            party_id: party.as_ref().map(|p| p.id.clone()),
            card_digest: card_digest.to_owned(),
            read_ms: now,
        })?;
        if changed {
            tracing::warn!(terminal = %kiosk.id, "a card read's data differs from the previous read of its number");
        }
        party.ok_or_else(|| {
            Refusal::new(R::PartyNotOnFile, "nobody with this card is on file here").into()
        })
    }

    /// What waits at the kiosk's site for the party the proof names.
    pub(crate) fn waiting(
        &self,
        kiosk: &TerminalStanding,
        proof: &PartyProof,
    ) -> Result<WaitingDeliveries, DeliveryError> {
        let now = self.now_ms();
        let (party, party_ref, expires) = self.party_at_kiosk(kiosk, proof, now)?;
        let deliveries = self.open_for_kiosk(
            &DeliveryFilter {
                court_id: kiosk.court_id.clone(),
                site_id: kiosk.site_id.clone(),
                party_lookup: party.resident_id_lookup.clone(),
                ..DeliveryFilter::default()
            },
            true,
        )?;
        tracing::info!(terminal = %kiosk.id, party = %party.id, deliveries = deliveries.len(), "deliveries asked for a party");
        Ok(WaitingDeliveries {
            masked_resident_id: party.resident_id_masked,
            party_ref,
            party_ref_expires_at_ms: expires,
            deliveries,
        })
    }

    /// Every delivery of a desk's site with its state, newest first.
    pub(crate) fn for_desk(
        &self,
        court_id: &str,
        site_id: &str,
    ) -> Result<Vec<DeskDelivery>, DeliveryError> {
        let now = self.now_ms();
        let filter = DeliveryFilter {
            court_id: court_id.to_owned(),
            site_id: site_id.to_owned(),
            ..DeliveryFilter::default()
        };
        Ok(self
            .store
            .deliveries(&filter)?
            .into_iter()
            .map(|d| DeskDelivery {
                state: d.state_at(now),
                delivery_id: d.id,
                case_number: d.case_number,
                title: d.title,
                kind: d.kind,
                method: d.method,
                published_ms: d.published_ms,
                deadline_ms: d.deadline_ms,
                masked_resident_id: d.resident_id_masked,
                documents: d.documents,
            })
            .collect())
    }

    /// A document's bytes for a terminal of `court_id`/`site_id`, only if a
    /// delivery of that site names it.
    /// A document of one of the deliveries at the kiosk's site for the
    /// party the proof names: what a kiosk may fetch for the visitor it has
    /// identified, and nothing else.
    pub(crate) fn document_for_party(
        &self,
        kiosk: &TerminalStanding,
        proof: &PartyProof,
        sha256: &Digest,
    ) -> Result<Vec<u8>, DeliveryError> {
        let now = self.now_ms();
        let (party, _, _) = self.party_at_kiosk(kiosk, proof, now)?;
        let theirs = self
            .store
            .deliveries(&DeliveryFilter {
                court_id: kiosk.court_id.clone(),
                site_id: kiosk.site_id.clone(),
                party_lookup: party.resident_id_lookup.clone(),
                ..DeliveryFilter::default()
            })?
            .iter()
            .any(|d| d.documents.iter().any(|doc| doc.sha256 == *sha256));
        let unknown = || {
            Refusal::new(
                R::UnknownDocument,
                "no delivery of this party at this site holds a document with this hash",
            )
        };
        if !theirs {
            return Err(unknown().into());
        }
        Ok(self.blobs.read(sha256)?.ok_or_else(unknown)?)
    }

    pub(crate) fn document_for_site(
        &self,
        court_id: &str,
        site_id: &str,
        sha256: &Digest,
    ) -> Result<Vec<u8>, DeliveryError> {
        let unknown = || {
            Refusal::new(
                R::UnknownDocument,
                "no delivery of this site holds a document with this hash",
            )
        };
        if !self.store.site_holds_document(court_id, site_id, sha256)? {
            return Err(unknown().into());
        }
        Ok(self.blobs.read(sha256)?.ok_or_else(unknown)?)
    }
}
