//! The casework integration tests: number allocation from several desks,
//! the full paths of a filing and a petition as records, and a fold that
//! does not depend on the order records arrive in. Public API only.

mod convergence;
mod numbers;
mod paths;
mod support;
