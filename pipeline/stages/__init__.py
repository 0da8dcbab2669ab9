"""The pipeline's stages, one spaCy component per module, registered on import."""

from __future__ import annotations

from . import counts, dates, exits, link, places, segment  # noqa: F401  (registers factories)
from .doc import register_extensions

register_extensions()

#: The order in which the stages run after tokenization.
STAGES = ("zhaimao_sentences", "zhaimao_places", "zhaimao_dates", "zhaimao_link",
          "zhaimao_counts", "zhaimao_exits")
