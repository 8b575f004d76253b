//! Matching expected failure messages from a script against Rivet's.
//!
//! Traps: the reference interpreter accepts an actual message that *starts with* the
//! expected text; Rivet's trap messages are the spec's, so we accept a prefix or a
//! substring match (the runtime may add detail such as the faulting address).
//!
//! Validation and decoding errors (`assert_invalid`, `assert_malformed`): Rivet validates
//! with `wasmparser`, whose wording mostly contains the spec's text ("type mismatch:
//! expected i32, found i64"). Where the wording differs for the *same* rule, [`INVALID_SYNONYMS`] lists the wasmparser phrase
//! accepted for a spec phrase; each entry names one validation rule, never a catch-all,
//! so an error raised for another reason is still reported as a wrong-reason failure.

/// Spec message -> wasmparser phrases that report the same rule.
const INVALID_SYNONYMS: &[(&str, &[&str])] = &[
    // A start function with params or results.
    ("start function", &["invalid start function type"]),
    // Wasm 2.0 constant expressions see only imported globals; wasmparser (3.0 rules)
    // names the same refusal after what the index points at.
    ("unknown global", &["global.get of locally defined global"]),
    // Memory limits above 2^16 pages; wasmparser words the bound in hex.
    (
        "memory size must be at most 65536 pages",
        &["memory size must be at most 0x10000 65536-byte pages"],
    ),
    // Malformed binaries: the same grammar rule, reported with the decoder's wording.
    ("malformed mutability", &["malformed global flags"]),
    ("i32 constant out of range", &["integer too large"]),
    // A length running past the end (a second module header after the first reads as
    // such a section; wasmparser recognises the header instead).
    (
        "length out of bounds",
        &[
            "unexpected end-of-file",
            "expected section, got wasm magic number",
        ],
    ),
    (
        "function and code section have inconsistent lengths",
        &[
            "function section is absent but code section has non-zero count",
            "function section has non-zero count but code section is absent",
        ],
    ),
    (
        "data count and data section have inconsistent lengths",
        &["data count is non-zero but data section is absent"],
    ),
    // A second start section breaks the section order the binary grammar fixes.
    ("multiple start sections", &["section out of order"]),
    // A section after the last one allowed: wasmparser reports the order (or, for a
    // second code section, the function count it no longer matches).
    (
        "unexpected content after last section",
        &[
            "section out of order",
            "function and code section have inconsistent lengths",
        ],
    ),
    // A body or expression without its final `end`: the reference decoder reads on
    // into the next bytes; wasmparser stops at the body's end with frames open.
    (
        "END opcode expected",
        &["control frames remain at end of function body"],
    ),
    (
        "section size mismatch",
        &["control frames remain at end of function body"],
    ),
    (
        "unexpected end",
        &[
            "unexpected end-of-file",
            "control frames remain at end of function body",
        ],
    ),
    // A constant expression missing its `end`: the reference decoder reads the next
    // section's id as an opcode, wasmparser runs out of section bytes.
    ("illegal opcode", &["unexpected end-of-file"]),
    // Limits flags outside {0, 1} (or a multi-byte flags LEB): the reference decoder
    // reads them as a 1-bit integer, wasmparser names the flags (flag 2, which it
    // reads as "shared", makes it expect a maximum the section does not have).
    (
        "integer too large",
        &[
            "invalid memory limits flags",
            "invalid table resizable limits flags",
            "unexpected end-of-file",
        ],
    ),
    // binary-leb128.wast's over-long LEBs sit where the declared section or body
    // size ends inside them: the reference decoder reads the whole LEB first,
    // wasmparser stops at the size (end of file in the section, or the LEB's rest read
    // as the next section's id). A type's form byte read as a two-byte signed LEB
    // (`e0 7f`) is to wasmparser a leading byte that is no type form.
    (
        "integer representation too long",
        &[
            "invalid memory limits flags",
            "invalid table resizable limits flags",
            "unexpected end-of-file",
            "malformed section id",
            "invalid leading byte",
        ],
    ),
    // Alignment exponents of 32 and more: the reference decoder refuses the flags
    // byte; wasmparser (which reads bit 6 as "a memory index follows") refuses the
    // exponent, or the bits above it.
    (
        "malformed memop flags",
        &[
            "invalid memop alignment",
            "malformed memop: reserved flags bits set",
        ],
    ),
    // A lane index past the vector's lanes (SIMD).
    ("invalid lane index", &["SIMD index out of bounds"]),
    // A text offset beyond u32 (`offset=4294967296`): the reference text parser
    // refuses the literal; the `wast` crate encodes it (memory64 offsets are 64-bit)
    // and the decoder refuses the u32.
    ("i32 constant", &["invalid var_u32: integer too large"]),
    // An import kind byte other than func/table/memory/global (0x04, a tag, is then
    // cut short).
    (
        "malformed import kind",
        &["for external kind", "unexpected end-of-file"],
    ),
];

/// Does a trap with message `actual` satisfy a script that expects `expected`?
/// The reference interpreter names the table index in `uninitialized element 2`;
/// Rivet's trap codes carry no operand, so that one may end at the message.
pub fn trap_matches(expected: &str, actual: &str) -> bool {
    if expected.is_empty() {
        return false;
    }
    if actual.starts_with(expected) || actual.contains(expected) {
        return true;
    }
    const INDEXED: &str = "uninitialized element";
    expected
        .strip_prefix(INDEXED)
        .and_then(|rest| rest.strip_prefix(' '))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && actual.contains(INDEXED)
}

/// Does an instantiation refusal `actual` give the reason `expected` names
/// (`unknown import`, `incompatible import type`)? Rivet's linker uses the spec's
/// wordings, so the expected text must appear in the message.
pub fn unlinkable_matches(expected: &str, actual: &str) -> bool {
    !expected.is_empty() && actual.contains(expected)
}

/// Does a validation error `actual` report the rule the script's `expected` names?
pub fn invalid_matches(expected: &str, actual: &str) -> bool {
    if expected.is_empty() {
        return false;
    }
    if actual.contains(expected) {
        return true;
    }
    INVALID_SYNONYMS
        .iter()
        .filter(|(spec, _)| expected.starts_with(spec))
        .flat_map(|(_, phrases)| phrases.iter())
        .any(|phrase| actual.contains(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traps_match_by_prefix_or_substring() {
        assert!(trap_matches(
            "integer divide by zero",
            "integer divide by zero"
        ));
        assert!(trap_matches("unreachable", "unreachable executed"));
        assert!(trap_matches(
            "out of bounds memory access",
            "out of bounds memory access at 0x10000"
        ));
        assert!(!trap_matches("integer overflow", "integer divide by zero"));
        assert!(trap_matches(
            "uninitialized element 2",
            "uninitialized element"
        ));
        assert!(!trap_matches(
            "uninitialized element x",
            "uninitialized element"
        ));
        assert!(!trap_matches(
            "uninitialized element 2",
            "undefined element"
        ));
        assert!(!trap_matches("", "anything"));
    }

    #[test]
    fn invalid_messages_need_the_same_rule() {
        assert!(invalid_matches(
            "type mismatch",
            "func 2 at offset 0x31: type mismatch: expected i32, found i64"
        ));
        assert!(invalid_matches(
            "start function",
            "invalid start function type"
        ));
        assert!(!invalid_matches(
            "unknown label",
            "type mismatch: expected i32"
        ));
        assert!(!invalid_matches("unknown global", "unknown local 3"));
    }
}
