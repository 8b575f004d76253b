//! Module-level translation: sections to environment, layout, code, package.

use crate::asm::{Asm, A0, RA, T0, ZERO};
use crate::env::{const_init, convert_type, module_err, sig_of, Env, FuncInfo};
use crate::error::{CompileError, FuncFailure};
use crate::func::{translate_function, Scratch, Validator as FuncValidator};
use crate::islands::Islands;
use crate::{CompileOptions, UnsupportedMode};
use rivet_format::abi::{ecall, TrapCode};
use rivet_format::package::{
    ConstInit, CustomSection, DataMode, DataSegment, ElementSegment, Export, ExportKind, FuncDebug,
    FuncSig, Function, Global, Import, ImportKind, Layout, Limits, Package, RefKind, ValType,
    MEMORY_ALIGN, PAGE_SIZE,
};
use rivet_format::program::{Isa, Program, MAX_MEMORY_SIZE};
use rivet_format::rv32::{ImmOp, Inst};
use std::collections::HashMap;
use wasmparser::{
    ExternalKind, FuncValidatorAllocations, FunctionBody, Name, Parser, Payload, TypeRef,
    ValidPayload, Validator, WasmFeatures,
};

/// Everything gathered from the sections before code generation.
#[derive(Default)]
struct Parsed {
    env: Env,
    imports: Vec<Import>,
    exports: Vec<Export>,
    memory: Option<Limits>,
    /// Declared tables (imports first); placed in data memory by `start_code`.
    tables: Vec<(RefKind, Limits)>,
    elements: Vec<ElementSegment>,
    data: Vec<DataSegment>,
    start: Option<u32>,
    custom: Vec<CustomSection>,
    /// Function names (the `name` section's, then the soft-float library's), in
    /// order of arrival: a later one for the same index wins.
    names: Vec<(u32, String)>,
    func_imports: u32,
    /// Code bodies seen so far.
    bodies: u32,
    /// Size of the code section in bytes.
    code_bytes: usize,
    /// Set once the layout is fixed and the code prologue emitted.
    layout: Option<LayoutInfo>,
    asm: Asm,
    /// Entry pc per function.
    pcs: Vec<u32>,
    /// (function, start pc, end pc, unsupported reason) per function.
    debug: Vec<(u32, u32, u32, Option<String>)>,
    /// Direct calls to patch: (word index, callee).
    calls: Vec<(usize, u32)>,
    /// Veneers for the calls a `jal` cannot reach (long code only).
    islands: Islands,
    canon: HashMap<FuncSig, u32>,
    /// The function translator's buffers, reused from body to body.
    scratch: Scratch,
}

/// The data-memory layout, fixed when the code section starts.
#[derive(Debug, Clone, Copy)]
struct LayoutInfo {
    memory: Limits,
    max_pages: u32,
    stack_top: u32,
    /// Foreign-function slots and the pc of the first slot's trampoline.
    foreign_funcs: u32,
    foreign_pc: u32,
}

fn limits_of(initial: u64, maximum: Option<u64>) -> Limits {
    Limits {
        min: initial.min(u32::MAX as u64) as u32,
        max: maximum.map(|m| m.min(u32::MAX as u64) as u32),
    }
}

impl Parsed {
    /// Takes in one (validated) payload other than a code body. Validation read
    /// every entry, so a section's count is backed by its bytes and is reserved
    /// up front.
    fn section(&mut self, payload: Payload<'_>, opts: &CompileOptions) -> Result<(), CompileError> {
        let p = self;
        match payload {
            Payload::TypeSection(r) => p.types(r)?,
            Payload::ImportSection(r) => {
                p.imports.reserve(r.count() as usize);
                for imp in r.into_imports_with_offsets() {
                    let (offset, imp) = imp?;
                    p.import(offset, imp)?;
                }
            }
            Payload::FunctionSection(r) => {
                p.env.funcs.reserve(r.count() as usize);
                for t in r {
                    let t = t? as usize;
                    p.env.funcs.push(FuncInfo {
                        sig: p.env.types[t].clone(),
                        type_id: p.env.type_ids[t],
                        import_call: None,
                    });
                }
            }
            Payload::TableSection(r) => {
                for t in r.into_iter_with_offsets() {
                    let (offset, t) = t?;
                    if !matches!(t.init, wasmparser::TableInit::RefNull) {
                        return Err(module_err(
                            offset,
                            "table initializer expressions are not supported",
                        ));
                    }
                    p.tables.push(crate::tables::check_table(&t.ty, offset)?);
                }
            }
            Payload::MemorySection(r) => {
                for m in r.into_iter_with_offsets() {
                    let (offset, m) = m?;
                    if m.memory64 || m.shared || p.memory.is_some() {
                        return Err(module_err(
                            offset,
                            "only one 32-bit unshared memory is supported",
                        ));
                    }
                    p.memory = Some(limits_of(m.initial, m.maximum));
                }
            }
            Payload::GlobalSection(r) => {
                for g in r.into_iter_with_offsets() {
                    let (offset, g) = g?;
                    let ty = convert_type(g.ty.content_type).ok_or_else(|| {
                        module_err(
                            offset,
                            format!("{} globals are not supported", g.ty.content_type),
                        )
                    })?;
                    p.env.globals.push(Global {
                        ty,
                        mutable: g.ty.mutable,
                        init: const_init(&g.init_expr, offset)?,
                    });
                }
            }
            Payload::ExportSection(r) => {
                p.exports.reserve(r.count() as usize);
                for e in r {
                    let e = e?;
                    let kind = match e.kind {
                        ExternalKind::Func | ExternalKind::FuncExact => ExportKind::Func(e.index),
                        ExternalKind::Global => ExportKind::Global(e.index),
                        ExternalKind::Memory => ExportKind::Memory,
                        ExternalKind::Table => ExportKind::Table(e.index),
                        ExternalKind::Tag => continue,
                    };
                    p.exports.push(Export {
                        name: e.name.to_string(),
                        kind,
                    });
                }
            }
            Payload::StartSection { func, .. } => p.start = Some(func),
            Payload::ElementSection(r) => {
                for e in r.into_iter_with_offsets() {
                    let (offset, e) = e?;
                    p.elements.push(crate::tables::element_segment(e, offset)?);
                }
            }
            Payload::DataSection(r) => {
                for d in r.into_iter_with_offsets() {
                    let (offset, d) = d?;
                    let mode = match d.kind {
                        wasmparser::DataKind::Passive => DataMode::Passive,
                        wasmparser::DataKind::Active { offset_expr, .. } => {
                            DataMode::Active(const_init(&offset_expr, offset)?)
                        }
                    };
                    p.data.push(DataSegment {
                        mode,
                        bytes: d.data.to_vec(),
                    });
                }
            }
            Payload::CodeSectionStart { size, .. } => {
                p.code_bytes = size as usize;
                p.start_code(opts)?
            }
            Payload::CustomSection(c) => p.custom(&c),
            _ => {}
        }
        Ok(())
    }

    /// The type section: signatures and their canonical ids.
    fn types(&mut self, r: wasmparser::TypeSectionReader<'_>) -> Result<(), CompileError> {
        let p = self;
        // A count of recursion groups: one type each in a Wasm 2.0 module.
        let count = r.count() as usize;
        p.env.types.reserve(count);
        p.env.type_ids.reserve(count);
        p.canon.reserve(count);
        for group in r.into_iter_with_offsets() {
            let (offset, group) = group?;
            for sub in group.into_types() {
                let wasmparser::CompositeInnerType::Func(ft) = &sub.composite_type.inner else {
                    return Err(module_err(offset, "only function types are supported"));
                };
                let sig = sig_of(ft, offset)?;
                let n = p.canon.len() as u32;
                let id = *p.canon.entry(sig.clone()).or_insert(n);
                p.env.types.push(sig);
                p.env.type_ids.push(id);
            }
        }
        Ok(())
    }

    /// One import: functions get ecall numbers, globals slots.
    fn import(&mut self, offset: u64, imp: wasmparser::Import<'_>) -> Result<(), CompileError> {
        let p = self;
        let kind = match imp.ty {
            TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                let call_number = ecall::IMPORT_BASE + p.func_imports;
                p.func_imports += 1;
                let sig = p.env.types[t as usize].clone();
                p.env.funcs.push(FuncInfo {
                    sig: sig.clone(),
                    type_id: p.env.type_ids[t as usize],
                    import_call: Some(call_number),
                });
                ImportKind::Func { sig, call_number }
            }
            TypeRef::Global(g) => {
                let ty = convert_type(g.content_type).ok_or_else(|| {
                    module_err(
                        offset,
                        format!("{} globals are not supported", g.content_type),
                    )
                })?;
                let index = p.env.globals.len() as u32;
                p.env.globals.push(Global {
                    ty,
                    mutable: g.mutable,
                    init: ConstInit::Global(index),
                });
                ImportKind::Global {
                    ty,
                    mutable: g.mutable,
                    index,
                }
            }
            TypeRef::Memory(m) => {
                if m.memory64 || m.shared || p.memory.is_some() {
                    return Err(module_err(
                        offset,
                        "only one 32-bit unshared memory is supported",
                    ));
                }
                let l = limits_of(m.initial, m.maximum);
                p.memory = Some(l);
                ImportKind::Memory(l)
            }
            TypeRef::Table(t) => {
                p.tables.push(crate::tables::check_table(&t, offset)?);
                ImportKind::Table(p.tables.len() as u32 - 1)
            }
            TypeRef::Tag(_) => return Err(module_err(offset, "exception tags are not supported")),
        };
        p.imports.push(Import {
            module: imp.module.to_string(),
            name: imp.name.to_string(),
            kind,
        });
        Ok(())
    }

    /// A custom section: function names from `name`, the others kept verbatim.
    fn custom(&mut self, c: &wasmparser::CustomSectionReader<'_>) {
        let p = self;
        if c.name() == "name" {
            let reader = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(
                c.data(),
                c.data_offset(),
            ));
            for n in reader.into_iter().flatten() {
                if let Name::Function(map) = n {
                    for naming in map.into_iter().flatten() {
                        p.names.push((naming.index, naming.name.to_string()));
                    }
                }
            }
        } else {
            p.custom.push(CustomSection {
                name: c.name().to_string(),
                bytes: c.data().to_vec(),
            });
        }
    }

    /// Fixes the data-memory layout and emits the code prologue: the halt stub,
    /// the shared trap `ecall` and the import trampolines (once, before the first
    /// body; at the end for modules without code).
    fn start_code(&mut self, opts: &CompileOptions) -> Result<(), CompileError> {
        if self.layout.is_some() {
            return Ok(());
        }
        let memory = self.memory.unwrap_or(Limits {
            min: 0,
            max: Some(0),
        });
        let cap = opts.max_memory_pages.min(MAX_MEMORY_SIZE / PAGE_SIZE);
        let max_pages = memory.max.unwrap_or(u32::MAX).min(cap);
        if memory.min > max_pages {
            return Err(CompileError::Limit(format!(
                "memory minimum of {} pages exceeds the cap of {max_pages} pages",
                memory.min
            )));
        }
        let linear = max_pages as u64 * PAGE_SIZE as u64;
        let globals_base = linear;
        let funcs_base = globals_base + 8 * self.env.globals.len() as u64;
        let foreign_funcs = if self.receives_funcrefs() {
            opts.foreign_funcs
        } else {
            0
        };
        let descriptors = self.env.funcs.len() as u64 + 1 + foreign_funcs as u64;
        let funcs_end = funcs_base + 8 * descriptors;
        let (tables, tables_end) = crate::tables::place(&self.tables, funcs_end, opts)?;
        let stack_limit = tables_end.div_ceil(16) * 16;
        // Whole host pages (see `MEMORY_ALIGN`): the stack gets what rounding adds.
        let stack_top =
            (stack_limit + opts.stack_size as u64).next_multiple_of(MEMORY_ALIGN as u64);
        if stack_top > MAX_MEMORY_SIZE as u64 {
            return Err(CompileError::Limit(format!(
                "data memory of {stack_top} bytes exceeds {MAX_MEMORY_SIZE}"
            )));
        }
        let env = &mut self.env;
        env.globals_base = globals_base as u32;
        env.funcs_base = funcs_base as u32;
        env.tables = tables;
        env.stack_limit = stack_limit as u32;
        env.max_linear_bytes = linear;
        env.min_linear_bytes = memory.min as u64 * PAGE_SIZE as u64;

        let asm = &mut self.asm;
        // Compiled code runs at 0.5 to 0.6 words per byte of Wasm in contracts,
        // up to 0.75 in integer-heavy code: reserve that once instead of growing
        // (and copying) on the way.
        asm.code.reserve(self.code_bytes / 4 * 3 + 64);
        asm.imm(ImmOp::Addi, T0, ZERO, ecall::HALT as i32);
        asm.emit(Inst::Ecall);
        env.trap_pc = asm.pc();
        asm.imm(ImmOp::Addi, T0, ZERO, ecall::TRAP as i32);
        asm.emit(Inst::Ecall);
        // Tiny modules would not grow the buffers much: reserving would only
        // allocate ones their few bodies never use.
        if self.code_bytes >= 512 {
            self.scratch.reserve_typical();
        }
        self.pcs = vec![0u32; env.funcs.len()];
        self.debug.reserve(env.funcs.len());
        for (i, f) in env.funcs.iter().enumerate() {
            if let Some(n) = f.import_call {
                self.pcs[i] = asm.pc();
                let start = asm.pc();
                asm.li(T0, n as i32);
                asm.emit(Inst::Ecall);
                asm.emit(Inst::Jalr {
                    rd: ZERO,
                    rs1: RA,
                    offset: 0,
                });
                self.debug.push((i as u32, start, asm.pc(), None));
            }
        }
        let foreign_pc = asm.pc();
        for k in 0..foreign_funcs {
            // Exactly FOREIGN_STUB_BYTES: the runtime computes each slot's pc.
            let (hi, lo) = crate::asm::hi_lo((ecall::FOREIGN_BASE + k) as i32);
            asm.emit(Inst::Lui { rd: T0, imm: hi });
            asm.imm(ImmOp::Addi, T0, T0, lo);
            asm.emit(Inst::Ecall);
            asm.emit(Inst::Jalr {
                rd: ZERO,
                rs1: RA,
                offset: 0,
            });
        }
        self.layout = Some(LayoutInfo {
            memory,
            max_pages,
            stack_top: stack_top as u32,
            foreign_funcs,
            foreign_pc,
        });
        Ok(())
    }

    /// Whether a function reference can come into an instance from outside: an
    /// imported or exported funcref table or global (others may write into it), an
    /// imported function returning a funcref or an exported one taking one.
    fn receives_funcrefs(&self) -> bool {
        let is_func = |t: &ValType| *t == ValType::FuncRef;
        let imports = self.imports.iter().any(|i| match &i.kind {
            ImportKind::Func { sig, .. } => sig.results.iter().any(is_func),
            ImportKind::Global { ty, .. } => is_func(ty),
            ImportKind::Table(t) => self.tables[*t as usize].0 == RefKind::Func,
            ImportKind::Memory(_) => false,
        });
        let exports = self.exports.iter().any(|e| match e.kind {
            ExportKind::Func(f) => self
                .env
                .funcs
                .get(f as usize)
                .is_some_and(|f| f.sig.params.iter().any(is_func)),
            ExportKind::Global(g) => self
                .env
                .globals
                .get(g as usize)
                .is_some_and(|g| is_func(&g.ty)),
            ExportKind::Table(t) => self
                .tables
                .get(t as usize)
                .is_some_and(|t| t.0 == RefKind::Func),
            ExportKind::Memory => false,
        });
        imports || exports
    }

    /// Validates and translates the next code body.
    fn function(
        &mut self,
        validator: &mut FuncValidator,
        body: &FunctionBody<'_>,
        opts: &CompileOptions,
    ) -> Result<(), CompileError> {
        let index = self.func_imports + self.bodies;
        self.bodies += 1;
        let scratch = &mut self.scratch;
        match translate_function(&self.env, &mut self.asm, index, body, validator, scratch) {
            Ok(out) => {
                self.pcs[index as usize] = out.entry;
                self.calls.extend_from_slice(&out.calls);
                self.debug.push((index, out.start, out.end, None));
                // The buffer goes back for the next body.
                self.scratch.calls = out.calls;
            }
            Err(FuncFailure::Unsupported { offset, what }) => {
                if opts.unsupported_functions == UnsupportedMode::Reject {
                    return Err(CompileError::Unsupported {
                        func: index,
                        offset,
                        what,
                    });
                }
                let asm = &mut self.asm;
                let start = asm.pc();
                self.pcs[index as usize] = start;
                asm.li(A0, TrapCode::Unsupported as i32);
                asm.li(A0 + 1, index as i32);
                asm.li(T0, ecall::TRAP as i32);
                asm.emit(Inst::Ecall);
                self.debug.push((index, start, asm.pc(), Some(what)));
            }
            Err(FuncFailure::Invalid(e)) => return Err(e.into()),
            Err(FuncFailure::Limit(s)) => return Err(CompileError::Limit(s)),
        }
        self.islands
            .after_function(&mut self.asm, &self.calls, false);
        Ok(())
    }

    /// Patches direct calls and assembles the package.
    fn finish(mut self, opts: &CompileOptions) -> Result<Package, CompileError> {
        self.start_code(opts)?;
        let l = self.layout.expect("layout fixed by start_code");
        let mut asm = self.asm;
        self.islands.after_function(&mut asm, &self.calls, true);
        let mut pcs = self.pcs;
        let n = pcs.len();
        crate::softfloat::append(
            &self.env,
            &mut asm,
            crate::softfloat::Link {
                pcs: &mut pcs,
                calls: &mut self.calls,
                debug: &mut self.debug,
                names: &mut self.names,
            },
        )?;
        self.islands.patch_veneers(&mut asm, &pcs);
        for (index, (at, callee)) in self.calls.into_iter().enumerate() {
            let target = pcs[callee as usize];
            if !self.islands.patch(&mut asm, index, at, callee, target) {
                return Err(CompileError::Limit(format!(
                    "function {callee} lies beyond the reach of a call at pc {:#x} \
                     and of its veneer (a function of 512 KiB to 1 MiB of code \
                     stands between them)",
                    4 * at
                )));
            }
        }
        let env = self.env;
        // The signatures move into the package (the translation is over).
        let functions = env
            .funcs
            .into_iter()
            .zip(&pcs[..n])
            .map(|(f, pc)| Function {
                sig: f.sig,
                type_id: f.type_id,
                pc: *pc,
            })
            .collect();
        let mut types = vec![FuncSig::default(); self.canon.len()];
        for (sig, id) in self.canon {
            types[id as usize] = sig;
        }
        // Names by function index (`pcs` covers the library functions too).
        let mut names: Vec<Option<String>> = vec![None; pcs.len()];
        for (index, name) in self.names {
            if let Some(slot) = names.get_mut(index as usize) {
                *slot = Some(name);
            }
        }
        let debug = self
            .debug
            .into_iter()
            .map(|(index, start, end, unsupported)| {
                let named = names.get_mut(index as usize).and_then(Option::take);
                let name = named.unwrap_or_else(|| {
                    // The last export of a function names it.
                    self.exports
                        .iter()
                        .rev()
                        .find(|e| matches!(e.kind, ExportKind::Func(i) if i == index))
                        .map(|e| e.name.clone())
                        .unwrap_or_default()
                });
                FuncDebug {
                    index,
                    name,
                    start,
                    end,
                    unsupported,
                }
            })
            .collect();
        let pkg = Package {
            program: Program {
                isa: Isa::Rv32em,
                code_base: 0,
                code: asm.code,
                entry: 0,
                memory_size: l.stack_top,
                stack_top: l.stack_top,
                data: vec![],
            },
            layout: Layout {
                memory: l.memory,
                max_pages: l.max_pages,
                globals_base: env.globals_base,
                funcs_base: env.funcs_base,
                stack_limit: env.stack_limit,
                halt_pc: 0,
                foreign_funcs: l.foreign_funcs,
                foreign_pc: l.foreign_pc,
            },
            imports: self.imports,
            globals: env.globals,
            exports: self.exports,
            functions,
            types,
            tables: env.tables,
            elements: self.elements,
            data: self.data,
            start: self.start,
            custom_sections: self.custom,
            debug,
        };
        pkg.check()?;
        Ok(pkg)
    }
}

/// Validates and compiles a module in one pass over its bytes: each payload goes
/// through wasmparser's validator, then into the package; code bodies are
/// validated operator by operator while they are translated.
///
/// Errors are reported as if the whole module had been validated first, the way
/// `Validator::validate_all` does it: decoding and section errors, then the first
/// invalid body, and only for a valid module the first module-level refusal
/// (unsupported feature, limit), then the first function-level one.
pub(crate) fn compile(wasm: &[u8], opts: &CompileOptions) -> Result<Package, CompileError> {
    let mut validator = Validator::new_with_features(WasmFeatures::WASM2);
    let mut parser = Parser::new(0);
    // Decode with the validated feature set too (e.g. 32-bit memory limits).
    parser.set_features(WasmFeatures::WASM2);
    let mut allocs = FuncValidatorAllocations::default();
    let mut p = Parsed::default();
    let mut invalid_body: Option<CompileError> = None;
    let mut module_failure: Option<CompileError> = None;
    let mut func_failure: Option<CompileError> = None;
    for payload in parser.parse_all(wasm) {
        let payload = payload?;
        match validator.payload(&payload)? {
            ValidPayload::Func(func, body) => {
                if invalid_body.is_some() {
                    continue;
                }
                let mut v = func.into_validator(std::mem::take(&mut allocs));
                let result = if module_failure.is_some() || func_failure.is_some() {
                    v.validate(&body).map_err(CompileError::from)
                } else {
                    p.function(&mut v, &body, opts)
                };
                allocs = v.into_allocations();
                match result {
                    Ok(()) => {}
                    Err(e @ CompileError::Invalid { .. }) => invalid_body = Some(e),
                    Err(e) => func_failure = Some(e),
                }
            }
            _ if module_failure.is_some() => {}
            _ => match p.section(payload, opts) {
                Ok(()) => {}
                Err(e @ CompileError::Invalid { .. }) => return Err(e),
                Err(e) => module_failure = Some(e),
            },
        }
    }
    match (invalid_body, module_failure, func_failure) {
        (Some(e), _, _) | (None, Some(e), _) | (None, None, Some(e)) => Err(e),
        (None, None, None) => p.finish(opts),
    }
}
