"""files.replacing and write_text: a file is replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.files import replacing, write_text


def test_a_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"  # line endings as given
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "answer.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OSError), replacing(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise OSError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["answer.csv"]
