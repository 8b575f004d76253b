//! Building [`Type`]s from wit-parser's `Resolve`.
//!
//! Type definitions are memoized by `TypeId` so a definition used many times is built
//! once and shared (layout included); type aliases (`type t = u32;`, `use` of a type) are
//! followed. Recursion depth is bounded so hostile WIT cannot overflow the host stack.

use std::collections::HashMap;

use wit_parser::{Handle, Resolve, TypeDefKind, TypeId};

use crate::error::CabiError;
use crate::types::{ResourceType, Type};

/// Deepest nesting of type constructors and aliases accepted from WIT.
pub const MAX_WIT_DEPTH: usize = 100;

/// Converts wit-parser types, remembering the definitions it has converted.
pub struct WitTypes<'r> {
    resolve: &'r Resolve,
    cache: HashMap<TypeId, Type>,
}

impl Type {
    /// Converts one wit-parser type (use [`WitTypes`] to share work across many).
    pub fn from_wit(resolve: &Resolve, ty: &wit_parser::Type) -> Result<Type, CabiError> {
        WitTypes::new(resolve).convert(ty)
    }
}

impl<'r> WitTypes<'r> {
    /// A converter over `resolve`.
    pub fn new(resolve: &'r Resolve) -> Self {
        WitTypes {
            resolve,
            cache: HashMap::new(),
        }
    }

    /// Converts `ty`.
    pub fn convert(&mut self, ty: &wit_parser::Type) -> Result<Type, CabiError> {
        self.ty(ty, 0)
    }

    fn ty(&mut self, ty: &wit_parser::Type, depth: usize) -> Result<Type, CabiError> {
        use wit_parser::Type as W;
        Ok(match ty {
            W::Bool => Type::Bool,
            W::U8 => Type::U8,
            W::U16 => Type::U16,
            W::U32 => Type::U32,
            W::U64 => Type::U64,
            W::S8 => Type::S8,
            W::S16 => Type::S16,
            W::S32 => Type::S32,
            W::S64 => Type::S64,
            W::Char => Type::Char,
            W::String => Type::String,
            W::F32 => Type::F32,
            W::F64 => Type::F64,
            W::ErrorContext => return Err(CabiError::UnsupportedType("error-context".into())),
            W::Id(id) => self.def(*id, depth)?,
        })
    }

    fn opt(
        &mut self,
        ty: &Option<wit_parser::Type>,
        depth: usize,
    ) -> Result<Option<Type>, CabiError> {
        ty.as_ref().map(|t| self.ty(t, depth)).transpose()
    }

    fn def(&mut self, id: TypeId, depth: usize) -> Result<Type, CabiError> {
        if let Some(t) = self.cache.get(&id) {
            return Ok(t.clone());
        }
        if depth >= MAX_WIT_DEPTH {
            return Err(CabiError::InvalidType(format!(
                "types nest deeper than {MAX_WIT_DEPTH}"
            )));
        }
        let d = depth + 1;
        let def = self
            .resolve
            .types
            .get(id)
            .ok_or_else(|| CabiError::InvalidType(format!("unknown type id {id:?}")))?;
        let name = def.name.clone();
        let t = match &def.kind {
            TypeDefKind::Record(r) => {
                let mut fields = Vec::with_capacity(r.fields.len());
                for f in &r.fields {
                    fields.push((f.name.clone(), self.ty(&f.ty, d)?));
                }
                Type::record(name, fields)?
            }
            TypeDefKind::Tuple(t) => {
                let mut types = Vec::with_capacity(t.types.len());
                for ty in &t.types {
                    types.push(self.ty(ty, d)?);
                }
                Type::tuple(types)?
            }
            TypeDefKind::Variant(v) => {
                let mut cases = Vec::with_capacity(v.cases.len());
                for c in &v.cases {
                    cases.push((c.name.clone(), self.opt(&c.ty, d)?));
                }
                Type::variant(name, cases)?
            }
            TypeDefKind::Enum(e) => {
                Type::enum_(name, e.cases.iter().map(|c| c.name.clone()).collect())?
            }
            TypeDefKind::Flags(f) => {
                Type::flags(name, f.flags.iter().map(|c| c.name.clone()).collect())?
            }
            TypeDefKind::Option(t) => Type::option(self.ty(t, d)?)?,
            TypeDefKind::Result(r) => Type::result(self.opt(&r.ok, d)?, self.opt(&r.err, d)?)?,
            TypeDefKind::List(t) => Type::list(self.ty(t, d)?),
            TypeDefKind::Type(t) => self.ty(t, d)?,
            TypeDefKind::Handle(Handle::Own(r)) => Type::own(self.resource(*r, d)?),
            TypeDefKind::Handle(Handle::Borrow(r)) => Type::borrow(self.resource(*r, d)?),
            other => return Err(CabiError::UnsupportedType(other.as_str().to_string())),
        };
        self.cache.insert(id, t.clone());
        Ok(t)
    }

    /// Follows aliases from a handle's target to the `resource` definition.
    fn resource(&self, mut id: TypeId, depth: usize) -> Result<ResourceType, CabiError> {
        for _ in depth..MAX_WIT_DEPTH {
            let def = self
                .resolve
                .types
                .get(id)
                .ok_or_else(|| CabiError::InvalidType(format!("unknown type id {id:?}")))?;
            match &def.kind {
                TypeDefKind::Resource => {
                    return Ok(ResourceType {
                        name: def.name.clone().unwrap_or_else(|| "resource".into()),
                        wit_id: Some(id),
                        index: None,
                    })
                }
                TypeDefKind::Type(wit_parser::Type::Id(next)) => id = *next,
                other => {
                    return Err(CabiError::InvalidType(format!(
                        "handle to a {} instead of a resource",
                        other.as_str()
                    )))
                }
            }
        }
        Err(CabiError::InvalidType(format!(
            "types nest deeper than {MAX_WIT_DEPTH}"
        )))
    }
}
