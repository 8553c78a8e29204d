//! Bytes to text for the importers: the file's encoding (UTF-8 with or without BOM, UTF-16 LE/BE
//! with or without BOM, else Windows-1252), refusal of binary data, and the per-value decoders
//! vCard needs (physical lines, quoted-printable, base64, CHARSET, backslash and caret escapes).
//! Never fails on odd bytes: what cannot be decoded becomes U+FFFD, so a bad byte costs one
//! character, not the file.

use super::record::Refused;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// A file's text and how it was decoded.
#[derive(Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding the file was read in (`"UTF-8"`, `"UTF-16LE"`, `"UTF-16BE"`, `"windows-1252"`).
    pub encoding: &'static str,
    /// Read as Windows-1252 because it was not UTF-8: a vCard CHARSET parameter may then say how
    /// the raw bytes of one value should really be read.
    pub legacy: bool,
}

impl std::fmt::Debug for Decoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Decoded({}, {} bytes, <redacted>)",
            self.encoding,
            self.text.len()
        )
    }
}

/// How much of a file the binary and UTF-16 sniffing looks at.
const SAMPLE: usize = 64 * 1024;

/// Decodes a whole import file. Refuses empty files and binary data.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Refused> {
    let (enc, body): (&'static Encoding, &[u8]) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            (UTF_8, rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            (UTF_16LE, rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            (UTF_16BE, rest)
        } else if let Some(enc) = sniff_utf16(bytes) {
            (enc, bytes)
        } else if std::str::from_utf8(bytes).is_ok() {
            (UTF_8, bytes)
        } else {
            (WINDOWS_1252, bytes)
        };
    let (text, _) = enc.decode_without_bom_handling(body);
    let text = text.into_owned();
    if text.trim().is_empty() {
        return Err(Refused::Empty);
    }
    if looks_binary(&text) {
        return Err(Refused::NotVcardOrCsv);
    }
    Ok(Decoded {
        text,
        encoding: enc.name(),
        legacy: enc == WINDOWS_1252,
    })
}

/// UTF-16 without a BOM: text in Latin script has a NUL in every other byte. Big-endian puts
/// it first (the realdata corpus has such a file), little-endian second.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    // Most characters of a contact file are ASCII; 60% leaves room for names in other scripts.
    if even * 10 >= pairs * 6 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else if odd * 10 >= pairs * 6 && even * 10 < pairs {
        Some(UTF_16LE)
    } else {
        None
    }
}

/// Text files have no NULs and few control characters; images, archives and executables do.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(SAMPLE) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}' {
            control += 1;
        }
    }
    control * 20 > total
}

/// Quoted-printable to bytes. `=XX` is a byte; an `=` not followed by two hex digits is kept.
/// Soft line breaks were already joined by the vCard line reader.
pub(crate) fn quoted_printable(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Base64 (standard alphabet, padding optional, whitespace ignored); `None` when malformed.
pub(crate) fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Bytes of one value to text, in the value's CHARSET when it names one we know. Without one,
/// UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what 8-bit vCards mostly are).
pub(crate) fn bytes_to_text(bytes: &[u8], charset: Option<&str>) -> String {
    let enc = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    match enc {
        Some(e) if e == UTF_8 => String::from_utf8_lossy(bytes).into_owned(),
        Some(e) => e.decode_without_bom_handling(bytes).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

/// A raw (not encoded) value from a file read as Windows-1252 whose CHARSET says otherwise:
/// turns the text back into the file's bytes and reads them in that charset. `None` when the
/// charset is unknown or already Windows-1252 (or the bytes are not valid in it).
pub(crate) fn reinterpret_legacy(text: &str, charset: &str) -> Option<String> {
    let enc = Encoding::for_label(charset.trim().as_bytes())?;
    if enc == WINDOWS_1252 || text.is_ascii() {
        return None;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    if unmappable {
        return None;
    }
    let (out, malformed) = enc.decode_without_bom_handling(&bytes);
    (!malformed).then(|| out.into_owned())
}

/// RFC 6868: `^n` newline, `^'` double quote, `^^` caret; any other caret is kept.
pub(crate) fn caret_decode(s: &str) -> String {
    if !s.contains('^') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('^', Some('n' | 'N')) => out.push('\n'),
            ('^', Some('\'')) => out.push('"'),
            ('^', Some('^')) => out.push('^'),
            _ => {
                out.push(c);
                continue;
            }
        }
        chars.next();
    }
    out
}

/// Undoes `\\ \, \; \: \n`; an unknown escape is kept as written.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ ('\\' | ',' | ';' | ':')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The `;`-separated components of a structured value, each unescaped.
pub(crate) fn components(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ';' => {
                parts.push(unescape(&s[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(unescape(&s[start..]));
    parts
}

/// Physical lines with their 1-based numbers; `\n`, `\r\n` (and `\r\r\n`) end a line, or `\r`
/// alone in a file that has no `\n` at all.
#[derive(Clone)]
pub(crate) struct Lines<'a> {
    rest: &'a str,
    no: usize,
    sep: char,
    pub(crate) consumed: usize,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let sep = if !text.contains('\n') && text.contains('\r') {
            '\r'
        } else {
            '\n'
        };
        Lines {
            rest: text,
            no: 0,
            sep,
            consumed: 0,
        }
    }

    fn split(&self) -> Option<(&'a str, &'a str)> {
        if self.rest.is_empty() {
            return None;
        }
        Some(match self.rest.find(self.sep) {
            Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
            None => (self.rest, ""),
        })
    }

    pub(crate) fn peek(&self) -> Option<&'a str> {
        self.split().map(|(line, _)| line.trim_end_matches('\r'))
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let (line, rest) = self.split()?;
        self.consumed += self.rest.len() - rest.len();
        self.rest = rest;
        self.no += 1;
        Some((self.no, line.trim_end_matches('\r')))
    }
}

/// A line of base64 (2.1 writers sometimes continue a base64 value without indenting it).
pub(crate) fn is_base64(line: &str) -> bool {
    line.trim()
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let d = decode("BEGIN:VCARD\r\nFN:Zoë\r\n".as_bytes()).unwrap();
        assert_eq!((d.encoding, d.legacy), ("UTF-8", false));
        let be: Vec<u8> = "FN:Perú\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be).unwrap().text, "FN:Perú\n");
        let mut le = vec![0xFF, 0xFE];
        le.extend("FN:Perú\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap().text, "FN:Perú\n");
        let d = decode(b"FN:Do\xEB\n").unwrap();
        assert_eq!((d.text.as_str(), d.legacy), ("FN:Doë\n", true));
        assert_eq!(decode(b"\xEF\xBB\xBFa,b\n").unwrap().text, "a,b\n");
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert_eq!(decode(b""), Err(Refused::Empty));
        assert_eq!(decode(b" \r\n"), Err(Refused::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
            Err(Refused::NotVcardOrCsv)
        );
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decode(&noise), Err(Refused::NotVcardOrCsv));
    }

    #[test]
    fn value_decoders() {
        assert_eq!(
            quoted_printable("=C3=91=20x=\u{e9}=ZZ="),
            b"\xC3\x91 x=\xC3\xA9=ZZ=".to_vec()
        );
        assert_eq!(base64("SGVs\r\n bG8=").unwrap(), b"Hello");
        assert!(base64("**").is_none());
        assert_eq!(bytes_to_text(b"Iksi\xF1ski", None), "Iksiñski");
        assert_eq!(
            bytes_to_text(b"Iksi\xF1ski", Some("ISO-8859-2")),
            "Iksiński"
        );
        assert_eq!(
            reinterpret_legacy("Iksiñski", "iso-8859-2").as_deref(),
            Some("Iksiński")
        );
        assert_eq!(reinterpret_legacy("Doë", "windows-1252"), None);
        assert_eq!(caret_decode("a^nb^'c^^d^x"), "a\nb\"c^d^x");
        assert_eq!(unescape("a\\,b\\nc\\\\d\\q"), "a,b\nc\\d\\q");
        assert_eq!(components("a\\;b;c\\\\;d"), ["a;b", "c\\", "d"]);
    }
}
