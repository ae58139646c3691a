//! Evidence of electronic service.
