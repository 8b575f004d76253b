//! Randomized canonical-ABI differential, host -> guest and guest -> guest: random WIT types (records,
//! variants, enums, flags, options, results, tuples, lists, strings, chars, every
//! integer, nested) and random values of them go through echo components on Rivet and
//! on wasmtime's component runtime; both must return exactly the value sent.
//!
//! Echo guests are generated, not compiled from a language: a WIT interface declares
//! `echo-N: func(x: T, p0: u64, .., p15: u64) -> T` per random type T (wrapped in a
//! tuple with a u64 when T flattens to one value). The 16 padding parameters push the
//! arguments past the 16 flat parameters, so the caller stores them in guest memory
//! as a tuple whose first field (offset 0) is T; T flattens to several values, so the
//! result is returned as a pointer to T in memory. The core function is therefore
//! `(param i32) (result i32) local.get 0` for every type, with a bump `cabi_realloc`:
//! the whole lowering and lifting (strings, lists, variants, alignment, flags) is the
//! runtimes' work, which is what is compared. Guest -> guest, a generated client
//! exports the same interface and forwards each call to echo's (its import takes the
//! argument pointer and a return-area pointer); Rivet links the two packages, wasmtime
//! composes them by host forwarding (`forward`). Both paths on both runtimes must
//! return exactly the value sent. Types are batched (one component per batch) to keep
//! wasmtime's compile time down.
//!
//! `RIVET_ABI_BATCHES=N` overrides the batch count (default 40 batches of 25 types, 4
//! values each). Floats (f32, f64) take ordinary values and the edges: signed zeros,
//! infinities, subnormals, NaNs with payloads. Rivet returns every NaN canonical
//! (checked exactly); wasmtime passes payloads through, so its results are compared
//! with NaNs as NaNs ([`canonical_nans`]).

use rivet_format::manifest::Manifest;
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{CallConfig, Hosts, Runtime};
use rivet_wasmtime_diff::convert::{canonical_nans, from_wasmtime, to_wasmtime};
use rivet_wasmtime_diff::forward::{self, Forwarder};
use rivet_wasmtime_diff::wasm::{component, engine, export_func};
use std::fmt::Write as _;
use wasmtime::component::{Component, Linker, Val as WVal};
use wasmtime::{Engine, Store};

const TYPES_PER_BATCH: usize = 25;
const VALUES_PER_TYPE: usize = 4;

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A generated WIT type; named kinds carry their definition name.
#[derive(Debug, Clone)]
enum Spec {
    Prim(&'static str),
    List(Box<Spec>),
    Tuple(Vec<Spec>),
    Option(Box<Spec>),
    Result(Option<Box<Spec>>, Option<Box<Spec>>),
    Record(String, Vec<Spec>),
    Variant(String, Vec<Option<Spec>>),
    Enum(String, usize),
    Flags(String, usize),
}

const PRIMS: [&str; 13] = [
    "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string",
];

/// Edge f32 bit patterns: signed zeros, infinities, canonical and payload NaNs (quiet
/// and signalling, both signs), the smallest subnormal, the largest finite value.
const F32_EDGES: [u32; 10] = [
    0,
    0x8000_0000,
    0x7f80_0000,
    0xff80_0000,
    0x7fc0_0000,
    0xffc0_0001,
    0x7f80_0001,
    0x0000_0001,
    0x7f7f_ffff,
    0x3f80_0000,
];

/// Edge f64 bit patterns, as [`F32_EDGES`].
const F64_EDGES: [u64; 10] = [
    0,
    0x8000_0000_0000_0000,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0xfff8_0000_dead_beef,
    0x7ff0_0000_0000_0001,
    0x0000_0000_0000_0001,
    0x7fef_ffff_ffff_ffff,
    0x3ff0_0000_0000_0000,
];

struct Gen {
    rng: Rng,
    defs: String,
    next_name: usize,
}

impl Gen {
    fn name(&mut self) -> String {
        self.next_name += 1;
        format!("t{}", self.next_name)
    }

    fn spec(&mut self, depth: u32) -> Spec {
        if depth == 0 || self.rng.below(3) == 0 {
            return Spec::Prim(PRIMS[self.rng.below(PRIMS.len())]);
        }
        let n = 1 + self.rng.below(4);
        match self.rng.below(8) {
            0 => Spec::List(Box::new(self.spec(depth - 1))),
            1 => Spec::Tuple((0..n).map(|_| self.spec(depth - 1)).collect()),
            2 => Spec::Option(Box::new(self.spec(depth - 1))),
            3 => {
                let ok = (self.rng.below(3) > 0).then(|| Box::new(self.spec(depth - 1)));
                let err = (self.rng.below(3) > 0).then(|| Box::new(self.spec(depth - 1)));
                Spec::Result(ok, err)
            }
            4 => {
                let fields: Vec<Spec> = (0..n).map(|_| self.spec(depth - 1)).collect();
                let name = self.name();
                let body: Vec<String> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| format!("f{i}: {}", wit(f)))
                    .collect();
                writeln!(self.defs, "  record {name} {{ {} }}", body.join(", ")).unwrap();
                Spec::Record(name, fields)
            }
            5 => {
                let cases: Vec<Option<Spec>> = (0..n)
                    .map(|_| (self.rng.below(3) > 0).then(|| self.spec(depth - 1)))
                    .collect();
                let name = self.name();
                let body: Vec<String> = cases
                    .iter()
                    .enumerate()
                    .map(|(i, c)| match c {
                        Some(t) => format!("c{i}({})", wit(t)),
                        None => format!("c{i}"),
                    })
                    .collect();
                writeln!(self.defs, "  variant {name} {{ {} }}", body.join(", ")).unwrap();
                Spec::Variant(name, cases)
            }
            6 => {
                let name = self.name();
                let cases: Vec<String> = (0..n).map(|i| format!("e{i}")).collect();
                writeln!(self.defs, "  enum {name} {{ {} }}", cases.join(", ")).unwrap();
                Spec::Enum(name, n)
            }
            _ => {
                // Up to 32 flags (WIT's limit), sizes 1, 2 and 4 bytes.
                let n = 1 + self.rng.below(32);
                let name = self.name();
                let labels: Vec<String> = (0..n).map(|i| format!("g{i}")).collect();
                writeln!(self.defs, "  flags {name} {{ {} }}", labels.join(", ")).unwrap();
                Spec::Flags(name, n)
            }
        }
    }

    fn char(&mut self) -> char {
        match self.rng.below(3) {
            0 => char::from_u32(self.rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
            1 => ['é', '€', '😀', '\0', '"', '\u{10ffff}'][self.rng.below(6)],
            _ => (b'a' + self.rng.below(26) as u8) as char,
        }
    }

    fn val(&mut self, spec: &Spec) -> Val {
        let n = self.rng.next();
        match spec {
            Spec::Prim(p) => match *p {
                "bool" => Val::Bool(n & 1 == 1),
                "s8" => Val::S8(n as i8),
                "u8" => Val::U8(n as u8),
                "s16" => Val::S16(n as i16),
                "u16" => Val::U16(n as u16),
                "s32" => Val::S32(n as i32),
                "u32" => Val::U32(n as u32),
                "s64" => Val::S64(n as i64),
                "u64" => Val::U64(n),
                // Half edges, half random bits (mostly finite numbers).
                "f32" if n & 1 == 0 => Val::F32(F32_EDGES[self.rng.below(F32_EDGES.len())]),
                "f32" => Val::F32((n >> 32) as u32),
                "f64" if n & 1 == 0 => Val::F64(F64_EDGES[self.rng.below(F64_EDGES.len())]),
                "f64" => Val::F64(n),
                "char" => Val::Char(self.char()),
                _ => Val::String((0..self.rng.below(12)).map(|_| self.char()).collect()),
            },
            Spec::List(t) => Val::List((0..self.rng.below(5)).map(|_| self.val(t)).collect()),
            Spec::Tuple(ts) => Val::Tuple(ts.iter().map(|t| self.val(t)).collect()),
            Spec::Option(t) => Val::Option((n & 1 == 1).then(|| Box::new(self.val(t)))),
            Spec::Result(ok, err) => {
                let side = if n & 1 == 1 { ok } else { err };
                let payload = side.as_ref().map(|t| Box::new(self.val(t)));
                Val::Result(if n & 1 == 1 {
                    Ok(payload)
                } else {
                    Err(payload)
                })
            }
            Spec::Record(_, fields) => Val::Record(
                fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (format!("f{i}"), self.val(f)))
                    .collect(),
            ),
            Spec::Variant(_, cases) => {
                let i = self.rng.below(cases.len());
                let payload = cases[i].as_ref().map(|t| Box::new(self.val(t)));
                Val::Variant(format!("c{i}"), payload)
            }
            Spec::Enum(_, k) => Val::Enum(format!("e{}", self.rng.below(*k))),
            Spec::Flags(_, k) => Val::Flags(
                (0..*k)
                    .filter(|_| self.rng.below(2) == 0)
                    .map(|i| format!("g{i}"))
                    .collect(),
            ),
        }
    }
}

/// Whether a value holds a float anywhere.
fn has_float(v: &Val) -> bool {
    let inner = |p: &Option<Box<Val>>| p.as_deref().is_some_and(has_float);
    match v {
        Val::F32(_) | Val::F64(_) => true,
        Val::List(vs) | Val::Tuple(vs) => vs.iter().any(has_float),
        Val::Record(fs) => fs.iter().any(|(_, v)| has_float(v)),
        Val::Variant(_, p) | Val::Option(p) => inner(p),
        Val::Result(Ok(p)) | Val::Result(Err(p)) => inner(p),
        _ => false,
    }
}

/// The type as WIT text (named kinds by name).
fn wit(spec: &Spec) -> String {
    match spec {
        Spec::Prim(p) => p.to_string(),
        Spec::List(t) => format!("list<{}>", wit(t)),
        Spec::Tuple(ts) => format!(
            "tuple<{}>",
            ts.iter().map(wit).collect::<Vec<_>>().join(", ")
        ),
        Spec::Option(t) => format!("option<{}>", wit(t)),
        Spec::Result(None, None) => "result".into(),
        Spec::Result(Some(ok), None) => format!("result<{}>", wit(ok)),
        Spec::Result(None, Some(err)) => format!("result<_, {}>", wit(err)),
        Spec::Result(Some(ok), Some(err)) => format!("result<{}, {}>", wit(ok), wit(err)),
        Spec::Record(n, _) | Spec::Variant(n, _) | Spec::Enum(n, _) | Spec::Flags(n, _) => {
            n.clone()
        }
    }
}

/// Core values the type flattens to, roughly (enough to tell one from several).
fn flat_len(spec: &Spec) -> usize {
    match spec {
        Spec::Prim("string") | Spec::List(_) => 2,
        Spec::Prim(_) | Spec::Enum(..) => 1,
        Spec::Flags(_, k) => k.div_ceil(32),
        Spec::Tuple(ts) | Spec::Record(_, ts) => ts.iter().map(flat_len).sum(),
        Spec::Option(t) => 1 + flat_len(t),
        Spec::Result(a, b) => 1 + a.iter().chain(b).map(|t| flat_len(t)).max().unwrap_or(0),
        Spec::Variant(_, cases) => 1 + cases.iter().flatten().map(flat_len).max().unwrap_or(0),
    }
}

/// Address of the client's return area (results of its imported calls): below the
/// heap, which starts at 64 KiB in the client.
const RET_AREA: u32 = 8;

/// The core module for `count` functions: the echo guest (returns its argument
/// pointer) or, with `client`, a forwarder that calls the imported `echoN` with the
/// same spilled arguments and returns the result it got (written to [`RET_AREA`]).
fn core_wat(count: usize, client: bool) -> String {
    let (pages, heap) = if client { (2, 65536) } else { (1, 16) };
    let mut wat = String::from("(module\n");
    if client {
        for i in 0..count {
            writeln!(
                wat,
                "  (import \"test:echo/api\" \"echo{i}\" (func $i{i} (param i32 i32)))"
            )
            .unwrap();
        }
    }
    write!(
        wat,
        r#"  (memory (export "memory") {pages})
  (global $heap (mut i32) (i32.const {heap}))
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32)
      (param $new i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and
      (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
      (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $new)))
    (block $fits
      (br_if $fits (i32.le_u (global.get $heap)
        (i32.shl (memory.size) (i32.const 16))))
      (br_if $fits (i32.ge_s (memory.grow (i32.add (i32.const 1) (i32.shr_u
        (i32.sub (global.get $heap) (i32.shl (memory.size) (i32.const 16)))
        (i32.const 16)))) (i32.const 0)))
      unreachable)
    (if (local.get $old)
      (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
    (local.get $p))
"#
    )
    .unwrap();
    for i in 0..count {
        let body = if client {
            format!("(call $i{i} (local.get 0) (i32.const {RET_AREA})) (i32.const {RET_AREA})")
        } else {
            "local.get 0".to_string()
        };
        writeln!(
            wat,
            "  (func (export \"test:echo/api#echo{i}\") (param i32) (result i32) {body})"
        )
        .unwrap();
    }
    wat.push(')');
    wat
}

fn custom_section(wasm: &mut Vec<u8>, name: &str, bytes: &[u8]) {
    fn leb(out: &mut Vec<u8>, mut v: usize) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }
    let mut body = Vec::new();
    leb(&mut body, name.len());
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(bytes);
    wasm.push(0);
    leb(wasm, body.len());
    wasm.extend_from_slice(&body);
}

/// One batch of random types: the echo guest and the forwarding client (core wasm
/// with their worlds), the types, and the WIT text.
struct Batch {
    echo: Vec<u8>,
    client: Vec<u8>,
    specs: Vec<Spec>,
    text: String,
}

fn batch(gen: &mut Gen) -> Batch {
    gen.defs.clear();
    let mut specs = Vec::new();
    let mut funcs = String::new();
    let pads: Vec<String> = (0..16).map(|i| format!("p{i}: u64")).collect();
    for i in 0..TYPES_PER_BATCH {
        let mut spec = gen.spec(3);
        if flat_len(&spec) < 2 {
            spec = Spec::Tuple(vec![spec, Spec::Prim("u64")]);
        }
        let t = wit(&spec);
        writeln!(
            funcs,
            "  echo{i}: func(x: {t}, {}) -> {t};",
            pads.join(", ")
        )
        .unwrap();
        specs.push(spec);
    }
    let text = format!(
        "package test:echo;\ninterface api {{\n{}{funcs}}}\nworld echo {{ export api; }}\n\
         world client {{ import api; export api; }}\n",
        gen.defs
    );
    let build = |world: &str, client: bool| {
        let (name, section) = rivet_linker::embed::world_section(&[("echo.wit", &text)], world)
            .unwrap_or_else(|e| panic!("generated WIT does not resolve: {e}\n{text}"));
        let mut core = wat::parse_str(core_wat(specs.len(), client)).expect("core module");
        custom_section(&mut core, &name, &section);
        core
    };
    Batch {
        echo: build("echo", false),
        client: build("client", true),
        specs,
        text,
    }
}

fn batches() -> usize {
    std::env::var("RIVET_ABI_BATCHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

/// Rivet's side of a batch: echo alone, and client -> echo, linked and prepared.
struct Rivet {
    app: std::sync::Arc<rivet_runtime::component::App>,
}

impl Rivet {
    fn new(b: &Batch) -> Rivet {
        let compile = |core: &[u8]| {
            rivet_compiler::compile(core, &rivet_compiler::CompileOptions::default())
                .unwrap_or_else(|e| panic!("rivet compile: {e}\n{}", b.text))
        };
        let (echo, client) = (compile(&b.echo), compile(&b.client));
        let inputs = [
            LinkInput::from_package("echo", &echo),
            LinkInput::from_package("client", &client),
        ];
        let manifest: Manifest =
            rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("link: {e}\n{}", b.text));
        let rt = Runtime::new();
        rt.add_package(echo).expect("echo loads");
        rt.add_package(client).expect("client loads");
        Rivet {
            app: rt.prepare(&manifest).expect("prepare"),
        }
    }

    fn call(&self, component: &str, name: &str, args: &[Val]) -> Vec<Val> {
        self.app
            .call(
                component,
                &format!("test:echo/api#{name}"),
                args,
                &CallConfig::default(),
                &mut Hosts::new(),
            )
            .unwrap_or_else(|e| panic!("rivet {component} {name}: {e}"))
            .results
    }
}

/// wasmtime's side of a batch: echo, and client composed with echo by forwarding.
struct Wasmtime {
    engine: Engine,
    echo: Component,
    client: Component,
    linker: Linker<Forwarder>,
    imports: forward::Imports,
}

impl Wasmtime {
    fn new(engine: &Engine, b: &Batch) -> Wasmtime {
        let build = |core: &[u8]| {
            component(engine, core).unwrap_or_else(|e| panic!("wasmtime: {e:?}\n{}", b.text))
        };
        let (echo, client) = (build(&b.echo), build(&b.client));
        let mut linker = Linker::new(engine);
        let imports = forward::link(&mut linker, engine, &client, IFACE).expect("forwarders");
        Wasmtime {
            engine: engine.clone(),
            echo,
            client,
            linker,
            imports,
        }
    }

    /// Calls `name` on echo directly, or through the client; fresh instances.
    fn call(&self, via_client: bool, name: &str, args: &[Val]) -> Vec<Val> {
        let mut store = Store::new(&self.engine, Forwarder::new(&self.imports));
        let echo = Linker::new(&self.engine)
            .instantiate(&mut store, &self.echo)
            .expect("instantiate echo");
        let target = if via_client {
            forward::attach(&mut store, echo).expect("attach");
            self.linker
                .instantiate(&mut store, &self.client)
                .expect("instantiate client")
        } else {
            echo
        };
        let func = export_func(&mut store, &target, IFACE, name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let wargs: Vec<WVal> = args.iter().map(|v| to_wasmtime(v).unwrap()).collect();
        let mut results = vec![WVal::Bool(false)];
        func.call(&mut store, &wargs, &mut results)
            .unwrap_or_else(|e| panic!("wasmtime {name}: {e:?}"));
        results.iter().map(|v| from_wasmtime(v).unwrap()).collect()
    }
}

const IFACE: &str = "test:echo/api";

#[test]
fn random_types_echo_identically_on_rivet_and_wasmtime() {
    let engine = engine().expect("engine");
    let mut gen = Gen {
        rng: Rng(0x0011_2026_0000_0007),
        defs: String::new(),
        next_name: 0,
    };
    let (mut types, mut values, mut floats) = (0, 0, 0);
    for n in 0..batches() {
        let b = batch(&mut gen);
        let rivet = Rivet::new(&b);
        let wasmtime = Wasmtime::new(&engine, &b);
        for (i, spec) in b.specs.iter().enumerate() {
            let name = format!("echo{i}");
            for _ in 0..VALUES_PER_TYPE {
                let x = gen.val(spec);
                let mut args = vec![x.clone()];
                args.extend((0..16).map(|k| Val::U64(gen.rng.next() >> (k * 4))));
                // Rivet: exactly the value sent, NaNs canonical; wasmtime: the value
                // sent, NaNs compared as NaNs.
                let want = vec![canonical_nans(&x)];
                let canon = |vs: Vec<Val>| vs.iter().map(canonical_nans).collect::<Vec<_>>();
                let what =
                    |path: &str| format!("batch {n} {name} {path}: {}\n{}", wit(spec), b.text);
                assert_eq!(
                    rivet.call("echo", &name, &args),
                    want,
                    "{}",
                    what("rivet host->guest")
                );
                assert_eq!(
                    canon(wasmtime.call(false, &name, &args)),
                    want,
                    "{}",
                    what("wasmtime host->guest")
                );
                assert_eq!(
                    rivet.call("client", &name, &args),
                    want,
                    "{}",
                    what("rivet guest->guest")
                );
                assert_eq!(
                    canon(wasmtime.call(true, &name, &args)),
                    want,
                    "{}",
                    what("wasmtime guest->guest")
                );
                floats += usize::from(has_float(&x));
                values += 1;
            }
            types += 1;
        }
    }
    println!(
        "random ABI: {types} random types, {values} values ({floats} holding floats) echoed \
         identically by Rivet and wasmtime, host -> guest and guest -> guest"
    );
    assert_eq!(types, batches() * TYPES_PER_BATCH);
    assert!(
        floats * 10 >= values,
        "only {floats} of {values} values hold floats"
    );
}
