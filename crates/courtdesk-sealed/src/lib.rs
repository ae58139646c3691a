//! Files sealed at rest: what a litigant hands in at a kiosk (scans,
//! photos, files from a USB stick) is kept on the terminal's disk only
//! encrypted and authenticated, like the terminal database beside it.
//!
//! # Format (version 1)
//!
//! ```text
//! header  "CDSEAL01" (8 bytes) | nonce prefix (8 random bytes)
//! chunk i AES-256-GCM( plaintext[i*64 KiB .. (i+1)*64 KiB] ) with its 16-byte tag
//! ```
//!
//! Chunk `i`'s nonce is the file's prefix followed by `i` as 4 big-endian
//! bytes; its additional data is the header followed by 1 for the last
//! chunk and 0 for the others (the STREAM construction). So a chunk cannot
//! be moved, dropped from the end, or taken from another file without the
//! read failing. Every chunk is full but the last, which holds 1 to 64 KiB,
//! or nothing for an empty file; the plaintext's length follows from the
//! file's. Any chunk can be read alone, which lets a resumed upload start
//! in the middle of a file.
//!
//! A file without the header is a plain file from a version that did not
//! seal (read as it is, and sealed in place by [`seal_in_place`]).

use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

/// Marks a sealed file, with its format's version.
pub const MAGIC: &[u8; 8] = b"CDSEAL01";
/// The header: [`MAGIC`] and the nonce prefix.
pub const HEADER_LEN: u64 = 16;
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const SEALED_CHUNK: u64 = (CHUNK + TAG) as u64;

/// The key files are sealed with. Its `Debug` never shows the bytes.
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey(<redacted>)")
    }
}

impl SealKey {
    pub fn from_bytes(bytes: [u8; 32]) -> SealKey {
        SealKey(bytes)
    }

    fn aead(&self) -> LessSafeKey {
        // 32 bytes is AES-256's key length, so this cannot fail.
        LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.0).expect("a 32-byte key"))
    }
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

fn nonce(prefix: &[u8; 8], index: u32) -> Nonce {
    let mut bytes = [0u8; 12];
    bytes[..8].copy_from_slice(prefix);
    bytes[8..].copy_from_slice(&index.to_be_bytes());
    Nonce::assume_unique_for_key(bytes)
}

fn aad(header: &[u8; 16], last: bool) -> [u8; 17] {
    let mut bytes = [0u8; 17];
    bytes[..16].copy_from_slice(header);
    bytes[16] = u8::from(last);
    bytes
}

/// How many chunks `plain_len` bytes take: at least one.
fn chunks_for(plain_len: u64) -> u64 {
    plain_len.div_ceil(CHUNK as u64).max(1)
}

/// The sealed size of `plain_len` bytes.
pub fn sealed_len(plain_len: u64) -> u64 {
    HEADER_LEN + plain_len + chunks_for(plain_len) * TAG as u64
}

/// The plaintext's length of a sealed file of `file_len` bytes, or `None`
/// when no plaintext seals to that length.
fn plain_len_of(file_len: u64) -> Option<u64> {
    let body = file_len.checked_sub(HEADER_LEN)?;
    if body < TAG as u64 {
        return None;
    }
    let chunks = body.div_ceil(SEALED_CHUNK);
    let last = body - (chunks - 1) * SEALED_CHUNK;
    // The last chunk holds its tag and, unless it is the only one, at
    // least one byte.
    if last < TAG as u64 || (chunks > 1 && last == TAG as u64) {
        return None;
    }
    Some(body - chunks * TAG as u64)
}

/// Seals `plain` under `key` into `out`, header first.
pub fn seal(key: &SealKey, plain: &[u8], out: &mut impl Write) -> std::io::Result<()> {
    let mut prefix = [0u8; 8];
    SystemRandom::new()
        .fill(&mut prefix)
        .map_err(|_| std::io::Error::other("the system's random source failed"))?;
    let mut header = [0u8; 16];
    header[..8].copy_from_slice(MAGIC);
    header[8..].copy_from_slice(&prefix);
    out.write_all(&header)?;
    let aead = key.aead();
    let chunks = chunks_for(plain.len() as u64) as usize;
    let mut buffer = Vec::with_capacity(CHUNK + TAG);
    for index in 0..chunks {
        let start = index * CHUNK;
        let end = (start + CHUNK).min(plain.len());
        buffer.clear();
        buffer.extend_from_slice(&plain[start..end]);
        let index32 = u32::try_from(index).map_err(|_| invalid("too large to seal"))?;
        aead.seal_in_place_append_tag(
            nonce(&prefix, index32),
            Aad::from(aad(&header, index + 1 == chunks)),
            &mut buffer,
        )
        .map_err(|_| std::io::Error::other("sealing failed"))?;
        out.write_all(&buffer)?;
    }
    Ok(())
}

/// Writes `plain` sealed to `path` through a file beside it, flushed to
/// disk before it takes the name, so a crash leaves the old file or the
/// new one, whole.
pub fn write_sealed(key: &SealKey, path: &Path, plain: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".sealing-")
        .tempfile_in(dir)?;
    let mut writer = std::io::BufWriter::with_capacity(CHUNK + TAG, temp.as_file_mut());
    seal(key, plain, &mut writer)?;
    writer.flush()?;
    drop(writer);
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// A file opened for reading its plaintext: sealed, or plain from a
/// version that did not seal.
pub struct SealedFile {
    file: File,
    /// `None` for a plain file.
    sealed: Option<Sealed>,
    plain_len: u64,
}

struct Sealed {
    aead: LessSafeKey,
    header: [u8; 16],
    prefix: [u8; 8],
    chunks: u64,
}

impl fmt::Debug for SealedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedFile")
            .field("sealed", &self.sealed.is_some())
            .field("plain_len", &self.plain_len)
            .finish()
    }
}

impl SealedFile {
    pub fn open(key: &SealKey, path: &Path) -> std::io::Result<SealedFile> {
        let mut file = File::open(path)?;
        let file_len = file.metadata()?.len();
        let mut header = [0u8; 16];
        let sealed = file_len >= HEADER_LEN && {
            file.read_exact(&mut header)?;
            header[..8] == MAGIC[..]
        };
        if !sealed {
            file.seek(SeekFrom::Start(0))?;
            return Ok(SealedFile {
                file,
                sealed: None,
                plain_len: file_len,
            });
        }
        let plain_len =
            plain_len_of(file_len).ok_or_else(|| invalid("a sealed file is cut short"))?;
        let mut prefix = [0u8; 8];
        prefix.copy_from_slice(&header[8..]);
        Ok(SealedFile {
            file,
            sealed: Some(Sealed {
                aead: key.aead(),
                header,
                prefix,
                chunks: chunks_for(plain_len),
            }),
            plain_len,
        })
    }

    /// Whether the file is sealed (not a plain file of an earlier version).
    pub fn is_sealed(&self) -> bool {
        self.sealed.is_some()
    }

    /// The plaintext's length.
    pub fn plain_len(&self) -> u64 {
        self.plain_len
    }

    /// Up to `max` plaintext bytes from `offset`; fewer only at the end.
    /// A chunk that was changed, moved or cut off fails with `InvalidData`.
    pub fn read_at(&mut self, offset: u64, max: usize) -> std::io::Result<Vec<u8>> {
        let end = offset.saturating_add(max as u64).min(self.plain_len);
        let mut out = Vec::with_capacity(end.saturating_sub(offset) as usize);
        let Some(sealed) = &self.sealed else {
            self.file.seek(SeekFrom::Start(offset))?;
            (&mut self.file)
                .take(end.saturating_sub(offset))
                .read_to_end(&mut out)?;
            return Ok(out);
        };
        let mut at = offset;
        let mut buffer = vec![0u8; CHUNK + TAG];
        while at < end {
            let index = at / CHUNK as u64;
            let chunk_start = index * CHUNK as u64;
            let chunk_len = (self.plain_len - chunk_start).min(CHUNK as u64) as usize;
            self.file
                .seek(SeekFrom::Start(HEADER_LEN + index * SEALED_CHUNK))?;
            let sealed_chunk = &mut buffer[..chunk_len + TAG];
            self.file.read_exact(sealed_chunk)?;
            let index32 = u32::try_from(index).map_err(|_| invalid("too many chunks"))?;
            let plain = sealed
                .aead
                .open_in_place(
                    nonce(&sealed.prefix, index32),
                    Aad::from(aad(&sealed.header, index + 1 == sealed.chunks)),
                    sealed_chunk,
                )
                .map_err(|_| invalid("a sealed file was changed or is not this terminal's"))?;
            let from = (at - chunk_start) as usize;
            let to = ((end - chunk_start) as usize).min(plain.len());
            out.extend_from_slice(&plain[from..to]);
            at = chunk_start + to as u64;
        }
        Ok(out)
    }

    /// The whole plaintext.
    pub fn read_all(&mut self) -> std::io::Result<Vec<u8>> {
        let len = usize::try_from(self.plain_len).map_err(|_| invalid("too large to read"))?;
        self.read_at(0, len)
    }
}

/// The whole plaintext of the file at `path`.
pub fn read_sealed(key: &SealKey, path: &Path) -> std::io::Result<Vec<u8>> {
    SealedFile::open(key, path)?.read_all()
}

/// Seals a plain file of an earlier version in place; `false` when it was
/// sealed already.
pub fn seal_in_place(key: &SealKey, path: &Path) -> std::io::Result<bool> {
    let mut file = SealedFile::open(key, path)?;
    if file.is_sealed() {
        return Ok(false);
    }
    let plain = file.read_all()?;
    drop(file);
    write_sealed(key, path, &plain)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key() -> SealKey {
        SealKey::from_bytes([7; 32])
    }

    fn sealed(plain: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        seal(&key(), plain, &mut out).expect("sealed");
        out
    }

    fn written(dir: &Path, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join("f");
        std::fs::write(&path, bytes).expect("written");
        path
    }

    #[test]
    fn lengths_at_chunk_edges_round_trip() {
        let dir = tempfile::tempdir().expect("tempdir");
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let bytes = sealed(&plain);
            assert_eq!(bytes.len() as u64, sealed_len(len as u64), "{len}");
            assert_eq!(plain_len_of(bytes.len() as u64), Some(len as u64));
            let path = written(dir.path(), &bytes);
            assert_eq!(read_sealed(&key(), &path).expect("read"), plain, "{len}");
        }
    }

    #[test]
    fn the_plaintext_does_not_show_and_two_sealings_differ() {
        let plain = b"%PDF-1.7 statement of claim".repeat(100);
        let a = sealed(&plain);
        let b = sealed(&plain);
        assert_ne!(a, b, "a fresh nonce prefix each time");
        assert!(!a.windows(8).any(|w| w == b"%PDF-1.7"));
    }

    #[test]
    fn a_changed_swapped_or_cut_file_or_another_key_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let plain: Vec<u8> = (0..3 * CHUNK).map(|i| (i % 7) as u8).collect();
        let good = sealed(&plain);
        let mut flipped = good.clone();
        flipped[HEADER_LEN as usize + CHUNK + 100] ^= 1;
        let mut swapped = good.clone();
        let (a, b) = (
            HEADER_LEN as usize,
            HEADER_LEN as usize + SEALED_CHUNK as usize,
        );
        let first: Vec<u8> = swapped[a..b].to_vec();
        let second: Vec<u8> = swapped[b..b + SEALED_CHUNK as usize].to_vec();
        swapped[a..b].copy_from_slice(&second);
        swapped[b..b + SEALED_CHUNK as usize].copy_from_slice(&first);
        // Whole chunks dropped from the end: still a valid length.
        let cut = good[..(HEADER_LEN + 2 * SEALED_CHUNK) as usize].to_vec();
        for (what, bytes) in [("flipped", flipped), ("swapped", swapped), ("cut", cut)] {
            let path = written(dir.path(), &bytes);
            let error = read_sealed(&key(), &path).expect_err(what);
            assert_eq!(error.kind(), std::io::ErrorKind::InvalidData, "{what}");
        }
        let path = written(dir.path(), &good);
        let other = SealKey::from_bytes([8; 32]);
        assert!(
            read_sealed(&other, &path).is_err(),
            "another terminal's key"
        );
        let ragged = written(dir.path(), &good[..good.len() - 3]);
        assert!(read_sealed(&key(), &ragged).is_err(), "a torn last chunk");
    }

    #[test]
    fn a_plain_file_of_an_earlier_version_is_read_then_sealed_in_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = written(dir.path(), b"plain bytes");
        let mut file = SealedFile::open(&key(), &path).expect("open");
        assert!(!file.is_sealed());
        assert_eq!(file.read_at(6, 100).expect("read"), b"bytes");
        assert!(seal_in_place(&key(), &path).expect("sealed"));
        assert!(!seal_in_place(&key(), &path).expect("again"), "once");
        assert!(SealedFile::open(&key(), &path).expect("open").is_sealed());
        assert_eq!(read_sealed(&key(), &path).expect("read"), b"plain bytes");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_range_reads_as_the_plaintext_does(
            len in 0usize..(3 * CHUNK + 10),
            offset in 0u64..(3 * CHUNK as u64 + 20),
            max in 0usize..(2 * CHUNK + 3),
        ) {
            let dir = tempfile::tempdir().expect("tempdir");
            let plain: Vec<u8> = (0..len).map(|i| (i * 31 % 256) as u8).collect();
            let path = written(dir.path(), &sealed(&plain));
            let mut file = SealedFile::open(&key(), &path).expect("open");
            let start = (offset as usize).min(len);
            let end = start.saturating_add(max).min(len);
            prop_assert_eq!(file.read_at(offset, max).expect("read"), plain[start..end].to_vec());
        }
    }
}
