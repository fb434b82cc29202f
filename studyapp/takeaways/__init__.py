"""Takeaway sets: the model, the readers of each input format, the recogniser and the YAML format."""

from .model import Section, Source, Takeaway, TakeawaySet
from .read import detect_format, read_set, read_set_from_bytes, read_set_from_text
from .yaml_io import dump_yaml_set, load_yaml_set

__all__ = ["Section", "Source", "Takeaway", "TakeawaySet", "detect_format", "dump_yaml_set", "load_yaml_set",
           "read_set", "read_set_from_bytes", "read_set_from_text"]
