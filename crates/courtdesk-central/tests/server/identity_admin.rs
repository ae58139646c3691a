//! The administrator's side of identity: the `party` and `staff` commands of
//! the binary, the checks on what is put on file, and the identity key that
//! must stay with its database.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use courtdesk_central::{IdentityKeyError, LaunchError, NewParty, PartyError, Settings, launch};
use courtdesk_core::Mode;
use reqwest::StatusCode;

use crate::backend::{Backend, Home, blocking, on_both_backends};
use crate::client::{code_of, start_in};
use crate::identity::{COURT, HALL, identity_server, phone, put_on_file, resident_id};
use crate::staff::sign_in;

on_both_backends!(
    the_admin_commands_put_parties_and_staff_on_file,
    parties_are_checked_found_and_removed,
    a_server_with_another_identity_key_refuses_the_database,
);

/// Runs the server binary on `home`, with `stdin` as its standard input.
fn admin(home: &Home, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_courtdesk-central"))
        .arg("--data-dir")
        .arg(home.dir.path())
        .arg("--database-url")
        .arg(home.database.url_text())
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    child.wait_with_output().expect("the binary ends")
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

async fn the_admin_commands_put_parties_and_staff_on_file(backend: Backend) {
    let home = Home::new(backend);
    let (number, mobile) = (resident_id(21), phone(21));
    let added = blocking(|| {
        admin(
            &home,
            &[
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
                "--site",
                "hall-b",
            ],
            "",
        )
    });
    let added = succeeded(&added);
    assert!(added.contains("110***********"), "{added}");
    let listed = succeeded(&blocking(|| admin(&home, &["party", "list"], "")));
    assert!(listed.contains("139****0021"), "{listed}");
    assert!(listed.contains("court-1/hall-a,court-1/hall-b"), "{listed}");
    for plain in [&number, &mobile] {
        assert!(
            !listed.contains(plain.as_str()),
            "the list is masked: {listed}"
        );
    }

    let weak = blocking(|| {
        admin(
            &home,
            &[
                "staff",
                "add",
                "--username",
                "zhang.wei",
                "--name",
                "张伟",
                "--role",
                "clerk",
            ],
            "password\n",
        )
    });
    assert!(!weak.status.success(), "a weak password is refused");
    let password = "Court-desk 2024";
    succeeded(&blocking(|| {
        admin(
            &home,
            &[
                "staff",
                "add",
                "--username",
                "Zhang.Wei",
                "--name",
                "张伟",
                "--role",
                "clerk",
            ],
            &format!("{password}\n"),
        )
    }));
    succeeded(&blocking(|| {
        admin(&home, &["staff", "disable", "zhang.wei"], "")
    }));
    let listed = succeeded(&blocking(|| admin(&home, &["staff", "list"], "")));
    assert_eq!(listed.trim(), "zhang.wei clerk 张伟 DISABLED");
    succeeded(&blocking(|| {
        admin(&home, &["staff", "enable", "zhang.wei"], "")
    }));
    let new_password = "Window-3 password";
    succeeded(&blocking(|| {
        admin(
            &home,
            &["staff", "set-password", "zhang.wei"],
            &format!("{new_password}\r\n"),
        )
    }));

    // The server started on the same data folder and database finds what
    // the commands put on file, with the same identity key.
    let server = start_in(home, |_| {}).await;
    let desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    let (status, body) = sign_in(&desk, "zhang.wei", new_password).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let found = blocking(|| server.running.parties().find(&number)).expect("looked up");
    assert_eq!(found.map(|p| p.display_name).as_deref(), Some("王芳"));

    let removed = blocking(|| {
        admin(
            &server.home,
            &["party", "remove", "--resident-id", &number],
            "",
        )
    });
    succeeded(&removed);
    let listed = succeeded(&blocking(|| admin(&server.home, &["party", "list"], "")));
    assert!(listed.trim().is_empty(), "{listed}");
}

async fn parties_are_checked_found_and_removed(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let parties = server.running.parties();
    let party = |number: String, mobile: &str, sites: Vec<String>| NewParty {
        resident_id: number,
        phone: mobile.to_owned(),
        display_name: "赵六".to_owned(),
        court_id: COURT.to_owned(),
        site_ids: sites,
    };
    let mut wrong_check = resident_id(22);
    wrong_check.pop();
    wrong_check.push('X');
    let refusals = [
        party(wrong_check, &phone(22), vec![HALL.into()]),
        party(resident_id(22), "12345", vec![HALL.into()]),
        party(resident_id(22), &phone(22), Vec::new()),
        party(resident_id(22), &phone(22), vec!["a hall".into()]),
    ];
    for refused in refusals {
        let outcome = blocking(|| parties.add(&refused));
        assert!(outcome.is_err(), "{refused:?} was put on file");
    }
    assert!(blocking(|| parties.list()).expect("listed").is_empty());

    let on_file = put_on_file(&server, 22, &[HALL]);
    let again = blocking(|| parties.add(&party(resident_id(22), &phone(23), vec![HALL.into()])));
    assert!(
        matches!(&again, Err(PartyError::AlreadyOnFile(id)) if *id == on_file.id),
        "{again:?}"
    );
    let fifteen = {
        // The same person's first-generation number: 15 digits, no "19",
        // no check character.
        let number = resident_id(22);
        format!("{}{}", &number[..6], &number[8..17])
    };
    let found = blocking(|| parties.find(&fifteen)).expect("looked up");
    assert_eq!(
        found.map(|p| p.id),
        Some(on_file.id.clone()),
        "an old card's number finds the same party"
    );
    blocking(|| parties.remove(&on_file.id)).expect("removed");
    assert!(matches!(
        blocking(|| parties.remove(&on_file.id)),
        Err(PartyError::NotOnFile)
    ));
    assert!(
        blocking(|| parties.find(&resident_id(22)))
            .expect("looked up")
            .is_none()
    );
}

async fn a_server_with_another_identity_key_refuses_the_database(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 24, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let home = server.stop().await;
    let key = home.dir.path().join(courtdesk_central::IDENTITY_KEY_FILE);
    let kept = std::fs::read(&key).expect("the key was made beside the certificate");
    std::fs::remove_file(&key).expect("the key is lost");

    let mut settings = Settings::new(home.dir.path());
    settings.database = Some(home.database.choice());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let refused = launch(settings, listener, std::future::pending()).await;
    assert!(
        matches!(
            refused,
            Err(LaunchError::Identity(IdentityKeyError::Mismatch(_)))
        ),
        "a new key would find nobody on file: {:?}",
        refused.err()
    );

    std::fs::write(&key, kept).expect("the key is restored");
    let server = start_in(home, |_| {}).await;
    let kiosk = crate::client::Terminal {
        base: server.base.clone(),
        http: server.http.clone(),
        ..kiosk
    };
    let (status, body) = crate::identity::request_otp(&kiosk, &resident_id(24)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the restored key finds the party: {}",
        code_of(&body)
    );
}
