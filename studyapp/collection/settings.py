"""The collection's settings: their defaults, which of them a deck may set for itself, and one validator for both.

A deck's own values (its `config` column) sit on top of the global ones. The scheduler is built from the values that
apply to the card's deck, so a deck set to a desired retention of 0.95 gets 0.95 intervals, not the global 0.90.
Global-only settings (the day's rollover, the time zone, the look, the card writer) are refused for a deck rather
than stored and silently ignored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import StudyAppError
from ..kinds import QuizMode
from .changes import SETTINGS
from .scheduling import SchedulerConfig, StudyDay
from ..writer_settings import WRITER_DEFAULTS, check_writer_setting
from .schema import APP_ID

DEFAULT_SETTINGS: dict[str, Any] = {
    "desired_retention": 0.9,
    "learning_steps": [1.0, 10.0],
    "relearning_steps": [10.0],
    "maximum_interval": 36500,
    "fuzz": True,
    "new_per_day": 20,
    "reviews_per_day": 200,
    "rollover_hour": 4,
    "leech_threshold": 8,
    "fsrs_parameters": None,
    "timezone": None,  # IANA name; None = this machine's local time
    "sync_folder": None,  # a folder another tool keeps in step between computers (studyapp/sync); None = no sync
    "theme": "system",
    "font_size": 0,  # 0 = the platform default
    "quiz_mode": QuizMode.FLIP.value,  # flip | choice | typed (kinds.QuizMode)
    **WRITER_DEFAULTS,  # which card writer, and the language model's endpoint (writer_settings.py)
}

# What a deck may set for itself (as an Anki preset does): how it is scheduled, its daily limits, how it is quizzed.
DECK_SETTINGS = ("desired_retention", "learning_steps", "relearning_steps", "maximum_interval", "fuzz",
                 "new_per_day", "reviews_per_day", "leech_threshold", "fsrs_parameters", "quiz_mode")

def check_settings(values: dict[str, Any], *, deck: bool = False) -> None:
    """Raise a one-line StudyAppError for the first unknown key or bad value; `deck` allows only DECK_SETTINGS."""
    allowed = DECK_SETTINGS if deck else tuple(DEFAULT_SETTINGS)
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        where = "deck setting" if deck else "setting"
        raise StudyAppError(f"unknown {where}{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}"
                            + (f" (a deck can set {', '.join(DECK_SETTINGS)})" if deck else ""))
    for key, value in values.items():
        why = check_writer_setting(key, value) or _problem(key, value)
        if why:
            raise StudyAppError(f"setting {key}: {why}")


def _problem(key: str, value: Any) -> str | None:
    """Why `value` is not acceptable for `key`, or None."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    whole = isinstance(value, int) and not isinstance(value, bool)
    if key == "desired_retention" and not (number and 0.7 <= value <= 0.99):
        return "must be between 0.70 and 0.99"
    if key in ("new_per_day", "reviews_per_day") and not (whole and 0 <= value <= 100000):
        return "must be a whole number from 0 to 100000"
    if key == "rollover_hour" and not (whole and 0 <= value <= 23):
        return "must be an hour from 0 to 23"
    if key in ("learning_steps", "relearning_steps") and not (
            isinstance(value, list) and all(isinstance(v, (int, float)) and v > 0 for v in value)):
        return "must be a list of positive minutes"
    if key == "maximum_interval" and not (whole and 1 <= value <= 36500):
        return "must be 1 to 36500 days"
    if key == "leech_threshold" and not (whole and 1 <= value <= 1000):
        return "must be a whole number from 1 to 1000"
    if key == "fuzz" and not isinstance(value, bool):
        return "must be true or false"
    if key == "fsrs_parameters" and value is not None and not (
            isinstance(value, list) and len(value) in (17, 19, 21)
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        return "must be a list of 17, 19 or 21 FSRS weights (or none for the defaults)"
    if key == "theme" and value not in ("system", "light", "dark"):
        return "must be system, light or dark"
    if key == "quiz_mode" and value not in tuple(QuizMode):
        return "must be flip, choice or typed"
    if key == "font_size" and not (whole and 0 <= value <= 48):
        return "must be 0 (the default) to 48 points"
    if key == "sync_folder" and not (value is None or (isinstance(value, str) and value.strip())):
        return "must be a folder's path (or none for no sync)"
    if key == "timezone" and value is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            return f"{value!r} is not a time zone name like Europe/Berlin"
    return None


def read_settings(conn: sqlite3.Connection) -> dict[str, Any]:
    """The global settings as stored, on top of the defaults."""
    stored = {r[0]: json.loads(r[1]) for r in conn.execute("SELECT key, value FROM settings")}
    return {**DEFAULT_SETTINGS, **stored}


def stored_settings(path: Path) -> dict[str, Any]:
    """The settings of the collection at `path` without opening it: a read that leaves no trace (no -wal or -shm
    file beside a collection no StudyApp has open, so a damaged one stays untouched). Defaults where there is no
    readable StudyApp collection; `cards` needs no collection at all."""
    if not (path.exists() and path.stat().st_size > 0):
        return dict(DEFAULT_SETTINGS)
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"  # with an open app, an ordinary read
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)
        try:
            app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
            if not app or app[0] != APP_ID:
                return dict(DEFAULT_SETTINGS)
            return read_settings(conn)
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return dict(DEFAULT_SETTINGS)


class SettingsMixin:
    """The settings as a `Collection` reads and changes them (a mixin of the facade in collection.py): the global
    ones, a deck's own on top, and the scheduler and study day built from them, cached until a change says so."""

    # --- settings ----------------------------------------------------------------------------------------------

    @staticmethod
    def stored_settings(path: Path) -> dict[str, Any]:
        """The settings of the collection at `path` without opening it (see settings.stored_settings)."""
        return stored_settings(path)

    def settings(self) -> dict[str, Any]:
        if self._settings_cache is None:
            self._settings_cache = read_settings(self.conn)
        return dict(self._settings_cache)

    def set_settings(self, **values: Any) -> None:
        check_settings(values)
        with self.transaction(SETTINGS):
            for key, value in values.items():
                self.conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                                  "value = excluded.value", (key, json.dumps(value)))

    def deck_config(self, deck_id: int | None) -> dict[str, Any]:
        """The settings as they apply to a deck (its own overrides on top); cached until anything changes them."""
        return dict(self._config(deck_id))

    def _config(self, deck_id: int | None) -> dict[str, Any]:
        """deck_config() without the copy, for reading on the hot paths (next card, answer). Do not modify."""
        cached = self._deck_configs.get(deck_id)
        if cached is None:
            cached = self.settings()
            if deck_id is not None:
                row = self.conn.execute("SELECT config FROM decks WHERE id = ?", (deck_id,)).fetchone()
                if row:
                    cached.update(json.loads(row["config"]))
            self._deck_configs[deck_id] = cached
        return cached

    def set_deck_config(self, deck_id: int, **values: Any) -> None:
        """Set a deck's own values (DECK_SETTINGS) over the global ones; anything else is refused in one line."""
        check_settings(values, deck=True)
        row = self.conn.execute("SELECT config FROM decks WHERE id = ?", (deck_id,)).fetchone()
        if not row:
            raise StudyAppError(f"no deck with id {deck_id}")
        config = {**json.loads(row["config"]), **values}
        with self.transaction(SETTINGS):
            self.conn.execute("UPDATE decks SET config = ? WHERE id = ?", (json.dumps(config), deck_id))

    def scheduler(self, deck_id: int | None = None):
        """The FSRS scheduler for the settings that apply to a deck (its own over the global ones); built once per
        deck, and again only after a change to the settings (this runs for every preview: keep it a lookup)."""
        scheduler = self._schedulers.get(deck_id)
        if scheduler is None:
            cfg = self._config(deck_id)
            scheduler = SchedulerConfig(desired_retention=cfg["desired_retention"],
                                        learning_steps=list(cfg["learning_steps"]),
                                        relearning_steps=list(cfg["relearning_steps"]),
                                        maximum_interval=cfg["maximum_interval"], fuzz=cfg["fuzz"],
                                        parameters=cfg["fsrs_parameters"]).scheduler()
            self._schedulers[deck_id] = scheduler
        return scheduler

    def study_day(self) -> StudyDay:
        if self._study_day is None:
            s = self.settings()
            self._study_day = StudyDay(s["rollover_hour"], s["timezone"])
        return self._study_day

