"""`studyapp --install-desktop-entry` / `--remove-desktop-entry`: real files in a temporary XDG data folder,
checked by content and by desktop-file-validate (Debian's desktop-file-utils) where it is installed."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp import __version__
from studyapp.desktop import entry

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktops")
VALIDATE = shutil.which("desktop-file-validate")


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).parent / "studyapp"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "studyapp"]
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "STUDYAPP_COLLECTION": str(tmp_path / "c.sqlite")}
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def validate(path: Path) -> None:
    if VALIDATE:
        out = subprocess.run([VALIDATE, str(path)], capture_output=True, text=True)
        assert out.returncode == 0 and "error" not in out.stdout.lower(), out.stdout + out.stderr


def exec_argv(value: str) -> list[str]:
    """The Exec value as the Desktop Entry Specification has a launcher read it: string escapes first (a doubled
    backslash is one), then arguments split on spaces outside double quotes, where a backslash quotes the next
    of " ` $ \\; then %% is a literal %."""
    value = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), value)
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(value):
        c = value[i]
        if quoted and c == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
            current, i = current + value[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + c, True
        i += 1
    if started:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


def test_install_writes_the_entry_and_icons_into_the_xdg_data_folder_and_remove_takes_them_away(tmp_path):
    data = tmp_path / "data"
    done = run(tmp_path, "--install-desktop-entry")
    assert done.returncode == 0, done.stderr
    desktop = data / "applications" / "studyapp.desktop"
    assert done.stdout.startswith(f"Added StudyApp to the applications menu: {desktop}")
    icons = {rel: data / "icons" / "hicolor" / rel for rel in
             ("scalable/apps/studyapp.svg", "48x48/apps/studyapp.png", "256x256/apps/studyapp.png")}
    for source, (rel, path) in zip(("icon.svg", "icon-48.png", "icon-256.png"), icons.items()):
        assert path.read_bytes() == (entry.RESOURCES / source).read_bytes(), rel
    assert not (tmp_path / "home").exists()  # XDG_DATA_HOME is honoured; nothing lands in ~/.local/share

    fields = read_entry(desktop)
    assert fields["Type"] == "Application" and fields["Name"] == "StudyApp" and fields["Icon"] == "studyapp"
    assert fields["Terminal"] == "false" and fields["Categories"] == "Education;"
    command = exec_argv(fields["Exec"])
    assert len(command) == 1 and Path(command[0]).is_absolute() and fields["TryExec"] == command[0]
    assert command[0] == str(entry.installed_command())
    # the entry starts the installed studyapp: the very command answers
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"StudyApp {__version__}"
    validate(desktop)

    again = run(tmp_path, "--install-desktop-entry")  # installing twice is fine: same files
    assert again.returncode == 0 and read_entry(desktop) == fields

    gone = run(tmp_path, "--remove-desktop-entry")
    assert gone.returncode == 0, gone.stderr
    assert gone.stdout.startswith(f"Removed {desktop}, ")
    assert not desktop.exists() and not any(p.exists() for p in icons.values())
    assert not (data / "icons" / "hicolor" / "48x48").exists()  # the size folders it made, once empty
    assert (data / "applications").is_dir()  # shared with other applications: kept
    nothing = run(tmp_path, "--remove-desktop-entry")
    assert nothing.returncode == 0 and nothing.stdout.startswith("No StudyApp menu entry to remove")


def test_remove_keeps_other_applications_files(tmp_path):
    data = tmp_path / "data"
    other = data / "icons" / "hicolor" / "48x48" / "apps" / "other.png"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"not ours")
    assert run(tmp_path, "--install-desktop-entry").returncode == 0
    assert run(tmp_path, "--remove-desktop-entry").returncode == 0
    assert other.read_bytes() == b"not ours"


def test_a_command_path_with_spaces_quotes_and_percent_is_quoted_as_the_specification_asks(tmp_path):
    command = Path("/opt/my apps/it's $HOME/100%/studyapp")
    text = entry.entry_text(command)
    fields = read_entry_text(tmp_path, text)
    assert exec_argv(fields["Exec"]) == [str(command)]
    assert fields["TryExec"] == str(command)
    path = tmp_path / "studyapp.desktop"
    path.write_text(text, encoding="utf-8")
    validate(path)


def read_entry_text(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "probe.desktop"
    path.write_text(text, encoding="utf-8")
    return read_entry(path)


def test_an_unwritable_data_folder_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "applications").write_text("a file where the folder should be")
    done = run(tmp_path, "--install-desktop-entry")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"studyapp: {tmp_path / 'data' / 'applications'}: cannot write the menu entry")


def test_install_and_remove_conflict_on_the_command_line(tmp_path):
    done = run(tmp_path, "--install-desktop-entry", "--remove-desktop-entry")
    assert done.returncode == 2 and "not allowed with" in done.stderr
