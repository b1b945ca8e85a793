"""The category tree, read once and kept in the cache (a few dozen rows that every listing needs).

Dropped whenever a Category is saved or deleted (``catalog.signal_handlers``), with a 5-minute timeout as a
safety net for bulk updates that send no signal, like the channel list (``catalog.channels``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from .models import Category

CACHE_KEY = "opop:categories:v1"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class CategoryTree:
    categories: tuple[Category, ...]

    def by_slug(self, slug: str) -> Category | None:
        return next((c for c in self.categories if c.slug == slug), None)

    @property
    def top_level(self) -> list[Category]:
        return [c for c in self.categories if c.parent_id is None]

    def descendant_ids(self, category: Category) -> list[int]:
        """The category and everything below it, without a query."""
        ids, frontier = [category.pk], {category.pk}
        while frontier:
            frontier = {c.pk for c in self.categories if c.parent_id in frontier}
            ids.extend(sorted(frontier))
        return ids


def category_tree() -> CategoryTree:
    tree = cache.get(CACHE_KEY)
    if tree is None:
        tree = CategoryTree(tuple(Category.objects.all()))
        cache.set(CACHE_KEY, tree, CACHE_SECONDS)
    return tree


def forget_categories(**kwargs) -> None:
    """Signal receiver: the next request reads the tree from the database again."""
    cache.delete(CACHE_KEY)
