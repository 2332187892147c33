#[path = "../benches/support/synth.rs"]
mod synth;
use std::time::Instant;
fn main() {
    let text = serde_json::to_string(&synth::document(2000)).unwrap();
    let doc = agentos_codegen::load::load_str(&text, "s").unwrap();
    let api = agentos_codegen::lower::lower(&doc, &Default::default()).unwrap();
    let specs = [agentos_codegen::ir::Spec { module: None, origin: "s".into(), api }];
    let t = Instant::now();
    let tokens = agentos_codegen::emit::tokens(&specs).unwrap();
    println!("tokens {:?}", t.elapsed());
    let t = Instant::now();
    let s = tokens.to_string();
    println!("to_string {:?} {} bytes", t.elapsed(), s.len());
    let t = Instant::now();
    let file: syn::File = syn::parse2(tokens).unwrap();
    println!("parse2 {:?}", t.elapsed());
    let t = Instant::now();
    let out = prettyplease::unparse(&file);
    println!("unparse {:?} {} bytes", t.elapsed(), out.len());
    let t = Instant::now();
    let file2: syn::File = syn::parse_str(&s).unwrap();
    println!("parse_str {:?}", t.elapsed());
    drop(file2);
}
