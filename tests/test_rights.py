"""The rights rule: a source's passage text is published only under an open licence or with the
maintainer's explicit permission; unknown licences withhold it; quotes, spans and hashes stay."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.errors import SourceError
from pipeline.ingest import sources
from pipeline.ingest.licences import canonical_licence, may_redistribute
from pipeline.tables.csv_text import read_csv_rows
from tests.factories import TEXT_A, do_publish, make_context


@pytest.mark.parametrize(("licence", "explicit", "policy", "published"), [
    (None, None, "licence", False),                 # unknown licence: withheld
    ("CC-BY-4.0", None, "licence", True),           # open licence
    ("CC0-1.0", None, "licence", True),
    ("CC-BY-NC-4.0", None, "licence", False),       # non-commercial is not open
    ("LicenseRef-all-rights-reserved", None, "licence", False),
    ("LicenseRef-all-rights-reserved", True, "licence", True),  # the maintainer has permission
    ("CC-BY-4.0", False, "licence", False),         # an explicit no wins
    ("CC-BY-4.0", True, "withhold", False),         # the setting withholds every text
])
def test_may_redistribute(licence, explicit, policy, published) -> None:
    assert may_redistribute(licence, explicit, policy) is published


def test_licence_ids_match_whatever_their_case() -> None:
    assert canonical_licence("cc-by-sa-4.0") == "CC-BY-SA-4.0"
    assert canonical_licence("LicenseRef-wire-agency-terms") == "LicenseRef-wire-agency-terms"
    assert canonical_licence("Creative Commons") is None


def _seeds(folder: Path, extra: str) -> Path:
    (folder / "a.txt").write_text("Title\n\nBody.", encoding="utf-8")
    (folder / "sources.yaml").write_text(
        f"sources:\n  - id: doc-a\n    file: a.txt\n{extra}", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("extra", "licence", "published"), [
    ("", None, False),
    ("    license: cc-by-4.0\n", "CC-BY-4.0", True),
    ("    license: CC-BY-ND-4.0\n", "CC-BY-ND-4.0", False),
    ("    license: null\n    redistribute_text: true\n", None, True),
])
def test_manifest_resolves_the_rule(tmp_path: Path, extra: str, licence, published) -> None:
    [entry] = sources.load_manifest(_seeds(tmp_path, extra))
    assert (entry.license, entry.redistribute_text) == (licence, published)


def test_manifest_refuses_a_licence_that_is_no_id(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"\[license\].*'see the website'"):
        sources.load_manifest(_seeds(tmp_path, "    license: see the website\n"))


def test_text_policy_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_TEXT_POLICY", "withhold")
    assert Settings.from_env().text_policy == "withhold"
    monkeypatch.setenv("PIPELINE_TEXT_POLICY", "everything")
    with pytest.raises(ValueError, match="everything"):
        Settings.from_env()


def _published(out: Path, table: str) -> list[dict[str, str]]:
    header, body = read_csv_rows(out / "data" / f"{table}.csv")
    return [dict(zip(header, row, strict=True)) for row in body]


def test_withhold_policy_publishes_no_passage_text_but_keeps_quotes(tmp_path: Path) -> None:
    context = dataclasses.replace(make_context(), text_policy="withhold")
    do_publish(tmp_path / "pkg", context=context)
    passages = _published(tmp_path / "pkg", "passages")
    assert passages and all(p["text"] == "" and p["text_sha256"] for p in passages)
    assert all(s["redistribute_text"] == "false" for s in _published(tmp_path / "pkg", "sources"))
    quotes = [s["text"] for s in _published(tmp_path / "pkg", "statements")]
    assert "We will not compromise on security" in " ".join(quotes)


def test_licence_policy_withholds_only_the_unlicensed_source(tmp_path: Path) -> None:
    do_publish(tmp_path / "pkg")
    texts = {p["source_id"]: p["text"] for p in _published(tmp_path / "pkg", "passages")}
    assert texts["src-b"] == "" and texts["src-a"] and texts["src-a"] in TEXT_A


def test_withholding_a_text_does_not_repeat_it_in_the_changelog_or_delta(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    do_publish(out)
    do_publish(out, context=dataclasses.replace(make_context(), text_policy="withhold"))
    body = "NATO rejected the demand at the NATO-Russia Council"
    assert body in TEXT_A
    for name in ("CHANGELOG.md", "changes.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert "(source text, not repeated)" in text and body not in text, name
