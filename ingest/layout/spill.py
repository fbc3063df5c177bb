"""Where the cleanup keeps the volume while it works through it: on disk, not in memory.

The cleanup looks across the whole volume, but no step needs every page's words at once: the
volume's measures are medians of per-line samples, and the steps after segmentation read a
page's headings, entries, notes and first and last lines, or a window of neighbours. So the pages
live in an unnamed temporary file (`Spill`, deleted when closed or when the process ends):

- `SpilledPages`: before segmentation, each page's whole working state (`PageWork`) is one pickled
  record; a pass over the volume loads one page at a time and writes it back only when it changed.
- `LazyList`: after segmentation a page's drafts stay in memory, but each draft's lines, and the
  page's decisions, are a record of their own, loaded when a step reads them. At most
  `Spill.budget` items (lines, decisions) are held loaded at once (least recently used go back to
  disk, written again only if changed), so the memory the cleanup holds does not grow with the
  volume's words. Lines, words, boxes and decisions are frozen, so one read before its list went
  back to disk stays what it was.
"""

from __future__ import annotations

import dataclasses
import io
import operator
import os
import pickle
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator, MutableSequence
from typing import Any, TypeVar, overload

from ingest.layout.drafts import PageWork
from ingest.model import BBox, Decision, Line, Word

T = TypeVar("T")

#: Items (drafts' lines, pages' decisions) held loaded at once (about 40 pages' worth of text).
LOADED_ITEMS = 2000


#: The model's most numerous objects, pickled by their fields (by default a slotted dataclass is
#: pickled through `dataclasses.fields` per object, several times slower).
_FIELDS = {
    cls: operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    for cls in (BBox, Word, Line, Decision)
}


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        fields = _FIELDS.get(type(obj))
        if fields is None:
            return NotImplemented
        return type(obj), fields(obj)


def dumps(obj: Any) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue()


class Spill:
    """Pickled records in one unnamed temporary file, with the loaded `LazyList`s (most recently
    used last) and how many items they hold."""

    def __init__(self, *, budget: int | None = None) -> None:
        self._file = tempfile.TemporaryFile(prefix="quire-cleanup-")
        self._end = 0
        self.budget = LOADED_ITEMS if budget is None else budget
        self._loaded: OrderedDict[int, LazyList[Any]] = OrderedDict()
        self._held = 0

    def put(self, obj: Any) -> tuple[int, int]:
        data = dumps(obj)
        at = self._end
        os.pwrite(self._file.fileno(), data, at)
        self._end += len(data)
        return at, len(data)

    def get(self, ref: tuple[int, int]) -> Any:
        at, size = ref
        return pickle.loads(os.pread(self._file.fileno(), size, at))

    def close(self) -> None:
        for lines in list(self._loaded.values()):
            lines._unload()  # noqa: SLF001
        self._file.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def loaded(self) -> int:
        """How many items (lines, decisions) are held loaded now."""
        return self._held

    def _touch(self, lines: LazyList[Any], size: int) -> None:
        key = id(lines)
        if key in self._loaded:
            self._loaded.move_to_end(key)
            return
        self._loaded[key] = lines
        self._held += size
        while self._held > self.budget and len(self._loaded) > 1:
            _, oldest = self._loaded.popitem(last=False)
            self._held -= oldest._unload()  # noqa: SLF001


class LazyList(MutableSequence[T]):
    """A list kept in a `Spill` (a draft's lines, a page's decisions): a list to every step that
    reads or changes it."""

    __slots__ = ("_spill", "_ref", "_items", "_dirty")

    def __init__(self, spill: Spill, lines: Iterable[T]) -> None:
        self._spill = spill
        self._ref = spill.put(list(lines))
        self._items: list[T] | None = None
        self._dirty = False

    def _get(self) -> list[T]:
        items = self._items
        if items is None:
            items = self._items = self._spill.get(self._ref)
        self._spill._touch(self, len(items))  # noqa: SLF001
        return items

    def _unload(self) -> int:
        """Back to disk (written again only if changed); returns how many items it held."""
        items = self._items
        if items is None:
            return 0
        if self._dirty:
            self._ref = self._spill.put(items)
            self._dirty = False
        self._items = None
        return len(items)

    def _changed(self) -> list[T]:
        items = self._get()
        self._dirty = True
        return items

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        return self._get()[i]

    @overload
    def __setitem__(self, i: int, v: T) -> None: ...
    @overload
    def __setitem__(self, i: slice, v: Iterable[T]) -> None: ...
    def __setitem__(self, i: Any, v: Any) -> None:
        items = self._changed()
        before = len(items)
        items[i] = v
        self._spill._held += len(items) - before  # noqa: SLF001

    def __delitem__(self, i: int | slice) -> None:
        items = self._changed()
        before = len(items)
        del items[i]
        self._spill._held += len(items) - before  # noqa: SLF001

    def insert(self, i: int, v: T) -> None:
        self._changed().insert(i, v)
        self._spill._held += 1  # noqa: SLF001

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[T]:
        return iter(self._get())

    def __reversed__(self) -> Iterator[T]:
        return reversed(self._get())

    def __contains__(self, v: object) -> bool:
        return v in self._get()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyList):
            other = other._get()
        return self._get() == other

    def __add__(self, other: Iterable[T]) -> list[T]:
        return self._get() + list(other)

    def __radd__(self, other: Iterable[T]) -> list[T]:
        return list(other) + self._get()

    def __repr__(self) -> str:
        return f"LazyList({self._get()!r})"

    __hash__ = None  # type: ignore[assignment]


class SpilledPages:
    """The volume's pages, in order, each a `PageWork` pickled whole in a `Spill`."""

    def __init__(self, spill: Spill) -> None:
        self._spill = spill
        self._refs: list[tuple[int, int]] = []

    def __len__(self) -> int:
        return len(self._refs)

    def append(self, w: PageWork) -> None:
        self._refs.append(self._spill.put(w))

    def load(self, k: int) -> PageWork:
        w: PageWork = self._spill.get(self._refs[k])
        return w

    def store(self, k: int, w: PageWork) -> None:
        self._refs[k] = self._spill.put(w)

    def __iter__(self) -> Iterator[PageWork]:
        """Each page in turn, loaded (read only: changes are not kept)."""
        for k in range(len(self._refs)):
            yield self.load(k)
