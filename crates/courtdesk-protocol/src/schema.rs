//! OpenAPI schemas for the wire types that travel as constrained strings.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::Digest;
use crate::record::RecordId;

fn hex_string(digits: usize, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^[0-9a-f]{{{digits}}}$")))
        .description(Some(description))
        .into()
}

impl PartialSchema for Digest {
    fn schema() -> RefOr<Schema> {
        hex_string(64, "A SHA-256 digest, lowercase hex.")
    }
}

impl ToSchema for Digest {}

impl PartialSchema for RecordId {
    fn schema() -> RefOr<Schema> {
        hex_string(
            32,
            "A record's id and idempotency key: 128 random bits, lowercase hex.",
        )
    }
}

impl ToSchema for RecordId {}
