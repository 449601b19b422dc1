//! An enum's variants gain documentation: matching them is unchanged.

pub fn witness(token: &api::enum_variant_docs_added::types::TokenResponse) -> bool {
    use api::enum_variant_docs_added::types::TokenResponsePlan;
    matches!(token.plan, Some(TokenResponsePlan::Pro))
}
