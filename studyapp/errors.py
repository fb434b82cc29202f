"""Errors a user may see.

Every failure caused by what the user gave us (a file, a command, a collection) is a `StudyAppError` whose `str()` is
one line naming the thing and what is wrong. The command line prints it and exits 2; the GUI shows it in a dialog.
Anything else is a bug and is reported as such, without a traceback unless STUDYAPP_DEBUG is set.
"""

from __future__ import annotations


class StudyAppError(Exception):
    """A problem with user input or the user's files, explained in one line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = " ".join(str(message).split())
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(StudyAppError):
    """A takeaway file (or pasted text) that cannot be read as a takeaway set.

    `trace` says, when the recogniser got that far, which block it took for what: `studyapp inspect --explain`
    prints it so the user can see why a post was refused. The message itself stays one line.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 trace: list[str] | None = None) -> None:
        super().__init__(message, path=path, line=line)
        self.trace = list(trace or [])


class CollectionError(StudyAppError):
    """A collection file that cannot be opened or changed as asked."""
