//! A draft item's bytes for the kiosk's page thumbnails, and scanning one
//! page of a scan again. See [`crate::intake::draft`].

use courtdesk_intake::IntakeLimits;

use super::intake_kiosk::{DraftView, bad_input, refused, scanned_pdf, store_error};
use crate::intake::draft::{Draft, DraftItem};
use crate::{ApiError, Terminal};

fn no_such_item() -> ApiError {
    bad_input("item_id", "no such item in the draft")
}

fn item_of<'a>(draft: &'a Draft, item_id: &str) -> Result<&'a DraftItem, ApiError> {
    draft
        .items
        .iter()
        .find(|i| i.item_id == item_id)
        .ok_or_else(no_such_item)
}

impl Terminal {
    /// The file of a draft item, to paint its pages small.
    pub fn intake_item(&self, item_id: &str) -> Result<Vec<u8>, ApiError> {
        self.intake_party()?;
        let _draft = self.intake().draft_lock();
        let folder = self.draft_folder()?;
        let draft = self.current_draft(&folder)?;
        folder
            .read_file(&item_of(&draft, item_id)?.sha256)
            .map_err(store_error)
    }

    /// Scans page `page` (from 1) of a scanned item again and puts it in
    /// the old one's place; the item keeps its id and material type. A
    /// page that is not scanned, or a result the checks refuse, leaves the
    /// item as it was.
    pub fn intake_rescan_page(&self, item_id: &str, page: u32) -> Result<DraftView, ApiError> {
        self.intake_party()?;
        let index = {
            let _draft = self.intake().draft_lock();
            let folder = self.draft_folder()?;
            let draft = self.current_draft(&folder)?;
            let item = item_of(&draft, item_id)?;
            if item.scan_pages.is_empty() {
                return Err(bad_input(
                    "not_scanned",
                    "only a scan's page can be scanned again",
                ));
            }
            let index = usize::try_from(page).unwrap_or(0);
            if index == 0 || index > item.scan_pages.len() {
                return Err(bad_input("page", "the scan has no such page"));
            }
            index - 1
        };
        // The scanner runs without the draft's lock, as a scan takes long.
        let fresh = self.scan_one_page()?;

        let _draft = self.intake().draft_lock();
        let folder = self.draft_folder()?;
        let mut draft = self.current_draft(&folder)?;
        let at = draft
            .items
            .iter()
            .position(|i| i.item_id == item_id)
            .filter(|&at| index < draft.items[at].scan_pages.len())
            .ok_or_else(no_such_item)?;
        let mut pages = Vec::with_capacity(draft.items[at].scan_pages.len());
        for (n, kept) in draft.items[at].scan_pages.iter().enumerate() {
            pages.push(if n == index {
                fresh.clone()
            } else {
                folder.read_page(kept).map_err(store_error)?
            });
        }
        let pdf = scanned_pdf(&pages)?;
        let earlier = self.earlier_hashes(&draft.case)?;
        // Checked as if the old version were not in the draft.
        let others = Draft {
            items: draft
                .items
                .iter()
                .enumerate()
                .filter(|(n, _)| *n != at)
                .map(|(_, i)| i.clone())
                .collect(),
            ..draft.clone()
        };
        let (file, duplicate) = folder
            .accept(
                &others,
                std::io::Cursor::new(pdf),
                "",
                IntakeLimits::default(),
                &earlier,
            )
            .map_err(|e| refused(&e))?;
        let kept_page = folder.keep_page(&fresh).map_err(store_error)?;
        let item = &mut draft.items[at];
        let old_file = std::mem::replace(&mut item.sha256, file.sha256.hex());
        let old_page = std::mem::replace(&mut item.scan_pages[index], kept_page);
        item.size = file.size;
        item.pages = file.pages;
        item.duplicate = duplicate;
        folder.save(&draft).map_err(store_error)?;
        folder.forget_file(&draft, &old_file).map_err(store_error)?;
        folder
            .forget_page(&draft, &old_page.sha256)
            .map_err(store_error)?;
        Ok(self.draft_view(&draft))
    }
}
