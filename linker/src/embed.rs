//! Producing `component-type` sections from WIT text.
//!
//! wit-bindgen embeds a contract's world in its core module for Rust and C guests. A
//! hand-written WAT contract, a test, or a tool that attaches a world after the fact
//! needs the same bytes; this builds them from WIT sources with wit-component, so that
//! they decode exactly as wit-bindgen's would. `rivet:base` is always available to the
//! sources.

use crate::host::BASE_WIT;
use thiserror::Error;

/// Why WIT text could not be turned into a `component-type` section.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmbedError {
    /// A source file does not parse or resolve (`file: reason`).
    #[error("{file}: {reason}")]
    Source {
        /// The file name given with the text.
        file: String,
        /// The parser's message.
        reason: String,
    },
    /// The world is not found, or wit-component cannot encode it.
    #[error("{0}")]
    World(String),
}
use wit_component::StringEncoding;
use wit_parser::Resolve;

/// Appends the custom section `name` with `contents` to the module `wasm`: what a
/// toolchain does when it embeds a component type, for modules written as WAT.
pub fn append_custom_section(wasm: &mut Vec<u8>, name: &str, contents: &[u8]) {
    fn leb(mut n: usize, out: &mut Vec<u8>) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }
    let mut payload = Vec::new();
    leb(name.len(), &mut payload);
    payload.extend_from_slice(name.as_bytes());
    payload.extend_from_slice(contents);
    wasm.push(0);
    leb(payload.len(), wasm);
    wasm.extend_from_slice(&payload);
}

/// Embeds `world` from `sources` (as [`world_section`] encodes it) into the module
/// `wasm` as its `component-type` custom section.
pub fn embed_world(
    wasm: &mut Vec<u8>,
    sources: &[(&str, &str)],
    world: &str,
) -> Result<(), EmbedError> {
    let (name, data) = world_section(sources, world)?;
    append_custom_section(wasm, &name, &data);
    Ok(())
}

/// Encodes `world` (a name or `ns:pkg/world` id) from the last of `sources`, each a
/// `(file name, WIT text)` pair pushed in order (dependencies first), as a
/// `component-type:<world>` custom section: `(section name, contents)`.
pub fn world_section(
    sources: &[(&str, &str)],
    world: &str,
) -> Result<(String, Vec<u8>), EmbedError> {
    let mut resolve = Resolve::default();
    resolve
        .push_source("rivet-base.wit", BASE_WIT)
        .map_err(|e| EmbedError::Source {
            file: "rivet-base.wit".into(),
            reason: format!("{e:#}"),
        })?;
    let mut main = None;
    for (name, text) in sources {
        main = Some(
            resolve
                .push_source(name, text)
                .map_err(|e| EmbedError::Source {
                    file: name.to_string(),
                    reason: format!("{e:#}"),
                })?,
        );
    }
    let main: Vec<_> = main.into_iter().collect();
    let id = resolve
        .select_world(&main, Some(world))
        .map_err(|e| EmbedError::World(format!("{e:#}")))?;
    let bytes = wit_component::metadata::encode(&resolve, id, StringEncoding::UTF8, None, false)
        .map_err(|e| EmbedError::World(format!("{e:#}")))?;
    let short = &resolve.worlds[id].name;
    Ok((format!("component-type:{short}"), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_decode_back_to_the_world() {
        let (name, bytes) = world_section(
            &[(
                "n.wit",
                "package t:n@1.0.0;\nworld n { include rivet:base/note-script@0.1.0; }\n",
            )],
            "n",
        )
        .unwrap();
        assert_eq!(name, "component-type:n");
        let input = crate::LinkInput {
            name: "n".into(),
            code_hash: rivet_format::CodeHash::of(&bytes),
            world_sections: vec![(name, bytes)],
            core_exports: Vec::new(),
        };
        let unit = crate::input::decode(&input).unwrap();
        assert_eq!(unit.world, "t:n/n@1.0.0");
        let e = world_section(
            &[("bad.wit", "package t:n;\nworld n { import nope; }\n")],
            "n",
        );
        assert!(e.unwrap_err().to_string().starts_with("bad.wit: "));
    }
}
