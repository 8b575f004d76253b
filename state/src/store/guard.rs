//! Containing panics of the database library on damaged files.
//!
//! redb 4 checks page checksums, but it trusts some bytes it reads while opening a
//! file: a damaged allocator state makes it index out of bounds
//! (`buddy_allocator.rs`, `bitmap.rs`) or reach `unreachable!()`, which would take the
//! host down with exit code 101. Every call into redb that reads a file Rivet did not
//! just write runs inside [`contain`]: a panic there becomes
//! [`StoreError::Damaged`], with redb's message as the detail, and is not printed
//! (a filtering panic hook, installed once, stays silent while the current thread is
//! inside [`contain`] and forwards every other panic to the hook it replaced).

use crate::error::StoreError;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

thread_local! {
    /// How many [`contain`] calls the current thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The message of the last contained panic on this thread.
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                let text = match info.location() {
                    Some(at) => {
                        format!("{} at {}:{}", payload(info.payload()), at.file(), at.line())
                    }
                    None => payload(info.payload()),
                };
                MESSAGE.with(|m| *m.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Runs `f` (database work on the file at `path`); a panic inside becomes
/// [`StoreError::Damaged`] naming `path`.
pub(crate) fn contain<T>(
    path: &Path,
    f: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.unwrap_or_else(|_| {
        let detail = MESSAGE
            .with(|m| m.borrow_mut().take())
            .unwrap_or_else(|| "the database library panicked".into());
        Err(StoreError::damaged(
            path,
            format!("redb panicked: {detail}"),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_damaged_error_and_other_results_pass_through() {
        let path = Path::new("dir/state.redb");
        let err = contain::<()>(path, || panic!("entered unreachable code")).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, StoreError::Damaged { .. }), "{text}");
        assert!(text.contains("entered unreachable code"), "{text}");
        assert!(text.contains("dir/state.redb"), "{text}");
        assert_eq!(contain(path, || Ok(7)).unwrap(), 7);
        assert!(matches!(
            contain::<()>(path, || Err(StoreError::Locked {
                dir: "d".into(),
                holder: "x".into()
            })),
            Err(StoreError::Locked { .. })
        ));
    }
}
