//! Stage 4, parse: the normalized `serde_json::Value` into the typed `openapiv3` model.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, escape_token};

/// Deserializes the document; an error names the JSON pointer where it stopped.
pub fn parse(doc: &Value, diags: &mut Diagnostics) -> Option<OpenAPI> {
    match serde_path_to_error::deserialize::<_, OpenAPI>(doc) {
        Ok(api) => Some(api),
        Err(e) => {
            // `openapiv3` reads `paths` with its own deserializer, so the error path
            // stops there; reading each path item on its own finds the exact place.
            if let Some(Value::Object(paths)) = doc.get("paths") {
                for (key, item) in paths.iter().filter(|(_, item)| item.get("$ref").is_none()) {
                    if let Err(inner) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
                        let base = format!("/paths/{}", escape_token(key));
                        diags.error(
                            format!("{base}{}", to_pointer(inner.path())),
                            format!("not a valid OpenAPI 3.0 document here: {}", inner.inner()),
                        );
                        return None;
                    }
                }
            }
            diags.error(to_pointer(e.path()), format!("not a valid OpenAPI 3.0 document here: {}", e.inner()));
            None
        }
    }
}

/// A `serde_path_to_error` path as a JSON pointer.
fn to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_token(key));
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn error_names_the_pointer() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": 5}}}});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(&doc, &mut diags).is_none());
        assert_eq!(diags.items()[0].pointer, "/paths/~1a/get/responses");
    }

    #[test]
    fn valid_document_parses() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(&doc, &mut diags).is_some());
    }
}
