//! wasmtime's side: the engine, componentizing a core module, finding exports.

use wasmtime::component::{Component, Func, Instance};
use wasmtime::{AsContextMut, Config, Engine};

/// An engine with the component model enabled (synchronous calls only).
pub fn engine() -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    Engine::new(&config)
}

/// Makes a component of a core module carrying `component-type` custom sections (as
/// wit-bindgen emits them) and compiles it, as a wasmtime user would.
pub fn component(engine: &Engine, core: &[u8]) -> wasmtime::Result<Component> {
    let bytes = wit_component::ComponentEncoder::default()
        .module(core)
        .map_err(|e| wasmtime::format_err!("component-type sections: {e:#}"))?
        .validate(true)
        .encode()
        .map_err(|e| wasmtime::format_err!("componentizing: {e:#}"))?;
    Component::new(engine, &bytes)
}

/// The function `name` exported by the instance `iface` of `instance`, if any.
pub fn export_func(
    mut store: impl AsContextMut,
    instance: &Instance,
    iface: &str,
    name: &str,
) -> Option<Func> {
    let iface = instance.get_export_index(&mut store, None, iface)?;
    let idx = instance.get_export_index(&mut store, Some(&iface), name)?;
    instance.get_func(&mut store, idx)
}
