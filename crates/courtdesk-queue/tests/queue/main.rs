//! The queue's integration tests: properties that span leases, events, the
//! merged state and calling, driven through the public API only.

mod calling;
mod convergence;
mod leases;
mod split;
mod support;
