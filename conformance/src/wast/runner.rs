//! The directive interpreter: walks a parsed script, keeps the module instances it
//! creates (current, named by `$id`, registered by name) and turns each directive into
//! one [`Outcome`].
//!
//! A module Rivet rejects as using an unsupported feature is *skipped*: it becomes a
//! skipped slot, and every later directive that targets it is skipped with the same
//! reason. Modules importing from a skipped registered module are skipped likewise.
//! Imported memories, tables and mutable globals are shared with their exporter
//! (see [`crate::sharing`]): the linker links each new instance and synchronises an
//! instance before every invocation.

use super::messages::{invalid_matches, trap_matches, unlinkable_matches};
use super::report::{FileReport, Outcome};
use super::values;
use crate::rivet::{self, CallOutcome, CompileOutcome, InstantiateOutcome};
use crate::spectest::{Linker, Slot};
use rivet_runtime::instance::LoadedPackage;
use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Arc;
use wast::token::Id;
use wast::{QuoteWat, QuoteWatTest, Wast, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// A module definition (`module definition $M`) waiting for `module instance`.
enum Definition {
    Compiled(Arc<LoadedPackage>),
    Skipped(String),
}

/// How an attempt to compile and instantiate a module ended.
enum Instantiated {
    /// Ready to be invoked.
    Ready(Slot),
    /// Rivet does not support something the module needs; the reason.
    Skipped(String),
    /// An import could not be resolved.
    Unlinkable(String),
    /// Instantiation trapped (start function, segment bounds); the trap message.
    Trapped(String),
    /// A valid module that should have worked did not; what happened.
    Failed(String),
}

/// Interprets one script's directives, accumulating a [`FileReport`].
pub struct Runner<'t> {
    text: &'t str,
    report: FileReport,
    linker: Linker,
    current: Option<Slot>,
    named: HashMap<String, Slot>,
    definitions: HashMap<String, Definition>,
}

impl<'t> Runner<'t> {
    /// A runner for the script `text`, reporting under `name`.
    pub fn new(name: &str, text: &'t str) -> Self {
        Self {
            text,
            report: FileReport::new(name),
            linker: Linker::default(),
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
        }
    }

    /// Runs every directive of `script` and returns the report.
    pub fn run(mut self, script: Wast<'_>) -> FileReport {
        for directive in script.directives {
            let span = directive.span();
            let kind = directive_name(&directive);
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| self.directive(directive)))
                .unwrap_or_else(|payload| {
                    Outcome::Failed(format!("panicked: {}", rivet::panic_text(&*payload)))
                });
            let (line, col) = span.linecol_in(self.text);
            self.report.record(line + 1, col + 1, kind, outcome);
        }
        self.report
    }

    fn directive(&mut self, directive: WastDirective<'_>) -> Outcome {
        match directive {
            WastDirective::Module(mut module) => {
                let name = module.name().map(|id| id.name().to_string());
                let slot = match module_bytes(&mut module) {
                    Ok(wasm) => self.instantiate(&wasm),
                    Err(err) => return Outcome::Failed(format!("cannot encode module: {err}")),
                };
                self.set_current(name, slot)
            }
            WastDirective::ModuleDefinition(module) => self.module_definition(module),
            WastDirective::ModuleInstance {
                instance, module, ..
            } => self.module_instance(instance, module),
            WastDirective::Register { name, module, .. } => match self.slot(module) {
                Ok(slot) => {
                    let outcome = match &slot {
                        Slot::Ready(_) => Outcome::Passed,
                        Slot::Skipped(reason) => Outcome::Skipped(reason.clone()),
                    };
                    self.linker.register(name, slot);
                    outcome
                }
                Err(err) => failed(err),
            },
            WastDirective::Invoke(invoke) => match self.invoke(&invoke) {
                Ok(CallOutcome::Returned(_)) => Outcome::Passed,
                Ok(other) => self.unexpected(other, "a normal return"),
                Err(outcome) => outcome,
            },
            WastDirective::AssertReturn { exec, results, .. } => self.assert_return(exec, &results),
            WastDirective::AssertTrap { exec, message, .. } => {
                let outcome = self.execute(exec);
                self.expect_trap(outcome, message, "trap ")
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                let outcome = self.invoke(&call);
                self.expect_trap(outcome, message, "")
            }
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => match module_bytes(&mut module) {
                // The text layer refused it first (e.g. an unknown identifier): the
                // module never reached Rivet's validator, so nothing was checked.
                Err(_) => Outcome::ParserOnly,
                Ok(wasm) => expect_rejection(&wasm, message),
            },
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => match module.to_test() {
                // Malformed text is the text parser's business, not Rivet's.
                Err(_) => Outcome::ParserOnly,
                Ok(QuoteWatTest::Text(text)) => match encode_text(&text) {
                    Err(_) => Outcome::ParserOnly,
                    Ok(wasm) => expect_rejection(&wasm, message),
                },
                Ok(QuoteWatTest::Binary(wasm)) => expect_rejection(&wasm, message),
            },
            WastDirective::AssertUnlinkable {
                module, message, ..
            } => self.assert_unlinkable(module, message),
            other => Outcome::Skipped(format!(
                "{} directive (not supported by this runner)",
                directive_name(&other)
            )),
        }
    }

    /// `module definition $M`: compiles now, instantiates at `module instance`.
    fn module_definition(&mut self, mut module: QuoteWat<'_>) -> Outcome {
        let Some(name) = module.name().map(|id| id.name().to_string()) else {
            return Outcome::Skipped("anonymous module definition".into());
        };
        let wasm = match module_bytes(&mut module) {
            Ok(wasm) => wasm,
            Err(err) => return Outcome::Failed(format!("cannot encode module: {err}")),
        };
        let (definition, outcome) = match rivet::compile(&wasm) {
            CompileOutcome::Compiled(pkg) => (Definition::Compiled(pkg), Outcome::Passed),
            CompileOutcome::Unsupported(reason) => (
                Definition::Skipped(reason.clone()),
                Outcome::Skipped(reason),
            ),
            CompileOutcome::Rejected(err) => {
                let message = format!("valid module rejected: {err}");
                (
                    Definition::Skipped(FAILED_MODULE.into()),
                    Outcome::Failed(message),
                )
            }
        };
        self.definitions.insert(name, definition);
        outcome
    }

    /// `module instance $I $M`: instantiates a definition.
    fn module_instance(&mut self, instance: Option<Id<'_>>, module: Option<Id<'_>>) -> Outcome {
        let Some(module) = module else {
            return Outcome::Failed("module instance without a module name".into());
        };
        let slot = match self.definitions.get(module.name()) {
            Some(Definition::Compiled(pkg)) => {
                let pkg = pkg.clone();
                self.instantiate_package(&pkg)
            }
            Some(Definition::Skipped(reason)) => Instantiated::Skipped(reason.clone()),
            None => {
                return Outcome::Failed(format!("unknown module definition ${}", module.name()))
            }
        };
        self.set_current(instance.map(|id| id.name().to_string()), slot)
    }

    fn assert_return(&mut self, exec: WastExecute<'_>, results: &[WastRet<'_>]) -> Outcome {
        let expected = match values::expected(results) {
            Ok(expected) => expected,
            Err(reason) => return Outcome::Skipped(reason.to_string()),
        };
        match self.execute(exec) {
            Ok(CallOutcome::Returned(actual)) => match values::compare(&expected, &actual) {
                Ok(()) => Outcome::Passed,
                Err(diff) => failed(diff),
            },
            Ok(other) => self.unexpected(other, "a normal return"),
            Err(outcome) => outcome,
        }
    }

    /// `assert_trap` (`got` = "trap ") and `assert_exhaustion` (`got` = ""): the call
    /// must trap with `message`.
    fn expect_trap(
        &self,
        outcome: Result<CallOutcome, Outcome>,
        message: &str,
        got: &str,
    ) -> Outcome {
        match outcome {
            Ok(CallOutcome::Trapped(actual)) if trap_matches(message, &actual) => Outcome::Passed,
            Ok(CallOutcome::Trapped(actual)) => Outcome::Failed(format!(
                "expected {got}\"{message}\", got trap \"{actual}\""
            )),
            Ok(other) => self.unexpected(other, &format!("{got}\"{message}\"")),
            Err(outcome) => outcome,
        }
    }

    fn assert_unlinkable(&mut self, mut module: Wat<'_>, message: &str) -> Outcome {
        let wasm = match module.encode() {
            Ok(wasm) => wasm,
            Err(err) => return Outcome::Failed(format!("cannot encode module: {err}")),
        };
        match self.instantiate(&wasm) {
            Instantiated::Unlinkable(actual) if unlinkable_matches(message, &actual) => {
                Outcome::Passed
            }
            Instantiated::Unlinkable(actual) => Outcome::WrongReason(format!(
                "expected unlinkable (\"{message}\"), got \"{actual}\""
            )),
            Instantiated::Failed(reason) => Outcome::Failed(reason),
            Instantiated::Trapped(trap) => Outcome::Failed(format!(
                "expected unlinkable (\"{message}\"), got trap \"{trap}\""
            )),
            Instantiated::Skipped(reason) => Outcome::Skipped(reason),
            Instantiated::Ready(_) => Outcome::Failed(format!(
                "expected unlinkable (\"{message}\"), but it instantiated"
            )),
        }
    }

    /// Compiles and instantiates `wasm`.
    fn instantiate(&mut self, wasm: &[u8]) -> Instantiated {
        match rivet::compile(wasm) {
            CompileOutcome::Compiled(pkg) => self.instantiate_package(&pkg),
            CompileOutcome::Unsupported(reason) => Instantiated::Skipped(reason),
            CompileOutcome::Rejected(err) => {
                Instantiated::Failed(format!("valid module rejected: {err}"))
            }
        }
    }

    fn instantiate_package(&mut self, pkg: &Arc<LoadedPackage>) -> Instantiated {
        self.linker.clear_skipped_dependency();
        match rivet::instantiate(pkg, &mut self.linker) {
            InstantiateOutcome::Ready(instance) => {
                let instance = Rc::new(RefCell::new(*instance));
                self.linker.link(&instance, pkg.package());
                Instantiated::Ready(Slot::Ready(instance))
            }
            InstantiateOutcome::Unsupported(reason) => Instantiated::Skipped(reason),
            InstantiateOutcome::Unlinkable(err) => match self.linker.skipped_dependency() {
                Some(reason) => Instantiated::Skipped(reason),
                None => Instantiated::Unlinkable(err),
            },
            InstantiateOutcome::Trapped(trap) => Instantiated::Trapped(trap),
            InstantiateOutcome::OutOfGas => {
                Instantiated::Failed("start function ran out of gas".into())
            }
            InstantiateOutcome::Failed(err) => {
                Instantiated::Failed(format!("instantiation failed: {err}"))
            }
        }
    }

    /// Makes the result of a `module` directive the current module (and names it).
    fn set_current(&mut self, name: Option<String>, result: Instantiated) -> Outcome {
        let (slot, outcome) = match result {
            Instantiated::Ready(slot) => (slot, Outcome::Passed),
            Instantiated::Skipped(reason) => {
                (Slot::Skipped(reason.clone()), Outcome::Skipped(reason))
            }
            Instantiated::Unlinkable(err) => (
                Slot::Skipped(FAILED_MODULE.into()),
                Outcome::Failed(format!("module unlinkable: {err}")),
            ),
            Instantiated::Trapped(trap) => (
                Slot::Skipped(FAILED_MODULE.into()),
                Outcome::Failed(format!("instantiation trapped: {trap}")),
            ),
            Instantiated::Failed(message) => (
                Slot::Skipped(FAILED_MODULE.into()),
                Outcome::Failed(message),
            ),
        };
        if let Some(name) = name {
            self.named.insert(name, slot.clone());
        }
        self.current = Some(slot);
        outcome
    }

    fn slot(&self, id: Option<Id<'_>>) -> Result<Slot, NoModule> {
        match id {
            Some(id) => self
                .named
                .get(id.name())
                .cloned()
                .ok_or_else(|| NoModule::Unknown(id.name().to_string())),
            None => self.current.clone().ok_or(NoModule::NoCurrent),
        }
    }

    /// Runs an invocation; `Err` is the directive's outcome when it cannot run (skips).
    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<CallOutcome, Outcome> {
        let args = values::args(&invoke.args).map_err(|e| Outcome::Skipped(e.to_string()))?;
        let instance = match self.slot(invoke.module).map_err(failed)? {
            Slot::Ready(instance) => instance,
            Slot::Skipped(reason) => return Err(Outcome::Skipped(reason)),
        };
        self.linker.enter(&instance).map_err(failed)?;
        let outcome = match instance.try_borrow_mut() {
            Ok(mut instance) => Ok(rivet::invoke(
                &mut instance,
                invoke.name,
                &args,
                &mut self.linker,
            )),
            Err(_) => Err(Outcome::Failed("instance is already running".into())),
        };
        self.linker.exit();
        outcome
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<CallOutcome, Outcome> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = match self.slot(module).map_err(failed)? {
                    Slot::Ready(instance) => instance,
                    Slot::Skipped(reason) => return Err(Outcome::Skipped(reason)),
                };
                self.linker.enter(&instance).map_err(failed)?;
                self.linker.exit();
                let value = instance.borrow().global(global);
                match value {
                    Some(value) => Ok(CallOutcome::Returned(vec![value])),
                    None => Err(Outcome::Failed(format!(
                        "no exported integer global \"{global}\""
                    ))),
                }
            }
            WastExecute::Wat(mut wat) => {
                let wasm = wat
                    .encode()
                    .map_err(|err| Outcome::Failed(format!("cannot encode module: {err}")))?;
                match self.instantiate(&wasm) {
                    Instantiated::Ready(_) => Ok(CallOutcome::Returned(Vec::new())),
                    Instantiated::Trapped(trap) => Ok(CallOutcome::Trapped(trap)),
                    Instantiated::Skipped(reason) => Err(Outcome::Skipped(reason)),
                    Instantiated::Unlinkable(err) => {
                        Err(Outcome::Failed(format!("module unlinkable: {err}")))
                    }
                    Instantiated::Failed(message) => Err(Outcome::Failed(message)),
                }
            }
        }
    }

    fn unexpected(&self, outcome: CallOutcome, wanted: &str) -> Outcome {
        match outcome {
            CallOutcome::Unsupported(reason) => Outcome::Skipped(reason),
            CallOutcome::Returned(values) => {
                Outcome::Failed(format!("expected {wanted}, got {}", values::show(&values)))
            }
            CallOutcome::Trapped(message) => {
                Outcome::Failed(format!("expected {wanted}, got trap \"{message}\""))
            }
            CallOutcome::OutOfGas => Outcome::Failed(format!("expected {wanted}, ran out of gas")),
            CallOutcome::Failed(message) => {
                Outcome::Failed(format!("expected {wanted}, got error: {message}"))
            }
        }
    }
}

/// Skip reason for directives on a module whose instantiation was reported as a failure.
const FAILED_MODULE: &str = "module failed to instantiate (reported as a failure)";

/// `assert_invalid`/`assert_malformed`: Rivet must refuse `wasm`, for the right reason.
fn expect_rejection(wasm: &[u8], expected: &str) -> Outcome {
    match rivet::compile(wasm) {
        CompileOutcome::Compiled(_) => {
            Outcome::Failed(format!("module compiled, expected \"{expected}\""))
        }
        // Rivet refused the module before validating it; we cannot tell why it is invalid.
        CompileOutcome::Unsupported(reason) => Outcome::Skipped(reason),
        CompileOutcome::Rejected(actual) => expect_rejection_text(expected, &actual),
    }
}

fn expect_rejection_text(expected: &str, actual: &str) -> Outcome {
    if invalid_matches(expected, actual) {
        Outcome::Passed
    } else {
        Outcome::WrongReason(format!("expected \"{expected}\", got \"{actual}\""))
    }
}

/// A module directive the `wast` text layer could not turn into bytes.
#[derive(Debug, thiserror::Error)]
enum EncodeError {
    /// A quoted text module that is not UTF-8.
    #[error("malformed UTF-8 encoding")]
    Utf8,
    /// The text parser or encoder refused it.
    #[error(transparent)]
    Wast(#[from] wast::Error),
}

/// A directive names a module the script does not have.
#[derive(Debug, thiserror::Error)]
enum NoModule {
    /// No module was given this `$id`.
    #[error("unknown module ${0}")]
    Unknown(String),
    /// No module directive ran yet.
    #[error("no current module")]
    NoCurrent,
}

/// A directive that cannot run for `err`: a failure.
fn failed(err: impl std::fmt::Display) -> Outcome {
    Outcome::Failed(err.to_string())
}

/// Encodes a module directive to bytes (text modules through the `wast` text parser).
fn module_bytes(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, EncodeError> {
    match module.to_test()? {
        QuoteWatTest::Binary(wasm) => Ok(wasm),
        QuoteWatTest::Text(text) => encode_text(&text),
    }
}

fn encode_text(text: &[u8]) -> Result<Vec<u8>, EncodeError> {
    let text = std::str::from_utf8(text).map_err(|_| EncodeError::Utf8)?;
    let buf = wast::parser::ParseBuffer::new(text)?;
    let mut wat: Wat<'_> = wast::parser::parse(&buf)?;
    Ok(wat.encode()?)
}

/// A directive's name, for reports.
fn directive_name(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}
