//! `handle()` called through a typed function whose result keeps the reply's strings in the
//! module's memory ([`WasmStr`]): the host learns their size before copying a byte, so an
//! oversized reply is refused without ever being buffered. The generated `call_handle` would
//! copy both strings out first.

use wasmtime::Store;
use wasmtime::component::{ComponentExportIndex, ComponentType, InstancePre, Lift, WasmStr};

use super::bindings::openclaw::buddy::http_types;
use crate::ctx::ModuleCtx;
use crate::reply;
use crate::types::Reply;

/// The export `openclaw:buddy/handler@0.1.0#handle` of one component.
#[derive(Clone)]
pub struct Handle(ComponentExportIndex);

/// `response` of WIT 0.1.0 with its strings left in place.
#[derive(ComponentType, Lift)]
#[component(record)]
struct LazyResponse {
    #[component(name = "status")]
    status: u16,
    #[component(name = "message")]
    message: Option<WasmStr>,
    #[component(name = "data-json")]
    data_json: Option<WasmStr>,
}

impl Handle {
    /// Finds the export in a linked component.
    pub fn find(pre: &InstancePre<ModuleCtx>) -> wasmtime::Result<Self> {
        let component = pre.component();
        let interface = component
            .get_export_index(None, "openclaw:buddy/handler@0.1.0")
            .ok_or_else(|| wasmtime::Error::msg("no export openclaw:buddy/handler@0.1.0"))?;
        let func = component
            .get_export_index(Some(&interface), "handle")
            .ok_or_else(|| wasmtime::Error::msg("no function handle in openclaw:buddy/handler@0.1.0"))?;
        Ok(Self(func))
    }

    /// Instantiates and calls `handle`, then checks the reply in place and copies it out.
    pub async fn call(
        &self,
        pre: &InstancePre<ModuleCtx>,
        store: &mut Store<ModuleCtx>,
        request: &http_types::Request,
        cap: usize,
    ) -> wasmtime::Result<Reply> {
        let instance = pre.instantiate_async(&mut *store).await?;
        let func = instance.get_typed_func::<(&http_types::Request,), (LazyResponse,)>(&mut *store, &self.0)?;
        let (response,) = func.call_async(&mut *store, (request,)).await?;
        let message = response.message.as_ref().map(|m| m.to_str(&*store)).transpose()?;
        let data_json = response.data_json.as_ref().map(|d| d.to_str(&*store)).transpose()?;
        reply::check(response.status, message.as_deref(), data_json.as_deref(), cap)?;
        Ok(Reply {
            status: response.status,
            message: message.map(|m| m.into_owned()),
            data_json: data_json.map(|d| d.into_owned()),
        })
    }
}
