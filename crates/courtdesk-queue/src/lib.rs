//! The hall's queue: tickets, their numbers and their calls.
