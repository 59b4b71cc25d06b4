//! Meetings' front matter as read, kept by a `kpss build` for the next one inside the body
//! scan of the same text (`stored::StoredScan::meeting`): where its body begins and every
//! field with the byte span it was written at (`source::raw::RawMeeting`). A text is a
//! string's span in the front matter, not the string again, when the string is what the span
//! holds between its quotes (no escapes): the next build takes it from the text's front
//! matter, which it has anyway (the record of the file, `source::text::Known`). The next build
//! takes a meeting from here instead of parsing its TOML again when the scan's digest and
//! length are its text's and its path still makes it a meeting with no report (`read_all`);
//! only a meeting whose reading reported nothing is kept. Parsing 100,000 front matters was
//! 140–200 ms of a warm build's 1.3–1.6 s at 100,000 meetings (bench/README.md).

use std::ops::Range;

use crate::czech::date::PartialDate;
use crate::source::frontmatter::Located;
use crate::source::raw::RawMeeting;

/// The bytes of a meeting read from `text` (the file's text from its start, its front matter
/// at least), its body at `body_offset`; `None` when an offset does not fit 32 bits.
pub(super) fn encode(raw: &RawMeeting, body_offset: usize, text: &str) -> Option<Box<[u8]>> {
    let mut w = Out(Vec::with_capacity(96), text);
    w.u32(body_offset)?;
    let RawMeeting {
        group,
        date,
        time,
        number,
        title,
        kind,
        place,
        agenda,
        minutes,
        attachments,
        documents,
    } = raw;
    w.opt_str(group)?;
    match date {
        None => w.0.push(0),
        Some(l) => {
            w.0.push(1);
            w.0.extend_from_slice(&l.value.year.to_le_bytes());
            w.0.push(l.value.month.unwrap_or(0));
            w.0.push(l.value.day.unwrap_or(0));
            w.span(&l.span)?;
        }
    }
    w.opt_str(time)?;
    match number {
        None => w.0.push(0),
        Some(l) => {
            w.0.push(1);
            w.0.extend_from_slice(&l.value.to_le_bytes());
            w.span(&l.span)?;
        }
    }
    for s in [title, kind, place] {
        w.opt_str(s)?;
    }
    w.list(agenda)?;
    w.opt_str(minutes)?;
    w.list(attachments)?;
    w.list(documents)?;
    Some(w.0.into_boxed_slice())
}

/// The bytes of one meeting, and the text it was read from.
struct Out<'t>(Vec<u8>, &'t str);

impl Out<'_> {
    fn u32(&mut self, n: usize) -> Option<()> {
        self.0
            .extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
        Some(())
    }
    fn span(&mut self, r: &Range<usize>) -> Option<()> {
        self.u32(r.start)?;
        self.u32(r.end)
    }
    /// A string: 1 and its span when the span holds it between quotes, else 2, its span and
    /// the string.
    fn located(&mut self, l: &Located<String>) -> Option<()> {
        let inner = l.span.start.checked_add(1)?..l.span.end.checked_sub(1)?;
        let quoted = self.1.get(inner).is_some_and(|s| s == l.value);
        self.0.push(if quoted { 1 } else { 2 });
        self.span(&l.span)?;
        if !quoted {
            self.u32(l.value.len())?;
            self.0.extend_from_slice(l.value.as_bytes());
        }
        Some(())
    }
    fn opt_str(&mut self, s: &Option<Located<String>>) -> Option<()> {
        match s {
            None => {
                self.0.push(0);
                Some(())
            }
            Some(l) => self.located(l),
        }
    }
    fn list(&mut self, list: &[Located<String>]) -> Option<()> {
        self.u32(list.len())?;
        list.iter().try_for_each(|l| self.located(l))
    }
}

/// The meeting `encode` wrote into `bytes`, read from `text` (the same text), and where its
/// body begins; `None` when the bytes do not read back whole or a span is not in `text`.
pub(super) fn decode(bytes: &[u8], text: &str) -> Option<(RawMeeting, usize)> {
    let mut r = In(bytes, text);
    let body_offset = r.u32()? as usize;
    let group = r.opt_str()?;
    let date = match r.byte()? {
        0 => None,
        1 => {
            let year = i16::from_le_bytes(r.take(2)?.try_into().ok()?);
            let (month, day) = (r.byte()?, r.byte()?);
            let value = PartialDate {
                year,
                month: (month > 0).then_some(month),
                day: (day > 0).then_some(day),
            };
            Some(Located::new(value, r.span()?))
        }
        _ => return None,
    };
    let time = r.opt_str()?;
    let number = match r.byte()? {
        0 => None,
        1 => {
            let n = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
            Some(Located::new(n, r.span()?))
        }
        _ => return None,
    };
    let (title, kind, place) = (r.opt_str()?, r.opt_str()?, r.opt_str()?);
    let agenda = r.list()?;
    let minutes = r.opt_str()?;
    let (attachments, documents) = (r.list()?, r.list()?);
    if !r.0.is_empty() {
        return None;
    }
    let raw = RawMeeting {
        group,
        date,
        time,
        number,
        title,
        kind,
        place,
        agenda,
        minutes,
        attachments,
        documents,
    };
    Some((raw, body_offset))
}

struct In<'a, 't>(&'a [u8], &'t str);

impl<'a> In<'a, '_> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (a, b) = self.0.split_at_checked(n)?;
        self.0 = b;
        Some(a)
    }
    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn span(&mut self) -> Option<Range<usize>> {
        let (start, end) = (self.u32()? as usize, self.u32()? as usize);
        (start <= end).then_some(start..end)
    }
    fn string(&mut self, tag: u8) -> Option<Located<String>> {
        let span = self.span()?;
        let value = match tag {
            1 => self
                .1
                .get(span.start.checked_add(1)?..span.end.checked_sub(1)?)?,
            2 => {
                let n = self.u32()? as usize;
                std::str::from_utf8(self.take(n)?).ok()?
            }
            _ => return None,
        };
        Some(Located::new(value.to_string(), span))
    }
    fn opt_str(&mut self) -> Option<Option<Located<String>>> {
        match self.byte()? {
            0 => Some(None),
            tag => Some(Some(self.string(tag)?)),
        }
    }
    fn list(&mut self) -> Option<Vec<Located<String>>> {
        let n = self.u32()? as usize;
        // Each takes 9 bytes or more.
        if n > self.0.len() / 9 {
            return None;
        }
        (0..n)
            .map(|_| {
                let tag = self.byte()?;
                self.string(tag)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A front matter and the meeting read from it (spans as the reader gives them: the
    /// value's, quotes included), with one string whose text is not what its span holds.
    fn sample() -> (String, RawMeeting) {
        let text = "+++\ngroup = \"rs\"\ndate = 2019-06\nnumber = -7\ntitle = \"A \\\"b\\\"\"\n\
                    agenda = [\"Úvod\", \"Různé\"]\n+++\nTělo";
        let at = |needle: &str| {
            let s = text.find(needle).unwrap();
            s..s + needle.len()
        };
        let raw = RawMeeting {
            group: Some(Located::new("rs".into(), at("\"rs\""))),
            date: Some(Located::new(
                PartialDate {
                    year: 2019,
                    month: Some(6),
                    day: None,
                },
                at("2019-06"),
            )),
            number: Some(Located::new(-7, at("-7"))),
            title: Some(Located::new("A \"b\"".into(), at("\"A \\\"b\\\"\""))),
            agenda: vec![
                Located::new("Úvod".into(), at("\"Úvod\"")),
                Located::new("Různé".into(), at("\"Různé\"")),
            ],
            ..RawMeeting::default()
        };
        (text.to_string(), raw)
    }

    #[test]
    fn a_meeting_reads_back_as_it_was_read() {
        let (text, raw) = sample();
        let body = text.find("Tělo").unwrap();
        let bytes = encode(&raw, body, &text).expect("offsets fit");
        let (back, offset) = decode(&bytes, &text).expect("reads back");
        assert_eq!(offset, body);
        assert_eq!(format!("{back:?}"), format!("{raw:?}"));
        // The group is taken from the text, the title (escaped there) stored whole.
        assert!(!bytes.windows(2).any(|w| w == b"rs"));
        assert!(bytes.windows(5).any(|w| w == b"A \"b\""));
    }

    #[test]
    fn cut_bytes_or_another_text_read_as_nothing() {
        let (text, raw) = sample();
        let bytes = encode(&raw, 3, &text).unwrap();
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n], &text).is_none(), "cut at {n}");
        }
        let mut more = bytes.to_vec();
        more.push(0);
        assert!(decode(&more, &text).is_none(), "a byte past the end");
        assert!(decode(&bytes, "+++\n").is_none(), "spans past the text");
    }
}
