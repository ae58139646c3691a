#!/usr/bin/env python3
"""An independent verifier of CourtDesk evidence bundles.

Written from crates/courtdesk-evidence/FORMAT.md alone, with Python's
standard library and the `cryptography` package, so that the format is shown
to be verifiable without CourtDesk's code.

Usage:
    verify_bundle.py BUNDLE.zip COURT_PUBLIC_KEY_BASE64
    verify_bundle.py --qr PAYLOAD COURT_PUBLIC_KEY_BASE64

Prints one line per finding ("<code>: <subject>") and exits 1 when there is
any; prints "ok: ..." and exits 0 when the bundle verifies. Exits 2 on a
usage error.
"""

import base64
import binascii
import hashlib
import json
import re
import struct
import sys
import zipfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

RECORD_DOMAIN = b"courtdesk-evidence/record/v1\n"
EVIDENCE_DOMAIN = b"courtdesk-evidence/evidence/v1\n"
COUNTERSIGNATURE_DOMAIN = b"courtdesk-evidence/countersignature/v1\n"
BUNDLE_FORMAT = "courtdesk-evidence-bundle/1"
RECORD_FORMAT = "courtdesk-evidence-record/1"
MAX_ENTRY_BYTES = 128 << 20


def sha256(data):
    return hashlib.sha256(data).digest()


def b64(text):
    """Strict standard base64 (with padding)."""
    return base64.b64decode(text.encode("ascii"), validate=True)


def verifies(public_key, signature, message):
    try:
        public_key.verify(signature, message)
        return True
    except InvalidSignature:
        return False


def public_key(text):
    raw = b64(text)
    if len(raw) != 32:
        raise ValueError("a public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def canonical(value):
    """The canonical JSON of FORMAT.md: sorted keys, no white space, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def safe_name(name):
    if not name or name.startswith("/") or "\\" in name or ":" in name:
        return False
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in name):
        return False
    parts = name.rstrip("/").split("/")
    return all(part not in ("", ".", "..") for part in parts)


def countersigned_message(evidence, received_at_ms, server_seq):
    return COUNTERSIGNATURE_DOMAIN + evidence + struct.pack(">QQ", received_at_ms, server_seq)


def verify(bundle_path, court_key):
    findings = []

    def find(code, subject=""):
        findings.append((code, subject))

    try:
        archive = zipfile.ZipFile(bundle_path)
    except (zipfile.BadZipFile, OSError):
        find("not_a_zip")
        return findings, None

    files = {}
    seen = set()
    for info in archive.infolist():
        name = info.filename
        if not safe_name(name):
            find("unsafe_entry_name", name)
            continue
        if name in seen:
            find("duplicate_entry", name)
            continue
        seen.add(name)
        if info.is_dir() and name in ("documents/", "served/", "evidence/", "signatures/"):
            continue
        if info.file_size > MAX_ENTRY_BYTES:
            find("entry_too_large", name)
            continue
        try:
            with archive.open(info) as entry:
                data = entry.read(MAX_ENTRY_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError):
            find("entry_unreadable", name)
            continue
        if len(data) > MAX_ENTRY_BYTES:
            find("entry_too_large", name)
            continue
        files[name] = data

    if "manifest.json" not in files:
        find("manifest_missing")
        return findings, None
    try:
        manifest = json.loads(files["manifest.json"])
        if manifest["format"] != BUNDLE_FORMAT:
            raise ValueError("unsupported format")
        listed_court_key = b64(manifest["court_public_key"])
        terminal_keys = manifest["terminal_public_keys"]
        manifest_files = manifest["files"]
        manifest_records = manifest["records"]
        delivery_id = manifest["delivery_id"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        find("manifest_malformed")
        return findings, None

    court = Ed25519PublicKey.from_public_bytes(court_key)
    if listed_court_key != court_key:
        find("court_key_mismatch")

    listed = set()
    for entry in manifest_files:
        path = entry["path"]
        listed.add(path)
        if path not in files:
            find("missing_file", path)
        elif len(files[path]) != entry["size"] or sha256(files[path]).hex() != entry["sha256"]:
            find("file_hash_mismatch", path)
    for path in files:
        if path != "manifest.json" and path not in listed:
            find("extra_file", path)
    for document in manifest["documents"]:
        path = "documents/" + document["name"]
        if path not in files and path not in listed:
            find("missing_file", path)
        elif path in files and sha256(files[path]).hex() != document["sha256"]:
            if ("file_hash_mismatch", path) not in findings:
                find("file_hash_mismatch", path)
    for entry in manifest_records:
        for path in (entry["record"], entry["signatures"]):
            if path not in files and path not in listed:
                find("missing_file", path)

    documents = {
        path[len("documents/"):]: sha256(data).hex()
        for path, data in files.items()
        if path.startswith("documents/")
    }

    if not manifest_records:
        find("no_records")
    prev = None  # (digest of the previous record's file, whether its signature held)
    last_server_seq = None
    verified = 0
    for index, entry in enumerate(manifest_records):
        path = entry["record"]
        expected_seq = index + 1
        data = files.get(path)
        if data is None:
            prev = None
            continue
        digest = sha256(data)
        try:
            record = json.loads(data.decode("utf-8"))
            if canonical(record) != data or record["format"] != RECORD_FORMAT:
                raise ValueError("not canonical")
            record_key_raw = b64(record["terminal_public_key"])
            record_key = Ed25519PublicKey.from_public_bytes(record_key_raw)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error):
            find("record_malformed", path)
            prev = (digest, False)
            continue

        if terminal_keys.get(record["terminal_id"]) != record["terminal_public_key"]:
            find("terminal_key_mismatch", path)
        if record["delivery_id"] != delivery_id:
            find("wrong_delivery", path)

        terminal_ok = False
        countersignature = None
        signatures = files.get(entry["signatures"])
        if signatures is not None:
            try:
                signatures = json.loads(signatures)
                terminal_signature = b64(signatures["terminal_signature"])
                court_signature = b64(signatures["court_signature"])
                stored_evidence = bytes.fromhex(signatures["evidence_sha256"])
                received_at_ms = signatures["received_at_ms"]
                server_seq = signatures["server_seq"]
            except (ValueError, KeyError, TypeError, binascii.Error):
                find("signatures_malformed", entry["signatures"])
                signatures = None
        if signatures is not None:
            terminal_ok = len(terminal_signature) == 64 and verifies(
                record_key, terminal_signature, RECORD_DOMAIN + data
            )
            if not terminal_ok:
                find("terminal_signature_invalid", path)
            court_ok = len(court_signature) == 64 and verifies(
                court, court_signature, countersigned_message(stored_evidence, received_at_ms, server_seq)
            )
            if not court_ok:
                find("court_signature_invalid", path)
            if terminal_ok:
                evidence = sha256(EVIDENCE_DOMAIN + digest + record_key_raw + terminal_signature)
                if evidence != stored_evidence:
                    find("evidence_digest_mismatch", path)
                countersignature = server_seq

        prev_sha256 = record["prev_sha256"]
        if prev is not None and prev[1]:
            link_ok = prev_sha256 == prev[0].hex()
        elif prev is not None:
            link_ok = prev_sha256 is not None
        else:
            link_ok = prev_sha256 is None if index == 0 else True
        if record["seq"] != expected_seq or not link_ok:
            find("chain_broken", path)

        for document in record["documents"]:
            actual = documents.get(document["name"])
            if actual is None:
                find("document_missing", f"{path} {document['name']}")
            elif actual != document["sha256"]:
                find("document_hash_mismatch", f"{path} {document['name']}")

        prev = (digest, terminal_ok)
        if countersignature is not None:
            if last_server_seq is not None and countersignature <= last_server_seq:
                find("server_seq_out_of_order", path)
            last_server_seq = countersignature
            verified += 1

    for path, data in files.items():
        if path.startswith("served/"):
            original = files.get("documents/" + path[len("served/"):])
            if original is None or not data.startswith(original):
                find("served_copy_mismatch", path)

    return findings, (delivery_id, verified)


def verify_qr(payload, court_key):
    if not payload.startswith("CDE1."):
        return "qr_unknown_version", None
    body = payload[len("CDE1."):]
    if not re.fullmatch(r"[A-Za-z0-9_-]{150}", body):
        return "qr_malformed", None
    raw = base64.urlsafe_b64decode(body + "==")
    if len(raw) != 112 or base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != body:
        return "qr_malformed", None
    evidence, (received_at_ms, server_seq), signature = raw[:32], struct.unpack(">QQ", raw[32:48]), raw[48:]
    court = Ed25519PublicKey.from_public_bytes(court_key)
    if not verifies(court, signature, countersigned_message(evidence, received_at_ms, server_seq)):
        return "qr_signature_invalid", None
    return None, (evidence.hex(), received_at_ms, server_seq)


def main(argv):
    if len(argv) == 4 and argv[1] == "--qr":
        error, evidence = verify_qr(argv[2], b64(argv[3]))
        if error:
            print(error)
            return 1
        print("ok: evidence %s received at %d, server sequence %d" % evidence)
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    court_key = b64(argv[2])
    findings, verified = verify(argv[1], court_key)
    for code, subject in findings:
        print(f"{code}: {subject}" if subject else code)
    if findings:
        return 1
    delivery_id, count = verified
    print(f"ok: delivery {delivery_id}, {count} records verified")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
