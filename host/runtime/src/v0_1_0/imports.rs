//! The capability interfaces of 0.1.0, each delegating to the version-neutral capability in
//! `capabilities/` after converting its types.

use super::bindings::openclaw::buddy::{
    events, http, http_types, kv, log, openclaw_cli, openclaw_config, types, workspace_files,
};
use crate::ctx::ModuleCtx;
use crate::types as neutral;

type Out<T> = wasmtime::Result<Result<T, types::CapError>>;

impl types::Host for ModuleCtx {}
impl http_types::Host for ModuleCtx {}

impl log::Host for ModuleCtx {
    async fn log(&mut self, level: log::Level, message: String) -> wasmtime::Result<()> {
        let level = match level {
            log::Level::Trace => neutral::LogLevel::Trace,
            log::Level::Debug => neutral::LogLevel::Debug,
            log::Level::Info => neutral::LogLevel::Info,
            log::Level::Warn => neutral::LogLevel::Warn,
            log::Level::Error => neutral::LogLevel::Error,
        };
        ModuleCtx::log(self, level, &message);
        Ok(())
    }
}

impl openclaw_cli::Host for ModuleCtx {
    async fn run(&mut self, args: Vec<String>, timeout_ms: Option<u32>) -> Out<openclaw_cli::CliOutput> {
        Ok(self
            .cli_run(args, timeout_ms)
            .await
            .map(|o| openclaw_cli::CliOutput { status: o.status, stdout: o.stdout, stderr: o.stderr })
            .map_err(Into::into))
    }
}

impl openclaw_config::Host for ModuleCtx {
    async fn get(&mut self, pointer: String) -> Out<Option<String>> {
        Ok(self.config_get(pointer).await.map_err(Into::into))
    }

    async fn set(&mut self, pointer: String, value_json: String) -> Out<()> {
        Ok(self.config_set(pointer, value_json).await.map_err(Into::into))
    }

    async fn remove(&mut self, pointer: String) -> Out<()> {
        Ok(self.config_remove(pointer).await.map_err(Into::into))
    }

    async fn state_dir(&mut self) -> Out<String> {
        Ok(self.config_state_dir().map_err(Into::into))
    }
}

impl workspace_files::Host for ModuleCtx {
    async fn read(&mut self, agent_id: String, name: String) -> Out<String> {
        Ok(self.workspace_read(agent_id, name).await.map_err(Into::into))
    }

    async fn write(&mut self, agent_id: String, name: String, content: String) -> Out<()> {
        Ok(self.workspace_write(agent_id, name, content).await.map_err(Into::into))
    }
}

impl http::Host for ModuleCtx {
    async fn fetch(&mut self, request: http::HttpRequest) -> Out<http::HttpResponse> {
        let request = neutral::HttpRequest {
            method: request.method,
            url: request.url,
            headers: request.headers.into_iter().map(Into::into).collect(),
            body: request.body,
            timeout_ms: request.timeout_ms,
        };
        Ok(self
            .http_fetch(request)
            .await
            .map(|r| http::HttpResponse {
                status: r.status,
                headers: r.headers.into_iter().map(Into::into).collect(),
                body: r.body,
            })
            .map_err(Into::into))
    }
}

impl kv::Host for ModuleCtx {
    async fn get(&mut self, key: String) -> Out<Option<Vec<u8>>> {
        Ok(self.kv_get(key).await.map_err(Into::into))
    }

    async fn set(&mut self, key: String, value: Vec<u8>) -> Out<()> {
        Ok(self.kv_set(key, value).await.map_err(Into::into))
    }

    async fn delete(&mut self, key: String) -> Out<()> {
        Ok(self.kv_delete(key).await.map_err(Into::into))
    }

    async fn list_keys(&mut self, prefix: String) -> Out<Vec<String>> {
        Ok(self.kv_list_keys(prefix).await.map_err(Into::into))
    }
}

impl events::Host for ModuleCtx {
    async fn emit(&mut self, event: events::Event) -> Out<()> {
        let event = neutral::ModuleEvent {
            action: event.action,
            target: event.target,
            status: event.status,
            detail: event.detail,
        };
        Ok(self.events_emit(event).await.map_err(Into::into))
    }
}
