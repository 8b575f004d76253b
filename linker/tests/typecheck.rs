//! Structural type checking between an import and its provider, with the exact
//! message for each kind of difference.

mod common;

use common::*;
use rivet_linker::link;

const USER: &str = "package test:user@1.0.0;\nworld user { import test:lib/api@1.0.0; }\n";

fn lib(body: &str) -> String {
    format!(
        "package test:lib@1.0.0;\ninterface api {{\n{body}\n}}\nworld provider {{ export api; }}\n"
    )
}

/// Links a provider of `test:lib/api@1.0.0` with body `provided` against an importer
/// whose view of the interface is `imported`; returns the single error, if any.
fn check(imported: &str, provided: &str) -> Result<(), String> {
    let p = input("lib", &[&lib(provided)], "provider");
    let u = input("user", &[&lib(imported), USER], "user");
    match link(&[p, u], None) {
        Ok(_) => Ok(()),
        Err(e) => {
            let m = messages(e);
            assert_eq!(m.len(), 1, "{m:?}");
            let prefix = "user imports test:lib/api@1.0.0: ";
            let suffix = " (provider lib)";
            assert!(m[0].starts_with(prefix) && m[0].ends_with(suffix), "{m:?}");
            Err(m[0][prefix.len()..m[0].len() - suffix.len()].to_string())
        }
    }
}

fn mismatch(imported: &str, provided: &str) -> String {
    check(imported, provided).expect_err("should not link")
}

#[test]
fn identical_interfaces_link_and_extra_provider_items_are_fine() {
    let body = "record asset { faucet: u64, amount: u64 }
        variant v { a, b(u32), c(asset) }
        enum e { x, y }
        flags f { read, write }
        resource token { constructor(seed: u64); value: func() -> u64; merge: static func(a: token, b: borrow<token>) -> token; }
        type amount = u64;
        f1: func(a: asset, v: v, e: e, f: f, t: borrow<token>) -> result<list<option<tuple<u32, string>>>, e>;
        f2: func(x: amount) -> list<u8>;";
    check(body, body).unwrap();
    check(
        body,
        &format!("{body}\n extra: func(); record more {{ x: u8 }}"),
    )
    .unwrap();
}

#[test]
fn aliases_are_looked_through() {
    check(
        "type amount = u64; f: func(x: amount);",
        "type amount = u64; type amount2 = amount; f: func(x: amount2);",
    )
    .unwrap();
    check(
        "type amount = u64; f: func(x: amount);",
        "type amount = u64; f: func(x: u64);",
    )
    .unwrap();
    assert_eq!(
        mismatch(
            "type amount = u64; f: func(x: amount);",
            "type amount = u32; f: func(x: u64);"
        ),
        "type amount: expected u64, found u32"
    );
}

#[test]
fn function_signatures() {
    assert_eq!(
        mismatch("receive: func(amount: u64);", "receive: func(amount: u32);"),
        "function receive: param amount: expected u64, found u32"
    );
    assert_eq!(
        mismatch("f: func(a: u32, b: u32);", "f: func(a: u32);"),
        "function f: expected 2 params, found 1"
    );
    assert_eq!(
        mismatch("f: func(a: u32);", "f: func(b: u32);"),
        "function f: param 0: expected name `a`, found `b`"
    );
    assert_eq!(
        mismatch("f: func() -> u32;", "f: func();"),
        "function f: result: expected u32, found none"
    );
    assert_eq!(
        mismatch("f: func();", "g: func();"),
        "function f: not provided"
    );
}

#[test]
fn records_by_field_names_order_and_types() {
    let imported = "record asset { faucet: u64, amount: u64 } f: func(a: asset);";
    assert_eq!(
        mismatch(
            imported,
            "record asset { faucet: u64, amount: u32 } f: func(a: asset);"
        ),
        "type asset: field amount: expected u64, found u32"
    );
    assert_eq!(
        mismatch(
            imported,
            "record asset { amount: u64, faucet: u64 } f: func(a: asset);"
        ),
        "type asset: field 0: expected `faucet`, found `amount`"
    );
    assert_eq!(
        mismatch(imported, "record asset { faucet: u64 } f: func(a: asset);"),
        "type asset: missing field `amount`"
    );
    assert_eq!(
        mismatch(
            imported,
            "record asset { faucet: u64, amount: u64, memo: string } f: func(a: asset);"
        ),
        "type asset: unexpected field `memo`"
    );
    // A named type is not trusted by name: same name, other kind.
    assert_eq!(
        mismatch(
            imported,
            "variant asset { faucet(u64), amount(u64) } f: func(a: asset);"
        ),
        "type asset: expected record asset, found variant asset"
    );
    // A structurally equal type under another name is still missing by that name.
    assert_eq!(
        mismatch(
            imported,
            "record coin { faucet: u64, amount: u64 } f: func(a: coin);"
        ),
        "type asset: not provided"
    );
}

#[test]
fn nested_differences_name_the_exact_path() {
    assert_eq!(
        mismatch(
            "record inner { amount: u64 } variant v { a(inner), b } f: func(x: v);",
            "record inner { amount: s64 } variant v { a(inner), b } f: func(x: v);"
        ),
        "type inner: field amount: expected u64, found s64"
    );
    assert_eq!(
        mismatch(
            "f: func() -> list<option<tuple<u32, string>>>;",
            "f: func() -> list<option<tuple<u32, u8>>>;"
        ),
        "function f: result: list element: option: tuple element 1: expected string, found u8"
    );
    assert_eq!(
        mismatch(
            "f: func() -> result<u32, string>;",
            "f: func() -> result<u32>;"
        ),
        "function f: result: err: expected string, found none"
    );
    assert_eq!(
        mismatch("f: func() -> tuple<u32, u32>;", "f: func() -> tuple<u32>;"),
        "function f: result: expected tuple<u32, u32>, found tuple<u32>"
    );
    assert_eq!(
        mismatch("f: func() -> list<u8>;", "f: func() -> option<u8>;"),
        "function f: result: expected list<u8>, found option<u8>"
    );
}

#[test]
fn variants_enums_and_flags_by_cases() {
    assert_eq!(
        mismatch(
            "variant v { a, b(u32) } f: func(x: v);",
            "variant v { a, b(string) } f: func(x: v);"
        ),
        "type v: case b: expected u32, found string"
    );
    assert_eq!(
        mismatch(
            "variant v { a, b(u32) } f: func(x: v);",
            "variant v { a(u32), b(u32) } f: func(x: v);"
        ),
        "type v: case a: expected none, found u32"
    );
    assert_eq!(
        mismatch(
            "variant v { a, b } f: func(x: v);",
            "variant v { a, c } f: func(x: v);"
        ),
        "type v: case 1: expected `b`, found `c`"
    );
    assert_eq!(
        mismatch(
            "enum e { x, y } f: func(x: e);",
            "enum e { x, y, z } f: func(x: e);"
        ),
        "type e: unexpected case `z`"
    );
    assert_eq!(
        mismatch(
            "flags p { read, write } f: func(x: p);",
            "flags p { write, read } f: func(x: p);"
        ),
        "type p: flag 0: expected `read`, found `write`"
    );
}

#[test]
fn resources_by_identity() {
    let token = "resource token { value: func() -> u64; }";
    check(
        &format!("{token} f: func(t: own<token>);"),
        &format!("{token} f: func(t: own<token>);"),
    )
    .unwrap();
    assert_eq!(
        mismatch(
            &format!("{token} f: func(t: borrow<token>);"),
            &format!("{token} f: func(t: own<token>);")
        ),
        "function f: param t: expected borrow<resource token>, found own<resource token>"
    );
    assert_eq!(
        mismatch(
            "resource token { value: func() -> u64; }",
            "resource token { value: func() -> u32; }"
        ),
        "function [method]token.value: result: expected u64, found u32"
    );
    assert_eq!(
        mismatch(
            "resource token { value: func() -> u64; }",
            "resource token { value: static func() -> u64; }"
        ),
        "function [method]token.value: not provided"
    );
    // Same name, defined by another interface: a different resource.
    let p = input(
        "lib",
        &["package test:lib@1.0.0;
interface other { resource token; }
interface api { use other.{token}; f: func(t: token); }
world provider { export other; export api; }
"],
        "provider",
    );
    let u = input(
        "user",
        &[&lib("resource token; f: func(t: token);"), USER],
        "user",
    );
    assert_eq!(
        messages(link(&[p, u], None).unwrap_err()),
        ["user imports test:lib/api@1.0.0: type token: expected resource test:lib/api.token@1.0.0, \
          found resource test:lib/other.token@1.0.0 (provider lib)"]
    );
}

#[test]
fn functions_and_interfaces_are_different_things() {
    let p = input(
        "lib",
        &["package test:lib@1.0.0;\nworld provider { export run: interface { go: func(); } }\n"],
        "provider",
    );
    let u = input(
        "user",
        &["package test:user@1.0.0;\nworld user { import run: func(); }\n"],
        "user",
    );
    assert_eq!(
        messages(link(&[p, u], None).unwrap_err()),
        ["user imports run: expected a function, found an interface (provider lib)"]
    );
}

#[test]
fn world_level_functions_link_by_name() {
    let p = input(
        "lib",
        &["package test:lib@1.0.0;\nworld provider { export run: func(x: u32) -> u64; }\n"],
        "provider",
    );
    let ok = input(
        "user",
        &["package test:user@1.0.0;\nworld user { import run: func(x: u32) -> u64; }\n"],
        "user",
    );
    link(&[p.clone(), ok], None).unwrap();
    let bad = input(
        "user",
        &["package test:user@1.0.0;\nworld user { import run: func(x: u64) -> u64; }\n"],
        "user",
    );
    assert_eq!(
        messages(link(&[p, bad], None).unwrap_err()),
        ["user imports run: function run: param x: expected u64, found u32 (provider lib)"]
    );
}

#[test]
fn host_imports_are_checked_against_rivet_base() {
    // An importer compiled against a different idea of rivet:base/account.
    let stale_base =
        rivet_linker::host::BASE_WIT.replace("nonce: func() -> u64;", "nonce: func() -> u32;");
    let w = input_raw(
        "stale",
        &[
            &stale_base,
            "package test:stale@1.0.0;\nworld stale { import rivet:base/account@0.1.0; }\n",
        ],
        "stale",
    );
    assert_eq!(
        messages(link(&[w], None).unwrap_err()),
        ["stale imports rivet:base/account@0.1.0: function nonce: result: expected u32, found u64 (provider host)"]
    );
}

#[test]
fn large_shared_type_dags_link() {
    // t_{i+1} = tuple<t_i, t_i>: the decoder bounds the effective size (2^13 leaves here); the
    // checker's own memoisation is tested on deeper DAGs in its unit tests.
    let mut body = String::from("type t0 = u32;\n");
    for i in 0..12 {
        body += &format!("type t{} = tuple<t{i}, t{i}>;\n", i + 1);
    }
    body += "f: func(x: t12);\n";
    check(&body, &body).unwrap();
    let other = body.replace("type t0 = u32;", "type t0 = u64;");
    assert_eq!(mismatch(&body, &other), "type t0: expected u32, found u64");
}

#[test]
fn resources_keep_their_identity_across_compatible_versions() {
    let body = "resource token { value: func() -> u64; } f: func(t: own<token>);";
    let provider = |v: &str| {
        input(
            "lib",
            &[&format!(
                "package test:lib@{v};\ninterface api {{\n{body}\n}}\nworld provider {{ export api; }}\n"
            )],
            "provider",
        )
    };
    let u = input("user", &[&lib(body), USER], "user");
    link(&[provider("1.1.0"), u.clone()], None).unwrap();
    assert_eq!(
        messages(link(&[provider("2.0.0"), u], None).unwrap_err()),
        ["user imports test:lib/api@1.0.0: no compatible version; found lib (test:lib/api@2.0.0)"]
    );
}
