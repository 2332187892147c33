//! Downloads: the file an operation answering bytes sends.
//!
//! # The rule
//! - **Its type** is one the document offers for the answer: of the media types besides JSON
//!   and XML, the one the operation's words ask for (a photo, image or picture: `image/jpeg`,
//!   else another image type; a brochure, report, document or PDF: `application/pdf`), else the
//!   first. agentOS's published documents declare their downloads as JSON or XML objects
//!   (Swashbuckle's view of a file result); then the words choose (`image/jpeg`,
//!   `application/pdf`), else `application/octet-stream`.
//! - **Its bytes** are a small file of that type (a JPEG, a 1x1 PNG, a PDF) carrying a token
//!   mixed from the simulator's seed, the operation, the id it is for (the parameter naming the
//!   record it sits under, else its last path parameter) and the `ETag` of every record of the
//!   document holding that id now: the same bytes until the record changes, other bytes after
//!   (a photo whose `ETag` changed downloads another image).
//! - **Whether it is found** is the resource rule's: an id parameter naming a collection
//!   (`photoOID`) must name one of its records (404 otherwise); an id naming none (`id`) is
//!   served whatever it is.

use agentos_codegen::ir::Operation;

use super::values::mix;

/// The media type the download of `op` answers (see the module docs).
pub(crate) fn media_type(op: &Operation) -> String {
    let words = format!(
        "{} {} {}",
        op.path,
        op.summary.as_deref().unwrap_or_default(),
        op.description.as_deref().unwrap_or_default()
    )
    .to_ascii_lowercase();
    let named = |list: &[&str]| list.iter().any(|w| words.contains(w));
    let wanted: &[&str] = if named(&["photo", "image", "picture"]) {
        &["image/jpeg", "image/"]
    } else if named(&["brochure", "report", "document", "pdf"]) {
        &["application/pdf"]
    } else {
        &[]
    };
    let offered: Vec<&str> = op
        .response
        .media_types
        .iter()
        .map(|m| m.split(';').next().unwrap_or_default().trim())
        .filter(|m| !m.contains("json") && !m.contains("xml") && !m.contains('*'))
        .collect();
    let chosen = wanted
        .iter()
        .find_map(|w| offered.iter().find(|m| m.starts_with(w)))
        .or(offered.first());
    match (chosen, wanted.first()) {
        (Some(media), _) => (*media).to_owned(),
        (None, Some(media)) => (*media).to_owned(),
        (None, None) => "application/octet-stream".to_owned(),
    }
}

/// The token a download's bytes carry: from the seed, the operation, the id and the `ETag`s
/// of the records holding it.
pub(crate) fn token(seed: u64, op: &Operation, id: &str, etags: &[String]) -> u64 {
    let mut parts: Vec<&[u8]> = vec![op.path.as_bytes(), id.as_bytes()];
    parts.extend(etags.iter().map(String::as_bytes));
    mix(seed, &parts)
}

/// A small file of type `media` carrying `token`.
pub(crate) fn bytes(media: &str, token: u64) -> Vec<u8> {
    let text = format!("agentOS simulator {token:016x}");
    if media == "image/png" {
        png(&text, token)
    } else if media.starts_with("image/") {
        jpeg(&text)
    } else if media.contains("pdf") {
        // A binary comment on the second line marks the file as binary, as PDF writers do.
        let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        out.extend_from_slice(
            format!("% {text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").as_bytes(),
        );
        out
    } else {
        format!("{text}\n").into_bytes()
    }
}

/// A JPEG's start, JFIF header and a comment holding `text`, then its end marker.
fn jpeg(text: &str) -> Vec<u8> {
    let mut out = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    let comment = text.as_bytes();
    out.extend_from_slice(&[0xFF, 0xFE]);
    // The segment length counts its own two bytes.
    let length = u16::try_from(comment.len() + 2).unwrap_or(u16::MAX);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// A valid 1x1 greyscale PNG whose pixel and `tEXt` comment come from the token.
fn png(text: &str, token: u64) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    // Width 1, height 1, 8-bit greyscale, no interlace.
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    let mut comment = b"Comment\0".to_vec();
    comment.extend_from_slice(text.as_bytes());
    chunk(&mut out, b"tEXt", &comment);
    // One scanline (filter byte 0, one grey byte) in a zlib stream of one stored block.
    let raw = [0u8, token.to_le_bytes()[0]];
    let mut zlib = vec![0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF];
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Appends a PNG chunk: length, type, data, CRC of type and data.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&length.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Adler-32, as zlib streams end with it.
fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_known_values() {
        // The CRC of `IEND` every PNG ends with, and zlib's Adler-32 of "Wikipedia".
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn files_have_their_types_signatures_and_carry_the_token() {
        let png = bytes("image/png", 7);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.ends_with(b"IEND\xAE\x42\x60\x82"));
        let jpeg = bytes("image/jpeg", 7);
        assert!(jpeg.starts_with(b"\xFF\xD8") && jpeg.ends_with(b"\xFF\xD9"));
        assert!(bytes("application/pdf", 7).starts_with(b"%PDF-"));
        for media in ["image/png", "image/jpeg", "application/pdf", "text/plain"] {
            assert_ne!(bytes(media, 7), bytes(media, 8), "{media}");
            assert_eq!(bytes(media, 7), bytes(media, 7), "{media}");
        }
    }
}
