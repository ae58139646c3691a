//! Case numbers: the court's code, the case types, the national format and
//! the ledger that allocates them.

mod case_number;
mod case_type;
mod court;
mod sequence;

pub use case_number::{
    CaseNumber, CaseNumberFault, InvalidCaseNumber, NumberRef, ProvisionalNumber,
};
pub use case_type::{CaseType, UnknownCaseType};
pub use court::{CourtCode, InvalidCourtCode, PROVINCES};
pub use sequence::{Assigned, CaseSeries, Sequence, SequenceError};
