//! The process-wide tokio runtime that runs cases and the embedded server.
//!
//! Each `#[tokio::test]` has a runtime of its own that ends with the test. Connections, the
//! client's pool and the embedded server must outlive those, so they live here and each test
//! only waits for its case to finish on this runtime.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

/// The shared runtime, started on first use.
pub fn shared() -> Result<&'static Runtime, String> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            let runtime = Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("s3spec")
                .enable_all()
                .build()
                .map_err(|e| format!("failed to start the s3spec runtime: {e}"))?;
            runtime.spawn(crate::interrupt::on_ctrl_c());
            Ok(runtime)
        })
        .as_ref()
        .map_err(Clone::clone)
}
