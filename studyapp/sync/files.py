"""Change files in a sync folder: how one batch is written and how a reader tells a whole file from a half-copied one.

A sync tool (Syncthing, Dropbox, a network share) copies files while they are written, and may show a reader the
first half of one. So every batch is a new file, never appended to: it is written beside its final name, synced and
renamed into place, and its first line says how many records follow and the SHA-256 of the bytes after that line.
A reader that finds fewer bytes, a different digest or a line that is not JSON skips the file whole (one warning)
and tries it again at the next sync; nothing of it is applied until all of it is there.

    <folder>/<collection id>/<seq, 8 digits>.jsonl
    line 1:  {"studyapp_sync": 1, "collection": ID, "seq": N, "written": MS, "records": K, "bytes": B, "sha256": HEX}
    lines 2…: one JSON record each (see outbox.py for the kinds)

Nothing here knows about the collection.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..fileutil import atomic_write_bytes

FORMAT = 1
NAME = re.compile(r"^(\d{8})\.jsonl$")
ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Batch:
    """A complete, checked change file of one collection."""

    origin: str  # the writing collection's id
    seq: int
    digest: str
    records: list[dict[str, Any]]


class BadBatch(Exception):
    """A change file that is incomplete (still being copied) or damaged: skipped now, tried again later."""


def batch_path(folder: Path, origin: str, seq: int) -> Path:
    return Path(folder) / origin / f"{seq:08d}.jsonl"


def write_batch(folder: Path, origin: str, seq: int, records: list[dict[str, Any]], written_ms: int) -> Path:
    """Write one batch as a new file (temporary file, fsync, rename): readers see no file or the whole file."""
    body = b"".join(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"
                    for r in records)
    header = {"studyapp_sync": FORMAT, "collection": origin, "seq": seq, "written": written_ms,
              "records": len(records), "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    path = batch_path(folder, origin, seq)
    atomic_write_bytes(path, json.dumps(header, sort_keys=True).encode() + b"\n" + body)
    return path


def read_batch(path: Path) -> Batch:
    """Read and check one change file; raises BadBatch saying what is wrong."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BadBatch(f"cannot be read ({exc.strerror or exc})") from None
    first, sep, body = data.partition(b"\n")
    try:
        header = json.loads(first)
    except ValueError:
        raise BadBatch("its first line is not a complete header") from None
    if not sep or not isinstance(header, dict) or header.get("studyapp_sync") != FORMAT:
        raise BadBatch("is not a StudyApp change file of a format this version reads")
    if len(body) != header.get("bytes"):
        raise BadBatch(f"holds {len(body)} of its {header.get('bytes')} bytes (still being copied?)")
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise BadBatch("does not match its checksum (damaged, or still being copied)")
    try:
        records = [json.loads(line) for line in body.splitlines()]
    except ValueError:
        raise BadBatch("holds a record that is not JSON") from None
    if len(records) != header.get("records") or not all(isinstance(r, dict) for r in records):
        raise BadBatch("does not hold the records its header counts")
    for n, record in enumerate(records, 2):
        problem = record_problem(record)
        if problem:
            raise BadBatch(f"line {n}: {problem}")
    return Batch(str(header.get("collection")), int(header.get("seq", -1)), header["sha256"], records)


# The fields each kind of record must have, with their types. Kinds this version does not know (from a newer one)
# are passed over, so an older StudyApp still merges what it understands.
FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "review": {"card": (int,), "time": (int,), "rating": (int,)},
    "note": {"note": (int,), "time": (int,), "text": (str,), "extra": (str,)},
    "flags": {"card": (int,), "time": (int,), "suspended": (int,), "buried_until": (int,)},
    "set": {"set": (str,), "time": (int,), "deck": (str,), "yaml": (str,)},
}


def record_problem(record: dict[str, Any]) -> str | None:
    """What is wrong with a record of a known kind, or None."""
    fields = FIELDS.get(record.get("t"))  # type: ignore[arg-type]
    if fields is None:
        return None
    for name, types in fields.items():
        value = record.get(name)
        if not isinstance(value, types) or isinstance(value, bool):
            return f"a {record['t']} record without a valid {name!r}"
    if record["t"] == "review" and record["rating"] not in (1, 2, 3, 4):
        return f"a review with rating {record['rating']!r}, not 1-4"
    if record["t"] == "note" and not record["text"].strip():
        return "a note edit with empty text"
    new = record.get("new")
    if record["t"] == "note" and new is not None and not (
            isinstance(new, dict) and isinstance(new.get("deck"), str) and isinstance(new.get("cards"), list)
            and all(isinstance(c, dict) and isinstance(c.get("id"), int) for c in new["cards"])):
        return "a new note without its deck or cards"
    return None


def peer_files(folder: Path, own: str) -> list[tuple[str, int, Path]]:
    """Every other collection's change files as (origin, seq, path), in a fixed order. Temporary files (ours, or a
    sync tool's '.syncthing.*.tmp' and '~' names) do not match the name pattern and are never read."""
    out = []
    root = Path(folder)
    if not root.is_dir():
        return out
    for sub in sorted(root.iterdir()):
        if not (sub.is_dir() and ID.match(sub.name)) or sub.name == own:
            continue
        for f in sub.iterdir():
            m = NAME.match(f.name)
            if m:
                out.append((sub.name, int(m.group(1)), f))
    return sorted(out)


def next_seq(folder: Path, own: str) -> int:
    """One past the highest batch this collection has in the folder."""
    sub = Path(folder) / own
    seqs = [int(m.group(1)) for f in (sub.iterdir() if sub.is_dir() else ()) if (m := NAME.match(f.name))]
    return max(seqs, default=0) + 1
