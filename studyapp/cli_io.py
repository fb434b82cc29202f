"""What every `studyapp` subcommand shares: exit codes, reading a post, writing output.

Kept apart from cli.py (the parser) and the commands/ package (the collection, cards, export... commands) so that
neither imports the other's internals: cli.py registers each commands module's subcommands explicitly, and both
import from here.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def write_output(text: str, out: str | None) -> None:
    """Write to the file `out` (atomically: a failed write leaves the old file whole) or to standard output."""
    if out and out != "-":
        from .fileutil import atomic_write_text
        atomic_write_text(Path(out), text)
    else:
        sys.stdout.write(text)


def read_input(name: str, fmt: str | None = None):
    """A takeaway set from a file, standard input ("-") or a post's web address, as `import` reads it.

    An address is fetched (http and https only; any other scheme is refused by name); a file that happens to
    exist under a name with "://" in it is still read as a file."""
    from .takeaways import read_set
    from .web.fetch import check_address, is_web_address, read_post
    if "://" in name and not Path(name).exists():
        check_address(name)  # file:, ftp:, javascript: ... are refused, not read
        if is_web_address(name):
            return read_post(name)
    return read_set(name, fmt=fmt)
