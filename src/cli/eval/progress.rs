//! Progress of `plankit eval` on standard error: indicatif's bar on a terminal, a plain line
//! per tenth of the requests otherwise (CI logs), nothing with `--quiet`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::super::{Color, eprint};

/// Progress on standard error: a bar on a terminal, a line per tenth otherwise.
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    total: usize,
    done: AtomicUsize,
    color: Color,
}

impl Progress {
    pub(super) fn new(total: usize, quiet: bool, color: Color) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal && total > 0).then(|| {
            let style = indicatif::ProgressStyle::with_template("{bar:32} {pos}/{len} requests  {elapsed} (eta {eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr())
                .with_style(style)
        });
        Progress { bar, plain: !quiet && !terminal, total, done: AtomicUsize::new(0), color }
    }

    pub(super) fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = &self.bar {
            bar.inc(1);
        } else if self.plain
            && (done * 10 / self.total.max(1) != (done - 1) * 10 / self.total.max(1) || done == self.total)
        {
            eprint(&format!("eval: {done}/{} requests\n", self.total), self.color);
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
