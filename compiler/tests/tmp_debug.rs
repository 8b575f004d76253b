#[test]
fn debug_file() {
    let wat = std::fs::read_to_string(std::env::var("WAT").unwrap()).unwrap();
    let wasm = wat::parse_str(&wat).unwrap();
    let r = rivet_compiler::compile(&wasm, &rivet_compiler::CompileOptions::default());
    println!("{:?}", r.map(|_| ()));
}
