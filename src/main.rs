fn main() {
    std::process::exit(planlint::cli::run(std::env::args_os()));
}
