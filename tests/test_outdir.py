"""A release is published only where its swap destroys nothing but an earlier release."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.errors import PublishError
from pipeline.release.outdir import check_out_dir

ROOT = Path(__file__).resolve().parent.parent


def refusal(out: Path, seeds: Path | None = None) -> str:
    with pytest.raises(PublishError) as caught:
        check_out_dir(out, seeds)
    assert caught.value.rule == "out-dir"
    return str(caught.value)


def test_absent_and_empty_folders_are_fine(tmp_path: Path) -> None:
    check_out_dir(tmp_path / "new", tmp_path / "seeds")
    (tmp_path / "empty").mkdir()
    check_out_dir(tmp_path / "empty", tmp_path / "seeds")


def test_a_release_of_this_package_is_fine(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "datapackage", tmp_path / "release")
    check_out_dir(tmp_path / "release", ROOT / "seeds")


def test_a_folder_of_user_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"my work")
    message = refusal(out)
    assert str(out) in message and "no release" in message


def test_a_release_with_user_files_beside_it_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "release"
    shutil.copytree(ROOT / "datapackage", out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert "notes.txt" in refusal(out)


def test_another_data_package_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "other"
    out.mkdir()
    (out / "datapackage.json").write_text(json.dumps({"name": "someone-elses", "resources": []}),
                                          encoding="utf-8")
    assert "no release" in refusal(out)


@pytest.mark.parametrize("where", ["same", "inside", "containing"])
def test_out_must_not_touch_the_seeds_folder(tmp_path: Path, where: str) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    out = {"same": seeds, "inside": seeds / "out", "containing": tmp_path}[where]
    assert "seeds folder" in refusal(out, seeds)


def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert "not a folder" in refusal(tmp_path / "file")
