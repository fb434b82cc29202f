"""Light and dark themes: Fusion with an explicit palette (the platform's scheme is unknown offscreen), plus a
small stylesheet for the review screen's type and the calm, low-contrast chrome."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

# Every text colour meets WCAG AA (4.5:1) on every background it is drawn on: TEXT_ON lists the pairs and a test
# computes their ratios. "danger" marks destructive buttons (Delete).
LIGHT = {"window": "#f7f6f2", "base": "#ffffff", "alt": "#f0efea", "text": "#1f2328", "muted": "#595e65",
         "button": "#ecebe6", "accent": "#30609a", "accent_text": "#ffffff", "border": "#d9d7d0",
         "again": "#b03426", "hard": "#85520f", "good": "#24693f", "easy": "#2c5f99",
         "new": "#2c5f99", "learn": "#b03426", "due": "#24693f", "danger": "#b03426"}
DARK = {"window": "#1f2023", "base": "#26272b", "alt": "#2b2c31", "text": "#e7e7e4", "muted": "#a4a8ae",
        "button": "#34353a", "accent": "#7fabe2", "accent_text": "#111214", "border": "#3c3d43",
        "again": "#f48f80", "hard": "#e0a458", "good": "#72c48f", "easy": "#7fabe2",
        "new": "#7fabe2", "learn": "#f48f80", "due": "#72c48f", "danger": "#f48f80"}

# (text colour, background) pairs as the views draw them: the window and its labels, the card and the tables
# (base, alternate rows), buttons, table headers, the primary button, the selected row.
_SURFACES = ("window", "base", "alt", "button")
TEXT_ON: list[tuple[str, str]] = [
    *((fg, bg) for fg in ("text", "muted", "accent", "again", "hard", "good", "easy", "new", "learn", "due",
                          "danger") for bg in _SURFACES),
    ("accent_text", "accent"),
]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two '#rrggbb' colours: 1 (same) to 21 (black on white); AA asks 4.5 for text."""
    def luminance(color: str) -> float:
        rgb = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


MARGINS = (28, 20, 28, 22)  # left, top, right, bottom: the main window's views and every dialog

_fusion = False  # whether this process's application already has the Fusion style
_platform_dark: bool | None = None


def application(argv: list[str]) -> QApplication:
    """The QApplication, created with the Fusion style. Setting the style afterwards returns a QStyle to Python, and
    PySide6's first sight of that class builds its enums: 6-10 ms of start-up (see main_window's docstring)."""
    global _fusion
    app = QApplication.instance()
    if app is None:
        app = QApplication([*(argv[:1] or ["studyapp"]), "-style", "Fusion", *argv[1:]])
        _fusion = True
    return app


def resolve(theme: str) -> str:
    """'system' follows the platform: dark when the platform's own palette is (its window darker than its text).
    Platforms with a dark scheme hand Qt a dark palette with it (Windows with Fusion since Qt 6.5, macOS, the KDE
    and GTK themes). Qt's colorScheme() would say it more directly, but reading it builds PySide6's whole Qt
    namespace: 20-30 ms of start-up. Offscreen: light."""
    if theme in ("light", "dark"):
        return theme
    return "dark" if _platform_is_dark() else "light"


def _platform_is_dark() -> bool:
    """Read once, before apply() first replaces the platform's palette with ours."""
    global _platform_dark
    if _platform_dark is None:
        palette = QApplication.palette()
        _platform_dark = (palette.color(QPalette.ColorRole.Window).lightness()
                          < palette.color(QPalette.ColorRole.WindowText).lightness())
    return _platform_dark


def colors(theme: str) -> dict[str, str]:
    return DARK if resolve(theme) == "dark" else LIGHT


def apply(app: QApplication, theme: str, font_size: int = 0) -> dict[str, str]:
    global _fusion
    _platform_is_dark()  # while the palette is still the platform's: 'system' may be chosen later
    c = colors(theme)
    if not _fusion:
        app.setStyle("Fusion")
        _fusion = True
    p = QPalette()
    roles = {QPalette.ColorRole.Window: c["window"], QPalette.ColorRole.WindowText: c["text"],
             QPalette.ColorRole.Base: c["base"], QPalette.ColorRole.AlternateBase: c["alt"],
             QPalette.ColorRole.Text: c["text"], QPalette.ColorRole.Button: c["button"],
             QPalette.ColorRole.ButtonText: c["text"], QPalette.ColorRole.Highlight: c["accent"],
             QPalette.ColorRole.HighlightedText: c["accent_text"], QPalette.ColorRole.ToolTipBase: c["base"],
             QPalette.ColorRole.ToolTipText: c["text"], QPalette.ColorRole.PlaceholderText: c["muted"],
             QPalette.ColorRole.Link: c["accent"]}
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["muted"]))
    app.setPalette(p)
    font = QFont(app.font())
    font.setPointSize(font_size if font_size > 0 else 11)
    app.setFont(font)
    app.setStyleSheet(f"""
        QLabel#prompt {{ font-size: {_pt(font_size, 1.75)}pt; }}
        QLabel#answer {{ font-size: {_pt(font_size, 1.45)}pt; color: {c['text']}; }}
        QLabel#source, QLabel#topic, QLabel#hint, QLabel#muted {{ color: {c['muted']}; }}
        QLabel#deckTitle {{ font-size: {_pt(font_size, 1.3)}pt; font-weight: 600; }}
        QLabel#counts {{ font-size: {_pt(font_size, 1.0)}pt; }}
        QPushButton {{ padding: 6px 14px; border: 1px solid {c['border']}; border-radius: 6px;
                       background: {c['button']}; }}
        QPushButton:hover {{ border-color: {c['accent']}; }}
        QPushButton:focus {{ border-color: {c['accent']}; }}
        QPushButton#primary {{ background: {c['accent']}; color: {c['accent_text']}; border-color: {c['accent']};
                               font-weight: 600; }}
        QPushButton#rate1 {{ color: {c['again']}; }} QPushButton#rate2 {{ color: {c['hard']}; }}
        QPushButton#rate3 {{ color: {c['good']}; }} QPushButton#rate4 {{ color: {c['easy']}; }}
        QTableWidget, QTableView, QListWidget, QPlainTextEdit, QLineEdit {{ border: 1px solid {c['border']};
            border-radius: 6px; }}
        QHeaderView::section {{ background: {c['alt']}; border: none; border-bottom: 1px solid {c['border']};
            padding: 6px; color: {c['muted']}; }}
        QPushButton#danger {{ color: {c['danger']}; border-color: {c['danger']}; }}
        QPushButton#danger:focus, QPushButton#danger:hover {{ border-width: 2px; }}
        QPushButton#choice {{ background: {c['base']}; }}
        QPushButton#choice:focus {{ border: 2px solid {c['accent']}; }}
        QLabel#feedback {{ font-size: {_pt(font_size, 1.15)}pt; }}
        QFrame#card {{ background: {c['base']}; border: 1px solid {c['border']}; border-radius: 10px; }}
        QWidget#cardBody {{ background: transparent; }}
    """)
    return c


def _pt(base: int, factor: float) -> int:
    return round((base if base > 0 else 11) * factor)
