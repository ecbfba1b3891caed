//! The random numbers behind samples: SplitMix64, chosen because its output for a seed is
//! fixed by its definition (a published algorithm of a few lines), so `--seed 7` prints the
//! same samples on every machine and in every plankit version. It is not for secrets; the
//! signatures never use it.

/// A SplitMix64 generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// A whole number in `low..=high`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = high.abs_diff(low).saturating_add(1);
        let offset = if span == 0 { self.next_u64() } else { self.below(span) };
        low.wrapping_add_unsigned(offset)
    }

    /// A float in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        // 53 random bits, the precision of an f64
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference output of SplitMix64 for seed 1234567 (Vigna's splitmix64.c).
    #[test]
    fn matches_the_published_algorithm() {
        let mut rng = Rng::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn ranges_hold() {
        let mut rng = Rng::new(9);
        for _ in 0..1000 {
            let n = rng.between(-3, 3);
            assert!((-3..=3).contains(&n));
            assert!(rng.unit() < 1.0);
        }
        // the full range does not overflow, and still varies
        assert_ne!(rng.between(i64::MIN, i64::MAX), rng.between(i64::MIN, i64::MAX));
        assert_eq!(rng.between(5, 2), 5);
    }
}
