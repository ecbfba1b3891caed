//! The fast path's JSON parser: reads one line into a [`Node`] whose arrays, objects and
//! escaped strings live in an [`Arena`] that the next line reuses, and whose keys and plain
//! strings borrow from the line. Nothing is allocated or dropped one value at a time, which is
//! what a general-purpose parser building a tree through serde pays on every member.
//!
//! It reads what serde_json reads, to the same values, or refuses the line: anything it does
//! not read exactly as serde_json would (invalid UTF-8, bad syntax, a lone surrogate, a line
//! nested deeper than [`FAST_NESTING`]) is [`Refused`], and the span-aware path, which parses
//! with serde_json, says what is wrong with it. Integers of up to 18 digits are read here;
//! every other number is handed to serde_json itself, so its kind and value are serde_json's.
//! `tests::a_line_reads_as_serde_json_reads_it_or_is_refused` holds it to that.

use std::cell::Cell;

use bumpalo::Bump;
use bumpalo::collections::{String as ArenaString, Vec as ArenaVec};

use super::node::{Node, same};

/// How deep a line the fast path reads. The tree is built recursively, and webhooks and
/// analysis outputs nest a few levels: a deeper line (up to [`crate::json::MAX_NESTING`],
/// which the span-aware path reads, and past it, which it reports) is refused here and left to
/// the span-aware path, so no stack (a rayon thread's is 2 MB, and a debug build's frames are
/// large) can run out.
pub(crate) const FAST_NESTING: usize = 32;

/// Where a line's tree is built: reset for each line, so its memory is reused line after line.
#[derive(Default)]
pub(crate) struct Arena {
    bump: Bump,
    /// Whether the line read last writes a key twice in one object.
    repeated: Cell<bool>,
}

impl Arena {
    /// Forgets every tree built here; the memory is kept for the next, unless a long line
    /// made it large.
    pub(crate) fn reset(&mut self) {
        if self.bump.allocated_bytes() > KEPT_BYTES {
            self.bump = Bump::new();
        } else {
            self.bump.reset();
        }
        self.repeated.set(false);
    }

    /// Whether every object of the line read last writes each of its keys once: then the
    /// first member of a name in the line is the one that counts.
    pub(crate) fn keys_are_distinct(&self) -> bool {
        !self.repeated.get()
    }

    /// `node`, or a copy of it whose objects list their members in key order, as serde_json's
    /// maps do: what the compiled schema explains a failing tree on, so its errors come in the
    /// order they come on serde_json's `Value`.
    pub(crate) fn in_key_order<'a>(&'a self, node: &Node<'a>) -> Node<'a> {
        if in_key_order(node) { *node } else { self.ordered(node) }
    }

    fn ordered<'a>(&'a self, node: &Node<'a>) -> Node<'a> {
        match *node {
            Node::Array(items) => {
                let copy = self.bump.alloc_slice_copy(items);
                for item in copy.iter_mut().filter(|item| item.is_container()) {
                    *item = self.ordered(item);
                }
                Node::Array(copy)
            }
            Node::Object(members) => {
                let copy = self.bump.alloc_slice_copy(members);
                for (_, member) in copy.iter_mut().filter(|(_, member)| member.is_container()) {
                    *member = self.ordered(member);
                }
                if !members_in_order(copy) {
                    // keys are distinct; most differ in their first byte
                    copy.sort_unstable_by(|(a, _), (b, _)| {
                        a.as_bytes().first().cmp(&b.as_bytes().first()).then_with(|| a.cmp(b))
                    });
                }
                Node::Object(copy)
            }
            other => other,
        }
    }
}

/// Whether `members` come in key order.
fn members_in_order(members: &[(&str, Node<'_>)]) -> bool {
    members.windows(2).all(|pair| pair[0].0 < pair[1].0)
}

/// Whether every object in `node` lists its members in key order.
fn in_key_order(node: &Node<'_>) -> bool {
    match node {
        Node::Array(items) => items.iter().all(in_key_order),
        Node::Object(members) => members_in_order(members) && members.iter().all(|(_, member)| in_key_order(member)),
        _ => true,
    }
}

/// What an [`Arena`] keeps between lines: far more than a webhook's tree, far less than a
/// 10 MB line's.
const KEPT_BYTES: usize = 1 << 20;

/// The line is not read here; the span-aware path reads it.
#[derive(Debug)]
pub(crate) struct Refused;

type Read<T> = Result<T, Refused>;

/// The tree of `line`, built in `arena`.
#[cfg(test)]
pub(crate) fn parse<'a>(line: &'a [u8], arena: &'a Arena) -> Read<Node<'a>> {
    parse_text(std::str::from_utf8(line).map_err(|_| Refused)?, arena)
}

/// The tree of a line already known to be UTF-8, built in `arena`.
pub(crate) fn parse_text<'a>(text: &'a str, arena: &'a Arena) -> Read<Node<'a>> {
    let line = text.as_bytes();
    let mut parser = Parser {
        text,
        bytes: line,
        at: 0,
        arena,
        items: ArenaVec::with_capacity_in(32, &arena.bump),
        members: ArenaVec::with_capacity_in(32, &arena.bump),
    };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at == line.len() { Ok(value) } else { Err(Refused) }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read.
    at: usize,
    arena: &'a Arena,
    /// The items of the arrays being read, innermost last; each array's become one slice.
    items: ArenaVec<'a, Node<'a>>,
    /// The members of the objects being read, likewise.
    members: ArenaVec<'a, (&'a str, Node<'a>)>,
}

impl<'a> Parser<'a> {
    #[inline]
    fn skip_whitespace(&mut self) {
        // one comparison for the common case, a byte that is not whitespace
        if self.bytes.get(self.at).is_some_and(|&byte| byte > b' ') {
            return;
        }
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte that is not whitespace, read.
    #[inline]
    fn token(&mut self) -> Option<u8> {
        self.skip_whitespace();
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    /// A value inside `depth` arrays and objects. Inlined where arrays and objects read their
    /// items, so only a nested array or object is a call.
    #[inline(always)]
    fn value(&mut self, depth: usize) -> Read<Node<'a>> {
        match self.token().ok_or(Refused)? {
            b'"' => Ok(Node::Str(self.string()?)),
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b't' => self.literal(b"rue", Node::Bool(true)),
            b'f' => self.literal(b"alse", Node::Bool(false)),
            b'n' => self.literal(b"ull", Node::Null),
            b'-' | b'0'..=b'9' => {
                self.at -= 1;
                self.number()
            }
            _ => Err(Refused),
        }
    }

    fn literal(&mut self, rest: &[u8], node: Node<'a>) -> Read<Node<'a>> {
        if !self.bytes[self.at..].starts_with(rest) {
            return Err(Refused);
        }
        self.at += rest.len();
        Ok(node)
    }

    /// The array whose `[` was just read.
    #[inline(never)]
    fn array(&mut self, depth: usize) -> Read<Node<'a>> {
        if depth >= FAST_NESTING {
            return Err(Refused);
        }
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Node::Array(&[]));
        }
        let mark = self.items.len();
        loop {
            let item = self.value(depth + 1)?;
            self.items.push(item);
            match self.token() {
                Some(b',') => {}
                Some(b']') => break,
                _ => return Err(Refused),
            }
        }
        let items = self.arena.bump.alloc_slice_copy(&self.items[mark..]);
        self.items.truncate(mark);
        Ok(Node::Array(items))
    }

    /// The object whose `{` was just read.
    #[inline(never)]
    fn object(&mut self, depth: usize) -> Read<Node<'a>> {
        if depth >= FAST_NESTING {
            return Err(Refused);
        }
        if self.token() == Some(b'}') {
            return Ok(Node::Object(&[]));
        }
        self.at -= 1;
        let mark = self.members.len();
        // keys told apart by length and first byte as they are read: only an object with two
        // keys alike in both has its keys compared, at the end
        let (mut seen, mut alike) = (0u64, false);
        loop {
            if self.token() != Some(b'"') {
                return Err(Refused);
            }
            let key = self.string()?;
            let bit = 1u64 << ((key.len() ^ key.as_bytes().first().map_or(0, |&byte| usize::from(byte) * 7)) & 63);
            alike |= seen & bit != 0;
            seen |= bit;
            if self.token() != Some(b':') {
                return Err(Refused);
            }
            let value = self.value(depth + 1)?;
            self.members.push((key, value));
            match self.token() {
                Some(b',') => {}
                Some(b'}') => break,
                _ => return Err(Refused),
            }
        }
        let written = &self.members[mark..];
        let members = if alike {
            // the last one written counts, where it was written
            let mut kept = ArenaVec::with_capacity_in(written.len(), &self.arena.bump);
            for (index, member) in written.iter().enumerate() {
                if !written[index + 1..].iter().any(|(later, _)| same(later, member.0)) {
                    kept.push(*member);
                }
            }
            if kept.len() < written.len() {
                self.arena.repeated.set(true);
            }
            kept.into_bump_slice()
        } else {
            self.arena.bump.alloc_slice_copy(written)
        };
        self.members.truncate(mark);
        Ok(Node::Object(members))
    }

    /// The string whose opening quote was just read: borrowed from the line when it has no
    /// escapes.
    #[inline(always)]
    fn string(&mut self) -> Read<&'a str> {
        let start = self.at;
        let end = start + special(&self.bytes[start..])?;
        if self.bytes[end] == b'"' {
            self.at = end + 1;
            // quotes are ASCII: both ends are character boundaries of the line's text
            return Ok(&self.text[start..end]);
        }
        self.escaped(start)
    }

    /// A string with escapes, from its first byte at `start`, unescaped into the arena.
    fn escaped(&mut self, start: usize) -> Read<&'a str> {
        let mut out = ArenaString::with_capacity_in(64, &self.arena.bump);
        let mut at = start;
        loop {
            let end = at + special(&self.bytes[at..])?;
            out.push_str(&self.text[at..end]);
            if self.bytes[end] == b'"' {
                self.at = end + 1;
                return Ok(out.into_bump_str());
            }
            let escape = *self.bytes.get(end + 1).ok_or(Refused)?;
            at = end + 2;
            out.push(match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let (unescaped, read) = self.unicode(at)?;
                    at += read;
                    unescaped
                }
                _ => return Err(Refused),
            });
        }
    }

    /// The four hex digits at `at`.
    fn hex(&self, at: usize) -> Read<u32> {
        let digits = self.bytes.get(at..at + 4).ok_or(Refused)?;
        digits.iter().try_fold(0, |code, &digit| Ok(code * 16 + char::from(digit).to_digit(16).ok_or(Refused)?))
    }

    /// The character of a `\u` escape whose digits start at `at`, and how many bytes it took
    /// (a surrogate pair is two escapes); a lone surrogate is refused.
    fn unicode(&self, at: usize) -> Read<(char, usize)> {
        let first = self.hex(at)?;
        if !(0xD800..0xDC00).contains(&first) {
            return Ok((char::from_u32(first).ok_or(Refused)?, 4));
        }
        if self.bytes.get(at + 4..at + 6) != Some(b"\\u") {
            return Err(Refused);
        }
        let second = self.hex(at + 6)?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(Refused);
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        Ok((char::from_u32(code).ok_or(Refused)?, 10))
    }

    /// The number starting here: an integer of up to 18 digits read directly, anything else
    /// by serde_json.
    fn number(&mut self) -> Read<Node<'a>> {
        let bytes = self.bytes;
        let start = self.at;
        let negative = bytes[start] == b'-';
        let digits = start + usize::from(negative);
        let mut at = digits;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        let count = at - digits;
        let integer = !matches!(bytes.get(at), Some(b'.' | b'e' | b'E'));
        // no leading zero, and not `-0` (which serde_json reads as a float)
        if integer && (1..=18).contains(&count) && !(bytes[digits] == b'0' && (count > 1 || negative)) {
            let n = bytes[digits..at].iter().fold(0u64, |n, &digit| n * 10 + u64::from(digit - b'0'));
            self.at = at;
            // 18 digits fit an i64 either way
            return Ok(if negative { Node::NegInt(-(n as i64)) } else { Node::PosInt(n) });
        }
        while bytes.get(at).is_some_and(|byte| matches!(byte, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')) {
            at += 1;
        }
        let number: serde_json::Number = serde_json::from_slice(&bytes[start..at]).map_err(|_| Refused)?;
        self.at = at;
        Ok(match (number.as_u64(), number.as_i64(), number.as_f64()) {
            (Some(n), _, _) => Node::PosInt(n),
            (None, Some(n), _) => Node::NegInt(n),
            (None, None, Some(n)) => Node::Float(n),
            (None, None, None) => return Err(Refused),
        })
    }
}

/// Where the first quote or backslash of `rest` is; a control character before it (which a
/// JSON string cannot hold unescaped) refuses the line, and so does no end at all. Eight bytes
/// at a time for the first [`LONG`]: most strings of a webhook are short keys, for which a
/// search routine's set-up costs more than the search.
#[inline]
fn special(rest: &[u8]) -> Read<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // the high bit of each byte that is zero, and maybe of bytes above it (a borrow runs up
    // from a zero byte only): so the lowest bit set is exact
    let zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut at = 0;
    loop {
        let bytes = match rest.get(at..at + 8).map(<[u8; 8]>::try_from) {
            Some(Ok(bytes)) => bytes,
            // the last few bytes, padded with a byte that is none of the three
            _ => {
                let tail = rest.get(at..).unwrap_or_default();
                let mut bytes = [b'a'; 8];
                bytes[..tail.len()].copy_from_slice(tail);
                bytes
            }
        };
        let word = u64::from_le_bytes(bytes);
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        let found = zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\'))) | below_space;
        if found != 0 {
            let index = at + (found.trailing_zeros() / 8) as usize;
            return match rest.get(index) {
                Some(b'"' | b'\\') => Ok(index),
                _ => Err(Refused),
            };
        }
        at += 8;
        if at >= rest.len() {
            return Err(Refused);
        }
        if at == LONG {
            // a long string (a summary, a transcript): a vector search, then one pass for
            // control characters
            let end = at + memchr::memchr2(b'"', b'\\', &rest[at..]).ok_or(Refused)?;
            let control = rest[at..end].iter().fold(false, |any, &byte| any | (byte < 0x20));
            return if control { Err(Refused) } else { Ok(end) };
        }
    }
}

/// How far into a string the word scan goes before a vector search takes over.
const LONG: usize = 16;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;
    use crate::recognise::Tree;

    /// What the fast path reads from `text`: `None` when refused.
    fn read(text: &[u8]) -> Option<Value> {
        let arena = Arena::default();
        parse(text, &arena).ok().map(|node| node.to_serde().into_owned())
    }

    /// Either refused, or read to exactly the value serde_json reads.
    fn agrees(text: &[u8]) -> Result<(), String> {
        match (read(text), serde_json::from_slice::<Value>(text).ok()) {
            (None, _) => Ok(()),
            (Some(fast), Some(serde)) if fast == serde && format!("{fast}") == format!("{serde}") => Ok(()),
            (fast, serde) => Err(format!("{:?}: fast {fast:?}, serde_json {serde:?}", String::from_utf8_lossy(text))),
        }
    }

    #[test]
    fn what_serde_json_reads_is_read_the_same() {
        for text in [
            r#"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#,
            " [ 1 , -2 , 3.5 , -0 , 0 , 1e2 , 1E-2 , -1.5e+3 ]\t\r\n",
            r#"[123456789012345678, 1234567890123456789, 18446744073709551615, 18446744073709551616]"#,
            r#"[-123456789012345678, -9223372036854775808, -9223372036854775809, 0.1, 1.7976931348623157e308]"#,
            r#""a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\u20ac\ud83d\ude00\u0000""#,
            r#"{"k": 1, "k": 2, "j": 3, "k": 4}"#,
            r#"{"": "", "é": "ü", "\u0065": 1}"#,
            "[[], {}, [{}], {\"a\": []}]",
        ] {
            assert!(read(text.as_bytes()).is_some(), "refused {text}");
            agrees(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn what_serde_json_refuses_is_refused() {
        for text in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "[01]",
            "[-]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[+1]",
            "[--1]",
            "[1.5.2]",
            "[1e400]",
            "[-1e400]",
            "tru",
            "nul",
            "[true false]",
            "{\"a\" 1}",
            "{1: 2}",
            "\"a",
            "\"a\nb\"",
            "\"\t\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"\\udc00\"",
            "[1] 2",
            "\u{feff}[1]",
            "{\"a\":1}}",
            "NaN",
            "[Infinity]",
            "'a'",
        ] {
            assert!(read(text.as_bytes()).is_none(), "read {text:?}");
        }
        assert!(read(b"\"\xff\"").is_none());
        assert!(read(b"[\"\xc3\"]").is_none());
    }

    #[test]
    fn a_string_ends_where_serde_json_ends_it_at_every_offset() {
        for at in 0..40 {
            for (byte, read_here) in [
                ("\\", false),
                ("\u{1}", false),
                ("\u{1f}", false),
                (" ", true),
                ("\u{7f}", true),
                ("é", true),
                ("\\n", true),
            ] {
                for filler in ["a", "é"] {
                    let text = format!("[\"{}{byte}{}\"]", filler.repeat(at), "x".repeat(40 - at));
                    assert_eq!(read(text.as_bytes()).is_some(), read_here, "{text:?}");
                    agrees(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
                }
            }
        }
    }

    #[test]
    fn an_arena_keeps_its_memory_between_lines_unless_a_long_line_made_it_large() {
        let mut arena = Arena::default();
        assert!(parse(br#"{"a": [1, 2, {"b": "c\n"}]}"#, &arena).is_ok());
        arena.reset();
        assert!(arena.bump.allocated_bytes() > 0);
        let long = format!("[{}1]", "1,".repeat(100_000));
        assert!(parse(long.as_bytes(), &arena).is_ok());
        assert!(arena.bump.allocated_bytes() > KEPT_BYTES);
        arena.reset();
        assert!(arena.bump.allocated_bytes() < KEPT_BYTES);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_where_it_was_last_written() {
        let arena = Arena::default();
        let node = parse(br#"{"k": 1, "j": 2, "k": 3}"#, &arena).unwrap_or(Node::Null);
        assert_eq!(node.members().map(|(key, _)| key).collect::<Vec<_>>(), ["j", "k"]);
        assert_eq!(node.member("k").and_then(Tree::number), Some(3.0));
        assert!(!arena.keys_are_distinct());
        // keys alike in length and first byte, but distinct
        let arena = Arena::default();
        let node = parse(br#"{"ab": 1, "ac": 2, "x": {"ab": 3}}"#, &arena).unwrap_or(Node::Null);
        assert_eq!(node.members().map(|(key, _)| key).collect::<Vec<_>>(), ["ab", "ac", "x"]);
        assert!(arena.keys_are_distinct());
    }

    #[test]
    fn keys_and_strings_without_escapes_are_borrowed() {
        let line = br#"{"plain": "text", "esc\u0061ped": "a\nb"}"#;
        let arena = Arena::default();
        let Ok(Node::Object(members)) = parse(line, &arena) else { panic!("not an object") };
        let within = |text: &str| line.as_ptr_range().contains(&text.as_ptr());
        assert!(within(members[0].0) && matches!(members[0].1, Node::Str(text) if within(text)));
        assert_eq!(members[1].0, "escaped");
        assert!(!within(members[1].0) && matches!(members[1].1, Node::Str(text) if !within(text) && text == "a\nb"));
    }

    /// Any JSON text, in serde_json's own spelling or spaced out.
    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::String),
        ];
        let value = leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-c]{0,2}", inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        });
        (value, any::<bool>()).prop_map(|(value, pretty)| {
            if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }
                .unwrap_or_default()
        })
    }

    proptest! {
        #[test]
        fn a_line_reads_as_serde_json_reads_it_or_is_refused(
            text in json_text(),
            cut in any::<prop::sample::Index>(),
            byte in prop::sample::select(b"\"\\{}[],:-+.eE0159 \nu\x01\xc3".to_vec()),
            how in 0..4u8,
        ) {
            // the text itself, and the text with a byte changed, inserted or removed somewhere
            let mut bytes = text.clone().into_bytes();
            prop_assert!(read(&bytes).is_some(), "refused {text}");
            prop_assert!(agrees(&bytes).is_ok(), "{:?}", agrees(&bytes));
            if !bytes.is_empty() {
                let at = cut.index(bytes.len());
                match how {
                    0 => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    2 => { bytes.remove(at); }
                    _ => bytes.truncate(at),
                }
            }
            prop_assert!(agrees(&bytes).is_ok(), "{:?}", agrees(&bytes));
        }
    }
}
