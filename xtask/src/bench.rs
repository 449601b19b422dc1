//! `cargo xtask bench`: generation and rebuild side by side with progenitor (in
//! `versus.rs`), how generation time and
//! peak memory grow with the size of synthetic documents, the token cache's hot path,
//! its latency while a refresh is in flight, and its single flight, each against a
//! baseline measured in the same run, reported as ratios.
//!
//! Run with `cargo xtask bench` (it builds this task in release mode itself).

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use apigen_runtime::token::{AccessToken, BoxFuture, Clock, RefreshPolicy, TokenCache, TokenError, TokenSource};
use chrono::{DateTime, Utc};

/// A source that answers from memory after `delay`, counting fetches.
struct Memory {
    delay: Duration,
    fetches: AtomicU64,
}

impl TokenSource for Memory {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let delay = self.delay;
        Box::pin(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Ok(AccessToken::new("bench-token", "Bearer", Some(now + chrono::Duration::hours(1))))
        })
    }
}

/// Answers the first fetch at once; every later fetch never answers, so a refresh
/// started after the first stays in flight for as long as the cache lives.
struct HeldAfterFirst {
    fetches: AtomicU64,
}

impl TokenSource for HeldAfterFirst {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        if self.fetches.fetch_add(1, Ordering::Relaxed) > 0 {
            return Box::pin(std::future::pending());
        }
        Box::pin(async move { Ok(AccessToken::new("bench-token", "Bearer", Some(now + chrono::Duration::hours(1)))) })
    }
}

/// The system clock moved forward by a settable number of seconds (to open the
/// refresh window without waiting an hour).
#[derive(Default)]
struct ShiftedClock {
    seconds: std::sync::atomic::AtomicI64,
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::seconds(self.seconds.load(Ordering::Relaxed))
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Median nanoseconds per operation of `op` over `runs` runs of `iterations`.
fn per_op(runs: usize, iterations: u64, mut op: impl FnMut(u64) -> Duration) -> f64 {
    let mut samples: Vec<f64> = (0..runs).map(|_| op(iterations).as_nanos() as f64 / iterations as f64).collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Builds a synthetic document at a scale.
type Synthesize = fn(usize) -> String;

/// The synthetic documents of the growth measurement: a name and the document at a
/// scale (1, 4, 16).
const FAMILIES: [(&str, Synthesize); 2] = [("operations", many_operations), ("descriptions", long_descriptions)];

/// The scales measured, each four times the one before.
const SCALES: [usize; 3] = [1, 4, 16];

/// A JSON document with `operations` operations, each with a path parameter, a
/// description of `description` bytes and a response schema of its own.
fn synthetic(operations: usize, description: usize) -> String {
    let sentence = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
    let prose = sentence.repeat(description / sentence.len() + 1);
    let prose = &prose[..description];
    let paths: Vec<String> = (0..operations)
        .map(|i| {
            format!(
                r##""/items{i}/{{id}}":{{"get":{{"operationId":"getItem{i}","summary":"Get item {i}","description":"Returns item {i}. {prose}","parameters":[{{"name":"id","in":"path","required":true,"schema":{{"type":"string"}}}}],"responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/Item{i}"}}}}}}}}}}}}}}"##
            )
        })
        .collect();
    let schemas: Vec<String> = (0..operations)
        .map(|i| {
            format!(
                r#""Item{i}":{{"type":"object","required":["id"],"properties":{{"id":{{"type":"string"}},"count":{{"type":"integer","format":"int32"}},"tags":{{"type":"array","items":{{"type":"string"}}}}}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Synthetic","version":"1"}},"paths":{{{}}},"components":{{"schemas":{{{}}}}}}}"#,
        paths.join(","),
        schemas.join(",")
    )
}

/// 1,250 operations per scale step (16×: 20,000 operations, 13 MB).
fn many_operations(scale: usize) -> String {
    synthetic(1_250 * scale, 100)
}

/// 50 operations whose descriptions total 3 MB per scale step (16×: 48 MB).
fn long_descriptions(scale: usize) -> String {
    synthetic(50, 61_440 * scale)
}

/// What one generation of a synthetic document cost, measured in a process of its own.
struct Cost {
    bytes: usize,
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

/// The child side: generates `family` at `scale` once and prints its size, wall and CPU
/// seconds and peak resident memory (MB, of the whole process: the text included).
pub fn measure_child(family: &str, scale: &str) -> std::process::ExitCode {
    let (Some((_, build)), Ok(scale)) = (FAMILIES.iter().find(|(name, _)| *name == family), scale.parse()) else {
        eprintln!("usage: bench-child <family> <scale>");
        return std::process::ExitCode::from(2);
    };
    let text = build(scale);
    let bytes = text.len();
    let spec = apigen::SourceText { name: "synthetic.json".into(), text };
    let (cpu_before, started) = (cpu_seconds(), Instant::now());
    let result = apigen::generate_source("synthetic", &spec, None);
    let (wall, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu_before);
    let peak_mb = status_kb("VmHWM:") / 1024.0;
    match result {
        Ok(_) => {
            println!("{bytes} {wall} {cpu} {peak_mb}");
            std::process::ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("synthetic {family} ×{scale} did not generate: {}", errors[0]);
            std::process::ExitCode::FAILURE
        }
    }
}

/// A `kB` line of `/proc/self/status` (Linux), in kB; 0 elsewhere.
fn status_kb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|line| line.starts_with(key)).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).unwrap_or(0.0)
}

/// User plus system CPU time of this process (`/proc/self/stat`, Linux), in seconds.
/// Unlike wall time it does not count waiting for a shared machine's other work.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are
    // the 12th and 13th, in clock ticks of 1/100 s on Linux.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: Vec<f64> = after.split_whitespace().skip(11).take(2).filter_map(|t| t.parse().ok()).collect();
    ticks.iter().sum::<f64>() / 100.0
}

/// Runs of each growth measurement; the fastest counts (the others waited for the
/// shared machine's other work). Peak memory does not vary between runs.
const RUNS: usize = 5;

/// One measurement in a process of its own.
fn child(exe: &std::path::Path, family: &str, scale: usize) -> Option<Cost> {
    let output = std::process::Command::new(exe).args(["bench-child", family, &scale.to_string()]).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let numbers: Vec<f64> = text.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    (output.status.success() && numbers.len() == 4).then(|| Cost {
        bytes: numbers[0] as usize,
        wall: numbers[1],
        cpu: numbers[2],
        peak_mb: numbers[3],
    })
}

/// The run with the least CPU time.
fn fastest(runs: Vec<Cost>) -> Cost {
    runs.into_iter().min_by(|a, b| a.cpu.total_cmp(&b.cpu)).expect("at least one run")
}

/// Generation of synthetic documents of 1×, 4× and 16× the size, each in a fresh process
/// (so that its peak memory is its own): time and peak memory, and how they grow.
fn growth() -> bool {
    println!(
        "growth with document size (fastest of {RUNS} runs, each in a process of its own; peak resident memory of the whole process)"
    );
    println!();
    println!("| document | size | wall | CPU | CPU growth | peak memory | memory growth | peak / size |");
    println!("|---|---|---|---|---|---|---|---|");
    let exe = std::env::current_exe().expect("the running task");
    let mut fine = true;
    for (family, _) in FAMILIES {
        let mut previous: Option<Cost> = None;
        for scale in SCALES {
            let parsed = (0..RUNS).map(|_| child(&exe, family, scale)).collect::<Option<Vec<Cost>>>().map(fastest);
            let Some(cost) = parsed else {
                println!("| {family} ×{scale} | failed | | | | | | |");
                fine = false;
                continue;
            };
            let growth = |now: f64, before: Option<f64>| before.map_or("".into(), |b| format!("{:.2}x", now / b));
            let mb = cost.bytes as f64 / 1e6;
            println!(
                "| {family} ×{scale} | {mb:.1} MB | {:.2} s | {:.2} s | {} | {:.0} MB | {} | {:.1}x |",
                cost.wall,
                cost.cpu,
                growth(cost.cpu, previous.as_ref().map(|p| p.cpu)),
                cost.peak_mb,
                growth(cost.peak_mb, previous.as_ref().map(|p| p.peak_mb)),
                cost.peak_mb / mb
            );
            previous = Some(cost);
        }
    }
    println!();
    fine
}

pub fn run() -> std::process::ExitCode {
    crate::versus::run(&crate::root());
    if !growth() {
        return std::process::ExitCode::FAILURE;
    }
    if cfg!(debug_assertions) {
        eprintln!("note: built without optimisations; `cargo xtask bench` re-runs itself in release mode");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let hot = hot_path(&runtime);
    let refresh = during_refresh(&runtime);
    let flight = single_flight(&runtime);
    report_token_cache(hot, refresh, flight)
}

/// Runs of each token-cache measurement (the median counts).
const TOKEN_RUNS: usize = 9;

/// Calls per run of a token-cache measurement.
const ITERATIONS: u64 = 2_000_000;

/// Callers of the single-flight measurement.
const CALLERS: u64 = 1000;

/// A cache hit, and its two baselines: a lock-and-clone floor and no cache at all
/// (nanoseconds per call).
fn hot_path(runtime: &tokio::runtime::Runtime) -> (f64, f64, f64) {
    // Hot path: a cached, fresh token.
    let cache = TokenCache::new(Memory { delay: Duration::ZERO, fetches: AtomicU64::new(0) });
    runtime.block_on(cache.token()).expect("first fetch");
    let hit = per_op(TOKEN_RUNS, ITERATIONS, |n| {
        runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..n {
                black_box(cache.token().await.ok());
            }
            started.elapsed()
        })
    });
    // Baseline 1: the least any shared cache does: a read lock and an Arc clone.
    let floor = RwLock::new(Some(Arc::new(AccessToken::new("bench-token", "Bearer", None))));
    let lock_clone = per_op(TOKEN_RUNS, ITERATIONS, |n| {
        let started = Instant::now();
        for _ in 0..n {
            black_box(floor.read().expect("lock").clone());
        }
        started.elapsed()
    });
    // Baseline 2: no cache, an in-memory source asked every time (no network at all).
    let source = Memory { delay: Duration::ZERO, fetches: AtomicU64::new(0) };
    let uncached = per_op(TOKEN_RUNS, ITERATIONS / 10, |n| {
        runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..n {
                black_box(source.fetch(Utc::now()).await.ok());
            }
            started.elapsed()
        })
    });

    (hit, lock_clone, uncached)
}

/// `token()` on the same clock before and while a refresh is in flight (nanoseconds),
/// and how many fetches the source saw.
fn during_refresh(runtime: &tokio::runtime::Runtime) -> (f64, f64, u64) {
    // During a refresh: the window is open and the background request never answers;
    // `token()` still serves the current token. Baseline: a hit on the same clock.
    let clock = Arc::new(ShiftedClock::default());
    let held = TokenCache::new(HeldAfterFirst { fetches: AtomicU64::new(0) }).with_clock(clock.clone()).with_policy(
        RefreshPolicy {
            request_timeout: Duration::from_secs(3600),
            deadline: Duration::from_secs(3600),
            ..RefreshPolicy::default()
        },
    );
    runtime.block_on(held.token()).expect("first fetch");
    let timed = |cache: &TokenCache<HeldAfterFirst>| {
        per_op(TOKEN_RUNS, ITERATIONS, |n| {
            runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..n {
                    black_box(cache.token().await.ok());
                }
                started.elapsed()
            })
        })
    };
    let shifted_hit = timed(&held);
    clock.seconds.store(59 * 60 + 30, Ordering::Relaxed);
    let during = timed(&held);
    let background_fetches = held.source().fetches.load(Ordering::Relaxed);
    drop(held);

    (shifted_hit, during, background_fetches)
}

/// Time and fetches of `CALLERS` callers on an empty cache, and of each calling the
/// source itself.
fn single_flight(runtime: &tokio::runtime::Runtime) -> ((Duration, u64), (Duration, u64)) {
    // Contention: 1,000 callers on an empty cache; the source takes 5 ms.
    let delay = Duration::from_millis(5);
    let flight = |cached: bool| {
        runtime.block_on(async {
            let source = Arc::new(Memory { delay, fetches: AtomicU64::new(0) });
            let cache = Arc::new(TokenCache::new(source.clone()));
            let started = Instant::now();
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..CALLERS {
                let (cache, source) = (cache.clone(), source.clone());
                tasks.spawn(async move {
                    if cached {
                        cache.token().await.map(|_| ()).map_err(|e| e.to_string())
                    } else {
                        source.fetch(Utc::now()).await.map(|_| ()).map_err(|e| e.to_string())
                    }
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.expect("task").expect("token");
            }
            (started.elapsed(), source.fetches.load(Ordering::Relaxed))
        })
    };
    let median = |cached: bool| {
        let mut samples: Vec<(Duration, u64)> = (0..TOKEN_RUNS).map(|_| flight(cached)).collect();
        samples.sort();
        samples[samples.len() / 2]
    };
    let (single, single_fetches) = median(true);
    let (each, each_fetches) = median(false);

    ((single, single_fetches), (each, each_fetches))
}

/// Prints the token-cache table; fails when the single flight or the background refresh
/// made more requests than one.
fn report_token_cache(
    (hit, lock_clone, uncached): (f64, f64, f64),
    (shifted_hit, during, background_fetches): (f64, f64, u64),
    ((single, single_fetches), (each, each_fetches)): ((Duration, u64), (Duration, u64)),
) -> std::process::ExitCode {
    println!("token cache benchmark (median of {TOKEN_RUNS} runs, 2 worker threads)");
    println!();
    println!("| measurement | result | baseline | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| cache hit, `TokenCache::token()` | {hit:.1} ns | RwLock read + Arc clone: {lock_clone:.1} ns | {:.2}x |",
        hit / lock_clone
    );
    println!(
        "| cache hit vs no cache | {hit:.1} ns | in-memory source every call: {uncached:.1} ns | {:.3}x |",
        hit / uncached
    );
    println!(
        "| `token()` while a refresh is in flight (window open, request held) | {during:.1} ns, {} background request(s) | cache hit, same clock: {shifted_hit:.1} ns | {:.2}x |",
        background_fetches - 1,
        during / shifted_hit
    );
    println!(
        "| {CALLERS} callers, empty cache, 5 ms source | {:.2} ms, {single_fetches} fetch(es) | each caller fetches: {:.2} ms, {each_fetches} fetches | {:.2}x time, {:.4}x fetches |",
        single.as_secs_f64() * 1e3,
        each.as_secs_f64() * 1e3,
        single.as_secs_f64() / each.as_secs_f64(),
        single_fetches as f64 / each_fetches as f64
    );
    if single_fetches != 1 {
        eprintln!("single flight broken: {single_fetches} fetches");
        return std::process::ExitCode::FAILURE;
    }
    if background_fetches != 2 {
        eprintln!("refresh during the window: {} background requests, expected 1", background_fetches - 1);
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
