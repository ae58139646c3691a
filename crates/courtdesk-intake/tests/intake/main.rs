//! The intake checks against files made by the tests themselves: a corpus
//! of hostile and broken files, each refused with its code and leaving the
//! store empty; files rebuilt without what was taken out of them
//! (`disarm`); valid PDFs, JPEGs, PNGs and TIFFs accepted with their page
//! and pixel counts; submissions, USB sticks and property tests. Tests that
//! need a tool (qpdf, scanimage) skip with a note on stderr when it is
//! missing, and fail instead when `CI` is set.

mod corpus;
mod disarm;
mod properties;
mod scanned;
mod submission;
mod support;
mod usb;
mod valid;
