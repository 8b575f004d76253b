//! Outcome bookkeeping for wast scripts: one outcome per directive, aggregated per file
//! and over a whole run. Skips carry a reason and are counted per reason, so a report
//! shows exactly why something was not checked (never silently counted as a pass).
//! Each reason belongs to a [`SkipKind`], so a gate can allow only some features.
//! Directives decided by the `wast` text parser alone (a malformed text module it
//! refuses) are counted apart: they are not Rivet's decision, neither pass nor skip.

use std::collections::BTreeMap;
use std::fmt;

/// What happened to one directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The directive did what the script asserts.
    Passed,
    /// The directive did something else; the text says what.
    Failed(String),
    /// The directive was not checked; the text is the (aggregatable) reason.
    Skipped(String),
    /// An `assert_invalid`/`assert_malformed` module was refused, but with a message
    /// naming another rule than the script expects; the text shows both.
    WrongReason(String),
    /// The text parser refused the module before Rivet saw it (not Rivet's decision).
    ParserOnly,
}

/// The feature a skip is for, read from the reason (the compiler's and the runner's
/// own wordings): the spec gate allows SIMD and threads only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipKind {
    /// 128-bit SIMD (`v128` values, SIMD operators).
    Simd,
    /// Threads: atomics, shared memory, `thread`/`wait` directives.
    Threads,
    /// f32/f64 values and operators.
    Float,
    /// Anything else (missing support that a gate must not hide).
    Other,
}

impl SkipKind {
    /// Classifies a skip reason.
    pub fn of(reason: &str) -> SkipKind {
        let float_value = reason.starts_with("f32 values") || reason.starts_with("f64 values");
        let float_code = reason.ends_with("contracts are integer-only")
            && (reason.contains("f32") || reason.contains("f64"));
        // Only SIMD has v128: a module, block or value that needs one is SIMD.
        if reason.contains("v128") || reason.contains("SIMD is not supported") {
            SkipKind::Simd
        } else if reason.starts_with("thread directive")
            || reason.starts_with("wait directive")
            || reason.contains(".atomic.")
        {
            SkipKind::Threads
        } else if float_value || float_code {
            SkipKind::Float
        } else {
            SkipKind::Other
        }
    }

    /// Its lower-case name (`simd`, `threads`, `float`, `other`).
    pub fn name(self) -> &'static str {
        match self {
            SkipKind::Simd => "simd",
            SkipKind::Threads => "threads",
            SkipKind::Float => "float",
            SkipKind::Other => "other",
        }
    }
}

/// A failed directive, located in its script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based line of the directive.
    pub line: usize,
    /// 1-based column of the directive.
    pub col: usize,
    /// The directive's kind (`assert_return`, `assert_invalid`, ...).
    pub directive: &'static str,
    /// What went wrong.
    pub message: String,
    /// Set for `assert_invalid`/`assert_malformed` rejections with the wrong message:
    /// the module was refused, but not for the reason the script expects.
    pub wrong_reason: bool,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.col, self.directive, self.message
        )
    }
}

/// Counts and details for one script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The script's name as given (usually its path).
    pub name: String,
    /// Directives that behaved as asserted.
    pub passed: usize,
    /// Every failed directive, in script order.
    pub failures: Vec<Failure>,
    /// Skipped directives, counted per reason.
    pub skips: BTreeMap<String, usize>,
    /// Directives decided by the text parser alone (see [`Outcome::ParserOnly`]).
    pub parser_only: usize,
}

impl FileReport {
    /// An empty report for the named script.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Number of failed directives.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// Number of skipped directives.
    pub fn skipped(&self) -> usize {
        self.skips.values().sum()
    }

    /// Records the outcome of the directive at `line:col`.
    pub fn record(&mut self, line: usize, col: usize, directive: &'static str, outcome: Outcome) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::ParserOnly => self.parser_only += 1,
            Outcome::Skipped(reason) => *self.skips.entry(reason).or_default() += 1,
            Outcome::Failed(message) => self.failures.push(Failure {
                line,
                col,
                directive,
                message,
                wrong_reason: false,
            }),
            Outcome::WrongReason(message) => self.failures.push(Failure {
                line,
                col,
                directive,
                message,
                wrong_reason: true,
            }),
        }
    }

    /// The per-file summary line: `name: N passed, M failed, K skipped`, plus the
    /// text-parser decisions when there are any.
    pub fn summary_line(&self) -> String {
        let mut line = format!(
            "{}: {} passed, {} failed, {} skipped",
            self.name,
            self.passed,
            self.failed(),
            self.skipped()
        );
        if self.parser_only > 0 {
            line += &format!(" ({} decided by the text parser)", self.parser_only);
        }
        line
    }
}

/// Totals over several scripts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Passed directives over all scripts.
    pub passed: usize,
    /// Failed directives over all scripts (including scripts that could not be read).
    pub failed: usize,
    /// Skipped directives over all scripts.
    pub skipped: usize,
    /// Skip counts per reason over all scripts.
    pub skips: BTreeMap<String, usize>,
    /// Directives decided by the text parser alone, not by Rivet.
    pub parser_only: usize,
}

impl Summary {
    /// Adds one script's report.
    pub fn add(&mut self, report: &FileReport) {
        self.passed += report.passed;
        self.failed += report.failed();
        self.skipped += report.skipped();
        self.parser_only += report.parser_only;
        for (reason, n) in &report.skips {
            *self.skips.entry(reason.clone()).or_default() += n;
        }
    }

    /// Counts a script that could not be run at all as one failure.
    pub fn add_unreadable(&mut self) {
        self.failed += 1;
    }

    /// The final line, exactly `N passed, M failed, K skipped`.
    pub fn final_line(&self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }

    /// Skip counts per [`SkipKind`].
    pub fn skips_by_kind(&self) -> BTreeMap<SkipKind, usize> {
        let mut out = BTreeMap::new();
        for (reason, n) in &self.skips {
            *out.entry(SkipKind::of(reason)).or_default() += n;
        }
        out
    }

    /// The line about directives Rivet did not decide (text-parser refusals).
    pub fn parser_only_line(&self) -> String {
        format!(
            "{} malformed text modules refused by the text parser (not Rivet's decision, not counted)",
            self.parser_only
        )
    }

    /// Skip reasons, most frequent first, one `count  reason` line each.
    pub fn skip_lines(&self) -> Vec<String> {
        let mut reasons: Vec<_> = self.skips.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        reasons
            .into_iter()
            .map(|(reason, n)| format!("{n:>6}  [{}] {reason}", SkipKind::of(reason).name()))
            .collect()
    }
}
