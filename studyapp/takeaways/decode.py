"""Bytes to text, refusing what is not text or whose encoding cannot be told with confidence.

Posts arrive from browsers, editors and old Windows tools. Order: byte-order marks, then strict UTF-8 (by far the
most common, and self-checking), then a legacy single-byte encoding, but only when `charset-normalizer` finds one
that reads cleanly AND no character stands alone where a word should be (the "First ÿ point" of a UTF-8 file
with one bad byte). A UTF-8 file with some invalid bytes is refused, never read as cp1252: mixing encodings is how
mojibake gets imported silently.

Good text with known mojibake inside (an emoji or a curly quote that went through cp1252 once: "ðŸ”‘", "â€™") is
repaired with `ftfy.fix_encoding`, which only undoes such round trips and leaves correct text alone.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

MAX_INPUT_BYTES = 5 * 1024 * 1024
_UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_LONE_LETTER_RE = re.compile(r"(?:^|[\s\W])([^\x00-\x7f])(?=$|[\s\W])")
_LEGACY_NAMES = {"cp1252": "cp1252", "cp1250": "cp1250", "latin_1": "ISO-8859-1", "iso8859_15": "ISO-8859-15",
                 "cp1251": "cp1251", "cp1253": "cp1253", "cp1254": "cp1254", "mac_roman": "Mac Roman"}
MOJIBAKE_HINT_RE = re.compile("[ÃÂâðÅ][\u0080-\u00ff\u0152-\u0192\u02c6-\u203a\u20ac\u2122]")


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for empty, oversized, binary or undecodable input."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"file is too large ({len(data) // 1024} KiB; the limit is {MAX_INPUT_BYTES // 1024} KiB)",
                         path=path)
    if not data.strip():
        raise InputError("file is empty", path=path)
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {name} byte-order mark but is not valid {name} "
                                 f"(byte {exc.start})", path=path) from None
            encoding = "UTF-8 with BOM" if name == "utf-8-sig" else "UTF-16"
            return repair_mojibake(_check_text(text, path)), encoding
    if b"\x00" in data:
        raise InputError("is a binary file, not text", path=path)
    try:
        return repair_mojibake(_check_text(data.decode("utf-8"), path)), "UTF-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = data.count(b"\n", 0, bad) + 1
    where = f"bad byte 0x{data[bad]:02x} on line {line}"
    if _UTF8_MULTIBYTE_RE.search(data):
        raise InputError(f"cannot be decoded: it is mostly UTF-8 but has invalid bytes ({where}); save it as UTF-8 "
                         "again", path=path)
    text, encoding = _legacy(data)
    if text is None:
        raise InputError(f"cannot be decoded with confidence: not UTF-8 ({where}) and no other encoding reads it "
                         "cleanly; save it as UTF-8", path=path)
    return _check_text(text, path), encoding


def _legacy(data: bytes) -> tuple[str | None, str]:
    """A single-byte decoding that charset-normalizer finds clean and that leaves no letter standing alone."""
    from charset_normalizer import from_bytes
    matches = [m for m in from_bytes(data, cp_isolation=list(_LEGACY_NAMES)) if m.chaos <= 0.1]
    if not matches:
        return None, ""
    # cp1252 and cp1250 read most Western text alike (charset-normalizer reports one of them); prefer the one
    # Windows machines in the West write, when it can read the bytes at all.
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        encoding = matches[0].encoding
        text = str(matches[0])
    if _LONE_LETTER_RE.search(text):
        found = _LONE_LETTER_RE.search(text)
        if found and found.group(1).isalpha():
            return None, ""
    return text, _LEGACY_NAMES.get(encoding, encoding)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 ('ðŸ”‘ Key Takeaways' -> '🔑 Key Takeaways'); correct text comes back unchanged."""
    if not MOJIBAKE_HINT_RE.search(text):
        return text  # the common case, without importing ftfy
    import ftfy
    return ftfy.fix_encoding(text)


def _check_text(text: str, path: str) -> str:
    if not text.strip():
        raise InputError("file is empty", path=path)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text) // 100):
        raise InputError("is a binary file, not text", path=path)
    return text
