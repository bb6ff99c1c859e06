//! A throwaway PostgreSQL cluster for tests: `initdb` in a temporary directory, the
//! server on a free loopback port, stopped and removed when dropped.
//!
//! The binaries are looked up in `$CHORUS_PG_BIN`, then in the newest
//! `/usr/lib/postgresql/*/bin`, then on `PATH`. PostgreSQL refuses to run as root, so
//! when the tests run as root (as CI does) the cluster belongs to the `postgres` user
//! and its commands run as that user. [`Cluster::start_or_skip`] returns `None`, with a
//! message, when PostgreSQL is not installed, so the tests that need it skip.
//!
//! A test binary with many cases shares one cluster, [`Cluster::shared`] (started on
//! first use, stopped when the process exits), and gives each case a database of its
//! own ([`Cluster::create_database`]): a start costs a second or two, a database a
//! tenth of that.

use std::ffi::CString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// A running throwaway cluster.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    owner: Option<(u32, u32)>,
}

impl Cluster {
    /// Starts a cluster, or says why none can be started: `Err` when the binaries are
    /// missing (or the `postgres` user, when running as root); a binary that fails is
    /// a panic with its output, since the machine claims to have PostgreSQL.
    pub fn start() -> Result<Cluster, String> {
        let bin = find_bin().ok_or("PostgreSQL's initdb and pg_ctl were not found")?;
        // SAFETY: geteuid has no preconditions.
        let owner = if unsafe { libc::geteuid() } == 0 {
            Some(postgres_user().ok_or("running as root, and there is no `postgres` user")?)
        } else {
            None
        };
        // The `postgres` user must reach the directory: a root's TMPDIR may be private.
        let dir = unique_dir(if owner.is_some() {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        });
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if let Some((uid, gid)) = owner {
            chown(&dir, uid, gid);
        }
        let cluster = Cluster {
            dir,
            bin,
            port: free_port(),
            owner,
        };
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data(),
                "-U",
                "chorus",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "-N",
            ],
        );
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=50",
            cluster.port,
            cluster.dir.display()
        );
        let log = cluster.dir.join("log").display().to_string();
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                &cluster.data(),
                "-l",
                &log,
                "-w",
                "-t",
                "60",
                "-o",
                &options,
                "start",
            ],
        );
        Ok(cluster)
    }

    /// [`Cluster::start`], or `None` after printing why `test` skips.
    pub fn start_or_skip(test: &str) -> Option<Cluster> {
        match Cluster::start() {
            Ok(c) => Some(c),
            Err(why) => {
                eprintln!("skipped {test}: {why} (install Debian's `postgresql` package)");
                None
            }
        }
    }

    /// The cluster of this test binary, started by the first caller; `None`, after
    /// printing why `test` skips, when PostgreSQL is not installed. It is stopped and
    /// removed when the process exits.
    pub fn shared(test: &str) -> Option<&'static Cluster> {
        static SHARED: OnceLock<Result<Cluster, String>> = OnceLock::new();
        extern "C" fn stop_shared() {
            if let Some(Ok(cluster)) = SHARED.get() {
                cluster.stop();
            }
        }
        let started = SHARED.get_or_init(|| {
            let cluster = Cluster::start();
            if cluster.is_ok() {
                // SAFETY: `stop_shared` is a plain function that never unwinds.
                unsafe { libc::atexit(stop_shared) };
            }
            cluster
        });
        match started {
            Ok(c) => Some(c),
            Err(why) => {
                eprintln!("skipped {test}: {why} (install Debian's `postgresql` package)");
                None
            }
        }
    }

    /// The address of the cluster's `postgres` database, as user `chorus`.
    pub fn url(&self) -> String {
        self.database_url("postgres")
    }

    /// The address of the database `name`, as user `chorus`.
    pub fn database_url(&self, name: &str) -> String {
        format!("postgres://chorus@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates the database `name` (empty, or a copy of `template`, which nobody may be
    /// connected to) and returns its address.
    pub fn create_database(&self, name: &str, template: Option<&str>) -> String {
        let port = self.port.to_string();
        let mut args = vec!["-h", "127.0.0.1", "-p", &port, "-U", "chorus"];
        if let Some(t) = template {
            args.extend(["-T", t]);
        }
        args.push(name);
        self.run("createdb", &args);
        self.database_url(name)
    }

    /// The CPU time the server has used so far, in seconds: its main process and the
    /// backends it has reaped (those still running are left out; read it after their
    /// connections closed).
    pub fn server_cpu_secs(&self) -> Option<f64> {
        let pid = std::fs::read_to_string(self.dir.join("data/postmaster.pid")).ok()?;
        let pid: u32 = pid.lines().next()?.trim().parse().ok()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The fields after the command name (which may hold spaces) end with ')'.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        // utime, stime, cutime, cstime are fields 14 to 17 of the line, 12 to 15 here.
        let ticks: f64 = fields
            .get(11..15)?
            .iter()
            .filter_map(|f| f.parse::<f64>().ok())
            .sum();
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
        (hz > 0).then(|| ticks / hz as f64)
    }

    /// The server's log so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn command(&self, name: &str) -> Command {
        let mut cmd = Command::new(self.bin.join(name));
        cmd.current_dir(&self.dir)
            .stdin(Stdio::null())
            .env("LC_ALL", "C");
        if let Some((uid, gid)) = self.owner {
            cmd.uid(uid).gid(gid);
        }
        cmd
    }

    fn run(&self, name: &str, args: &[&str]) {
        let out = self
            .command(name)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {name}: {e}"));
        assert!(
            out.status.success(),
            "{name} failed: {}\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
    }
}

impl Cluster {
    /// Stops the server and removes its directory (again: nothing).
    fn stop(&self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

fn find_bin() -> Option<PathBuf> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    if let Some(d) = std::env::var_os("CHORUS_PG_BIN").map(PathBuf::from) {
        return has(&d).then_some(d);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, d)| has(d))
        .collect();
    versions.sort();
    if let Some((_, d)) = versions.pop() {
        return Some(d);
    }
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|d| has(d))
}

fn postgres_user() -> Option<(u32, u32)> {
    let name = CString::new("postgres").ok()?;
    // SAFETY: `name` is a valid C string; the returned record is read at once, before any
    // other call could reuse it.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        return None;
    }
    // SAFETY: checked non-null above.
    let pw = unsafe { &*pw };
    Some((pw.pw_uid, pw.pw_gid))
}

fn chown(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid))
        .unwrap_or_else(|e| panic!("cannot give {} to postgres: {e}", path.display()));
}

fn unique_dir(base: PathBuf) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    base.join(format!("chorus-pg-{}-{n}-{nanos}", std::process::id()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free loopback port: {e}"))
}
