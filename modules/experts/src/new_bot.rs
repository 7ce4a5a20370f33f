//! The body of `POST /bots/template`, validated field by field so every 400 names its field.

use buddy_sdk::{Request, Response, Value, validate};

use crate::lang::Lang;

/// A validated request to create a bot from a template.
#[derive(Debug)]
pub struct NewBot {
    pub expert_id: String,
    pub bot_id: String,
    pub model: Option<String>,
    pub lang: Lang,
}

impl NewBot {
    /// Reads `{expertId, newBotId, model?, lang?}`; unknown fields are ignored.
    pub fn from_request(req: &Request) -> Result<Self, Response> {
        let body: Value = req.json()?;
        let Some(fields) = body.as_object() else {
            return Err(Response::error(400, "request body must be a JSON object"));
        };
        let field = |name: &str| fields.get(name).filter(|v| !v.is_null());

        let expert_id = required_string(field("expertId"), "expertId")?;
        if !validate::is_id(&expert_id) {
            return Err(bad("expertId", "must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
        }
        let bot_id = required_string(field("newBotId"), "newBotId")?;
        if !validate::is_agent_id(&bot_id) {
            // OpenClaw lower-cases and normalises agent ids; accept only ids it keeps as given.
            return Err(bad("newBotId", "must match ^[a-z0-9][a-z0-9_-]{0,63}$"));
        }
        let model = optional_string(field("model"), "model")?;
        if let Some(m) = &model
            && !validate::is_model_ref(m)
        {
            return Err(bad("model", "must look like provider/model"));
        }
        let lang = optional_string(field("lang"), "lang")?;
        let lang = Lang::parse(lang.as_deref(), "lang")?;
        Ok(Self { expert_id, bot_id, model, lang })
    }
}

fn required_string(value: Option<&Value>, name: &str) -> Result<String, Response> {
    optional_string(value, name)?.ok_or_else(|| bad(name, "is required"))
}

fn optional_string(value: Option<&Value>, name: &str) -> Result<Option<String>, Response> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(name, "must be a string")),
    }
}

fn bad(field: &str, rule: &str) -> Response {
    Response::error(400, format!("`{field}` {rule}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<NewBot, (u16, String)> {
        NewBot::from_request(&Request::new("POST", "/bots/template").with_body(body))
            .map_err(|r| (r.status(), r.message().unwrap_or_default().to_owned()))
    }

    fn rejects(body: &str, field: &str) {
        match parse(body) {
            Err((400, message)) => assert!(message.contains(field), "{message}"),
            other => panic!("{body} gave {other:?}"),
        }
    }

    #[test]
    fn accepts_a_full_body() {
        let bot = parse(r#"{"expertId":"architect","newBotId":"my_dev_lead","model":"fakeai/fake-model","lang":"en"}"#);
        assert!(matches!(bot, Ok(NewBot { ref bot_id, lang: Lang::En, .. }) if bot_id == "my_dev_lead"));
    }

    #[test]
    fn names_the_bad_field() {
        rejects(r#"{"newBotId":"x"}"#, "expertId");
        rejects(r#"{"expertId":5,"newBotId":"x"}"#, "expertId");
        rejects(r#"{"expertId":"a"}"#, "newBotId");
        rejects(r#"{"expertId":"a","newBotId":"My Bot"}"#, "newBotId");
        rejects(r#"{"expertId":"a","newBotId":"-x"}"#, "newBotId");
        rejects(r#"{"expertId":"a","newBotId":"b","model":"gpt4"}"#, "model");
        rejects(r#"{"expertId":"a","newBotId":"b","model":"p/--x"}"#, "model");
        rejects(r#"{"expertId":"a","newBotId":"b","model":7}"#, "model");
        rejects(r#"{"expertId":"a","newBotId":"b","lang":"fr"}"#, "lang");
        assert!(matches!(parse("[]"), Err((400, _))));
    }
}
