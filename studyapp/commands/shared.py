"""What the subcommands share: opening the collection (read-only beside the app, or waiting for it), the deck a
user means, and the import report."""

from __future__ import annotations


def _open(readonly: bool = False):
    """The collection; reading commands open it read-only (beside a running app) once it exists. Changing commands
    wait up to $STUDYAPP_LOCK_WAIT seconds (default 10) for another StudyApp to finish with it, and say so."""
    from ..collection import Collection
    from ..collection.create import is_created
    from ..collection.paths import default_collection_path
    path = default_collection_path()
    if readonly and is_created(path):
        return Collection.open(path, readonly=True)
    col = Collection.open(path, wait=lock_wait(), on_wait=_say_waiting(path))
    _warn(col.warnings)
    if col.regenerated:  # a newer card generator re-made the stored decks' cards on opening: say so, once
        import sys
        from ..collection.regenerate import summary
        print(f"studyapp: {summary(col.regenerated)}", file=sys.stderr)
    return col


def _warn(warnings: list[str]) -> None:
    import sys
    for warning in warnings:
        print(f"studyapp: warning: {warning}", file=sys.stderr)
    warnings.clear()


def lock_wait() -> float:
    import os
    try:
        return max(0.0, float(os.environ.get("STUDYAPP_LOCK_WAIT", "10")))
    except ValueError:
        return 10.0


def _say_waiting(path):
    import sys

    def say(holder: str) -> None:
        who = f" (process {holder})" if holder else ""
        print(f"studyapp: {path} is open in another StudyApp{who}; waiting up to {lock_wait():g} s for it",
              file=sys.stderr, flush=True)
    return say


DECK_HELP = "a deck: its name, its id (from 'studyapp decks --json'), or the unambiguous start of its name"


def _deck_id(col, name: str | None) -> int | None:
    """The deck a user means: an exact name, a deck id, or a case-insensitive start of exactly one deck's name
    (titles run to 140 characters; nobody types them whole)."""
    from ..errors import StudyAppError
    if name is None:
        return None
    deck_id = col.deck_id(name)
    if deck_id is not None:
        return deck_id
    decks = col.decks()
    if name.strip().isdigit() and int(name) in {d.id for d in decks}:
        return int(name)
    wanted = " ".join(name.split()).casefold()
    matches = [d for d in decks if d.name.casefold().startswith(wanted)] if wanted else []
    if len(matches) == 1:
        return matches[0].id
    if matches:
        names = "; ".join(f'"{_short(d.name)}" ({d.id})' for d in matches[:5])
        raise StudyAppError(f'"{name}" could be {len(matches)} decks: {names}. Type more of the name, or the id')
    raise StudyAppError(f'no deck called "{name}" (see \'studyapp decks\')')


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def print_import_report(report) -> None:
    """The deck once (and the post's title only if the deck is named differently), then counts, then what the user
    should look at; the post's routine gaps (no TLDW, no Thoughts...) are one note, not warnings."""
    from ..notices import missing_note, split_warnings
    named = "" if report.title == report.deck_name else f' from "{report.title}"'
    print(f'imported into deck "{report.deck_name}"{named}')
    print(f"notes: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
          f"{len(report.retired)} retired" + (f", {len(report.conflicts)} kept as you edited them"
                                               if report.conflicts else ""))
    print(f"cards: {report.cards_added} added, {report.cards_retired} retired")
    for text in report.retired:
        print(f"retired (suspended, history kept): {text}")
    for text in report.conflicts:
        print(f"kept your edit (the post changed this note too): {text}")
    missing, real = split_warnings(report.warnings)
    if missing:
        print(f"note: {missing_note(missing)}")
    for warning in real:
        print(f"warning: {warning}")
