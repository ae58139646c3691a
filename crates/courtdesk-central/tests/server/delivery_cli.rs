//! The delivery commands of the built binary: an API client, a party with
//! an address, a publication and its refusals, the list and the details,
//! then (after a kiosk served it over HTTPS) the export, the bundle's and
//! the QR code's verification, and what a changed byte makes them say.

use std::process::{Command, Output, Stdio};

use courtdesk_core::Mode;
use courtdesk_evidence::EventKind;
use reqwest::StatusCode;

use crate::backend::{Backend, Home, blocking, on_both_backends};
use crate::client::{code_of, start_in};
use crate::delivery_evidence::change_entry_byte;
use crate::delivery_fixtures::{
    DEADLINE, listed, masked, now, pdf, publish_with_token, record, request, submit,
};
use crate::identity::{COURT, HALL, phone, resident_id};

on_both_backends!(
    the_delivery_commands_publish_list_export_and_verify,
    the_case_command_puts_a_case_and_says_why_a_bad_one_is_refused,
);

/// Runs the server binary on `home`.
fn cli(home: &Home, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_courtdesk-central"))
        .arg("--data-dir")
        .arg(home.dir.path())
        .arg("--database-url")
        .arg(home.database.url_text())
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the command failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Standard output and error of a command that must fail.
fn failed(output: &Output) -> String {
    assert!(!output.status.success(), "the command should have failed");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

async fn the_delivery_commands_publish_list_export_and_verify(backend: Backend) {
    let home = Home::new(backend);
    let folder = home.dir.path().to_path_buf();
    let (judgment, notice, image) = (
        folder.join("judgment.pdf"),
        folder.join("notice.pdf"),
        folder.join("photo.pdf"),
    );
    std::fs::write(&judgment, pdf("judgment")).expect("write");
    std::fs::write(&notice, pdf("notice")).expect("write");
    std::fs::write(&image, b"\xff\xd8\xff\xe0 not a pdf").expect("write");
    let (number, mobile) = (resident_id(31), phone(31));
    let run = |args: &[&str]| blocking(|| cli(&home, args));

    succeeded(&run(&[
        "party",
        "add",
        "--resident-id",
        &number,
        "--phone",
        &mobile,
        "--name",
        "王芳",
        "--court",
        COURT,
        "--site",
        HALL,
        "--address",
        "北京市朝阳区建国路1号",
    ]));
    let refused = failed(&run(&[
        "party",
        "add",
        "--resident-id",
        &resident_id(32),
        "--phone",
        &phone(32),
        "--name",
        "李雷",
        "--court",
        COURT,
        "--site",
        HALL,
        "--address",
        "line\u{7}bell",
    ]));
    assert!(refused.contains("postal address"), "{refused}");
    let parties = succeeded(&run(&["party", "list"]));
    assert!(
        !parties.contains("李雷"),
        "a refused address puts nobody on file: {parties}"
    );

    let added = succeeded(&run(&[
        "api-client",
        "add",
        "--name",
        "case-system",
        "--court",
        "court-1",
    ]));
    let token = added
        .lines()
        .last()
        .expect("the token line")
        .trim()
        .to_owned();
    assert!(token.starts_with("cdapi_"), "{added}");
    let clients = succeeded(&run(&["api-client", "list"]));
    assert!(
        clients.contains("case-system")
            && clients.contains("court=court-1")
            && clients.contains("active"),
        "{clients}"
    );
    assert!(
        !clients.contains(&token),
        "the token is shown once: {clients}"
    );

    let judgment_arg = judgment.display().to_string();
    let notice_arg = notice.display().to_string();
    let image_arg = image.display().to_string();
    let publish = |extra: &[&str], document: &str, phone_number: &str| {
        let mut args = vec![
            "delivery",
            "publish",
            "--case",
            "(2026)京0105民初31号",
            "--resident-id",
            &number,
            "--phone",
            phone_number,
            "--document",
            document,
            "--title",
            "民事判决书",
            "--kind",
            "judgment",
            "--deadline",
            DEADLINE,
            "--court",
            COURT,
            "--site",
            HALL,
        ];
        args.extend_from_slice(extra);
        blocking(|| cli(&home, &args))
    };
    let said = failed(&publish(
        &["--method", "electronic"],
        &judgment_arg,
        &mobile,
    ));
    assert!(said.contains("consent_required"), "{said}");
    let said = failed(&publish(
        &["--method", "electronic", "--consent"],
        &image_arg,
        &mobile,
    ));
    assert!(said.contains("not_a_pdf"), "{said}");
    let said = failed(&publish(
        &["--method", "electronic", "--consent"],
        &judgment_arg,
        &phone(1),
    ));
    assert!(said.contains("phone_mismatch"), "{said}");
    let said = failed(&publish(&["--method", "fax"], &judgment_arg, &mobile));
    assert!(said.contains("electronic or paper"), "{said}");

    let out = succeeded(&publish(
        &[
            "--method",
            "electronic",
            "--consent",
            "--document",
            &notice_arg,
        ],
        &judgment_arg,
        &mobile,
    ));
    let id = out
        .split_whitespace()
        .nth(1)
        .filter(|_| out.starts_with("published "))
        .unwrap_or_else(|| panic!("a delivery id: {out}"))
        .to_owned();
    assert!(out.contains("state=published"), "{out}");
    assert!(
        out.contains("judgment.pdf") && out.contains("notice.pdf"),
        "{out}"
    );

    let list = succeeded(&run(&["delivery", "list"]));
    assert!(list.contains(&id) && list.contains(" published "), "{list}");
    assert!(
        list.contains("110***********"),
        "the party is masked: {list}"
    );
    for plain in [&number, &mobile] {
        assert!(!list.contains(plain.as_str()), "{list}");
    }
    let other_case = succeeded(&run(&["delivery", "list", "--case", "nothing"]));
    assert!(other_case.trim().is_empty(), "{other_case}");
    let court_key = succeeded(&run(&["court-key"])).trim().to_owned();

    // A kiosk serves it over HTTPS; the case system publishes with the
    // token the command printed, until the command revokes it.
    let server = start_in(home, |_| {}).await;
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let mut held = listed(&kiosk, &id).await;
    held["masked_resident_id"] = serde_json::json!(masked(&number));
    let shown = record(&kiosk, &held, EventKind::MadeAvailable, None, now());
    assert_eq!(submit(&kiosk, &shown).await.0, StatusCode::OK);
    let acknowledged = record(
        &kiosk,
        &held,
        EventKind::Acknowledged,
        Some(shown.link()),
        now(),
    );
    let (status, receipt) = submit(&kiosk, &acknowledged).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    let qr = receipt["qr_payload"]
        .as_str()
        .expect("a QR text")
        .to_owned();
    let (status, key) = kiosk
        .send(reqwest::Method::GET, "/v1/court-key", Vec::new())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        key["public_key"],
        court_key.as_str(),
        "the printed key is the server's"
    );

    let (status, body) = publish_with_token(&server, &token, &request(31, HALL)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    succeeded(&blocking(|| {
        cli(&server.home, &["api-client", "revoke", "case-system"])
    }));
    let (status, body) = publish_with_token(&server, &token, &request(31, HALL)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let home = server.stop().await;
    let run = |args: &[&str]| blocking(|| cli(&home, args));

    let shown_out = succeeded(&run(&["delivery", "show", &id]));
    assert!(shown_out.contains(" acknowledged "), "{shown_out}");
    assert!(
        shown_out.contains("evidence 1 made_available"),
        "{shown_out}"
    );
    assert!(shown_out.contains("evidence 2 acknowledged"), "{shown_out}");

    let bundle = home.dir.path().join("bundle.zip");
    let bundle_arg = bundle.display().to_string();
    succeeded(&run(&["delivery", "export", &id, "--out", &bundle_arg]));
    let verified = succeeded(&run(&["evidence", "verify", &bundle_arg]));
    assert!(
        verified.starts_with(&format!("OK: delivery {id} with 2 documents and 2 records")),
        "{verified}"
    );
    let verified = succeeded(&run(&[
        "evidence",
        "verify",
        &bundle_arg,
        "--court-key",
        &court_key,
    ]));
    assert!(verified.starts_with("OK"), "{verified}");
    let stranger = courtdesk_evidence::PublicKey(
        ed25519_dalek::SigningKey::from_bytes(&[5; 32]).verifying_key(),
    )
    .to_base64();
    let said = failed(&run(&[
        "evidence",
        "verify",
        &bundle_arg,
        "--court-key",
        &stranger,
    ]));
    assert!(said.contains("court_key_mismatch"), "{said}");

    let changed = home.dir.path().join("changed.zip");
    let bytes = std::fs::read(&bundle).expect("the bundle");
    std::fs::write(&changed, change_entry_byte(&bytes, "documents/notice.pdf")).expect("write");
    let said = failed(&run(&[
        "evidence",
        "verify",
        &changed.display().to_string(),
    ]));
    assert!(
        said.contains("entry_unreadable documents/notice.pdf"),
        "the changed entry is named: {said}"
    );

    let vouched = succeeded(&run(&["evidence", "verify-qr", &qr]));
    assert!(
        vouched.contains(&acknowledged.evidence_digest().to_hex()),
        "{vouched}"
    );
    let said = failed(&run(&["evidence", "verify-qr", "CDE2.garbage"]));
    assert!(said.contains("qr_unknown_version"), "{said}");
    let mut altered = qr.clone().into_bytes();
    let last = altered.len() - 3;
    altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
    let said = failed(&run(&[
        "evidence",
        "verify-qr",
        &String::from_utf8(altered).expect("text"),
    ]));
    assert!(said.contains("qr_signature_invalid"), "{said}");
    let said = failed(&run(&[
        "delivery",
        "export",
        "D-000000000000000000000000",
        "--out",
        &bundle_arg,
    ]));
    assert!(said.contains("unknown_delivery"), "{said}");
}

async fn the_case_command_puts_a_case_and_says_why_a_bad_one_is_refused(backend: Backend) {
    let home = Home::new(backend);
    let run = |args: &[&str]| blocking(|| cli(&home, args));
    let (number, mobile) = (resident_id(41), phone(41));
    succeeded(&run(&[
        "party",
        "add",
        "--resident-id",
        &number,
        "--phone",
        &mobile,
        "--name",
        "李明",
        "--court",
        COURT,
        "--site",
        HALL,
    ]));
    let file = home.dir.path().join("case.json");
    let case = |parties: serde_json::Value| {
        serde_json::json!({
            "court_id": COURT, "case_number": "(2026)京0105民初77号", "title": "民间借贷纠纷",
            "parties": parties,
        })
        .to_string()
    };
    let party = |n: u16, role: &str| serde_json::json!({"resident_id": resident_id(n), "phone": phone(n), "role": role});
    let path = file.to_str().expect("UTF-8");

    std::fs::write(&file, case(serde_json::json!([party(41, "plaintiff")]))).expect("write");
    let put = succeeded(&run(&["case", "put", "--file", path]));
    assert!(
        put.contains("(2026)京0105民初77号") && put.contains("1 parties"),
        "{put}"
    );
    assert!(!put.contains(&number), "no ID number is printed: {put}");

    // A party nobody put on file: refused with its reason.
    std::fs::write(
        &file,
        case(serde_json::json!([
            party(41, "plaintiff"),
            party(42, "defendant")
        ])),
    )
    .expect("write");
    let refused = failed(&run(&["case", "put", "--file", path]));
    assert!(refused.contains("party_not_on_file"), "{refused}");

    for (text, says) in [
        ("not json", "is not a case"),
        (
            r#"{"case_number": "x", "title": "t", "parties": [], "judge": "z"}"#,
            "is not a case",
        ),
    ] {
        std::fs::write(&file, text).expect("write");
        let output = failed(&run(&["case", "put", "--file", path]));
        assert!(output.contains(says), "{output}");
    }
    let missing = failed(&run(&["case", "put", "--file", "/nonexistent/case.json"]));
    assert!(
        missing.contains("reading /nonexistent/case.json"),
        "{missing}"
    );
}
