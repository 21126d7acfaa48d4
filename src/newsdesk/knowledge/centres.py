"""Countries' area centres (``knowledge/data/country_centres.tsv``, built by
``scripts/build_country_centres.py`` from Natural Earth's admin-0 polygons).

The gazetteer's country point is a feature point (GeoNames-like: Argentina near Buenos Aires);
an analyst's country point is the middle of its territory (docs/GAZETTEER.md, "Country points").
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Optional

from ..errors import CountryCentresError


@lru_cache(maxsize=1)
def _centres() -> dict[str, tuple[float, float]]:
    return read_centres(resources.files("newsdesk.knowledge").joinpath("data/country_centres.tsv"))


def read_centres(path) -> dict[str, tuple[float, float]]:
    """ISO 3166-1 alpha-2 → (lat, lon), from a table of 'code, lat, lon' rows (E061 if unreadable)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CountryCentresError(str(path), f"cannot be read ({exc.__class__.__name__})") from exc
    table = {}
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("\t")
        try:
            code, lat, lon = fields[0], float(fields[1]), float(fields[2])
        except (IndexError, ValueError):
            raise CountryCentresError(str(path), f"row {number} is not 'code, lat, lon'") from None
        table[code] = (lat, lon)
    return table


def country_centre(code: Optional[str]) -> Optional[tuple[float, float]]:
    """The area centre of the country with this ISO code, or None when the table lacks it."""
    return _centres().get(code or "")
