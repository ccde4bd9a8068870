//! Matching statements that disagree on a number, a day or date, or a name.
//!
//! A false conflict is worse than a missed one, so every rule asks for the
//! two values to stand in the same place:
//! - numbers: the same unit right after the number ("20 percent" against
//!   "25 percent", "348 votes" against "338 votes"), and neither statement
//!   also carrying the other's value with that unit;
//! - days and months: a statement pair that states the same claim (relation
//!   `Same`), each naming exactly one weekday (or one month), different ones;
//! - names: in a `Same` pair, a single capitalised word replaced by another
//!   single capitalised word between identical words on both sides
//!   ("said Peskov on" / "said Lavrov on"), neither an abbreviation of the
//!   other ("Sen."/"Senator") and neither found anywhere in the other statement.

use super::diff::token_ops;
use super::normalize::{Token, TokenKind};
use super::{ConflictKind, Relation};
use similar::DiffOp;

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A value that one statement of a conflicting pair gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub statement: usize,
    /// Code points into the statement's text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Two linked statements that disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct PairConflict {
    pub kind: ConflictKind,
    /// What the values measure: the unit of a number, "weekday", "month", or
    /// the words around a name. Conflicts of one group on one slot merge.
    pub slot: String,
    pub values: [Value; 2],
}

fn value(statement: usize, text: &str, tokens: &[Token]) -> Value {
    let (start, end) = match (tokens.first(), tokens.last()) {
        (Some(f), Some(l)) => (f.start, l.end),
        _ => (0, 0),
    };
    Value {
        statement,
        start,
        end,
        text: text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect(),
    }
}

/// Numbers written as figures or as words above one ("one" is as often "an"
/// as a count), each with the key of the word after it as its unit.
fn numbers(tokens: &[Token]) -> Vec<(usize, &str, &str)> {
    tokens
        .iter()
        .enumerate()
        .filter(|&(i, t)| {
            let after_number = i > 0 && tokens[i - 1].kind == TokenKind::Number;
            !after_number
                && t.kind == TokenKind::Number
                && (t.folded.starts_with(|c: char| c.is_ascii_digit())
                    || !matches!(t.folded.as_str(), "one" | "half"))
        })
        .filter_map(|(i, t)| {
            let unit = tokens.get(i + 1)?;
            (unit.kind != TokenKind::Number).then_some((i, t.key.as_str(), unit.key.as_str()))
        })
        .collect()
}

/// One figure written to fewer decimals than the other ("6" and "6.2",
/// "99" and "99.99") is a rounding, not a disagreement.
fn is_rounding(a: &str, b: &str) -> bool {
    let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) else {
        return false;
    };
    let decimals = |s: &str| s.split_once('.').map_or(0, |(_, d)| d.len());
    let (coarse, fine, places) = if decimals(a) < decimals(b) {
        (x, y, decimals(a))
    } else {
        (y, x, decimals(b))
    };
    let scale = 10f64.powi(places as i32);
    (coarse - fine).abs() < 1e-9
        || (coarse - (fine * scale).round() / scale).abs() < 1e-9
        || (coarse - (fine * scale).floor() / scale).abs() < 1e-9
}

/// The diff puts token `i` of x and token `j` of y in one small replacement
/// right after words both share: the two values stand in the same place of
/// the same wording ("in 13 countries" / "in 14 countries").
fn replaced_in_place(ops: &[DiffOp], i: usize, j: usize) -> bool {
    ops.iter().enumerate().any(|(k, op)| {
        let after_equal = k > 0 && matches!(ops[k - 1], DiffOp::Equal { .. });
        matches!(*op, DiffOp::Replace { old_index, old_len, new_index, new_len }
            if after_equal
                && old_len <= MAX_REPLACED && new_len <= MAX_REPLACED
                && (old_index..old_index + old_len).contains(&i)
                && (new_index..new_index + new_len).contains(&j))
    })
}

/// The number and, when it is a content word, its unit ("20 percent", but
/// "six", not "six to").
fn with_unit(tokens: &[Token], i: usize) -> &[Token] {
    let end = if tokens.get(i + 1).is_some_and(Token::is_content) {
        i + 2
    } else {
        i + 1
    };
    &tokens[i..end.min(tokens.len())]
}

/// A replacement longer than this is a rewording, not one value swapped.
const MAX_REPLACED: usize = 4;

fn number_conflicts(
    (x, xt, xs): (usize, &str, &[Token]),
    (y, yt, ys): (usize, &str, &[Token]),
) -> Vec<PairConflict> {
    let (nx, ny) = (numbers(xs), numbers(ys));
    if nx.is_empty() || ny.is_empty() {
        return Vec::new();
    }
    let ops = token_ops(xs, ys);
    let mut out = Vec::new();
    for &(i, vx, ux) in &nx {
        // A value the other statement has anywhere (with any unit) may be
        // the same figure read differently ("19 Sept. 11 hijackers").
        if ny.iter().any(|&(_, v, _)| v == vx) {
            continue;
        }
        let rivals: Vec<usize> = ny
            .iter()
            .filter(|&&(j, v, u)| {
                u == ux
                    && !nx.iter().any(|&(_, w, _)| w == v)
                    && !is_rounding(vx, v)
                    && replaced_in_place(&ops, i, j)
            })
            .map(|&(j, _, _)| j)
            .collect();
        // One rival only: with two candidates the pairing is a guess.
        if let [j] = rivals.as_slice() {
            let j = *j;
            let unit_word = xs[i + 1].folded.as_str();
            let year = vx.len() == 4 && (vx.starts_with("19") || vx.starts_with("20"));
            let date = MONTHS.contains(&unit_word) || WEEKDAYS.contains(&unit_word) || year;
            out.push(PairConflict {
                kind: if date {
                    ConflictKind::Date
                } else {
                    ConflictKind::Number
                },
                slot: format!("number {ux}"),
                values: [
                    value(x, xt, with_unit(xs, i)),
                    value(y, yt, with_unit(ys, j)),
                ],
            });
        }
    }
    out
}

/// The one weekday (or month) a statement names; none when it names none or
/// several. A month must be capitalised ("may", "march" are also verbs).
fn only_one<'a>(tokens: &'a [Token], set: &[&str]) -> Option<&'a Token> {
    let weekdays = set.len() == WEEKDAYS.len();
    let mut found = tokens
        .iter()
        .filter(|t| set.contains(&t.folded.as_str()) && (weekdays || t.kind == TokenKind::Name));
    let first = found.next()?;
    let again = found.any(|t| t.folded != first.folded);
    (!again).then_some(first)
}

fn calendar_conflicts(
    (x, xt, xs): (usize, &str, &[Token]),
    (y, yt, ys): (usize, &str, &[Token]),
) -> Vec<PairConflict> {
    let mut out = Vec::new();
    for (set, slot) in [(&WEEKDAYS[..], "weekday"), (&MONTHS[..], "month")] {
        if let (Some(a), Some(b)) = (only_one(xs, set), only_one(ys, set))
            && a.folded != b.folded
        {
            out.push(PairConflict {
                kind: ConflictKind::Date,
                slot: slot.to_string(),
                values: [
                    value(x, xt, std::slice::from_ref(a)),
                    value(y, yt, std::slice::from_ref(b)),
                ],
            });
        }
    }
    out
}

fn is_calendar(t: &Token) -> bool {
    WEEKDAYS.contains(&t.folded.as_str()) || MONTHS.contains(&t.folded.as_str())
}

fn name_conflicts(
    (x, xt, xs): (usize, &str, &[Token]),
    (y, yt, ys): (usize, &str, &[Token]),
) -> Vec<PairConflict> {
    // Most pairs name the same people: skip the diff when neither has a
    // name the other lacks.
    let lacks_name = |a: &[Token], b: &[Token]| {
        a.iter()
            .any(|t| t.kind == TokenKind::Name && !b.iter().any(|u| u.id == t.id))
    };
    if !lacks_name(xs, ys) || !lacks_name(ys, xs) {
        return Vec::new();
    }
    let ops = token_ops(xs, ys);
    let mut out = Vec::new();
    for (k, op) in ops.iter().enumerate() {
        let DiffOp::Replace {
            old_index,
            old_len: 1,
            new_index,
            new_len: 1,
        } = *op
        else {
            continue;
        };
        let between_equals = k > 0
            && matches!(ops[k - 1], DiffOp::Equal { .. })
            && matches!(ops.get(k + 1), Some(DiffOp::Equal { .. }));
        let (a, b) = (&xs[old_index], &ys[new_index]);
        let names = a.kind == TokenKind::Name
            && b.kind == TokenKind::Name
            && !is_calendar(a)
            && !is_calendar(b);
        let abbreviation = a.key.starts_with(&b.key) || b.key.starts_with(&a.key);
        // A person's name: next to an identical capitalised word ("Wendy
        // Wasserman Schultz" / "Debbie Wasserman Schultz", "President X").
        // Places alone swap too freely for a conflict ("Sudan"/"Khartoum").
        let beside_name = [
            old_index.checked_sub(1).map(|i| &xs[i]),
            xs.get(old_index + 1),
        ]
        .into_iter()
        .flatten()
        .any(|t| t.kind == TokenKind::Name && !is_calendar(t));
        let elsewhere = xs.iter().any(|t| t.key == b.key) || ys.iter().any(|t| t.key == a.key);
        if between_equals && names && beside_name && !abbreviation && !elsewhere {
            let before = old_index.checked_sub(1).map_or("", |i| xs[i].key.as_str());
            out.push(PairConflict {
                kind: ConflictKind::Name,
                slot: format!("name after {before}"),
                values: [
                    value(x, xt, std::slice::from_ref(a)),
                    value(y, yt, std::slice::from_ref(b)),
                ],
            });
        }
    }
    out
}

/// The conflicts between two linked statements of different sources.
pub fn pair_conflicts(
    x: (usize, &str, &[Token]),
    y: (usize, &str, &[Token]),
    relation: Relation,
) -> Vec<PairConflict> {
    let mut out = number_conflicts(x, y);
    if relation == Relation::Same {
        out.extend(calendar_conflicts(x, y));
        out.extend(name_conflicts(x, y));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::normalize::tokenize;

    fn conflicts(a: &str, b: &str, relation: Relation) -> Vec<(ConflictKind, String, String)> {
        let (ta, tb) = (tokenize(a), tokenize(b));
        pair_conflicts((0, a, &ta), (1, b, &tb), relation)
            .into_iter()
            .map(|c| (c.kind, c.values[0].text.clone(), c.values[1].text.clone()))
            .collect()
    }

    #[test]
    fn different_figures_with_one_unit_conflict() {
        let found = conflicts(
            "Russia controls about 20 percent of Donetsk.",
            "Russia controls about 25% of Donetsk.",
            Relation::Same,
        );
        assert_eq!(
            found,
            vec![(ConflictKind::Number, "20 percent".into(), "25%".into())]
        );
    }

    #[test]
    fn same_figure_in_another_notation_is_no_conflict() {
        assert!(conflicts("about 20 percent", "about 20 per cent", Relation::Same).is_empty());
        assert!(conflicts("a four-year war", "a 4-year war", Relation::Same).is_empty());
        // Different units measure different things.
        assert!(
            conflicts(
                "1.8 million people signed",
                "100,000 supporters",
                Relation::Same
            )
            .is_empty()
        );
        assert!(
            conflicts(
                "after 4.5 hours of talks",
                "after 4 1/2 hours of talks",
                Relation::Same
            )
            .is_empty()
        );
        assert!(conflicts("a depth of 6 miles", "a depth of 6.2 miles", Relation::Same).is_empty());
        assert!(conflicts("tout USB 3.0 ports", "tout USB 3 ports", Relation::Same).is_empty());
        assert_eq!(
            conflicts(
                "killed people in 13 countries",
                "killed people in 14 countries",
                Relation::Partial
            )
            .len(),
            1
        );
    }

    #[test]
    fn different_weekdays_conflict_only_in_same_claims() {
        let a = "The Kremlin said on Thursday that talks would resume.";
        let b = "The Kremlin said on Wednesday that talks would resume.";
        assert_eq!(
            conflicts(a, b, Relation::Same),
            vec![(ConflictKind::Date, "Thursday".into(), "Wednesday".into())]
        );
        assert!(conflicts(a, b, Relation::Partial).is_empty());
    }

    #[test]
    fn a_name_in_the_same_role_conflicts_but_titles_do_not() {
        assert_eq!(
            conflicts(
                "The plan was rejected by spokesman Dmitry Peskov on Friday.",
                "The plan was rejected by spokesman Dmitry Lavrov on Friday.",
                Relation::Same
            ),
            vec![(ConflictKind::Name, "Peskov".into(), "Lavrov".into())]
        );
        assert!(
            conflicts(
                "said Sen. Grassley today",
                "said Senator Grassley today",
                Relation::Same
            )
            .is_empty()
        );
        assert!(
            conflicts(
                "said Zelenskyy today",
                "said Zelenskiy today",
                Relation::Same
            )
            .is_empty()
        );
    }
}
