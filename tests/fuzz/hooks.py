"""Checks for the contract fuzzing of OpenClaw Buddy's API, beside schemathesis' built-in ones
(no 5xx, and status, content type and body as the document says): every error outside the
passthrough routes is Buddy's envelope with code == HTTP status."""

import json

import schemathesis

PASSTHROUGH = ("/v1/openclaw/chat/completions", "/v1/proxy", "/metrics", "/v1/docs", "/")


@schemathesis.check
def errors_are_enveloped(ctx, response, case):
    if response.status_code < 400 or case.formatted_path.startswith(PASSTHROUGH[:3]):
        return
    try:
        body = json.loads(response.text)
    except ValueError as e:
        raise AssertionError(f"{case.method} {case.formatted_path}: error body is not JSON: {response.text[:200]}") from e
    if not (isinstance(body, dict) and body.get("code") == response.status_code and isinstance(body.get("message"), str)):
        raise AssertionError(f"{case.method} {case.formatted_path}: not the envelope: {response.text[:200]}")
