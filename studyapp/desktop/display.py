"""Can Qt open a window here? Asked before PySide6 is imported.

When a platform plugin's system libraries are missing, Qt prints a paragraph that names none of them and aborts the
process (a core dump). The xcb (X11) plugin is the usual case: a fresh Debian or Ubuntu lacks `libxcb-icccm4`,
`libxcb-keysyms1` and, since Qt 6.5, `libxcb-cursor0`. So the GUI start asks first, and if a library is missing
prints one line naming it and the command that installs it, and exits 2.

The fast path is one `dlopen` of the plugin file: the dynamic loader resolves the plugin's whole dependency tree
exactly as it will when Qt loads the plugin a moment later, so a success proves there is nothing to report, and the
libraries stay loaded for Qt (its own `dlopen` of the same file reuses them). Only when that fails does `ldd` list
every missing library, so that the message names them all at once rather than the first one the loader met.

In a Wayland session the wayland plugin is used where its libraries are present, with X11 as the fallback.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, MutableMapping
from pathlib import Path


class Plugin:
    """One of Qt's platform plugins. (A plain class: `dataclasses` imports `inspect`, 5 ms of every start.)"""

    __slots__ = ("name", "label", "file")

    def __init__(self, name: str, label: str, file: str) -> None:
        self.name = name    # as QT_QPA_PLATFORM spells it
        self.label = label  # for people
        self.file = file    # the plugin's file in a plugins/platforms folder


XCB = Plugin("xcb", "X11 (xcb)", "libqxcb.so")
WAYLAND = Plugin("wayland", "Wayland", "libqwayland.so")

# soname -> (Debian/Ubuntu package, Fedora package), for the libraries Qt's xcb and wayland plugins need that a
# desktop may lack. Other names follow the distributions' naming rules (see debian_package, fedora_package).
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
}
_SONAME = re.compile(r"(?P<stem>lib[\w.+-]+?)\.so\.(?P<version>\d+)")


def debian_package(soname: str) -> str:
    """Debian's package name for a library: the soname's stem, lower case, then its version (after a hyphen when
    the stem ends in a digit), as Debian policy 8.1 names library packages."""
    if soname in PACKAGES:
        return PACKAGES[soname][0]
    m = _SONAME.fullmatch(soname)
    if not m:
        return soname
    stem, version = m["stem"].lower(), m["version"]
    return f"{stem}-{version}" if stem[-1].isdigit() else f"{stem}{version}"


def fedora_package(soname: str) -> str:
    """Fedora's package for a library: the xcb extension libraries all come in `libxcb`; otherwise dnf installs
    whatever provides the soname (`'libfoo.so.1()(64bit)'`, the dependency rpm records for it)."""
    if soname in PACKAGES:
        return PACKAGES[soname][1]
    if re.fullmatch(r"libxcb(-[a-z0-9]+)?\.so\.\d+", soname):
        return "libxcb"
    return f"'{soname}()(64bit)'" if sys.maxsize > 2 ** 32 else f"'{soname}'"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse_ldd(text: str) -> list[str]:
    """The libraries `ldd` reports as `not found`, in its order, each once (ldd repeats a name for every library in
    the tree that needs it)."""
    return _unique(m[1] for m in re.finditer(r"^\s*(\S+)\s+=>\s+not found\s*$", text, re.MULTILINE))


def install_hint(missing: list[str]) -> str:
    debian = " ".join(_unique(debian_package(n) for n in missing))
    fedora = " ".join(_unique(fedora_package(n) for n in missing))
    return f"sudo apt install {debian} (Debian/Ubuntu) or sudo dnf install {fedora} (Fedora)"


def missing_message(plugin: Plugin, missing: list[str]) -> str:
    """The one line a user sees; it names every missing library and how to install them."""
    return (f"studyapp: cannot open a window: Qt's {plugin.label} platform plugin needs {', '.join(missing)}, "
            f"which {'is' if len(missing) == 1 else 'are'} not installed; install "
            f"{'it' if len(missing) == 1 else 'them'} with: {install_hint(missing)}")


def plugin_paths(plugin: Plugin, environ: MutableMapping[str, str]) -> list[Path]:
    """The plugin files Qt tries, in its order: the one in QT_QPA_PLATFORM_PLUGIN_PATH if any (Qt falls back from
    it when it fails to load), then the first found in QT_PLUGIN_PATH's platforms folders and PySide6's own (Qt
    takes the first it finds there, and aborts if that one fails). PySide6 is found without importing it."""
    tried = [Path(p) / plugin.file for p in environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders = [Path(p) / "platforms" for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    from importlib.util import find_spec
    spec = find_spec("PySide6")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "Qt" / "plugins" / "platforms")
    tried += [next((f / plugin.file for f in folders if (f / plugin.file).is_file()), Path())]
    return [p for p in tried if p.name and p.is_file()]


def ldd_missing(path: Path) -> list[str] | None:
    """What `ldd` says `path` lacks; None when ldd itself cannot be run."""
    import subprocess  # only when something is missing: it costs 4 ms to import
    try:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=30,
                             env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_ldd(out.stdout)


def load_error(path: Path) -> str | None:
    """None when the loader can load `path` with everything it needs (it then stays loaded, for Qt); otherwise the
    loader's error. Loaded as Qt's QLibrary loads plugins, RTLD_LAZY: ctypes.CDLL would force RTLD_NOW, binding
    every symbol of QtGui and QtCore up front, which Qt's own load never does."""
    import ctypes
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "dlopen"):  # a C library without dlopen in its global scope: ctypes' way, RTLD_NOW
        try:
            ctypes.CDLL(str(path))
        except OSError as exc:
            return str(exc)
        return None
    libc.dlopen.restype, libc.dlopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_int]
    libc.dlerror.restype, libc.dlerror.argtypes = ctypes.c_char_p, []
    if libc.dlopen(os.fsencode(path), os.RTLD_LAZY | os.RTLD_LOCAL):
        return None
    error = libc.dlerror()
    return error.decode(errors="replace") if error else f"{path}: cannot be loaded"


def plugin_problem(plugin: Plugin, path: Path) -> str | None:
    """None when the plugin loads; otherwise the one line to print."""
    error = load_error(path)
    if error is None:
        return None
    missing = ldd_missing(path)
    if not missing:  # no ldd, or a library present but unusable: the loader's own words name it
        first = re.match(r"(\S+\.so[.\d]*): cannot open shared object file", error)
        if first:
            missing = [first[1]]
        else:
            return f"studyapp: cannot open a window: Qt's {plugin.label} platform plugin {path} cannot be loaded: " \
                   f"{' '.join(error.split())}"
    return missing_message(plugin, missing)


def check_display(environ: MutableMapping[str, str] | None = None) -> str | None:
    """None when Qt can be started (or the choice is the user's); otherwise the one line explaining why it cannot.

    Only on Linux and only when QT_QPA_PLATFORM is unset: a user who names a platform has chosen. In a Wayland
    session whose wayland plugin loads, QT_QPA_PLATFORM becomes "wayland;xcb" (X11 the fallback if the compositor
    refuses); when only X11 works there, "xcb", so Qt does not first fail on wayland."""
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    wayland = bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"
    x11 = bool(environ.get("DISPLAY"))
    if not wayland and not x11:
        return ("studyapp: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set); start it "
                "from a desktop session, or use its commands (see studyapp --help)")
    first_problem = None
    for plugin, present in ((WAYLAND, wayland), (XCB, x11)):
        if not present:
            continue
        problem = None
        for path in plugin_paths(plugin, environ):  # none found: nothing to check, Qt will say what it says
            problem = plugin_problem(plugin, path)
            if problem is None:
                break
        if problem is None:
            if wayland:
                environ["QT_QPA_PLATFORM"] = "wayland;xcb" if plugin is WAYLAND else "xcb"
            return None
        first_problem = first_problem or problem
        if plugin is XCB:
            return problem  # X11 is the fallback everywhere: name its missing libraries
    return first_problem
