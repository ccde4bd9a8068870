//! From scored pairs to links and claim groups.
//!
//! Grouping is order-free and N-way without chaining: groups grow from the
//! strongest links down, and a statement joins a group only when it is
//! similar to at least half of the members already there and its source is
//! not yet in it. A long statement that carries two claims, which another
//! outlet states in two sentences, may join one group per claim: it is the
//! heavier side of each link and contains most of each short statement.

use super::similarity::{PairScore, StoryIndex};
use std::collections::HashMap;

/// The few numbers that decide alignment; see each field for what it means.
///
/// Every value is chosen by `tests/tune/cv.py` under leave-one-cluster-out
/// cross-validation on the hand-labelled gold clusters (tests/gold and the
/// shared sample story): for each cluster, the values are fitted on the
/// others and scored on it; the defaults are the same rule fitted on all of
/// them. The rule: the most same-claim links at claim-link precision 0.91,
/// then the most fact links at fact precision 0.80, then the best
/// unique-claim precision at unique recall 0.70, keeping the sample story
/// right throughout. Cross-validated figures are in `tests/tune/README.md`;
/// `same_cosine` and `long_containment` are older calibrations on MSRP and
/// the first gold clusters (see the fields).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// How much meaning (the cosine of story-centred static embeddings)
    /// weighs against the lexical score: a pair scores
    /// `(lexical + meaning_weight * meaning) / (1 + meaning_weight)`.
    pub meaning_weight: f32,
    /// For the unique verdict and the `nearest` scores, meaning counts less
    /// between short statements: the cosine is scaled by
    /// `n / (n + meaning_shrink)`, `n` the shorter one's word count. The mean
    /// of four words ("I am against negotiations.") sits close to anything
    /// on the same subject: no evidence that another source says it. (Links
    /// keep the full blend: short paraphrases such as "The final tally was
    /// 97-1." need it, and cross-validation lost same-claim recall without.)
    pub meaning_shrink: f32,
    /// A pair scoring at least this shares a fact (a `◦` link): neither
    /// statement is unique. Also the bar a statement must clear with the
    /// members of a group it joins (see `admission_support`).
    pub partial_threshold: f32,
    /// A pair scoring at least this is a link that can form or grow a group.
    pub group_threshold: f32,
    /// A link whose cosine reaches this states the same claim; below, the
    /// two share a fact and one says more (partial).
    pub same_cosine: f32,
    /// A statement joins a group (and two groups merge) only when at least
    /// this share of the member pairs it would create already reach
    /// `partial_threshold`: the guard against chaining.
    pub admission_support: f32,
    /// The lighter statement must be contained at least this much in the
    /// heavier one for the heavier one to join a second group.
    pub long_containment: f32,
    /// A claim whose closest statement in every other source scores below
    /// this is `only_here` (unique); from here up to `partial_threshold` it
    /// is `maybe_elsewhere`.
    pub unique_threshold: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            meaning_weight: 0.5,
            meaning_shrink: 16.0,
            partial_threshold: 0.24,
            group_threshold: 0.36,
            same_cosine: 0.45,
            long_containment: 0.6,
            admission_support: 0.5,
            unique_threshold: 0.15,
        }
    }
}

impl Options {
    /// Read options from a JSON object; absent fields keep their defaults.
    pub fn from_json(text: &str) -> Result<Options, String> {
        let options: Options = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let fields = [
            ("meaning_weight", options.meaning_weight),
            ("meaning_shrink", options.meaning_shrink),
            ("partial_threshold", options.partial_threshold),
            ("group_threshold", options.group_threshold),
            ("same_cosine", options.same_cosine),
            ("admission_support", options.admission_support),
            ("long_containment", options.long_containment),
            ("unique_threshold", options.unique_threshold),
        ];
        if let Some((name, value)) = fields
            .iter()
            .find(|(_, v)| !v.is_finite() || *v < 0.0 || *v > 100.0)
        {
            return Err(format!("{name} = {value} is out of range (0 to 100)"));
        }
        Ok(options)
    }
}

/// A statement already in a group joins a second one only if less than this
/// share of what it has in common with the newcomer is what it already has
/// in common with its first group: the second claim must be another part of
/// the long statement, not the same part said again.
pub const NEW_PART_OVERLAP: f32 = 0.5;

/// A statement keeps at most this many links (its strongest ones): with
/// hundreds of sources telling one story, every statement would otherwise
/// link to every source and grouping would grow quadratically.
pub const MAX_LINKS_PER_STATEMENT: usize = 64;

fn key(a: usize, b: usize) -> u64 {
    ((a.min(b) as u64) << 32) | a.max(b) as u64
}

/// A hasher for the pair keys: one multiply and a shift-xor (the keys are
/// statement numbers, not attacker-chosen, and grouping looks pairs up
/// millions of times in a story of hundreds of sources).
#[derive(Default)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type PairMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<PairHasher>>;

/// All scored candidate pairs, looked up by statement pair.
pub struct PairTable {
    scores: PairMap<f32>,
}

impl PairTable {
    pub fn new(pairs: &[PairScore]) -> Self {
        PairTable {
            scores: pairs.iter().map(|p| (key(p.a, p.b), p.score)).collect(),
        }
    }

    pub fn score(&self, a: usize, b: usize) -> f32 {
        self.scores.get(&key(a, b)).copied().unwrap_or(0.0)
    }
}

/// Keep, for each statement and each other source, only its best partner
/// there (a link survives when it is best for either end, which keeps the
/// split case: two short sentences of one outlet each pick the same long
/// sentence of another), and at most [`MAX_LINKS_PER_STATEMENT`] per statement.
///
/// `stable` gives each statement a key that does not depend on the order
/// the files were given in; ties between equal scores are broken by it, so
/// the groups come out the same whatever that order.
pub fn best_per_source(pairs: &[PairScore], sources: &[usize], stable: &[u64]) -> Vec<PairScore> {
    // Per statement and source, the best score there (a dense table: the
    // statements times the sources, as `nearest` already holds).
    let source_count = sources.iter().max().map_or(0, |&s| s + 1);
    let slot = |me: usize, other: usize| me * source_count + sources[other];
    let mut best = vec![0.0f32; sources.len() * source_count];
    for p in pairs {
        for (me, other) in [(p.a, p.b), (p.b, p.a)] {
            let b = &mut best[slot(me, other)];
            if p.score > *b {
                *b = p.score;
            }
        }
    }
    let kept: Vec<PairScore> = pairs
        .iter()
        .filter(|p| best[slot(p.a, p.b)] == p.score || best[slot(p.b, p.a)] == p.score)
        .copied()
        .collect();
    let mut kept = sorted_strongest_first(&kept, stable);
    let statements = sources.len();
    let mut count = vec![0usize; statements];
    kept.retain(|p| {
        let (ca, cb) = (count[p.a], count[p.b]);
        if ca >= MAX_LINKS_PER_STATEMENT || cb >= MAX_LINKS_PER_STATEMENT {
            return false;
        }
        count[p.a] = ca + 1;
        count[p.b] = cb + 1;
        true
    });
    kept
}

/// `pairs` strongest first; ties broken by `stable` (see [`best_per_source`]),
/// so the order does not depend on the order the files were given in.
pub fn sorted_strongest_first(pairs: &[PairScore], stable: &[u64]) -> Vec<PairScore> {
    let tie_key = |p: &PairScore| {
        let (ka, kb) = (stable[p.a], stable[p.b]);
        (ka.min(kb), ka.max(kb))
    };
    let mut sorted = pairs.to_vec();
    sorted.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(tie_key(x).cmp(&tie_key(y)))
    });
    sorted
}

struct Grouper<'a> {
    table: &'a PairTable,
    index: &'a StoryIndex,
    sources: &'a [usize],
    options: Options,
    groups: Vec<Vec<usize>>,
    alive: Vec<bool>,
    groups_of: Vec<Vec<usize>>,
}

impl Grouper<'_> {
    fn has_source(&self, g: usize, source: usize) -> bool {
        self.groups[g].iter().any(|&m| self.sources[m] == source)
    }

    /// Similar to enough of the members (see `Options::admission_support`).
    fn supported(&self, x: usize, g: usize) -> bool {
        let members = &self.groups[g];
        self.enough_support(members.iter().map(|&m| (x, m)), members.len())
    }

    /// Whether at least `admission_support` of the `total` pairs reach
    /// `partial_threshold`; stops as soon as the answer is known.
    fn enough_support(&self, pairs: impl Iterator<Item = (usize, usize)>, total: usize) -> bool {
        let needed = self.options.admission_support * total as f32;
        let (mut support, mut left) = (0usize, total);
        for (x, y) in pairs {
            left -= 1;
            if self.table.score(x, y) >= self.options.partial_threshold {
                support += 1;
                if support as f32 >= needed {
                    return true;
                }
            } else if ((support + left) as f32) < needed {
                return false;
            }
        }
        support as f32 >= needed
    }

    fn admit(&mut self, x: usize, g: usize) -> bool {
        if self.has_source(g, self.sources[x]) || !self.supported(x, g) {
            return false;
        }
        self.join(x, g);
        true
    }

    fn join(&mut self, x: usize, g: usize) {
        self.groups[g].push(x);
        self.groups_of[x].push(g);
    }

    fn share_group(&self, a: usize, b: usize) -> bool {
        self.groups_of[a]
            .iter()
            .any(|g| self.groups_of[b].contains(g))
    }

    /// See the end of [`group`]: put one end of an unplaced strong link into
    /// a group of the other, even beside a statement of its own source.
    fn keep_repeat(&mut self, link: &PairScore) {
        let (a, b) = (link.a, link.b);
        if self.share_group(a, b) {
            return;
        }
        // The end in no group joins first; then either.
        let mut order = [(b, a), (a, b)];
        if self.groups_of[a].is_empty() {
            order.swap(0, 1);
        }
        for (joiner, host) in order {
            let hosts = self.groups_of[host].clone();
            for g in hosts {
                if self.alive[g] && self.supported(joiner, g) {
                    self.join(joiner, g);
                    return;
                }
            }
        }
    }

    fn mergeable(&self, g: usize, h: usize) -> bool {
        let (gm, hm) = (&self.groups[g], &self.groups[h]);
        let mut h_sources: Vec<usize> = hm.iter().map(|&y| self.sources[y]).collect();
        h_sources.sort_unstable();
        if gm
            .iter()
            .any(|&x| h_sources.binary_search(&self.sources[x]).is_ok())
        {
            return false;
        }
        let pairs = gm.iter().flat_map(|&x| hm.iter().map(move |&y| (x, y)));
        self.enough_support(pairs, gm.len() * hm.len())
    }

    fn merge(&mut self, g: usize, h: usize) {
        let moved = std::mem::take(&mut self.groups[h]);
        self.alive[h] = false;
        for m in moved {
            self.groups_of[m].retain(|&x| x != h);
            if !self.groups_of[m].contains(&g) {
                self.groups_of[m].push(g);
                self.groups[g].push(m);
            }
        }
    }

    fn new_group(&mut self, a: usize, b: usize) {
        let id = self.groups.len();
        self.groups.push(vec![a, b]);
        self.alive.push(true);
        self.groups_of[a].push(id);
        self.groups_of[b].push(id);
    }

    /// `heavy` may carry a second claim: it is the heavier side of the link
    /// and contains most of the lighter statement.
    fn carries_several(&self, link: &PairScore, heavy: usize) -> bool {
        let heavy_is_a = heavy == link.a;
        let light = if heavy_is_a { link.b } else { link.a };
        heavy_is_a != link.a_is_lighter
            && link.containment >= self.options.long_containment
            && self.groups_of[heavy].iter().all(|&g| {
                self.groups[g].iter().all(|&known| {
                    known == heavy
                        || self.index.shared_overlap(heavy, known, light) < NEW_PART_OVERLAP
                })
            })
    }

    fn add_link(&mut self, link: &PairScore) {
        let (a, b) = (link.a, link.b);
        if self.share_group(a, b) {
            return;
        }
        match (self.groups_of[a].len(), self.groups_of[b].len()) {
            (0, 0) => self.new_group(a, b),
            (1, 1) => {
                let (g, h) = (self.groups_of[a][0], self.groups_of[b][0]);
                if self.mergeable(g, h) {
                    self.merge(g.min(h), g.max(h));
                } else {
                    self.attach_across(link);
                }
            }
            _ => self.attach_across(link),
        }
    }

    /// Try to put one end into a group of the other; a statement already in a
    /// group may only join another when it carries several claims.
    fn attach_across(&mut self, link: &PairScore) {
        for (joiner, host) in [(link.b, link.a), (link.a, link.b)] {
            if !self.groups_of[joiner].is_empty() && !self.carries_several(link, joiner) {
                continue;
            }
            let hosts = self.groups_of[host].clone();
            if hosts.into_iter().any(|g| self.admit(joiner, g)) {
                return;
            }
        }
        // Neither group takes the other end: a long statement that states this
        // claim besides another one starts a group of its own for it, unless
        // the short one is already grouped for its claim (then the long one
        // only repeats a claim its own source told elsewhere).
        let starts_claim = |heavy: usize, light: usize| {
            self.carries_several(link, heavy) && self.groups_of[light].is_empty()
        };
        if starts_claim(link.a, link.b) || starts_claim(link.b, link.a) {
            self.new_group(link.a, link.b);
        }
    }
}

/// Group linked statements into claims. `links` must be sorted strongest first.
pub fn group(
    links: &[PairScore],
    table: &PairTable,
    index: &StoryIndex,
    sources: &[usize],
    options: Options,
) -> Vec<Vec<usize>> {
    let mut grouper = Grouper {
        table,
        index,
        sources,
        options,
        groups: Vec::new(),
        alive: Vec::new(),
        groups_of: vec![Vec::new(); sources.len()],
    };
    let strong: Vec<&PairScore> = links
        .iter()
        .filter(|l| l.score >= options.group_threshold)
        .collect();
    for link in &strong {
        grouper.add_link(link);
    }
    // No strong link is lost: one whose ends still share no group (an
    // outlet told the claim twice, and its other statement holds the
    // group's place) joins the group as that outlet's repeat, when the
    // group's members support it.
    for link in &strong {
        grouper.keep_repeat(link);
    }
    let mut groups: Vec<Vec<usize>> = grouper
        .groups
        .into_iter()
        .zip(grouper.alive)
        .filter(|(g, alive)| *alive && g.len() >= 2)
        .map(|(mut g, _)| {
            g.sort_unstable();
            g
        })
        .collect();
    groups.sort();
    groups.dedup();
    groups
}
