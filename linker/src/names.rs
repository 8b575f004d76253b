//! Interface names, semver compatibility and "did you mean" suggestions.
//!
//! Imports are matched to exports by name: a qualified interface
//! `namespace:package/interface@version` matches exports with the same namespace,
//! package and interface, first at exactly the same version, then at a compatible one.
//! Compatibility follows semver as the component model uses it: the provider's version
//! must be at least the importer's and on the same track, which is the major version for
//! `>= 1.0` and the minor version for `0.x`. `0.0.x` versions and prereleases are only
//! ever compatible with themselves, since semver promises nothing about them.
//! Unqualified world-level names (functions, inline interfaces) match by name only.

use semver::Version;
use std::fmt;

/// A parsed world-item name: qualified interface or plain kebab name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemName {
    /// `namespace:package/interface` (without version), or the plain name.
    pub base: String,
    /// The package version, when the name carries one.
    pub version: Option<Version>,
}

impl ItemName {
    /// Parses `ns:pkg/iface@1.2.3` or a plain name; `None` for a malformed version.
    pub fn parse(text: &str) -> Option<ItemName> {
        match text.split_once('@') {
            Some((base, v)) => Some(ItemName {
                base: base.to_string(),
                version: Some(Version::parse(v).ok()?),
            }),
            None => Some(ItemName {
                base: text.to_string(),
                version: None,
            }),
        }
    }
}

impl fmt::Display for ItemName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.version {
            Some(v) => write!(f, "{}@{v}", self.base),
            None => f.write_str(&self.base),
        }
    }
}

/// How well an export's name serves an import's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameMatch {
    /// Same base name and the same version (or both unversioned).
    Exact,
    /// Same base name and a semver-compatible, not older, version.
    Compatible,
    /// Same base name, versions that semver does not reconcile.
    Incompatible,
    /// A different name.
    Unrelated,
}

/// Classifies how `export` serves `import`.
pub fn name_match(import: &ItemName, export: &ItemName) -> NameMatch {
    if import.base != export.base {
        return NameMatch::Unrelated;
    }
    match (&import.version, &export.version) {
        (None, None) => NameMatch::Exact,
        (Some(i), Some(e)) if i == e => NameMatch::Exact,
        (Some(i), Some(e)) if serves(i, e) => NameMatch::Compatible,
        _ => NameMatch::Incompatible,
    }
}

/// True when a provider at `provided` may serve an importer that asked for `wanted`.
pub fn serves(wanted: &Version, provided: &Version) -> bool {
    same_track(wanted, provided) && provided >= wanted
}

/// True when two versions are on the same semver track (either may be the newer).
pub fn same_track(a: &Version, b: &Version) -> bool {
    if a == b {
        return true;
    }
    if !a.pre.is_empty() || !b.pre.is_empty() {
        return false;
    }
    match (a.major, b.major) {
        (0, 0) => a.minor == b.minor && a.minor != 0,
        (x, y) => x == y,
    }
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The (at most three) names closest to `wanted`, nearest first, among `names`.
///
/// A name counts as close when it shares the interface part (after the last `/`) or is
/// within a third of its length in edit distance, so that a typo in the namespace or a
/// moved interface is suggested but unrelated names are not.
pub fn closest<'a>(wanted: &ItemName, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let leaf = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    let wanted_leaf = leaf(&wanted.base);
    let mut scored: Vec<(usize, &str)> = names
        .filter_map(|n| {
            let base = n.split_once('@').map_or(n, |(b, _)| b);
            let d = edit_distance(&wanted.base, base);
            let limit = (wanted.base.chars().count() / 3).max(2);
            (d <= limit || leaf(base) == wanted_leaf).then_some((d, n))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> ItemName {
        ItemName::parse(s).unwrap()
    }

    #[test]
    fn semver_rules() {
        use NameMatch::*;
        let cases = [
            ("a:b/c@1.0.0", "a:b/c@1.0.0", Exact),
            ("a:b/c@1.0.0", "a:b/c@1.4.2", Compatible),
            ("a:b/c@1.4.0", "a:b/c@1.2.0", Incompatible),
            ("a:b/c@1.0.0", "a:b/c@2.0.0", Incompatible),
            ("a:b/c@0.2.0", "a:b/c@0.2.7", Compatible),
            ("a:b/c@0.2.0", "a:b/c@0.3.0", Incompatible),
            ("a:b/c@0.0.1", "a:b/c@0.0.2", Incompatible),
            ("a:b/c@0.0.1", "a:b/c@0.0.1", Exact),
            ("a:b/c@1.0.0-rc.1", "a:b/c@1.0.0", Incompatible),
            ("a:b/c@1.0.0", "a:b/c@1.1.0-rc.1", Incompatible),
            ("a:b/c@1.0.0-rc.1", "a:b/c@1.0.0-rc.1", Exact),
            ("a:b/c", "a:b/c", Exact),
            ("a:b/c", "a:b/c@1.0.0", Incompatible),
            ("a:b/c@1.0.0", "a:b/c", Incompatible),
            ("a:b/c@1.0.0", "a:b/d@1.0.0", Unrelated),
            ("run", "run", Exact),
        ];
        for (i, e, want) in cases {
            assert_eq!(name_match(&n(i), &n(e)), want, "{i} served by {e}");
        }
        assert!(ItemName::parse("a:b/c@x.y").is_none());
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        let names = [
            "rivet:wallet/basic@1.0.0",
            "rivet:base/account@0.1.0",
            "other:thing/basic@2.0.0",
            "zzz:yyy/xxx",
        ];
        let got = closest(&n("rivet:walet/basic@1.0.0"), names.iter().copied());
        assert_eq!(
            got,
            vec!["rivet:wallet/basic@1.0.0", "other:thing/basic@2.0.0"]
        );
        assert!(closest(&n("q:q/q"), names.iter().copied()).is_empty());
    }
}
