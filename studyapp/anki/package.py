"""Reading an Anki package's collection: `.apkg` and `.colpkg`, current and legacy.

A package is a zip. Since Anki 2.1.50 its collection is `collection.anki21b`, an SQLite file compressed with zstd
(beside it, a stub `collection.anki2` that asks older Ankis to update: never read that one when the real one is there).
Older packages hold `collection.anki21` or `collection.anki2`, plain SQLite. The tables we read (notes, cards,
revlog) have the same columns in all of them.

The collection is unpacked into a temporary folder and opened read-only and immutable, so nothing is ever written
beside the user's file. Every way a package can be bad becomes one StudyAppError naming the file.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StudyAppError

# In order of preference: the current format first (the legacy name in a current package is a stub).
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")


@contextmanager
def open_package(path: str | Path) -> Iterator[sqlite3.Connection]:
    """The package's collection, read-only, for the `with` block; refuses anything that is not one."""
    path = Path(path)
    if not path.exists():
        raise StudyAppError("does not exist", path=str(path))
    if path.is_dir():
        raise StudyAppError("is a folder, not an Anki package", path=str(path))
    with tempfile.TemporaryDirectory(prefix="studyapp-anki-") as tmp:
        target = Path(tmp) / "collection.sqlite"
        _unpack(path, target)
        try:
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error as exc:
            raise StudyAppError(f"its collection cannot be read ({exc})", path=str(path)) from None
        try:
            # Anki's own collation; some of its indexes use it, and SQLite refuses a table whose collation is unknown.
            conn.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
            _check(conn, path)
            yield conn
        finally:
            conn.close()


def _unpack(path: Path, target: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise StudyAppError("is not an Anki package (not a zip file)", path=str(path)) from None
    with archive:
        names = set(archive.namelist())
        member = next((n for n in COLLECTION_NAMES if n in names), None)
        if member is None:
            raise StudyAppError("has no Anki collection inside (no collection.anki21b, collection.anki21 or "
                                "collection.anki2)", path=str(path))
        try:
            with archive.open(member) as src, open(target, "wb") as dst:
                if member.endswith("b"):
                    import zstandard
                    zstandard.ZstdDecompressor().copy_stream(src, dst)
                else:
                    shutil.copyfileobj(src, dst)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise StudyAppError(f"its collection cannot be unpacked ({exc})", path=str(path)) from None
        except Exception as exc:  # zstandard.ZstdError, without importing zstandard for the legacy formats
            if type(exc).__name__ != "ZstdError":
                raise
            raise StudyAppError(f"its collection cannot be unpacked ({exc})", path=str(path)) from None


def _check(conn: sqlite3.Connection, path: Path) -> None:
    """The tables and columns the review import reads, or a one-line error."""
    try:
        conn.execute("SELECT id, guid, mid, mod, flds FROM notes LIMIT 1").fetchall()
        conn.execute("SELECT id, nid, ord, type, queue, mod FROM cards LIMIT 1").fetchall()
        conn.execute("SELECT id, cid, ease, ivl, time, type FROM revlog LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StudyAppError(f"its collection is not a readable Anki collection ({exc})", path=str(path)) from None
