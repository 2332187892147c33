//! The rolling-window throttle on tokio's paused clock: minutes of simulated time in
//! milliseconds of real time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use agentos_runtime::{RollingWindow, Throttle};
use tokio::time::Instant;

const WINDOW: Duration = Duration::from_secs(60);
const S: fn(u64) -> Duration = Duration::from_secs;

/// The most requests whose `[start, end]` span touches any one window `[t, t + W)`.
///
/// The server counts a request at its arrival, somewhere inside that span, so this is the
/// worst case the server can see. The maximum is reached at a window starting at some `end`.
fn most_in_any_window(spans: &[(Instant, Instant)], window: Duration) -> usize {
    spans
        .iter()
        .map(|&(_, t)| {
            spans
                .iter()
                .filter(|&&(start, end)| start < t + window && end >= t)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn five_hundred_requests_never_exceed_50_per_window_and_take_the_minimum_time() {
    let throttle = RollingWindow::new(50, WINDOW).unwrap();
    let t0 = Instant::now();
    let mut sent = Vec::with_capacity(500);
    for _ in 0..500 {
        let permit = throttle.acquire().await;
        sent.push(Instant::now());
        drop(permit);
    }
    let spans: Vec<_> = sent.iter().map(|&t| (t, t)).collect();
    assert_eq!(most_in_any_window(&spans, WINDOW), 50);
    // 500 requests at 50 per window: bursts at 0, 60, ..., 540 s.
    let minimum = S(540);
    let took = sent[499] - t0;
    assert!(took >= minimum, "faster than the rule allows: {took:?}");
    assert!(
        took <= minimum.mul_f64(1.01),
        "more than 1% over the minimum: {took:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn sixty_four_concurrent_tasks_never_exceed_the_limit() {
    let throttle = RollingWindow::new(50, WINDOW).unwrap();
    let spans = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..64u64)
        .map(|task| {
            let throttle = throttle.clone();
            let spans = Arc::clone(&spans);
            tokio::spawn(async move {
                let mut rng = fastrand::Rng::with_seed(task);
                for _ in 0..6 {
                    let permit = throttle.acquire().await;
                    let start = Instant::now();
                    // The request is in flight for up to 3 s.
                    tokio::time::sleep(Duration::from_millis(rng.u64(0..3000))).await;
                    let end = Instant::now();
                    drop(permit);
                    spans.lock().unwrap().push((start, end));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let spans = spans.lock().unwrap();
    assert_eq!(spans.len(), 64 * 6);
    let most = most_in_any_window(&spans, WINDOW);
    assert!(most <= 50, "{most} requests in one window");
    assert_eq!(most, 50, "the throttle should use the whole limit");
}

#[tokio::test(start_paused = true)]
async fn clones_share_one_log() {
    let a = RollingWindow::new(3, S(10)).unwrap();
    let b = a.clone();
    let t0 = Instant::now();
    for _ in 0..3 {
        drop(a.acquire().await);
    }
    drop(b.acquire().await);
    assert_eq!(t0.elapsed(), S(10), "the clone saw the 3 slots taken");
}

#[tokio::test(start_paused = true)]
async fn nothing_is_acquired_during_a_pause() {
    let throttle = RollingWindow::new(50, WINDOW).unwrap();
    let other = throttle.clone();
    let t0 = Instant::now();
    throttle.pause(S(30)).await;
    // A shorter pause does not shorten it.
    throttle.pause(S(5)).await;
    let early = tokio::time::timeout(S(30) - Duration::from_millis(1), other.acquire()).await;
    assert!(early.is_err(), "acquired during the pause");
    drop(other.acquire().await);
    assert_eq!(t0.elapsed(), S(30));
    // After the pause the window is free again.
    drop(throttle.acquire().await);
    assert_eq!(t0.elapsed(), S(30));
}

#[tokio::test(start_paused = true)]
async fn a_pause_during_a_wait_extends_it() {
    let throttle = RollingWindow::new(1, S(10)).unwrap();
    let t0 = Instant::now();
    drop(throttle.acquire().await);
    let waiter = {
        let throttle = throttle.clone();
        tokio::spawn(async move {
            drop(throttle.acquire().await);
            Instant::now()
        })
    };
    tokio::time::sleep(S(1)).await;
    throttle.pause(S(20)).await;
    assert_eq!(waiter.await.unwrap() - t0, S(21));
}

#[tokio::test(start_paused = true)]
async fn slots_in_flight_count_and_expire_a_window_after_completion() {
    let throttle = RollingWindow::new(2, WINDOW).unwrap();
    let t0 = Instant::now();
    let first = throttle.acquire().await;
    let second = throttle.acquire().await;
    let third = {
        let throttle = throttle.clone();
        tokio::spawn(async move {
            drop(throttle.acquire().await);
            Instant::now()
        })
    };
    // Both requests are still in flight long after a window has passed since they started.
    tokio::time::sleep(S(100)).await;
    assert!(!third.is_finished());
    drop(first); // completes at 100 s ...
    tokio::time::sleep(S(5)).await;
    drop(second);
    // ... so its slot is free at 160 s, not at 60 s.
    assert_eq!(third.await.unwrap() - t0, S(160));
}

#[tokio::test(start_paused = true)]
async fn waiters_are_served_first_come_first_served() {
    let throttle = RollingWindow::new(1, S(1)).unwrap();
    let order = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let throttle = throttle.clone();
            let order = Arc::clone(&order);
            tokio::spawn(async move {
                drop(throttle.acquire().await);
                order.lock().unwrap().push(i);
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(*order.lock().unwrap(), (0..8).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn acquire_reports_how_long_it_waited() {
    let throttle = RollingWindow::new(1, S(7)).unwrap();
    assert_eq!(throttle.acquire().await.waited(), Duration::ZERO);
    assert_eq!(throttle.acquire().await.waited(), S(7));
}
