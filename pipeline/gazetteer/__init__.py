"""China's county-level divisions with history, the 832 poverty counties and their aliases."""

from __future__ import annotations

from .index import Gazetteer
from .model import Candidate, Division, LookupResult

__all__ = ["Candidate", "Division", "Gazetteer", "LookupResult", "load"]


def load() -> Gazetteer:
    """The committed snapshot, loaded once per process."""
    return Gazetteer.load()
