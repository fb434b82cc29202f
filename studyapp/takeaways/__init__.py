"""Takeaway sets: the model, the readers of each input format, the recogniser and the YAML format.

Names are exported lazily (PEP 562): the readers bring BeautifulSoup and markdown-it, which the app's start-up
does not need.
"""

from importlib import import_module

from .model import Section, Source, Takeaway, TakeawaySet

_LAZY = {"detect_format": ".read", "read_set": ".read", "read_set_from_bytes": ".read",
         "read_set_from_text": ".read", "dump_yaml_set": ".yaml_io", "load_yaml_set": ".yaml_io"}

__all__ = ["Section", "Source", "Takeaway", "TakeawaySet", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
