//! WAVE text (the wasm-wave crate) for [`Val`] and [`Type`]: how `rivet call` reads
//! arguments and prints results.
//!
//! [`Type`] implements `WasmType` and [`Val`] implements `WasmValue`, so the crate's
//! parser and writer work on Rivet's own values. Resource handles have no WAVE syntax:
//! parsing a value of an `own`/`borrow` type and printing a handle both fail.

use std::borrow::Cow;

use thiserror::Error;
use wasm_wave::wasm::{WasmType, WasmTypeKind, WasmValue, WasmValueError};

use crate::func::FuncType;
use crate::types::Type;
use crate::val::Val;

/// Why WAVE text could not be parsed or printed.
#[derive(Debug, Error)]
pub enum WaveError {
    /// The text is not a WAVE value of the expected type.
    #[error("argument {index}: {message}")]
    Parse {
        /// Which argument (0-based).
        index: usize,
        /// The parser's message (with the position in the text).
        message: String,
    },
    /// The wrong number of arguments was given.
    #[error("expected {want} arguments, got {got}")]
    Arity {
        /// Parameters of the function.
        want: usize,
        /// Arguments given.
        got: usize,
    },
    /// The value cannot be written as WAVE (a resource handle).
    #[error("cannot print value as WAVE: {0}")]
    Write(String),
}

/// Parses one WAVE value of type `ty`.
pub fn parse(ty: &Type, text: &str) -> Result<Val, WaveError> {
    wasm_wave::from_str::<Val>(ty, text).map_err(|e| WaveError::Parse {
        index: 0,
        message: e.to_string(),
    })
}

/// Parses one WAVE argument per parameter of `func`.
pub fn parse_args(func: &FuncType, args: &[&str]) -> Result<Vec<Val>, WaveError> {
    if args.len() != func.params.len() {
        return Err(WaveError::Arity {
            want: func.params.len(),
            got: args.len(),
        });
    }
    func.params
        .iter()
        .zip(args)
        .enumerate()
        .map(|(index, ((_, ty), text))| {
            wasm_wave::from_str::<Val>(ty, text).map_err(|e| WaveError::Parse {
                index,
                message: e.to_string(),
            })
        })
        .collect()
}

/// Prints a type in WIT syntax (`record { a: u32 }`, `list<string>`), for messages and
/// `rivet` listings.
pub fn type_to_string(ty: &Type) -> String {
    wasm_wave::wasm::DisplayType(ty).to_string()
}

/// Prints a value as WAVE.
pub fn print(val: &Val) -> Result<String, WaveError> {
    wasm_wave::to_string(val).map_err(|e| WaveError::Write(e.to_string()))
}

impl WasmType for Type {
    fn kind(&self) -> WasmTypeKind {
        match self {
            Type::Bool => WasmTypeKind::Bool,
            Type::S8 => WasmTypeKind::S8,
            Type::U8 => WasmTypeKind::U8,
            Type::S16 => WasmTypeKind::S16,
            Type::U16 => WasmTypeKind::U16,
            Type::S32 => WasmTypeKind::S32,
            Type::U32 => WasmTypeKind::U32,
            Type::S64 => WasmTypeKind::S64,
            Type::U64 => WasmTypeKind::U64,
            Type::F32 => WasmTypeKind::F32,
            Type::F64 => WasmTypeKind::F64,
            Type::Char => WasmTypeKind::Char,
            Type::String => WasmTypeKind::String,
            Type::List(_) => WasmTypeKind::List,
            Type::Record(_) => WasmTypeKind::Record,
            Type::Tuple(_) => WasmTypeKind::Tuple,
            Type::Variant(_) => WasmTypeKind::Variant,
            Type::Enum(_) => WasmTypeKind::Enum,
            Type::Option(_) => WasmTypeKind::Option,
            Type::Result(_) => WasmTypeKind::Result,
            Type::Flags(_) => WasmTypeKind::Flags,
            Type::Own(_) | Type::Borrow(_) => WasmTypeKind::Unsupported,
        }
    }

    fn list_element_type(&self) -> Option<Self> {
        match self {
            Type::List(l) => Some(l.elem.clone()),
            _ => None,
        }
    }

    fn record_fields(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Self)> + '_> {
        match self {
            Type::Record(r) => Box::new(
                r.fields
                    .iter()
                    .map(|(n, t)| (Cow::Borrowed(n.as_str()), t.clone())),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn tuple_element_types(&self) -> Box<dyn Iterator<Item = Self> + '_> {
        match self {
            Type::Tuple(t) => Box::new(t.types.iter().cloned()),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn variant_cases(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Option<Self>)> + '_> {
        match self {
            Type::Variant(v) => Box::new(
                v.cases
                    .iter()
                    .map(|(n, t)| (Cow::Borrowed(n.as_str()), t.clone())),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn enum_cases(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            Type::Enum(e) => Box::new(e.cases.iter().map(|n| Cow::Borrowed(n.as_str()))),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn option_some_type(&self) -> Option<Self> {
        match self {
            Type::Option(o) => Some(o.some.clone()),
            _ => None,
        }
    }

    fn result_types(&self) -> Option<(Option<Self>, Option<Self>)> {
        match self {
            Type::Result(r) => Some((r.ok.clone(), r.err.clone())),
            _ => None,
        }
    }

    fn flags_names(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            Type::Flags(f) => Box::new(f.labels.iter().map(|n| Cow::Borrowed(n.as_str()))),
            _ => Box::new(std::iter::empty()),
        }
    }
}

fn wrong(ty: &Type, kind: WasmTypeKind) -> WasmValueError {
    WasmValueError::WrongTypeKind {
        kind,
        ty: ty.kind_name(),
    }
}

impl WasmValue for Val {
    type Type = Type;

    fn kind(&self) -> WasmTypeKind {
        match self {
            Val::Bool(_) => WasmTypeKind::Bool,
            Val::S8(_) => WasmTypeKind::S8,
            Val::U8(_) => WasmTypeKind::U8,
            Val::S16(_) => WasmTypeKind::S16,
            Val::U16(_) => WasmTypeKind::U16,
            Val::S32(_) => WasmTypeKind::S32,
            Val::U32(_) => WasmTypeKind::U32,
            Val::S64(_) => WasmTypeKind::S64,
            Val::U64(_) => WasmTypeKind::U64,
            Val::F32(_) => WasmTypeKind::F32,
            Val::F64(_) => WasmTypeKind::F64,
            Val::Char(_) => WasmTypeKind::Char,
            Val::String(_) => WasmTypeKind::String,
            Val::List(_) | Val::Bytes(_) => WasmTypeKind::List,
            Val::Record(_) => WasmTypeKind::Record,
            Val::Tuple(_) => WasmTypeKind::Tuple,
            Val::Variant(..) => WasmTypeKind::Variant,
            Val::Enum(_) => WasmTypeKind::Enum,
            Val::Option(_) => WasmTypeKind::Option,
            Val::Result(_) => WasmTypeKind::Result,
            Val::Flags(_) => WasmTypeKind::Flags,
            Val::Own(_) | Val::Borrow(_) => WasmTypeKind::Unsupported,
        }
    }

    fn make_bool(val: bool) -> Self {
        Val::Bool(val)
    }
    fn make_s8(val: i8) -> Self {
        Val::S8(val)
    }
    fn make_s16(val: i16) -> Self {
        Val::S16(val)
    }
    fn make_s32(val: i32) -> Self {
        Val::S32(val)
    }
    fn make_s64(val: i64) -> Self {
        Val::S64(val)
    }
    fn make_u8(val: u8) -> Self {
        Val::U8(val)
    }
    fn make_u16(val: u16) -> Self {
        Val::U16(val)
    }
    fn make_u32(val: u32) -> Self {
        Val::U32(val)
    }
    fn make_u64(val: u64) -> Self {
        Val::U64(val)
    }
    fn make_f32(val: f32) -> Self {
        Val::F32(crate::val::canonicalize_nan32(val.to_bits()))
    }
    fn make_f64(val: f64) -> Self {
        Val::F64(crate::val::canonicalize_nan64(val.to_bits()))
    }
    fn make_char(val: char) -> Self {
        Val::Char(val)
    }
    fn make_string(val: Cow<str>) -> Self {
        Val::String(val.into_owned())
    }

    fn make_list(ty: &Type, vals: impl IntoIterator<Item = Self>) -> Result<Self, WasmValueError> {
        match ty {
            Type::List(_) => Ok(Val::List(vals.into_iter().collect())),
            _ => Err(wrong(ty, WasmTypeKind::List)),
        }
    }

    fn make_record<'a>(
        ty: &Type,
        fields: impl IntoIterator<Item = (&'a str, Self)>,
    ) -> Result<Self, WasmValueError> {
        let Type::Record(r) = ty else {
            return Err(wrong(ty, WasmTypeKind::Record));
        };
        let mut given: Vec<(&str, Val)> = fields.into_iter().collect();
        let mut out = Vec::with_capacity(r.fields.len());
        for (name, _) in &r.fields {
            let i = given
                .iter()
                .position(|(n, _)| n == name)
                .ok_or_else(|| WasmValueError::MissingField(name.clone()))?;
            out.push((name.clone(), given.swap_remove(i).1));
        }
        if let Some((n, _)) = given.first() {
            return Err(WasmValueError::UnknownField(n.to_string()));
        }
        Ok(Val::Record(out))
    }

    fn make_tuple(ty: &Type, vals: impl IntoIterator<Item = Self>) -> Result<Self, WasmValueError> {
        let Type::Tuple(t) = ty else {
            return Err(wrong(ty, WasmTypeKind::Tuple));
        };
        let vals: Vec<Val> = vals.into_iter().collect();
        if vals.len() != t.types.len() {
            return Err(WasmValueError::WrongNumberOfTupleValues {
                want: t.types.len(),
                got: vals.len(),
            });
        }
        Ok(Val::Tuple(vals))
    }

    fn make_variant(ty: &Type, case: &str, val: Option<Self>) -> Result<Self, WasmValueError> {
        let Type::Variant(v) = ty else {
            return Err(wrong(ty, WasmTypeKind::Variant));
        };
        match (v.cases.get(case), val) {
            (None, _) => Err(WasmValueError::UnknownCase(case.into())),
            (Some(Some(_)), None) => Err(WasmValueError::MissingPayload(case.into())),
            (Some(None), Some(_)) => Err(WasmValueError::UnexpectedPayload(case.into())),
            (Some(_), val) => Ok(Val::Variant(case.into(), val.map(Box::new))),
        }
    }

    fn make_enum(ty: &Type, case: &str) -> Result<Self, WasmValueError> {
        match ty {
            Type::Enum(e) if e.cases.contains(case) => Ok(Val::Enum(case.into())),
            Type::Enum(_) => Err(WasmValueError::UnknownCase(case.into())),
            _ => Err(wrong(ty, WasmTypeKind::Enum)),
        }
    }

    fn make_option(ty: &Type, val: Option<Self>) -> Result<Self, WasmValueError> {
        match ty {
            Type::Option(_) => Ok(Val::Option(val.map(Box::new))),
            _ => Err(wrong(ty, WasmTypeKind::Option)),
        }
    }

    fn make_result(
        ty: &Type,
        val: Result<Option<Self>, Option<Self>>,
    ) -> Result<Self, WasmValueError> {
        let Type::Result(r) = ty else {
            return Err(wrong(ty, WasmTypeKind::Result));
        };
        let check = |side: &str, t: &Option<Type>, v: &Option<Val>| match (t, v) {
            (Some(_), None) => Err(WasmValueError::MissingPayload(side.into())),
            (None, Some(_)) => Err(WasmValueError::UnexpectedPayload(side.into())),
            _ => Ok(()),
        };
        match &val {
            Ok(v) => check("ok", &r.ok, v)?,
            Err(v) => check("err", &r.err, v)?,
        }
        Ok(Val::Result(match val {
            Ok(v) => Ok(v.map(Box::new)),
            Err(v) => Err(v.map(Box::new)),
        }))
    }

    fn make_flags<'a>(
        ty: &Type,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, WasmValueError> {
        let Type::Flags(f) = ty else {
            return Err(wrong(ty, WasmTypeKind::Flags));
        };
        let mut set = vec![false; f.labels.len()];
        for n in names {
            let i = f
                .labels
                .get_index_of(n)
                .ok_or_else(|| WasmValueError::UnknownField(n.into()))?;
            set[i] = true;
        }
        let labels = f
            .labels
            .iter()
            .zip(set)
            .filter(|(_, s)| *s)
            .map(|(l, _)| l.clone());
        Ok(Val::Flags(labels.collect()))
    }

    fn unwrap_bool(&self) -> bool {
        matches!(self, Val::Bool(true))
    }
    fn unwrap_s8(&self) -> i8 {
        match self {
            Val::S8(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_s16(&self) -> i16 {
        match self {
            Val::S16(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_s32(&self) -> i32 {
        match self {
            Val::S32(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_s64(&self) -> i64 {
        match self {
            Val::S64(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_u8(&self) -> u8 {
        match self {
            Val::U8(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_u16(&self) -> u16 {
        match self {
            Val::U16(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_u32(&self) -> u32 {
        match self {
            Val::U32(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_u64(&self) -> u64 {
        match self {
            Val::U64(x) => *x,
            _ => 0,
        }
    }
    fn unwrap_f32(&self) -> f32 {
        match self {
            Val::F32(x) => f32::from_bits(*x),
            _ => 0.0,
        }
    }
    fn unwrap_f64(&self) -> f64 {
        match self {
            Val::F64(x) => f64::from_bits(*x),
            _ => 0.0,
        }
    }
    fn unwrap_char(&self) -> char {
        match self {
            Val::Char(c) => *c,
            _ => '\0',
        }
    }
    fn unwrap_string(&self) -> Cow<'_, str> {
        match self {
            Val::String(s) => Cow::Borrowed(s),
            _ => Cow::Borrowed(""),
        }
    }
    fn unwrap_list(&self) -> Box<dyn Iterator<Item = Cow<'_, Self>> + '_> {
        match self {
            Val::List(vs) => Box::new(vs.iter().map(Cow::Borrowed)),
            Val::Bytes(b) => Box::new(b.iter().map(|x| Cow::Owned(Val::U8(*x)))),
            _ => Box::new(std::iter::empty()),
        }
    }
    fn unwrap_record(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Cow<'_, Self>)> + '_> {
        match self {
            Val::Record(fs) => Box::new(
                fs.iter()
                    .map(|(n, v)| (Cow::Borrowed(n.as_str()), Cow::Borrowed(v))),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }
    fn unwrap_tuple(&self) -> Box<dyn Iterator<Item = Cow<'_, Self>> + '_> {
        match self {
            Val::Tuple(vs) => Box::new(vs.iter().map(Cow::Borrowed)),
            _ => Box::new(std::iter::empty()),
        }
    }
    fn unwrap_variant(&self) -> (Cow<'_, str>, Option<Cow<'_, Self>>) {
        match self {
            Val::Variant(n, p) => (Cow::Borrowed(n.as_str()), p.as_deref().map(Cow::Borrowed)),
            _ => (Cow::Borrowed(""), None),
        }
    }
    fn unwrap_enum(&self) -> Cow<'_, str> {
        match self {
            Val::Enum(n) => Cow::Borrowed(n.as_str()),
            _ => Cow::Borrowed(""),
        }
    }
    fn unwrap_option(&self) -> Option<Cow<'_, Self>> {
        match self {
            Val::Option(p) => p.as_deref().map(Cow::Borrowed),
            _ => None,
        }
    }
    fn unwrap_result(&self) -> Result<Option<Cow<'_, Self>>, Option<Cow<'_, Self>>> {
        match self {
            Val::Result(Ok(p)) => Ok(p.as_deref().map(Cow::Borrowed)),
            Val::Result(Err(p)) => Err(p.as_deref().map(Cow::Borrowed)),
            _ => Ok(None),
        }
    }
    fn unwrap_flags(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            Val::Flags(ls) => Box::new(ls.iter().map(|l| Cow::Borrowed(l.as_str()))),
            _ => Box::new(std::iter::empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> String {
        x.into()
    }

    #[test]
    fn parse_and_print_every_kind() {
        let rec = Type::record(
            Some(s("transfer")),
            vec![
                (s("faucet"), Type::U32),
                (s("amount"), Type::U64),
                (s("memo"), Type::option(Type::String).unwrap()),
            ],
        )
        .unwrap();
        let var = Type::variant(
            None,
            vec![(s("none"), None), (s("some-text"), Some(Type::String))],
        )
        .unwrap();
        let cases: Vec<(Type, &str, Val)> = vec![
            (Type::Bool, "true", Val::Bool(true)),
            (Type::S8, "-128", Val::S8(-128)),
            (Type::U64, "18446744073709551615", Val::U64(u64::MAX)),
            (Type::S64, "-9223372036854775808", Val::S64(i64::MIN)),
            (Type::Char, "'🦀'", Val::Char('🦀')),
            (Type::String, "\"a\\nb\"", Val::String(s("a\nb"))),
            (
                Type::list(Type::U8),
                "[1, 2]",
                Val::List(vec![Val::U8(1), Val::U8(2)]),
            ),
            (
                rec.clone(),
                "{faucet: 7, amount: 100}",
                Val::Record(vec![
                    (s("faucet"), Val::U32(7)),
                    (s("amount"), Val::U64(100)),
                    (s("memo"), Val::Option(None)),
                ]),
            ),
            (
                Type::tuple(vec![Type::U8, Type::Bool]).unwrap(),
                "(1, false)",
                Val::Tuple(vec![Val::U8(1), Val::Bool(false)]),
            ),
            (
                var.clone(),
                "some-text(\"x\")",
                Val::Variant(s("some-text"), Some(Box::new(Val::String(s("x"))))),
            ),
            (var, "%none", Val::Variant(s("none"), None)),
            (
                Type::enum_(None, vec![s("a"), s("b")]).unwrap(),
                "b",
                Val::Enum(s("b")),
            ),
            (
                Type::option(Type::U8).unwrap(),
                "some(3)",
                Val::Option(Some(Box::new(Val::U8(3)))),
            ),
            (
                Type::result(None, Some(Type::String)).unwrap(),
                "err(\"no\")",
                Val::Result(Err(Some(Box::new(Val::String(s("no")))))),
            ),
            (
                Type::result(None, None).unwrap(),
                "ok",
                Val::Result(Ok(None)),
            ),
            (
                Type::flags(None, vec![s("r"), s("w"), s("x")]).unwrap(),
                "{x, r}",
                Val::Flags(vec![s("r"), s("x")]),
            ),
        ];
        for (ty, text, want) in cases {
            let got = parse(&ty, text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got, want, "{text}");
            let printed = print(&got).unwrap();
            assert_eq!(parse(&ty, &printed).unwrap(), want, "{printed}");
        }
    }

    #[test]
    fn bytes_print_and_parse_like_a_list_of_u8() {
        let t = Type::list(Type::U8);
        let text = print(&Val::Bytes(vec![1, 255])).unwrap();
        assert_eq!(
            text,
            print(&Val::List(vec![Val::U8(1), Val::U8(255)])).unwrap()
        );
        assert_eq!(parse(&t, &text).unwrap(), Val::Bytes(vec![1, 255]));
    }

    #[test]
    fn types_print_as_wit() {
        let t = Type::list(Type::option(Type::String).unwrap());
        assert_eq!(type_to_string(&t), "list<option<string>>");
        let r = Type::result(Some(Type::U8), None).unwrap();
        assert_eq!(type_to_string(&r), "result<u8>");
    }

    #[test]
    fn errors() {
        let rec = Type::record(None, vec![(s("a"), Type::U8)]).unwrap();
        assert!(parse(&rec, "{b: 1}").is_err());
        assert!(parse(&rec, "{a: 1, b: 2}").is_err());
        assert!(parse(&Type::U8, "256").is_err());
        assert!(parse(&Type::U8, "1 2").is_err());
        assert!(parse(&Type::flags(None, vec![s("r")]).unwrap(), "{q}").is_err());
        let res = crate::ResourceType {
            name: s("c"),
            wit_id: None,
            index: None,
        };
        assert!(parse(&Type::own(res), "1").is_err());
        assert!(print(&Val::Own(crate::ResourceHandle(1))).is_err());
        let f = FuncType::new(vec![(s("a"), Type::U8), (s("b"), Type::String)], None).unwrap();
        assert_eq!(
            parse_args(&f, &["1", "\"x\""]).unwrap(),
            vec![Val::U8(1), Val::String(s("x"))]
        );
        assert!(matches!(
            parse_args(&f, &["1"]),
            Err(WaveError::Arity { want: 2, got: 1 })
        ));
        assert!(matches!(
            parse_args(&f, &["1", "2"]),
            Err(WaveError::Parse { index: 1, .. })
        ));
    }
}
