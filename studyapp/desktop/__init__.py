"""The app on a Linux desktop: can Qt open a window here (checked before Qt loads), and the menu entry and icon.

Nothing here imports Qt: the check must run before PySide6 is loaded, and the menu entry is also a CLI command."""
