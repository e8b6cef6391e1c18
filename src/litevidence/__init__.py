"""litevidence: a workbench for literature and evidence reviews."""
from __future__ import annotations

from .errors import LitevidenceError
from .paths import ProjectPaths

__version__ = "0.1.0"
__all__ = ["LitevidenceError", "ProjectPaths", "__version__"]
