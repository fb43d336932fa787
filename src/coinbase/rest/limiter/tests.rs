//! Limiter tests on tokio's paused clock: time only moves when every task waits, so the
//! counts below are exact, not wall-clock timing.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use tokio::sync::mpsc;

use super::*;

/// Spawns one waiter per priority (in the given order) and returns them in grant order.
async fn grant_order(limiter: Arc<Limiter>, order: &[Priority]) -> Vec<Priority> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    for &priority in order {
        let (limiter, tx) = (limiter.clone(), tx.clone());
        tokio::spawn(async move {
            limiter.acquire(priority).await;
            tx.send(priority).unwrap();
        });
        tokio::task::yield_now().await;
    }
    drop(tx);
    let mut granted = Vec::new();
    while let Some(p) = rx.recv().await {
        granted.push(p);
    }
    granted
}

#[tokio::test(start_paused = true)]
async fn queued_requests_are_served_cancels_first_then_submits_then_status_then_the_rest() {
    let limiter = Arc::new(Limiter::private());
    for _ in 0..3 {
        limiter.acquire(Priority::Other).await; // the burst is spent: the next ones queue
    }
    let arrivals = [Priority::Other, Priority::Status, Priority::Other, Priority::Submit, Priority::Cancel];
    let granted = grant_order(limiter, &arrivals).await;
    let expected = [Priority::Cancel, Priority::Submit, Priority::Status, Priority::Other, Priority::Other];
    assert_eq!(granted, expected);
}

/// Grants `n` permits of `priority` back to back and returns the instant of each.
async fn grant_times(limiter: &Limiter, priority: Priority, n: usize) -> Vec<Instant> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        limiter.acquire(priority).await;
        times.push(Instant::now());
    }
    times
}

/// The most grants inside any one-second window.
fn max_per_second(times: &[Instant]) -> usize {
    times
        .iter()
        .map(|start| times.iter().filter(|t| **t >= *start && **t < *start + Duration::from_secs(1)).count())
        .max()
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn private_requests_stay_at_most_24_per_second_and_the_public_ones_at_8() {
    let private = Limiter::private();
    let times = grant_times(&private, Priority::Other, 200).await;
    let busiest = max_per_second(&times);
    assert!(busiest <= PRIVATE_RATE as usize - CANCEL_RESERVE as usize + 2, "busiest second: {busiest}");
    let span = *times.last().unwrap() - times[0];
    assert!(span >= Duration::from_millis(9_800), "200 requests at 20/s take ~10 s: {span:?}");

    let cancels = grant_times(&Limiter::private(), Priority::Cancel, 200).await;
    assert!(max_per_second(&cancels) <= PRIVATE_RATE as usize + 2, "{}", max_per_second(&cancels));

    let public = grant_times(&Limiter::public(), Priority::Other, 50).await;
    let busiest = max_per_second(&public);
    assert!((PUBLIC_RATE as usize..=PUBLIC_RATE as usize + 1).contains(&busiest), "public: {busiest}");
}

#[tokio::test(start_paused = true)]
async fn a_pause_after_a_429_holds_reads_but_not_cancels_or_submits() {
    let limiter = Limiter::private();
    let start = Instant::now();
    limiter.pause_until(start + Duration::from_secs(5));
    limiter.acquire(Priority::Cancel).await;
    limiter.acquire(Priority::Submit).await;
    assert_eq!(Instant::now(), start, "a cancel and a submit go at once");
    limiter.acquire(Priority::Status).await;
    assert_eq!(Instant::now(), start + Duration::from_secs(5), "the rest waits out the pause");
}

#[tokio::test(start_paused = true)]
async fn a_dropped_waiter_leaves_the_queue() {
    let limiter = Arc::new(Limiter::private());
    for _ in 0..3 {
        limiter.acquire(Priority::Other).await;
    }
    let waiting = tokio::time::timeout(Duration::from_millis(1), limiter.acquire(Priority::Cancel)).await;
    assert!(waiting.is_err(), "the burst is spent, so the cancel had to wait");
    let start = Instant::now();
    limiter.acquire(Priority::Other).await;
    assert!(Instant::now() - start <= Duration::from_millis(50), "nothing left ahead of it");
}

#[test]
fn requests_queue_by_what_they_do() {
    use reqwest::Method;
    let of = priority;
    assert_eq!(of(&Method::POST, "/orders/batch_cancel"), Priority::Cancel);
    assert_eq!(of(&Method::POST, "/orders"), Priority::Submit);
    assert_eq!(of(&Method::POST, "/orders/edit"), Priority::Submit);
    assert_eq!(of(&Method::GET, "/orders/historical/abc-123"), Priority::Status);
    assert_eq!(of(&Method::GET, "/orders/historical/batch"), Priority::Other);
    assert_eq!(of(&Method::GET, "/orders/historical/fills"), Priority::Other);
    assert_eq!(of(&Method::POST, "/orders/preview"), Priority::Other);
    assert_eq!(of(&Method::GET, "/accounts"), Priority::Other);
}

#[tokio::test(start_paused = true)]
async fn three_429s_in_a_minute_slow_the_bucket_by_a_quarter_for_ten_minutes() {
    let limiter = Limiter::public();
    let normal = grant_times(&limiter, Priority::Other, 41).await;
    // After the burst of 2, permits come 125 ms apart: 39 gaps.
    let span = |t: &[Instant]| *t.last().unwrap() - t[0];
    let steady = Duration::from_millis(125) * 39;
    assert_eq!(span(&normal[1..]), steady, "8/s");
    limiter.note_429();
    limiter.note_429();
    tokio::time::advance(Duration::from_secs(1)).await;
    let still = grant_times(&limiter, Priority::Other, 41).await;
    assert_eq!(span(&still[1..]), steady, "two 429s change nothing");
    limiter.note_429();
    let slowed = grant_times(&limiter, Priority::Other, 41).await;
    let slow_span = span(&slowed[1..]);
    assert!(slow_span >= steady * 4 / 3 - Duration::from_millis(1), "25 % fewer a second: {slow_span:?}");
    tokio::time::advance(SLOW_FOR).await;
    let after = grant_times(&limiter, Priority::Other, 41).await;
    assert_eq!(span(&after[1..]), steady, "back to normal after ten minutes");
}

/// R-RATE1: the WebSocket subscribe bucket lets a connection's five subscribes out at once and
/// then at most five messages a second, shared by every feed holding it.
#[tokio::test(start_paused = true)]
async fn the_ws_subscribe_bucket_sends_a_burst_of_5_then_5_a_second() {
    let limiter = Arc::new(Limiter::ws_subscribe());
    let t0 = Instant::now();
    let mut at = Vec::new();
    for _ in 0..15 {
        limiter.acquire(Priority::Other).await;
        at.push((Instant::now() - t0).as_millis());
    }
    let expected: Vec<u128> = [0, 0, 0, 0, 0].into_iter().chain((1..=10).map(|k| k * 200)).collect();
    assert_eq!(at, expected);
    for (i, start) in at.iter().enumerate() {
        let within = at[i..].iter().filter(|t| **t < start + 1000).count();
        assert!(within <= 2 * WS_SUBSCRIBE_RATE as usize, "{within} in the second from {start} ms");
    }
}

/// Two feeds sharing the bucket: the second connection's subscribes wait for the first's.
#[tokio::test(start_paused = true)]
async fn feeds_sharing_the_subscribe_bucket_are_metered_together() {
    let limiter = Arc::new(Limiter::ws_subscribe());
    let t0 = Instant::now();
    for _ in 0..5 {
        limiter.acquire(Priority::Other).await; // the market feed: heartbeats + 4 channels
    }
    let other = limiter.clone();
    let user = tokio::spawn(async move {
        for _ in 0..2 {
            other.acquire(Priority::Other).await; // the user feed: heartbeats + user
        }
        Instant::now() - t0
    });
    assert_eq!(user.await.unwrap(), Duration::from_millis(400));
}
