"""The check that runs before Qt: missing system libraries of Qt's platform plugins become one line and exit 2.

The fixtures are real `ldd` outputs of PySide6 6.11's plugins on a fresh Debian 12 (before and after installing the
xcb libraries). The missing-library situations are made with real plugin files: a copy of PySide6's own plugin in
which one needed library's name is changed to a version no system has (same length, so the ELF stays valid), found
through Qt's own QT_PLUGIN_PATH. The loader and ldd then really fail to find it, whatever is installed, and Qt
itself aborts on it (a test shows that too).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.desktop import display
from studyapp.desktop.display import XCB, check_display, parse_ldd

from conftest import FIXTURES, ROOT

LDD = FIXTURES / "ldd"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check runs on Linux only")


def qt_dir() -> Path:
    import PySide6
    return Path(PySide6.__file__).parent / "Qt"


def plugins_with(tmp_path: Path, plugins: dict[str, tuple[str, bytes, bytes] | str]) -> Path:
    """A platforms folder laid out like PySide6's (its `../../lib` is PySide6's Qt/lib, as the plugins' RUNPATH
    expects). Each entry is a file name -> the real plugin to copy, or (real plugin, needed name, renamed to)."""
    folder = tmp_path / "plugins" / "platforms"
    folder.mkdir(parents=True)
    (tmp_path / "lib").symlink_to(qt_dir() / "lib")
    for name, spec in plugins.items():
        source, old, new = (spec, b"", b"") if isinstance(spec, str) else spec
        data = (qt_dir() / "plugins" / "platforms" / source).read_bytes()
        if old:
            assert len(old) == len(new) and data.count(b"\0" + old + b"\0") == 1
            data = data.replace(b"\0" + old + b"\0", b"\0" + new + b"\0")
        (folder / name).write_bytes(data)
    return folder


BROKEN_XCB = ("libqxcb.so", b"libxcb-icccm.so.4", b"libxcb-icccm.so.9")
BROKEN_WAYLAND = ("libqwayland.so", b"libwayland-client.so.0", b"libwayland-client.so.9")
WORKING = "libqoffscreen.so"  # a real plugin whose libraries every machine running these tests has


def test_parse_ldd_of_the_real_xcb_plugin_on_a_fresh_debian() -> None:
    text = (LDD / "libqxcb-debian12-fresh.txt").read_text()
    assert text.count("not found") == 4  # ldd repeats a name for each library in the tree that needs it
    assert parse_ldd(text) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert parse_ldd((LDD / "libqxcb-debian12-complete.txt").read_text()) == []
    assert parse_ldd((LDD / "libqwayland-debian12-fresh.txt").read_text()) == ["libwayland-cursor.so.0"]


def test_package_names_for_debian_and_fedora() -> None:
    # the three the issue names, from the table
    assert [display.debian_package(n) for n in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0")] \
        == ["libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"]
    assert [display.fedora_package(n) for n in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0")] \
        == ["xcb-util-wm", "xcb-util-keysyms", "xcb-util-cursor"]
    # others by the distributions' rules: Debian's soname rule; Fedora's xcb extensions in libxcb, else the provide
    assert display.debian_package("libxcb-randr.so.0") == "libxcb-randr0"
    assert display.debian_package("libfoo2.so.5") == "libfoo2-5"
    assert display.fedora_package("libxcb-randr.so.0") == "libxcb"
    assert display.fedora_package("libfoo.so.3") == "'libfoo.so.3()(64bit)'"


def test_the_message_is_one_line_naming_each_library_and_both_commands() -> None:
    missing = parse_ldd((LDD / "libqxcb-debian12-fresh.txt").read_text()) + ["libxcb-cursor.so.0"]
    line = display.missing_message(XCB, missing)
    assert "\n" not in line and line.startswith("studyapp: cannot open a window: Qt's X11 (xcb) platform plugin")
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libxcb-cursor.so.0, which are not installed" in line
    assert line.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 (Debian/Ubuntu) or "
                         "sudo dnf install xcb-util-wm xcb-util-keysyms xcb-util-cursor (Fedora)")
    assert "which is not installed; install it with" in display.missing_message(XCB, ["libxcb-icccm.so.4"])


def test_a_missing_library_of_a_real_plugin_is_found_by_the_loader_and_named_by_ldd(tmp_path: Path) -> None:
    folder = plugins_with(tmp_path, {"libqxcb.so": BROKEN_XCB})
    env = {"DISPLAY": ":99", "QT_PLUGIN_PATH": str(folder.parent)}
    line = check_display(env)
    assert line is not None and "\n" not in line
    assert "libxcb-icccm.so.9" in line and "sudo apt install libxcb-icccm9" in line
    assert "QT_QPA_PLATFORM" not in env  # an X11 session: Qt's default stays
    # if this machine itself lacks the real ones (a fresh Debian), they are named in the same line
    for real in display.ldd_missing(qt_dir() / "plugins" / "platforms" / "libqxcb.so") or []:
        assert real in line


def test_the_checks_choices(tmp_path: Path) -> None:
    """Nothing to check when the user chose a platform or off Linux; no display is said plainly; in a Wayland
    session the wayland plugin is used where it loads, else X11; X11's missing libraries are the ones named."""
    assert check_display({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert check_display({}).startswith("studyapp: no display to open a window on")
    good_wayland = plugins_with(tmp_path / "a", {"libqwayland.so": WORKING, "libqxcb.so": BROKEN_XCB})
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":99", "QT_PLUGIN_PATH": str(good_wayland.parent)}
    assert check_display(env) is None and env["QT_QPA_PLATFORM"] == "wayland;xcb"
    good_xcb = plugins_with(tmp_path / "b", {"libqwayland.so": BROKEN_WAYLAND, "libqxcb.so": WORKING})
    env = {"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":99", "QT_PLUGIN_PATH": str(good_xcb.parent)}
    assert check_display(env) is None and env["QT_QPA_PLATFORM"] == "xcb"
    neither = plugins_with(tmp_path / "c", {"libqwayland.so": BROKEN_WAYLAND, "libqxcb.so": BROKEN_XCB})
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":99", "QT_PLUGIN_PATH": str(neither.parent)}
    assert "Qt's X11 (xcb) platform plugin needs libxcb-icccm.so.9" in check_display(env)
    env = {"WAYLAND_DISPLAY": "wayland-0", "QT_PLUGIN_PATH": str(neither.parent)}
    line = check_display(env)
    assert "Qt's Wayland platform plugin needs libwayland-client.so.9" in line
    assert "sudo apt install libwayland-client9" in line
    # QT_QPA_PLATFORM_PLUGIN_PATH is tried first, and Qt falls back from it to the usual plugin when it fails
    env = {"DISPLAY": ":99", "QT_QPA_PLATFORM_PLUGIN_PATH": str(neither), "QT_PLUGIN_PATH": str(good_xcb.parent)}
    assert check_display(env) is None
    env = {"DISPLAY": ":99", "QT_QPA_PLATFORM_PLUGIN_PATH": str(good_xcb), "QT_PLUGIN_PATH": str(neither.parent)}
    assert check_display(env) is None


def studyapp_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY",
                                                            "XDG_SESSION_TYPE", "QT_PLUGIN_PATH",
                                                            "QT_QPA_PLATFORM_PLUGIN_PATH")}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), STUDYAPP_COLLECTION=str(tmp_path / "c.sqlite"), **extra)
    return env


def studyapp_command() -> list[str]:
    script = Path(sys.executable).parent / "studyapp"
    return [str(script)] if script.exists() else [sys.executable, "-m", "studyapp"]


def test_studyapp_prints_the_line_and_exits_2_instead_of_aborting(tmp_path: Path) -> None:
    """End to end: the installed command, a display set, the xcb plugin Qt would load lacking a library."""
    folder = plugins_with(tmp_path, {"libqxcb.so": BROKEN_XCB})
    env = studyapp_env(tmp_path, DISPLAY=":99", QT_PLUGIN_PATH=str(folder.parent))
    # the situation is real: Qt itself, given it, aborts the process
    bare = subprocess.run([sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
                          env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert bare.returncode < 0 or bare.returncode > 2, bare
    assert 'Could not load the Qt platform plugin "xcb"' in bare.stderr
    run = subprocess.run(studyapp_command(), env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stdout == "" and run.stderr.count("\n") == 1
    assert run.stderr.startswith("studyapp: cannot open a window: Qt's X11 (xcb) platform plugin needs ")
    assert "libxcb-icccm.so.9" in run.stderr and "(Debian/Ubuntu)" in run.stderr and "(Fedora)" in run.stderr
    assert not (tmp_path / "c.sqlite").exists()  # it stopped before opening anything


def test_studyapp_without_a_display_says_so(tmp_path: Path) -> None:
    run = subprocess.run(studyapp_command(), env=studyapp_env(tmp_path), capture_output=True, text=True,
                         timeout=60, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("studyapp: no display to open a window on") and run.stderr.count("\n") == 1


def test_the_check_loads_nothing_heavy() -> None:
    """The check runs on every GUI start: it must not import Qt or our heavier layers (ctypes is its one cost)."""
    code = ("import sys; from studyapp.desktop.display import check_display; "
            "check_display({'QT_QPA_PLATFORM_PLUGIN_PATH': '/nonexistent', 'DISPLAY': ':99'}); "
            "print(' '.join(m for m in ('PySide6', 'studyapp.collection', 'sqlite3', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stderr


def test_ldd_fixture_matches_this_pyside6_layout() -> None:
    """The fixtures are outputs of the plugin this project installs: same file name, same neighbour library."""
    assert (qt_dir() / "plugins" / "platforms" / "libqxcb.so").is_file()
    assert "libQt6XcbQpa.so.6 => " in (LDD / "libqxcb-debian12-fresh.txt").read_text()
    assert shutil.which("ldd"), "ldd (libc-bin) names the missing libraries"


def test_the_readme_line_and_ci_install_what_a_fresh_debian_lacks() -> None:
    """The README's one line for a fresh desktop covers what the check asks for on a fresh Debian (and Qt 6.5+'s
    xcb-cursor), with Fedora's names; CI installs the same packages for its real-display test."""
    line = next(x for x in (ROOT / "README.md").read_text().splitlines() if x.startswith("sudo apt install "))
    debian, _, fedora = line.partition("# Debian/Ubuntu; Fedora: sudo dnf install ")
    lacking = parse_ldd((LDD / "libqxcb-debian12-fresh.txt").read_text()) + ["libxcb-cursor.so.0"]
    assert all(display.debian_package(n) in debian.split() for n in lacking)
    assert all(display.fedora_package(n) in fedora.split() for n in lacking)
    ci = (ROOT / ".ci" / "run").read_text().replace(";", " ").split()
    assert all(pkg in ci for pkg in debian.split()[3:])
