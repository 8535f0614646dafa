//! The container of the index file: length-prefixed, checksummed sections, and why a
//! file is not used (`Stale`). The index and the catalog each write their own sections.

use std::fmt;
use std::io::{Read, Write};

use super::index::Arena;

/// Why an index on disk was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    Missing,
    /// A source was added, removed, edited, truncated or replaced: which one.
    Changed(String),
    /// The file does not read back (damaged, truncated, another version): why.
    Unreadable(String),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing => write!(f, "no index yet"),
            Stale::Changed(what) => write!(f, "{what} changed since it was indexed"),
            Stale::Unreadable(why) => write!(f, "the index file is unreadable: {why}"),
        }
    }
}

/// Writes length-prefixed, checksummed sections (what `Sections` reads back).
pub(super) struct SectionWriter<'a> {
    pub out: &'a mut (dyn Write + Send),
}

impl SectionWriter<'_> {
    pub fn section(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.pieces(&[bytes])
    }

    /// One section of `pieces` laid end to end, written without joining them first.
    pub fn pieces(&mut self, pieces: &[&[u8]]) -> std::io::Result<()> {
        let len: usize = pieces.iter().map(|p| p.len()).sum();
        self.out.write_all(&(len as u64).to_le_bytes())?;
        let mut sum = StreamSum::default();
        for piece in pieces {
            // summed just before it is written, while it is in cache
            sum.update(piece);
            self.out.write_all(piece)?;
        }
        self.out.write_all(&sum.finish().to_le_bytes())
    }

    pub fn arena(&mut self, arena: &Arena) -> std::io::Result<()> {
        self.arenas(&[arena])
    }

    /// The arenas as one: each one's ends shifted by the text of those before it.
    pub fn arenas(&mut self, arenas: &[&Arena]) -> std::io::Result<()> {
        let texts: Vec<&[u8]> = arenas.iter().map(|a| a.text.as_bytes()).collect();
        self.pieces(&texts)?;
        let mut base = 0;
        let ends: Vec<(&[u32], u32)> = arenas
            .iter()
            .map(|a| {
                let piece = (a.ends.as_slice(), base);
                base += a.text.len() as u32;
                piece
            })
            .collect();
        self.shifted_u32s(&ends)
    }

    pub fn u32s(&mut self, values: &[u32]) -> std::io::Result<()> {
        self.shifted_u32s(&[(values, 0)])
    }

    /// One section of the numbers of every piece, each plus its piece's base.
    pub fn shifted_u32s(&mut self, pieces: &[(&[u32], u32)]) -> std::io::Result<()> {
        self.numbers(pieces, |v, base, out| {
            out.extend_from_slice(&(v + base).to_le_bytes())
        })
    }

    pub fn u64s(&mut self, values: &[u64]) -> std::io::Result<()> {
        self.numbers(&[(values, 0)], |v, _, out| {
            out.extend_from_slice(&v.to_le_bytes())
        })
    }

    fn numbers<T: Copy>(
        &mut self,
        pieces: &[(&[T], T)],
        put: impl Fn(T, T, &mut Vec<u8>),
    ) -> std::io::Result<()> {
        let size = std::mem::size_of::<T>();
        let len: usize = pieces.iter().map(|(p, _)| std::mem::size_of_val(*p)).sum();
        self.out.write_all(&(len as u64).to_le_bytes())?;
        // turned into bytes a block at a time, never all at once
        let mut sum = StreamSum::default();
        let full = 8192 * size;
        let mut block = Vec::with_capacity(full);
        for &(piece, base) in pieces {
            let mut rest = piece;
            while !rest.is_empty() {
                let room = (full - block.len()) / size;
                let (now, later) = rest.split_at(room.min(rest.len()));
                now.iter().for_each(|&v| put(v, base, &mut block));
                rest = later;
                if block.len() == full {
                    sum.update(&block);
                    self.out.write_all(&block)?;
                    block.clear();
                }
            }
        }
        sum.update(&block);
        self.out.write_all(&block)?;
        self.out.write_all(&sum.finish().to_le_bytes())
    }
}

/// Length-prefixed, checksummed sections read from a file of known size: a damaged
/// length never makes it allocate more than the file holds.
pub(super) struct Sections<R> {
    reader: R,
    left: u64,
}

impl<R: Read> Sections<R> {
    pub fn new(reader: R, size: u64) -> Self {
        Sections { reader, left: size }
    }

    pub fn exact(&mut self, buf: &mut [u8]) -> Result<(), Stale> {
        if (buf.len() as u64) > self.left {
            return Err(Stale::Unreadable("truncated".into()));
        }
        self.reader
            .read_exact(buf)
            .map_err(|e| Stale::Unreadable(e.to_string()))?;
        self.left -= buf.len() as u64;
        Ok(())
    }

    fn u64(&mut self) -> Result<u64, Stale> {
        let mut b = [0u8; 8];
        self.exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    pub fn section(&mut self) -> Result<Vec<u8>, Stale> {
        let len = self.u64()?;
        if len > self.left {
            return Err(Stale::Unreadable("truncated".into()));
        }
        let mut bytes = vec![0u8; len as usize];
        self.exact(&mut bytes)?;
        let mut sum = Checksum::default();
        sum.update(&bytes);
        if sum.finish() != self.u64()? {
            return Err(Stale::Unreadable("checksum mismatch".into()));
        }
        Ok(bytes)
    }

    pub fn u32s(&mut self) -> Result<Vec<u32>, Stale> {
        self.numbers::<_, 4>(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    pub fn u64s(&mut self) -> Result<Vec<u64>, Stale> {
        self.numbers::<_, 8>(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
    }

    /// A section of `N`-byte numbers, read a block at a time rather than as one copy of
    /// its bytes beside the numbers.
    fn numbers<T, const N: usize>(&mut self, from: impl Fn(&[u8]) -> T) -> Result<Vec<T>, Stale> {
        let len = self.u64()?;
        if len > self.left {
            return Err(Stale::Unreadable("truncated".into()));
        }
        if len % N as u64 != 0 {
            return Err(Stale::Unreadable("misaligned section".into()));
        }
        let mut values = Vec::with_capacity(len as usize / N);
        let mut sum = Checksum::default();
        // whole 32-byte blocks per block read, so the checksum comes out as in one piece
        let mut block = vec![0u8; (8192 * N).min(len as usize)];
        let mut left = len as usize;
        while left > 0 {
            let piece = &mut block[..left.min(8192 * N)];
            self.exact(piece)?;
            sum.update(piece);
            values.extend(piece.chunks_exact(N).map(&from));
            left -= piece.len();
        }
        if sum.finish() != self.u64()? {
            return Err(Stale::Unreadable("checksum mismatch".into()));
        }
        Ok(values)
    }

    pub fn arena(&mut self) -> Result<Arena, Stale> {
        let text = String::from_utf8(self.section()?)
            .map_err(|_| Stale::Unreadable("a word is not UTF-8".into()))?;
        let ends = self.u32s()?;
        let arena = Arena { text, ends };
        if !arena.is_consistent() {
            return Err(Stale::Unreadable("word bounds are damaged".into()));
        }
        Ok(arena)
    }
}

/// A fast 64-bit checksum (it guards against damage, not against an adversary): four
/// lanes, each taking every fourth 8-byte word of a 32-byte block, so the multiplies do
/// not wait on each other (one lane took a sixth of the time the index file took to write).
pub(super) struct Checksum {
    lanes: [u64; 4],
    len: u64,
}

const SUM_MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

impl Default for Checksum {
    fn default() -> Self {
        Checksum {
            lanes: [1, 2, 3, 4],
            len: 0,
        }
    }
}

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(23) ^ x).wrapping_mul(SUM_MULTIPLIER)
}

fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

impl Checksum {
    pub fn update(&mut self, bytes: &[u8]) {
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            for (k, lane) in self.lanes.iter_mut().enumerate() {
                *lane = mix(*lane, word(&block[8 * k..8 * k + 8]));
            }
        }
        // the rest, fewer than 32 bytes, into the first lane
        let mut words = blocks.remainder().chunks_exact(8);
        for w in &mut words {
            self.lanes[0] = mix(self.lanes[0], word(w));
        }
        for &b in words.remainder() {
            self.lanes[0] = mix(self.lanes[0], u64::from(b));
        }
        self.len += bytes.len() as u64;
    }

    pub fn finish(&self) -> u64 {
        let lanes = &self.lanes;
        let h = lanes[1..].iter().fold(lanes[0], |h, &lane| mix(h, lane));
        let mut z = h ^ self.len;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A `Checksum` of bytes given in pieces of any length: the same as of them in one piece
/// (`Checksum` takes the bytes after a piece's last whole block differently, so it needs
/// whole blocks).
#[derive(Default)]
pub(super) struct StreamSum {
    sum: Checksum,
    held: [u8; 32],
    count: usize,
}

impl StreamSum {
    pub fn update(&mut self, mut bytes: &[u8]) {
        if self.count > 0 {
            let take = (32 - self.count).min(bytes.len());
            self.held[self.count..self.count + take].copy_from_slice(&bytes[..take]);
            self.count += take;
            bytes = &bytes[take..];
            if self.count < 32 {
                return;
            }
            self.sum.update(&self.held);
            self.count = 0;
        }
        let whole = bytes.len() / 32 * 32;
        self.sum.update(&bytes[..whole]);
        self.count = bytes.len() - whole;
        self.held[..self.count].copy_from_slice(&bytes[whole..]);
    }

    pub fn finish(mut self) -> u64 {
        let rest = self.count;
        self.sum.update(&self.held[..rest]);
        self.sum.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_sum_of_pieces_is_the_sum_of_them_in_one(bytes in proptest::collection::vec(0u8..=255, 0..200), cuts in proptest::collection::vec(0usize..200, 0..8)) {
            let mut whole = Checksum::default();
            whole.update(&bytes);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut pieces = StreamSum::default();
            let mut from = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                pieces.update(&bytes[from..cut]);
                from = cut;
            }
            proptest::prop_assert_eq!(pieces.finish(), whole.finish());
        }

        #[test]
        fn a_byte_changed_or_a_byte_more_changes_the_sum(bytes in proptest::collection::vec(0u8..=255, 1..200), at in 0usize..200, by in 1u8..=255) {
            let sum = |b: &[u8]| {
                let mut sum = Checksum::default();
                sum.update(b);
                sum.finish()
            };
            let mut changed = bytes.clone();
            changed[at % bytes.len()] ^= by;
            proptest::prop_assert_ne!(sum(&changed), sum(&bytes));
            let mut longer = bytes.clone();
            longer.push(0);
            proptest::prop_assert_ne!(sum(&longer), sum(&bytes));
        }
    }
}
