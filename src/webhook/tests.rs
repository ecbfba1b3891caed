use super::*;

const BODY: &[u8] = br#"{"message":{"type":"status-update","call":{"id":"c1"}}}"#;

fn at(now_s: u64) -> VerifyOptions {
    VerifyOptions { now_ms: Some(now_s * 1000), ..VerifyOptions::default() }
}

fn signed(scheme: &Scheme, secret: &Secret, timestamp: u64) -> Vec<Header> {
    let options = SignOptions { timestamp: Some(timestamp), id: Some("msg_1".to_owned()), ..SignOptions::default() };
    sign(scheme, secret, BODY, &options).unwrap_or_default()
}

fn every_scheme() -> Vec<(Scheme, Secret, u64)> {
    let hex_sha512 = VapiHmac { algorithm: Algorithm::Sha512, prefix: "sha512=".to_owned(), ..VapiHmac::default() };
    let base64_sha1 = VapiHmac { algorithm: Algorithm::Sha1, encoding: Encoding::Base64, ..VapiHmac::default() };
    vec![
        (Scheme::Flireo, Secret::new("whsec_test_secret_12345"), 1_700_000_000),
        (Scheme::VapiHmac(VapiHmac::default()), Secret::new("vapi-secret"), 1_700_000_000),
        (Scheme::VapiHmac(hex_sha512), Secret::new("vapi-secret"), 1_700_000_000),
        (Scheme::VapiHmac(base64_sha1), Secret::new("vapi-secret"), 1_700_000_000),
        (Scheme::VapiSecret, Secret::new("shared"), 1_700_000_000),
        (Scheme::Retell, Secret::new("test-api-key"), 1_700_000_000_000),
        (Scheme::Standard, Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), 1_700_000_000),
    ]
}

#[test]
fn every_scheme_verifies_what_it_signs_and_nothing_else() {
    for (scheme, secret, timestamp) in every_scheme() {
        let headers = signed(&scheme, &secret, timestamp);
        let now = if scheme == Scheme::Retell { timestamp / 1000 } else { timestamp };
        assert_eq!(verify(&scheme, &secret, BODY, &headers, &at(now + 10)).err(), None, "{scheme:?}");
        let other = Secret::new("another secret");
        assert!(verify(&scheme, &other, BODY, &headers, &at(now)).is_err(), "{scheme:?}");
        if scheme != Scheme::VapiSecret {
            let tampered = br#"{"message":{"type":"status-update","call":{"id":"c2"}}}"#;
            assert!(matches!(verify(&scheme, &secret, tampered, &headers, &at(now)), Err(Failure::Mismatch(_))));
        }
    }
}

#[test]
fn retell_published_vector() {
    let options = SignOptions { timestamp: Some(1_700_000_000_000), ..SignOptions::default() };
    let headers = sign(&Scheme::Retell, &Secret::new("test-api-key"), br#"{"event":"call_ended"}"#, &options);
    let expected = "v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e";
    assert_eq!(headers.map(|h| h[0].value.clone()), Ok(expected.to_owned()));
    let received = [Header::new("X-Retell-Signature", expected.to_uppercase().replace("V=", "v="))];
    let verified = verify(
        &Scheme::Retell,
        &Secret::new("test-api-key"),
        br#"{"event":"call_ended"}"#,
        &received,
        &at(1_700_000_100),
    );
    assert_eq!(verified.map(|v| v.age_ms), Ok(Some(100_000)));
}

#[test]
fn retell_refuses_the_malformed_forms_its_sdk_refuses() {
    let digest = "07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e";
    for value in [
        String::new(),
        "v=1700000000000".to_owned(),
        format!("d={digest},v=1700000000000"),
        format!("x v=1700000000000,d={digest}"),
        format!("v=1700000000000,d={digest} x"),
        "v=1700000000000,d=zz024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e".to_owned(),
        "v=1700000000000,d=07024cab".to_owned(),
        format!("v=99999999999999999999,d={digest}"),
    ] {
        let headers = [Header::new("x-retell-signature", value.clone())];
        let result = verify(&Scheme::Retell, &Secret::new("test-api-key"), b"{}", &headers, &at(1_700_000_000));
        assert!(matches!(result, Err(Failure::MalformedHeader { .. })), "{value:?}: {result:?}");
    }
}

#[test]
fn a_missing_header_names_the_schemes_headers() {
    let failure = verify(&Scheme::Flireo, &Secret::new("s"), BODY, &[], &at(0)).unwrap_err();
    assert_eq!(
        failure.to_string(),
        "missing header `X-Webhook-Signature`: the flireo scheme sends X-Webhook-Signature, X-Webhook-Timestamp"
    );
}

#[test]
fn an_old_signature_is_valid_but_expired_with_its_age() {
    let secret = Secret::new("s");
    let headers = signed(&Scheme::Flireo, &secret, 1_700_000_000);
    let failure = verify(&Scheme::Flireo, &secret, BODY, &headers, &at(1_700_000_301)).unwrap_err();
    assert_eq!(failure.to_string(), "the signature is valid but its timestamp is 301s old (tolerance 300s)");
    let early = verify(&Scheme::Flireo, &secret, BODY, &headers, &at(1_699_999_000)).unwrap_err();
    assert!(early.to_string().contains("1000s in the future"));
}

#[test]
fn flireo_accepts_the_signature_without_its_prefix() {
    let secret = Secret::new("s");
    let mut headers = signed(&Scheme::Flireo, &secret, 1_700_000_000);
    headers[0].value = headers[0].value.trim_start_matches("sha256=").to_owned();
    headers[0].name = "x-webhook-signature".to_owned();
    assert!(verify(&Scheme::Flireo, &secret, BODY, &headers, &at(1_700_000_000)).is_ok());
}

#[test]
fn a_re_serialised_body_is_named() {
    let secret = Secret::new("s");
    let headers = signed(&Scheme::Standard, &Secret::new("whsec_c2VjcmV0"), 1_700_000_000);
    // as `JSON.stringify(req.body, null, 2)` writes it: key order kept, whitespace added
    let pretty = crate::json::reformat(std::str::from_utf8(BODY).unwrap_or_default(), crate::json::Layout::Pretty)
        .unwrap_or_default();
    let failure =
        verify(&Scheme::Standard, &Secret::new("whsec_c2VjcmV0"), pretty.as_bytes(), &headers, &at(1_700_000_000));
    assert_eq!(
        failure.unwrap_err().to_string(),
        "you verified a re-serialised body: verify the raw bytes (the same JSON written compact, keys in their original order verifies)"
    );
    let flireo = signed(&Scheme::Flireo, &secret, 1_700_000_000);
    let with_newline = [BODY, b"\n"].concat();
    let failure = verify(&Scheme::Flireo, &secret, &with_newline, &flireo, &at(1_700_000_000)).unwrap_err();
    assert_eq!(failure, Failure::Mismatch(Diagnosis::TrailingNewline { added: true }));
    let padded = Secret::new("s\n");
    let failure = verify(&Scheme::Flireo, &padded, BODY, &flireo, &at(1_700_000_000)).unwrap_err();
    assert_eq!(failure, Failure::Mismatch(Diagnosis::SecretWhitespace));
}

#[test]
fn the_sent_bytes_tell_wrong_secret_from_changed_body() {
    let secret = Secret::new("s");
    let headers = signed(&Scheme::Flireo, &secret, 1_700_000_000);
    let options = VerifyOptions { sent: Some(BODY.to_vec()), ..at(1_700_000_000) };
    let spaced = br#"{"message": {"type": "status-update", "call": {"id": "c1"}}}"#;
    let failure = verify(&Scheme::Flireo, &secret, spaced, &headers, &options).unwrap_err();
    assert_eq!(failure, Failure::Mismatch(Diagnosis::BodyDiffers { offset: 11, same_json: true }));
    let failure = verify(&Scheme::Flireo, &Secret::new("t"), BODY, &headers, &options).unwrap_err();
    assert_eq!(failure, Failure::Mismatch(Diagnosis::WrongSecret));
}

#[test]
fn standard_webhooks_takes_any_of_several_signatures_and_svix_names() {
    let secret = Secret::new("whsec_c2VjcmV0");
    let mut headers = signed(&Scheme::Standard, &secret, 1_700_000_000);
    headers[2].value = format!("v1,bm90IGl0 v2,xyz {}", headers[2].value);
    for header in &mut headers {
        header.name = header.name.replace("webhook-", "svix-");
    }
    assert!(verify(&Scheme::Standard, &secret, BODY, &headers, &at(1_700_000_000)).is_ok());
    let bad = Secret::new("whsec_not base64!");
    assert!(matches!(verify(&Scheme::Standard, &bad, BODY, &headers, &at(0)), Err(Failure::BadSecret(_))));
}

#[test]
fn vapi_payload_format_substitutes_every_field() {
    let config = VapiHmac {
        payload_format: Some("{method} {url} {svix-id} {timestamp} {body} {other}".to_owned()),
        message_id_header: Some("x-id".to_owned()),
        ..VapiHmac::default()
    };
    let scheme = Scheme::VapiHmac(config);
    let secret = Secret::new("k");
    let options = SignOptions {
        timestamp: Some(5),
        id: Some("m1".to_owned()),
        url: Some("http://127.0.0.1/hook".to_owned()),
        ..SignOptions::default()
    };
    let headers = sign(&scheme, &secret, b"{}", &options).unwrap_or_default();
    let expected = mac::compute(Algorithm::Sha256, b"k", &[b"POST http://127.0.0.1/hook m1 5 {} {other}"]);
    assert_eq!(headers[0].value, hex::encode(expected));
    assert_eq!(headers[2], Header::new("x-id", "m1"));
    let verifying =
        VerifyOptions { url: Some("http://127.0.0.1/hook".to_owned()), now_ms: Some(5000), ..VerifyOptions::default() };
    assert!(verify(&scheme, &secret, b"{}", &headers, &verifying).is_ok());
}

#[test]
fn secrets_never_show_in_debug_output() {
    assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(7 bytes)");
}

#[test]
fn a_body_other_serialisers_escaped_is_named() {
    let secret = Secret::new("s");
    // signed as PHP's json_encode writes it; verified after a serialiser that writes UTF-8
    let php = br#"{"note":"caf\u00e9 \ud83d\ude00","url":"https:\/\/example.com\/a"}"#;
    let raw = r#"{"note":"café 😀","url":"https://example.com/a"}"#;
    let options = SignOptions { timestamp: Some(1_700_000_000), ..SignOptions::default() };
    let headers = sign(&Scheme::Flireo, &secret, php, &options).unwrap_or_default();
    let failure = verify(&Scheme::Flireo, &secret, raw.as_bytes(), &headers, &at(1_700_000_000)).unwrap_err();
    assert_eq!(failure, Failure::Mismatch(Diagnosis::ReSerialised { layout: "as PHP's json_encode writes it" }));
    let python = br#"{"note": "caf\u00e9 \ud83d\ude00", "url": "https://example.com/a"}"#;
    let headers = sign(&Scheme::Flireo, &secret, python, &options).unwrap_or_default();
    let failure = verify(&Scheme::Flireo, &secret, raw.as_bytes(), &headers, &at(1_700_000_000)).unwrap_err();
    assert_eq!(failure, Failure::Mismatch(Diagnosis::ReSerialised { layout: "as Python's json.dumps writes it" }));
}
