//! The statistics' integration tests, through the public API only: a
//! scripted day with hand-computed figures, the extraction of ticket facts
//! from queue events, and properties of order and merging.

mod extract;
mod properties;
mod scripted_day;
mod support;
