//! A record kept between index builds (`ajuda serve` keeps one per page): its words, the
//! bulk of it, as one byte string instead of a few hundred small allocations. At 30,000
//! pages that is the difference between the preview fitting in twice its memory without
//! search or not.

use super::cbor::Locs;
use super::page::{PageWord, Record};

/// A [`Record`] with its words packed; [`PackedRecord::unpack`] gives it back whole.
pub(crate) struct PackedRecord {
    rest: Record,
    words: Box<[u8]>,
}

impl PackedRecord {
    pub(crate) fn pack(mut record: Record) -> PackedRecord {
        let words = std::mem::take(&mut record.words);
        let names = std::mem::take(&mut record.names);
        let mut out = Vec::with_capacity(words.len() * 12);
        put(&mut out, words.len() as u64);
        for w in &words {
            put_str(&mut out, w.name(&names));
            match &w.locs {
                None => put(&mut out, 0),
                Some(locs) => {
                    put(&mut out, locs.len() as u64 + 1);
                    put_locs(&mut out, locs);
                }
            }
            put(&mut out, w.variants.len() as u64);
            for (form, locs) in &w.variants {
                put_str(&mut out, form);
                put(&mut out, locs.len() as u64);
                put_locs(&mut out, locs);
            }
        }
        PackedRecord {
            rest: record,
            words: out.into_boxed_slice(),
        }
    }

    pub(crate) fn unpack(&self) -> Record {
        let mut r = Reader(&self.words);
        let n = r.get();
        let mut words = Vec::with_capacity(n);
        let mut names = String::new();
        for _ in 0..n {
            let start = names.len() as u32;
            names.push_str(&r.string());
            let word = (start, names.len() as u32);
            let locs = match r.get() {
                0 => None,
                len => Some(r.locs(len - 1)),
            };
            let variants = (0..r.get())
                .map(|_| {
                    let form = r.string();
                    let len = r.get();
                    (form, r.locs(len))
                })
                .collect();
            words.push(PageWord {
                word,
                locs,
                variants,
            });
        }
        Record {
            names,
            words,
            ..self.rest.clone()
        }
    }
}

/// LEB128.
fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Zigzag, so the negative weight markers stay short.
fn put_locs(out: &mut Vec<u8>, locs: &[i32]) {
    for &l in locs {
        put(out, u64::from(((l << 1) ^ (l >> 31)) as u32));
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn get(&mut self) -> usize {
        let mut n = 0u64;
        let mut shift = 0;
        while let Some((&b, rest)) = self.0.split_first() {
            self.0 = rest;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        n as usize
    }

    fn string(&mut self) -> String {
        let len = self.get().min(self.0.len());
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }

    fn locs(&mut self, len: usize) -> Locs {
        (0..len)
            .map(|_| {
                let z = self.get() as u32;
                ((z >> 1) as i32) ^ -((z & 1) as i32)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_unpacks_as_it_was_packed() {
        let words = vec![
            PageWord {
                word: (0, 6),
                locs: Some(smallvec::smallvec![0, 3, -26, 40, 1, i32::MAX, i32::MIN]),
                variants: Vec::new(),
            },
            PageWord {
                word: (6, 14),
                locs: None,
                variants: vec![("cobrança".into(), smallvec::smallvec![7, 2])],
            },
        ];
        let record = Record {
            url: "/pt-br/a/".into(),
            names: "faturacobranca".into(),
            words: words.clone(),
            ..Record::default()
        };
        let back = PackedRecord::pack(record).unpack();
        assert_eq!(back.url, "/pt-br/a/");
        assert_eq!(back.words, words);
        let names: Vec<&str> = back.words.iter().map(|w| back.name(w)).collect();
        assert_eq!(names, ["fatura", "cobranca"]);
    }
}
