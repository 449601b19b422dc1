//! A crate that awaits every operation of a generated nexus crate once, per tool: what a
//! program using the client compiles. A generated crate can keep its own build short by
//! leaving work to the crates that call it (`#[inline]` and generic code are compiled
//! where they are used), so the bench measures both sides.
//!
//! The operations are read from the generated source with `syn`: `pub` methods of
//! `impl Client` that return a request (apigen) or are `async` (progenitor). Both programs
//! pass every value an operation takes: progenitor's methods take every parameter, and an
//! apigen request sets each optional one through its setter. Each argument is `any()`, a
//! value of the inferred type that is never made: the program is only built (a binary,
//! linked), never run.

use std::path::{Path, PathBuf};

use quote::ToTokens;

/// Which tool wrote the client, and so how its operations look.
#[derive(Clone, Copy)]
pub enum Tool {
    Apigen,
    Progenitor,
}

impl Tool {
    /// The client's source file and its module path, in the crate `bench-client`.
    fn source(self) -> (&'static str, &'static str) {
        match self {
            Tool::Apigen => ("src/bench_client/mod.rs", "::bench_client::bench_client"),
            Tool::Progenitor => ("src/lib.rs", "::bench_client"),
        }
    }

    fn client_new(self, module: &str) -> String {
        match self {
            Tool::Apigen => format!("{module}::Client::new(\"http://localhost\").expect(\"a base URL\")"),
            Tool::Progenitor => format!("{module}::Client::new(\"http://localhost\")"),
        }
    }

    /// Whether `method` of `impl Client` is an operation.
    fn is_operation(self, method: &syn::ImplItemFn) -> bool {
        let public = matches!(method.vis, syn::Visibility::Public(_)) && method.sig.receiver().is_some();
        public
            && match self {
                Tool::Apigen => request_type(&method.sig).is_some(),
                Tool::Progenitor => method.sig.asyncness.is_some(),
            }
    }
}

/// The request builder an apigen client method returns: its type's name, when the return
/// type is a path whose last segment borrows the client (`DiskView<'_>`).
fn request_type(signature: &syn::Signature) -> Option<String> {
    let syn::ReturnType::Type(_, ty) = &signature.output else { return None };
    let syn::Type::Path(path) = &**ty else { return None };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else { return None };
    let borrows = arguments.args.iter().any(|argument| matches!(argument, syn::GenericArgument::Lifetime(_)));
    borrows.then(|| last.ident.to_string())
}

/// Writes the caller crate of the generated crate in `client` into `folder` (with the
/// client's `Cargo.lock`, so both build the same dependencies) and returns how many
/// operations it awaits.
pub fn write(tool: Tool, client: &Path, folder: &Path) -> Result<usize, String> {
    let (file, module) = tool.source();
    let text = std::fs::read_to_string(client.join(file)).map_err(|e| format!("{file}: {e}"))?;
    let parsed = syn::parse_file(&text).map_err(|e| format!("{file}: {e}"))?;
    let calls = operations(tool, &parsed);
    // The client's own dependencies too, so that the types its signatures name
    // (`reqwest::Body`, …) can be named here; its lock file keeps their versions.
    let client_manifest = std::fs::read_to_string(client.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let manifest = format!(
        "[package]\nname = \"caller\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nbench-client = {{ path = {:?} }}\n{}\n[workspace]\n",
        client.display().to_string(),
        dependencies(&client_manifest)
    );
    let main = program(&tool.client_new(module), module, &calls);
    let written = std::fs::create_dir_all(folder.join("src"))
        .and_then(|()| std::fs::write(folder.join("Cargo.toml"), manifest))
        .and_then(|()| std::fs::write(folder.join("src/main.rs"), main))
        .and_then(|()| std::fs::copy(client.join("Cargo.lock"), folder.join("Cargo.lock")).map(drop));
    written.map_err(|e| format!("{}: {e}", folder.display()))?;
    Ok(calls.len())
}

/// The lines of the `[dependencies]` table of `manifest` (paths are relative to the
/// client's folder, which is beside the caller's).
fn dependencies(manifest: &str) -> String {
    let table = manifest.split("\n[").find_map(|part| part.strip_prefix("dependencies]\n")).unwrap_or_default();
    table.lines().filter(|line| !line.trim().is_empty()).map(|line| format!("{line}\n")).collect()
}

/// `client.name(any(), …).await` for every operation, in the order of the source. An
/// apigen request also sets each optional value (`.limit(any())`), as progenitor's methods
/// take every parameter: both programs pass every value the operation takes.
fn operations(tool: Tool, file: &syn::File) -> Vec<String> {
    let impls = || {
        file.items.iter().filter_map(|item| match item {
            syn::Item::Impl(item) if item.trait_.is_none() => Some(item),
            _ => None,
        })
    };
    let named = |item: &syn::ItemImpl, name: &str| match &*item.self_ty {
        syn::Type::Path(path) => path.path.segments.last().is_some_and(|segment| segment.ident == name),
        _ => false,
    };
    let methods = |name: &str| -> Vec<&syn::ImplItemFn> {
        let items = impls().filter(|item| named(item, name)).flat_map(|item| &item.items);
        items.filter_map(|item| if let syn::ImplItem::Fn(method) = item { Some(method) } else { None }).collect()
    };
    let setters = |builder: &str| -> String {
        let setter = |method: &&syn::ImplItemFn| {
            let receiver = method.sig.receiver().map(|receiver| receiver.to_token_stream().to_string());
            let by_value = matches!(receiver.as_deref(), Some("self" | "mut self"));
            let returns_self = matches!(&method.sig.output, syn::ReturnType::Type(_, ty) if ty.to_token_stream().to_string() == "Self");
            matches!(method.vis, syn::Visibility::Public(_)) && by_value && returns_self
        };
        methods(builder).into_iter().filter(setter).map(|method| format!(".{}", arguments(&method.sig))).collect()
    };
    let operations = methods("Client").into_iter().filter(|method| tool.is_operation(method));
    operations
        .map(|method| {
            let chained = request_type(&method.sig).map(|builder| setters(&builder)).unwrap_or_default();
            format!("    let _ = client.{}{chained}.await;", arguments(&method.sig))
        })
        .collect()
}

/// `name(any(), …)`: an argument of type `impl Into<T>`, or of a type parameter bounded
/// by `Into<T>`, is `any::<T>()` (the type cannot be inferred), any other `any()`.
fn arguments(signature: &syn::Signature) -> String {
    let arguments: Vec<String> = signature
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some(argument(&typed.ty, &signature.generics)),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    format!("{}({})", signature.ident, arguments.join(", "))
}

fn argument(ty: &syn::Type, generics: &syn::Generics) -> String {
    let bounds = match ty {
        syn::Type::ImplTrait(bounds) => Some(&bounds.bounds),
        syn::Type::Path(path) => {
            generics.type_params().find(|param| path.path.is_ident(&param.ident)).map(|p| &p.bounds)
        }
        _ => None,
    };
    let into = bounds.into_iter().flatten().find_map(|bound| match bound {
        syn::TypeParamBound::Trait(bound) => bound.path.segments.last().filter(|segment| segment.ident == "Into"),
        _ => None,
    });
    match into.map(|segment| &segment.arguments) {
        Some(syn::PathArguments::AngleBracketed(inner)) => format!("any::<{}>()", inner.args.to_token_stream()),
        _ => "any()".to_owned(),
    }
}

/// The program: `all` awaits every call; `main` polls it once behind a condition that
/// never holds, so that it is compiled whole but never run.
fn program(client_new: &str, module: &str, calls: &[String]) -> String {
    format!(
        "//! Awaits every operation once: built by `cargo xtask bench`, never run.\n\
         #![allow(deprecated, unreachable_code, unused_imports, clippy::all)]\n\n\
         use {module}::types;\n\n\
         fn any<T>() -> T {{\n    panic!(\"this program is only built\")\n}}\n\n\
         async fn all() {{\n    let client = {client_new};\n{}\n}}\n\n\
         fn main() {{\n    if std::env::args().count() > 99 {{\n        \
         let mut context = std::task::Context::from_waker(std::task::Waker::noop());\n        \
         let _ = std::future::Future::poll(std::pin::pin!(all()), &mut context);\n    }}\n}}\n",
        calls.join("\n")
    )
}

/// Where the caller of `tool`'s crate in `nexus` is written.
pub fn folder(nexus: &Path, tool: &str) -> PathBuf {
    nexus.join(format!("caller-{tool}"))
}

#[cfg(test)]
mod tests {
    use super::{Tool, dependencies, operations};

    #[test]
    fn the_caller_depends_on_what_the_client_depends_on() {
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nreqwest = \"0.13\"\n\nuuid = \"1\"\n\n[workspace]\n";
        assert_eq!(dependencies(manifest), "reqwest = \"0.13\"\nuuid = \"1\"\n");
        assert_eq!(dependencies("[package]\nname = \"x\"\n"), "");
    }

    #[test]
    fn each_tool_s_operations_are_called_with_the_types_that_cannot_be_inferred() {
        let apigen = "impl Client {
            pub fn new(base: &str) -> Result<Self, Error> { Client::make(base) }
            pub fn base_url(&self) -> &BaseUrl { self.core.base_url() }
            pub fn get_pet(&self, id: u32, name: impl Into<types::Name>) -> GetPet<'_> { GetPet::new(self, id, name) }
        }
        impl<'a> GetPet<'a> {
            pub fn limit(mut self, value: u32) -> Self { self.limit = Some(value); self }
            pub fn send(self) -> Pending<'a, Pet, GetPetError> { self.request() }
            fn request(self) -> Pending<'a, Pet, GetPetError> { todo() }
        }
        impl Other { pub fn elsewhere(&self) -> Elsewhere<'_> { Elsewhere(self) } }";
        let calls = operations(Tool::Apigen, &syn::parse_file(apigen).expect("Rust"));
        assert_eq!(calls, ["    let _ = client.get_pet(any(), any::<types :: Name>()).limit(any()).await;"]);
        let progenitor = "impl Client {
            pub fn baseurl(&self) -> &String { &self.baseurl }
            pub async fn login<'a, B: Into<reqwest::Body>>(&'a self, name: &'a str, body: B) -> Result<(), Error> { self.send(name, body).await }
        }";
        let calls = operations(Tool::Progenitor, &syn::parse_file(progenitor).expect("Rust"));
        assert_eq!(calls, ["    let _ = client.login(any(), any::<reqwest :: Body>()).await;"]);
    }
}
