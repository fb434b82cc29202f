"""Issue 18, the command line: decks by id or prefix, help pages that say what a command does, an import report
that names the deck once with routine notes apart from warnings, `optimise` with too few reviews as a plain answer,
one spelling, and shell completion. Run as real processes over a real collection file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

POST = """# Ferry Timetables of the Northern Isles

## Key Takeaways

- The Orkney ferry from Stromness to Scrabster sails three times a day in summer.
- The harbour master of Kirkwall keeps the oldest timetable in a glass case.
"""


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "STUDYAPP_COLLECTION": str(tmp_path / "cli.sqlite"), "STUDYAPP_NO_AUTOBACKUP": "1"}


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studyapp", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


def test_export_takes_a_deck_by_id_or_prefix_and_the_only_deck_by_default(env, tmp_path):
    decks = json.loads(run(env, "decks", "--json").stdout)
    deck = decks[0]
    by_default = run(env, "export", "--format", "markdown")  # one deck: it is the one meant
    assert by_default.returncode == 0, by_default.stderr
    assert by_default.stdout.startswith("---") and "Alex Wang" in by_default.stdout
    by_id = run(env, "export", "--format", "markdown", "--deck", str(deck["id"]))
    by_prefix = run(env, "export", "--format", "markdown", "--deck", "alex wang on")
    assert by_id.returncode == by_prefix.returncode == 0
    assert by_id.stdout == by_prefix.stdout == by_default.stdout
    post = tmp_path / "ferries.md"
    post.write_text(POST, encoding="utf-8")
    assert run(env, "import", str(post)).returncode == 0
    two = run(env, "export", "--format", "yaml")
    assert two.returncode == 2 and two.stderr.count("\n") == 1 and "give one --deck" in two.stderr
    ferry = run(env, "export", "--format", "yaml", "--deck", "Ferry")
    assert ferry.returncode == 0 and "Northern Isles" in ferry.stdout
    none = run(env, "export", "--format", "yaml", "--deck", "Zebra")
    assert none.returncode == 2 and 'no deck called "Zebra"' in none.stderr


def test_an_ambiguous_prefix_names_the_candidates(env, tmp_path):
    for name, title in (("a.md", "Ferry Times North"), ("b.md", "Ferry Times South")):
        (tmp_path / name).write_text(POST.replace("Ferry Timetables of the Northern Isles", title), encoding="utf-8")
        assert run(env, "import", str(tmp_path / name)).returncode == 0
    result = run(env, "stats", "--deck", "ferry times")
    assert result.returncode == 2 and "could be 2 decks" in result.stderr
    assert "Ferry Times North" in result.stderr and "Ferry Times South" in result.stderr
    assert run(env, "stats", "--deck", "ferry times s").returncode == 0


def test_every_command_help_page_says_what_it_does(env):
    from studyapp.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert command.description, name
        for action in command._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.option_strings or action.dest}"
    text = run(env, "unfollow", "--help").stdout
    assert "Stop following a feed" in text and "the feed's address" in text
    text = run(env, "export", "--help").stdout
    assert "one deck's takeaway set" in text and "default all decks" in text
    assert "backup --list" in run(env, "restore", "--help").stdout


def test_backup_list_says_where_backups_are(env, tmp_path):
    assert run(env, "backup").returncode == 0
    result = run(env, "backup", "--list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("backups of") and str(tmp_path / "backups") in lines[0]
    assert str(tmp_path / "backups") in lines[1] and lines[-1] == "restore one with 'studyapp restore FILE'"


def test_import_report_names_the_deck_once_and_routine_notes_are_not_warnings(env, tmp_path):
    post = tmp_path / "ferries.md"
    post.write_text(POST, encoding="utf-8")
    result = run(env, "import", str(post))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("Northern Isles") == 1 and out.splitlines()[0] == \
        'imported into deck "Ferry Timetables of the Northern Isles"'
    assert "'" not in out  # one quote style
    assert "warning:" not in out
    assert "note: This post has no TLDW, summary sections or Thoughts." in out
    renamed = run(env, "import", str(post).replace("ferries", "ferries"), "--deck", "Isles")
    assert renamed.returncode == 0


def test_optimise_with_too_few_reviews_is_an_answer_not_an_error(env):
    for command in ("optimise", "optimize"):  # the US spelling still runs, for old scripts
        result = run(env, command, "--dry-run")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("not enough reviews yet: optimising needs 400") and "has 0" in result.stdout
        assert result.stderr == ""


def test_one_spelling_across_gui_cli_and_docs():
    """British spelling, as the rest of the project: 'optimise' in the command list, Settings and the docs."""
    listed = run({**os.environ}, "--help").stdout
    assert "optimise" in listed and "optimize" not in listed
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "studyapp" / "gui" /
                 "settings_dialog.py"]:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "optimiz" in line.lower():
                allowed = ("collection.optimize", "optimize(", "optimize.py", "OptimizeResult", "old scripts")
                assert any(a in line for a in allowed), f"{path.name}: {line}"  # code names and the old alias


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts_and_answers(env, shell):
    script = run(env, "completion", shell)
    assert script.returncode == 0 and "studyapp" in script.stdout and "_ARGCOMPLETE" in script.stdout


def test_completion_completes_commands_and_options(env, tmp_path):
    out = tmp_path / "completions"
    for line, expected in (("studyapp exp", "export"), ("studyapp export --for", "--format"),
                           ("studyapp optim", "optimise")):
        result = subprocess.run([sys.executable, "-m", "studyapp"], capture_output=True, text=True, cwd=ROOT,
                                timeout=60, env={**env, "_ARGCOMPLETE": "1", "COMP_LINE": line,
                                                 "COMP_POINT": str(len(line)),
                                                 "_ARGCOMPLETE_STDOUT_FILENAME": str(out)})
        assert result.returncode == 0, result.stderr
        assert expected in out.read_text().split("\x0b")[0]
