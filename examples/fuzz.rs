//! The long fuzz run (`make fuzz`): the pipeline checks of `tests/fuzz/pipeline.rs` on generated
//! folders for a fixed time, in batches with recorded seeds.
//!
//! ```text
//! cargo run --release --features ssr --example fuzz -- [--seconds 600] [--seed N]
//! ```
//!
//! `--seconds` (or `QUIRE_FUZZ_SECONDS`) is how long to run; `--seed N` replays one batch. One
//! worker thread runs per core, each on its own batches; a worker writes its batch's seed to
//! `target/fuzz/last-seed-<worker>` before running it, so a crash that kills the process (a
//! stack overflow) can be replayed too. A failing folder is shrunk and written to
//! `target/fuzz/failures/<seed>/`, to be turned into a seed or a regression test; the run then
//! exits 1.

#[path = "../tests/fuzz/pipeline.rs"]
mod pipeline;

use pipeline::{check, folder, seeds, seeds_dir, Folder};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Folders per batch: one seed each, written down before the batch runs.
const BATCH: u32 = 2_000;

fn main() {
    let mut seconds: u64 = std::env::var("QUIRE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let mut replay: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--seconds", Some(v)) => seconds = v,
            ("--seed", Some(v)) => replay = Some(v),
            _ => {
                eprintln!("usage: fuzz [--seconds N] [--seed N]");
                std::process::exit(2);
            }
        }
    }
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz");
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("fuzz: cannot create {}: {error}", out.display());
        std::process::exit(2);
    }
    let corpus = Arc::new(seeds(&seeds_dir()));
    let workers = if replay.is_some() {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    let folders = AtomicU64::new(0);
    let files = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    // A different start each run; the seeds in the log make any batch repeatable.
    let first = replay.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    });
    println!(
        "fuzz: {} seeds from tests/fuzz/seeds, {workers} workers, batches of {BATCH} folders \
         from seed {first}, {} s",
        corpus.len(),
        if replay.is_some() { 0 } else { seconds }
    );
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let (out, corpus) = (&out, Arc::clone(&corpus));
            let (folders, files, failed) = (&folders, &files, &failed);
            scope.spawn(move || {
                let strategy = folder(corpus);
                // Worker w runs batches first + w, first + w + workers, ...
                let mut batch_seed = first.wrapping_add(worker as u64);
                while !failed.load(Ordering::Relaxed) {
                    let _ = std::fs::write(
                        out.join(format!("last-seed-{worker}")),
                        batch_seed.to_string(),
                    );
                    let result = run_batch(&strategy, batch_seed, folders, files);
                    if let Err(failure) = result {
                        failed.store(true, Ordering::Relaxed);
                        let kept = keep_failure(out, batch_seed, &failure);
                        eprintln!("fuzz: FAILURE in the batch of seed {batch_seed}: {failure}");
                        eprintln!("fuzz: the shrunk folder is in {}", kept.display());
                        return;
                    }
                    if replay.is_some() || Instant::now() >= deadline {
                        return;
                    }
                    batch_seed = batch_seed.wrapping_add(workers as u64);
                }
            });
        }
        // Progress once a minute while the workers run.
        let mut next_report = started + Duration::from_secs(60);
        while Instant::now() < deadline && !failed.load(Ordering::Relaxed) && replay.is_none() {
            std::thread::sleep(Duration::from_millis(200));
            if Instant::now() >= next_report {
                next_report += Duration::from_secs(60);
                report(&folders, &files, started, "so far");
            }
        }
    });
    if failed.load(Ordering::Relaxed) {
        std::process::exit(1);
    }
    report(&folders, &files, started, "no failure");
}

/// Runs one batch of [`BATCH`] folders from `seed`, counting what it checks.
fn run_batch(
    strategy: &impl proptest::strategy::Strategy<Value = Folder>,
    seed: u64,
    folders: &AtomicU64,
    files: &AtomicU64,
) -> Result<(), TestError<Folder>> {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases: BATCH,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &key);
    let mut runner = TestRunner::new_with_rng(config, rng);
    runner.run(strategy, |folder: Folder| {
        folders.fetch_add(1, Ordering::Relaxed);
        files.fetch_add(folder.files.len() as u64, Ordering::Relaxed);
        check(&folder).map_err(TestCaseError::fail)
    })
}

fn report(folders: &AtomicU64, files: &AtomicU64, started: Instant, what: &str) {
    let folders = folders.load(Ordering::Relaxed);
    let files = files.load(Ordering::Relaxed);
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {folders} folders ({files} files through the whole pipeline) in {secs:.0} s, \
         {:.0} files/s; {what}",
        files as f64 / secs.max(0.001)
    );
}

/// Writes the shrunk failing folder under `out/failures/<seed>/` and returns that folder.
fn keep_failure(out: &std::path::Path, seed: u64, failure: &TestError<Folder>) -> PathBuf {
    let dir = out.join("failures").join(seed.to_string());
    let _ = std::fs::create_dir_all(&dir);
    if let TestError::Fail(reason, folder) = failure {
        let _ = std::fs::write(
            dir.join("reason.txt"),
            format!("{reason}\nraw_html mode: {:?}\n", folder.mode),
        );
        for (i, file) in folder.files.iter().enumerate() {
            let _ = std::fs::write(dir.join(format!("{i:02}-{}.md", file.stem)), &file.bytes);
        }
    }
    dir
}
