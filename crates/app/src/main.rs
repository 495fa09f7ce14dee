//! The `plantrack` binary.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    plantrack::cli::run().await
}
