use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path) -> ExitCode {
    match ajuda::scaffold::init(dir) {
        Ok(()) => {
            println!(
                "created a new site in {}; build it with: ajuda build --root {}",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot create the site: {e}");
            ExitCode::FAILURE
        }
    }
}
