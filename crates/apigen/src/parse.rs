//! Stage 4, parse: the normalized `serde_json::Value` into the typed `openapiv3` model.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, escape_token};

/// Deserializes the document; an error names the JSON pointer where it stopped.
pub fn parse(doc: &Value, diags: &mut Diagnostics) -> Option<OpenAPI> {
    match serde_path_to_error::deserialize::<_, OpenAPI>(doc) {
        Ok(api) => Some(api),
        Err(e) => {
            let mut pointer = String::new();
            for segment in e.path().iter() {
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
            diags.error(pointer, format!("not a valid OpenAPI 3.0 document here: {}", e.inner()));
            None
        }
    }
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
