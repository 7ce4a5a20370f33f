//! The keys OpenClaw accepts in a model provider (`models.providers.<id>`) and in one of its
//! models (`models.providers.<id>.models[]`), and their shapes (OpenClaw 2026.9.6's schema;
//! both objects refuse unknown keys).

use super::shape::{MAX_SAFE, Rule};

/// The `api` kinds OpenClaw accepts for a provider or a model.
pub const PROVIDER_APIS: &[&str] = &[
    "openai-completions",
    "openai-responses",
    "openai-chatgpt-responses",
    "anthropic-messages",
    "google-generative-ai",
    "google-vertex",
    "github-copilot",
    "bedrock-converse-stream",
    "ollama",
    "pi-messages",
    "azure-openai-responses",
];

/// The kinds of input a model can take.
pub const MODEL_INPUTS: &[&str] = &["text", "image", "video", "audio"];

/// Every key of a model entry. `id` and `name` are required (checked by the caller).
pub const MODEL: &[(&str, Rule)] = &[
    ("id", Rule::NonEmpty),
    ("name", Rule::NonEmpty),
    ("api", Rule::OneOf(PROVIDER_APIS)),
    ("baseUrl", Rule::NonEmpty),
    ("reasoning", Rule::Bool),
    ("input", Rule::List(&Rule::OneOf(MODEL_INPUTS))),
    ("cost", Rule::Deep),
    ("contextWindow", Rule::Positive),
    ("contextTokens", Rule::Int(1, MAX_SAFE)),
    ("maxTokens", Rule::Positive),
    ("thinkingLevelMap", Rule::Deep),
    ("params", Rule::Map(&Rule::Any)),
    ("agentRuntime", Rule::Deep),
    ("headers", Rule::Map(&Rule::Str)),
    ("compat", Rule::Deep),
    ("mediaInput", Rule::Deep),
    ("metadataSource", Rule::OneOf(&["models-add"])),
];

/// Every key of a provider.
pub const PROVIDER: &[(&str, Rule)] = &[
    ("baseUrl", Rule::Url),
    // A plain key, or a secret reference object ({source, provider, id}).
    ("apiKey", Rule::Either(&Rule::Str, &Rule::Deep)),
    ("auth", Rule::OneOf(&["api-key", "aws-sdk", "oauth", "token"])),
    ("api", Rule::OneOf(PROVIDER_APIS)),
    ("maxTokens", Rule::Positive),
    ("timeoutSeconds", Rule::Int(1, MAX_SAFE)),
    ("region", Rule::NonEmpty),
    ("injectNumCtxForOpenAICompat", Rule::Bool),
    ("params", Rule::Map(&Rule::Any)),
    ("agentRuntime", Rule::Deep),
    ("localService", Rule::Deep),
    ("headers", Rule::Deep),
    ("authHeader", Rule::Bool),
    ("request", Rule::Deep),
    ("models", Rule::List(&Rule::Fields(MODEL))),
];

#[cfg(test)]
mod tests {
    use super::super::shape::{Checked, check};
    use super::*;
    use serde_json::json;

    fn issues(provider: serde_json::Value) -> Vec<String> {
        let mut out = Checked::default();
        check(&Rule::Fields(PROVIDER), &provider, "models.providers.p", &mut out);
        let mut paths: Vec<String> = out.issues.into_iter().map(|i| i.path).collect();
        paths.sort_unstable();
        paths
    }

    #[test]
    fn provider_and_model_keys() {
        let good = json!({"baseUrl": "http://127.0.0.1:1/v1", "api": "anthropic-messages", "apiKey": "k",
            "timeoutSeconds": 5, "models": [{"id": "m", "name": "M", "reasoning": false, "input": ["text", "image"],
            "contextWindow": 128000, "maxTokens": 4096}]});
        assert_eq!(issues(good), Vec::<String>::new());
        let bad = json!({"baseUrl": "localhost", "api": "soap", "timeoutSeconds": 0, "colour": 1,
            "models": [{"id": "m", "name": "M", "input": ["smell"], "temperature": 1}]});
        assert_eq!(
            issues(bad),
            vec![
                "models.providers.p",
                "models.providers.p.api",
                "models.providers.p.baseUrl",
                "models.providers.p.models.0",
                "models.providers.p.models.0.input.0",
                "models.providers.p.timeoutSeconds"
            ]
        );
    }
}
