"""Nearest listings by feature vector, held in memory as a NumPy matrix per process.

The matrix is rebuilt when the listings change (the import and a post_save signal bump a cache
version). Columns are imputed with their median and standardised, then weighted; candidates are
filtered to the same property type and the same metro (within METRO_MILES of the subject).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from properties.features import FEATURE_NAMES
from properties.models import Property

VERSION_KEY = "properties:features-version"
METRO_MILES = 40.0
# price, living area, beds, baths, year built, lot, north, east
WEIGHTS = np.array([2.0, 1.5, 1.0, 1.0, 0.5, 0.5, 1.0, 1.0], dtype=np.float32)
NORTH, EAST = FEATURE_NAMES.index("north_miles"), FEATURE_NAMES.index("east_miles")


@dataclass
class SimilarityIndex:
    ids: np.ndarray  # int64 primary keys
    types: np.ndarray  # property_type codes
    statuses: np.ndarray
    raw: np.ndarray  # n x f, NaN where missing
    scaled: np.ndarray  # n x f, imputed, standardised and weighted
    type_codes: dict[str, int]
    status_codes: dict[str, int]

    @classmethod
    def build(cls) -> SimilarityIndex:
        rows = list(
            Property.objects.exclude(features=[]).values_list(
                "id", "property_type", "standard_status", "features"
            )
        )
        type_codes: dict[str, int] = {}
        status_codes: dict[str, int] = {}
        raw = np.full((len(rows), len(FEATURE_NAMES)), np.nan, dtype=np.float32)
        for i, (_, _, _, features) in enumerate(rows):
            raw[i, : len(features)] = [np.nan if v is None else v for v in features]
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        types = np.fromiter(
            (type_codes.setdefault(r[1], len(type_codes)) for r in rows), np.int16, len(rows)
        )
        statuses = np.fromiter(
            (status_codes.setdefault(r[2], len(status_codes)) for r in rows), np.int16, len(rows)
        )
        return cls(ids, types, statuses, raw, _scale(raw), type_codes, status_codes)

    def nearest(
        self, *, listing_id: int, property_type: str, statuses: tuple[str, ...], k: int
    ) -> list[int]:
        """Primary keys of the k nearest listings of the same type and metro, nearest first."""
        where = np.flatnonzero(self.ids == listing_id)
        if not where.size or property_type not in self.type_codes:
            return []
        row = where[0]
        codes = [self.status_codes[s] for s in statuses if s in self.status_codes]
        mask = (self.types == self.type_codes[property_type]) & np.isin(self.statuses, codes)
        mask[row] = False
        north, east = self.raw[row, NORTH], self.raw[row, EAST]
        if not (np.isnan(north) or np.isnan(east)):
            miles2 = (self.raw[:, NORTH] - north) ** 2 + (self.raw[:, EAST] - east) ** 2
            mask &= miles2 <= METRO_MILES**2  # NaN compares False: unlocated listings drop out
        candidates = np.flatnonzero(mask)
        if not candidates.size:
            return []
        distance = ((self.scaled[candidates] - self.scaled[row]) ** 2).sum(axis=1)
        k = min(k, candidates.size)
        best = np.argpartition(distance, k - 1)[:k]
        best = best[np.argsort(distance[best], kind="stable")]
        return self.ids[candidates[best]].tolist()


def _scale(raw: np.ndarray) -> np.ndarray:
    if not len(raw):
        return raw.copy()
    filled = raw.copy()
    medians = np.nanmedian(raw, axis=0) if np.isfinite(raw).any() else np.zeros(raw.shape[1])
    medians = np.nan_to_num(medians)
    gaps = np.isnan(filled)
    filled[gaps] = np.take(medians, np.nonzero(gaps)[1])
    std = filled.std(axis=0)
    std[std == 0] = 1.0
    return ((filled - filled.mean(axis=0)) / std * WEIGHTS).astype(np.float32)


_lock = threading.Lock()
_current: tuple[str, SimilarityIndex] | None = None


def similarity_index() -> SimilarityIndex:
    """This process's index, rebuilt when the listings changed since it was built."""
    global _current
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    with _lock:
        if _current is None or _current[0] != version:
            _current = (version, SimilarityIndex.build())
        return _current[1]


def similarity_invalidate() -> None:
    """Make every process rebuild its index on next use."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
