//! Work split over the machine's cores: alignment's per-statement steps are
//! independent, and a 200-source story has thousands of statements.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f(0)`, …, `f(len - 1)` in order, on up to the available cores; on one
/// thread when there is little to do (`len < min_len`) or one core. Threads
/// take the next index as they free up, so uneven work (early rows of a
/// triangle of pairs) still spreads evenly. A panic in `f` is carried to
/// the caller, as if `f` had run here.
pub fn map<T: Send>(len: usize, min_len: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16)
        .min(len);
    if threads <= 1 || len < min_len {
        return (0..len).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= len {
                return done;
            }
            done.push((i, f(i)));
        }
    };
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for helper in helpers {
            match helper.join() {
                Ok(part) => done.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_at_every_size() {
        for len in [0, 1, 2, 3, 63, 64, 65, 1000, 1001] {
            let got = map(len, 4, |i| i * 3);
            assert_eq!(got, (0..len).map(|i| i * 3).collect::<Vec<_>>(), "{len}");
        }
    }

    #[test]
    #[should_panic(expected = "seven")]
    fn a_worker_panic_reaches_the_caller() {
        map(100, 1, |i| {
            if i == 7 {
                panic!("seven");
            }
            i
        });
    }
}
