//! The `cbterm` binary: parse the command line and run it.

use clap::Parser;

fn main() -> std::process::ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("error: {e}");
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = cbterm::cli::Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return std::process::ExitCode::from(4);
        }
    };
    let code = runtime.block_on(cbterm::cli::run(cli));
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(1))
}
