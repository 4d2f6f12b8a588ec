"""Tables kept on disk between steps: `TableStore` holds each table as pickled chunks in a
temporary folder, so that a large package passes from step to step with one chunk of one table
in memory; `chunks`, `column` and `n_rows` read a TableStore or a plain dict of frames alike."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path

import pandas as pd

from ..processes import temp_dir

STORE_ROWS = 20_000  # rows of one table per chunk on disk (TableStore), and per sort bucket

Frames = MutableMapping[str, pd.DataFrame]  # a dict, or a TableStore (one chunk in memory)


class TableStore(MutableMapping[str, pd.DataFrame]):
    """Frames by table name, kept on disk as pickled chunks of at most STORE_ROWS rows in a
    temporary folder: the package's tables pass from step to step while memory holds one chunk
    (`chunks`) or, when looked up whole, one table. A lookup returns a new frame (changing it
    does not change the store; assign it back). The folder is deleted with the store."""

    def __init__(self, folder: Path | None = None) -> None:
        """The files go into a new folder inside `folder` (default: the system's temp folder)."""
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self._tmp = temp_dir("tables", folder)
        self.root = Path(self._tmp.name)
        self._files: dict[str, list[Path]] = {}  # in insertion order: the package's table order
        self._made = 0
        self.rows: dict[str, int] = {}

    def put(self, name: str, chunks: Iterable[pd.DataFrame]) -> None:
        """Store a table given as consecutive chunks, each written as it comes."""
        files, rows, empty = [], 0, None
        for chunk in chunks:
            if empty is None:
                empty = chunk.iloc[:0].copy()  # the dtypes, for a table without rows
            for start in range(0, len(chunk), STORE_ROWS):
                files.append(self._dump(chunk.iloc[start : start + STORE_ROWS]))
                rows += min(STORE_ROWS, len(chunk) - start)
        if not files:
            files.append(self._dump(pd.DataFrame() if empty is None else empty))
        for path in self._files.get(name, []):
            path.unlink()
        self._files[name], self.rows[name] = files, rows

    def _dump(self, frame: pd.DataFrame) -> Path:
        path, self._made = self.root / f"{self._made}.pkl", self._made + 1
        with path.open("wb") as fh:
            pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    def chunks(self, name: str) -> Iterator[pd.DataFrame]:
        """The table a chunk at a time, in order; each chunk's index counts rows from the
        table's first (so a row label is the same as in the whole frame)."""
        offset = 0
        for path in self._files[name]:
            with path.open("rb") as fh:
                chunk = pickle.load(fh)
            chunk.index = pd.RangeIndex(offset, offset + len(chunk))
            offset += len(chunk)
            yield chunk

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self.put(name, [frame])

    def __getitem__(self, name: str) -> pd.DataFrame:
        parts = list(self.chunks(name))
        return parts[0] if len(parts) == 1 else pd.concat(parts)

    def __delitem__(self, name: str) -> None:
        for path in self._files.pop(name):
            path.unlink()
        del self.rows[name]

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._files))

    def __len__(self) -> int:
        return len(self._files)


def chunks(frames: Mapping[str, pd.DataFrame], name: str) -> Iterator[pd.DataFrame]:
    """A table of a TableStore a chunk at a time; of any other mapping, whole."""
    if isinstance(frames, TableStore):
        yield from frames.chunks(name)
    else:
        yield frames[name]


def column(frames: Mapping[str, pd.DataFrame], name: str, field: str) -> pd.Series:
    """One column of a table, read a chunk at a time (only the column is kept)."""
    parts = [chunk[field] for chunk in chunks(frames, name)]
    return parts[0] if len(parts) == 1 else pd.concat(parts)


def n_rows(frames: Mapping[str, pd.DataFrame], name: str) -> int:
    return frames.rows[name] if isinstance(frames, TableStore) else len(frames[name])
