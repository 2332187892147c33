//! Redis servers for the tests of the Redis throttle: the one `.ci/run` started
//! (`AGENTOS_REDIS_URL`), or a private one started here from `redis-server` on a free loopback
//! port, stopped when dropped.
//!
//! Without a `redis-server` on `PATH` (and no `AGENTOS_REDIS_URL`), the tests that need one
//! print a loud message and return, except in CI (`CI` set), where that is a failure.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Redis for one test.
pub struct Redis {
    /// `redis://127.0.0.1:PORT/`.
    pub url: String,
    own: Option<Server>,
}

/// A `redis-server` process started by a test.
pub struct Server {
    port: u16,
    child: Child,
}

impl Redis {
    /// The shared server when CI started one, else a private one; `None` (after a loud
    /// message) when neither can be had outside CI.
    pub fn shared(test: &str) -> Option<Self> {
        if let Ok(url) = std::env::var("AGENTOS_REDIS_URL") {
            return Some(Self { url, own: None });
        }
        Self::private(test)
    }

    /// A private server (for tests that restart it); `None` as in [`Redis::shared`].
    pub fn private(test: &str) -> Option<Self> {
        match Server::start() {
            Ok(server) => Some(Self {
                url: format!("redis://127.0.0.1:{}/", server.port),
                own: Some(server),
            }),
            Err(why) if std::env::var_os("CI").is_some() => {
                panic!("{test}: CI must run the Redis tests, but {why}")
            }
            Err(why) => {
                eprintln!(
                    "\n!!!!! SKIPPED {test}: {why}. Install Redis (apt-get install redis-server) \
                     to run the Redis throttle tests. !!!!!\n"
                );
                None
            }
        }
    }

    /// Kills the private server (`SIGKILL`: no save, as a crash), waits `down`, starts a new
    /// one on the same port and returns when it answers.
    pub fn crash_and_restart(&mut self, down: Duration) {
        let Some(server) = self.own.as_mut() else {
            panic!("only a private server can be restarted");
        };
        server.kill();
        std::thread::sleep(down);
        let port = server.port;
        *server = Server::start_on(port).unwrap_or_else(|why| panic!("restart: {why}"));
    }
}

/// A loopback port nothing listens on (free when asked).
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| format!("no free port: {e}"))
}

impl Server {
    fn start() -> Result<Self, String> {
        Self::start_on(free_port()?)
    }

    fn start_on(port: u16) -> Result<Self, String> {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            // Never load a dump some other Redis left in the working directory.
            .args(["--dir", &std::env::temp_dir().to_string_lossy()])
            .args(["--dbfilename", &format!("agentos-test-none-{port}.rdb")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("redis-server could not be started: {e}"))?;
        let mut server = Self { port, child };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if ping(port) {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        server.kill();
        Err(format!("redis-server did not answer on port {port}"))
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Whether a Redis answers `PING` on `port`.
fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    if stream.write_all(b"PING\r\n").is_err() {
        return false;
    }
    let mut answer = [0u8; 7];
    stream.read_exact(&mut answer).is_ok() && &answer == b"+PONG\r\n"
}
