"""StudyApp in the desktop's application menu: a `.desktop` file and its icon, in the user's own XDG data folder.

`studyapp --install-desktop-entry` (or Settings) writes `applications/studyapp.desktop` and the icon in the hicolor
theme (`icons/hicolor/scalable/apps/studyapp.svg`, with 48 and 256 pixel PNGs for desktops that want a bitmap)
under `$XDG_DATA_HOME` (normally `~/.local/share`), found with platformdirs. The entry starts this installation's
`studyapp` command by its absolute path, because a desktop session's PATH rarely includes a virtual environment.
`--remove-desktop-entry` deletes exactly those files (and the icon size folders they leave empty). Nothing here
needs root or touches system folders.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..errors import StudyAppError
from ..fileutil import atomic_write_bytes, atomic_write_text

APP_ID = "studyapp"  # the desktop file's name and the icon's; Qt's desktopFileName, so Wayland matches the two
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ICONS = {  # the file in resources -> where it goes under icons/hicolor
    "icon.svg": f"scalable/apps/{APP_ID}.svg",
    "icon-48.png": f"48x48/apps/{APP_ID}.png",
    "icon-256.png": f"256x256/apps/{APP_ID}.png",
}
# Characters that make the Desktop Entry Specification ask for a quoted Exec argument.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share (platformdirs applies the XDG base-directory rules)."""
    from platformdirs import user_data_path
    return user_data_path()


def entry_path(home: Path | None = None) -> Path:
    return (home or data_home()) / "applications" / f"{APP_ID}.desktop"


def icon_paths(home: Path | None = None) -> list[Path]:
    return [(home or data_home()) / "icons" / "hicolor" / rel for rel in ICONS.values()]


def installed_command() -> Path:
    """The `studyapp` command of the installation that is running: pip puts it in the interpreter's scripts folder
    (a virtual environment's bin/, or ~/.local/bin for --user); failing that, the one on PATH."""
    import sysconfig
    for scheme in (None, "posix_user"):
        folder = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        candidate = Path(folder) / APP_ID
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(APP_ID)
    if found:
        return Path(found).absolute()
    raise StudyAppError("cannot find the installed studyapp command to put in the menu entry; install StudyApp "
                        "with pip first (see the README)")


def exec_value(command: Path) -> str:
    """`command` as a desktop file's Exec value: quoted as the specification asks when it holds a reserved
    character, then escaped as a string value (backslashes doubled) and with % doubled (% starts a field code)."""
    arg = str(command)
    if any(c in _RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return arg.replace("\\", "\\\\").replace("%", "%%")


def entry_text(command: Path) -> str:
    """The packaged desktop file with this installation's command in Exec and TryExec (TryExec hides the entry
    if that command disappears, e.g. its virtual environment was deleted)."""
    lines = []
    for line in (RESOURCES / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={str(command).replace(chr(92), chr(92) * 2)}")
            line = f"Exec={exec_value(command)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def is_installed(home: Path | None = None) -> bool:
    return entry_path(home).exists()


def _check_platform() -> None:
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        raise StudyAppError("the menu entry is for Linux and other freedesktop.org desktops; this system has its own "
                            "way of adding applications")


def install(home: Path | None = None) -> list[Path]:
    """Writes the desktop file and the icons (each atomically, so a crash leaves no half file); returns them."""
    _check_platform()
    home = home or data_home()
    text = entry_text(installed_command())
    written = []
    try:
        for (source, _), target in zip(ICONS.items(), icon_paths(home)):
            atomic_write_bytes(target, (RESOURCES / source).read_bytes())
            written.append(target)
        # An existing icon cache is used only while it is newer than the theme folder: touch the folder so the
        # new icon is found even where the cache predates it.
        os.utime(home / "icons" / "hicolor")
        atomic_write_text(entry_path(home), text)
        written.append(entry_path(home))
    except OSError as exc:
        raise StudyAppError(f"cannot write the menu entry: {exc.strerror or exc}",
                            path=exc.filename and str(exc.filename)) from None
    return [written[-1], *written[:-1]]


def remove(home: Path | None = None) -> list[Path]:
    """Deletes the desktop file and the icons that install() writes; returns those that were there."""
    _check_platform()
    home = home or data_home()
    removed = []
    for path in (entry_path(home), *icon_paths(home)):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StudyAppError(f"cannot remove the menu entry: {exc.strerror or exc}", path=str(path)) from None
        removed.append(path)
    for path in icon_paths(home):  # the size folders, once empty (not icons/hicolor or applications: shared)
        for folder in (path.parent, path.parent.parent):
            try:
                folder.rmdir()
            except OSError:
                break
    return removed
