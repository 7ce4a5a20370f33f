//! The module families that follow loading rather than calls: `buddy_module_up` for every
//! module found (built-ins and `modules.dir`), and every loaded module's call and limit-hit
//! counters at zero, set after start-up's load and after each reload.

use buddy_runtime::{ModuleHost, ModuleReport};

/// Publishes what `reports` (the runtime's view after a load) says. A module disabled by
/// configuration is not exported: an operator's choice is not a failure to alert on.
pub fn publish(reports: &[ModuleReport]) {
    for report in reports {
        let up = match report.status {
            "loaded" => 1.0,
            "disabled" => continue,
            _ => 0.0,
        };
        metrics::gauge!("buddy_module_up", "module" => report.name.clone()).set(up);
        if up == 1.0 {
            ModuleHost::start_call_series(&report.name);
        }
    }
}
