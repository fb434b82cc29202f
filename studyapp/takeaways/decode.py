"""Bytes to text, refusing what is not text.

Posts arrive from browsers, editors and old Windows tools, so we try the encodings people actually produce, in an
order where a wrong guess cannot silently succeed: BOMs first, then strict UTF-8, then cp1252 (which rejects the
five bytes it leaves undefined). The encoding used is reported when it was not plain UTF-8.
"""

from __future__ import annotations

import codecs

from ..errors import InputError

MAX_INPUT_BYTES = 5 * 1024 * 1024


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
            return _check_text(text, path), ("UTF-8 with BOM" if name == "utf-8-sig" else "UTF-16")
    if b"\x00" in data:
        raise InputError("is a binary file, not text", path=path)
    try:
        return _check_text(data.decode("utf-8"), path), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return _check_text(data.decode("cp1252"), path), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot be decoded as UTF-8, UTF-16 or cp1252 (bad byte 0x{data[exc.start]:02x} at "
                         f"offset {exc.start})", path=path) from None


def _check_text(text: str, path: str) -> str:
    if not text.strip():
        raise InputError("file is empty", path=path)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text) // 100):
        raise InputError("is a binary file, not text", path=path)
    return text
