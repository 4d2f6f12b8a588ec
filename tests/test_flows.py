"""The build flow: incremental re-runs, corrections, progress, watching and the Dask runner."""

from __future__ import annotations

import datetime as dt
import filecmp
import io
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.config import Settings
from pipeline.errors import PipelineError
from pipeline.ids import actor_id, make_id
from pipeline.ingest import segment
from pipeline.models import Extraction
from pipeline.orchestration import (
    flows,
    incremental,
    keys,
    progress,
    provenance,
    runners,
    summary,
    watch,
)
from pipeline.orchestration.cache import PassageCache
from pipeline.orchestration.keys import extraction_key
from pipeline.release.context import PublishResult

ROOT = Path(__file__).resolve().parent.parent
NATO = actor_id("NATO")
TEXTS = {
    "talks-one": "Talks in Geneva\n\nNATO said it was ready for talks with Russia.\n",
    "talks-two": "Ministers meet\n\nThe ministers met in Brest on Thursday.\n",
    "talks-three": "No deal\n\nRussia rejected the demands, NATO said.\n",
}


class FakeExtract:
    """Stands in for pipeline.extract in the local-runner tests: one statement per passage."""

    def __init__(self, version: str = "fake-1") -> None:
        self.version, self.calls = version, []

    def load_nlp(self, model: str, registry_path: Path | None = None) -> SimpleNamespace:
        return SimpleNamespace(meta={"version": "0"})

    def load_registry(self, path: Path) -> None:
        return None

    def load_lexicon(self) -> None:
        return None

    def extractor_version(self, model: str, registry_path: Path) -> str:
        return self.version

    def extract_source(self, source, passages, nlp, registry, lexicon) -> Extraction:
        self.calls.append(source.source_id)
        actor = {"actor_id": NATO, "name": "NATO", "type": "organization", "wikidata_id": None,
                 "wikidata_verified": False, "aliases": None, "in_registry": True}
        statements = [
            {"statement_id": make_id("st", p.passage_id), "source_id": source.source_id,
             "passage_id": p.passage_id, "speaker_id": NATO, "mode": "indirect", "cue": "say",
             "text": p.text, "char_start": p.char_start, "char_end": p.char_end,
             "sentence_start": p.char_start, "sentence_end": p.char_end, "confidence": 0.5}
            for p in passages if p.kind == "body"
        ]
        return Extraction(source.source_id, {"actors": [actor], "statements": statements})

    def extract_sources(self, items, nlp, registry, lexicon):
        return (self.extract_source(s, ps, nlp, registry, lexicon) for s, ps in items)


def write_seeds(folder: Path, texts: dict[str, str], corrections: str = "corrections: []\n"):
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["sources:"]
    for n, (sid, text) in enumerate(sorted(texts.items())):
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        day = dt.date(2022, 1, 10 + n).isoformat()
        lines += [f"  - id: {sid}", f"    file: {sid}.txt", f"    title: {sid}",
                  f"    published: {day}", "    language: en"]
    (folder / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "corrections.yaml").write_text(corrections, encoding="utf-8")
    return folder


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    values = {"seeds_dir": tmp_path / "seeds", "out_dir": tmp_path / "out",
              "cache_dir": tmp_path / "cache", "quality_path": tmp_path / "quality.json",
              **overrides}
    return Settings(**values)  # type: ignore[arg-type]


def same_package(a: Path, b: Path) -> list[str]:
    """Files that differ between two packages' data and descriptors."""
    names = ["datapackage.json"] + [f"data/{p.name}" for p in sorted((a / "data").glob("*.csv"))]
    return [n for n in names if not filecmp.cmp(a / n, b / n, shallow=False)]


@pytest.fixture
def fake(monkeypatch) -> FakeExtract:
    """FakeExtract in place of pipeline.extract. The real extractor version hashes files that
    the whole-build check (keys.build_inputs_key) hashes too; the fake's version is added to
    that key so that changing it is seen by both, as a changed file would be. A fake's version
    has no figures in the quality file."""
    from pipeline import extract

    fake = FakeExtract()
    for name in ("load_nlp", "load_registry", "load_lexicon", "extractor_version",
                 "extract_sources"):
        monkeypatch.setattr(extract, name, getattr(fake, name))
    monkeypatch.setattr(provenance, "model_version", lambda model: "0")
    monkeypatch.setattr(provenance, "measure_quality", lambda settings, version: None)  # none
    real_key = keys.build_inputs_key
    monkeypatch.setattr(keys, "build_inputs_key", lambda s: real_key(s) + fake.version)
    return fake


def test_no_default_path_of_a_build_points_at_tests_or_gold():
    """Evaluation is a tool: a build reads the figures it saved, never its gold or tests/."""
    settings = Settings()
    assert settings.quality_path == ROOT / "evaluation" / "quality.json"
    for path in [v for v in vars(settings).values() if isinstance(v, Path)]:
        assert not path.resolve().is_relative_to(ROOT / "tests"), path
        assert "gold" not in path.parts and "real" not in path.parts, path


def test_quality_is_read_from_the_quality_file_by_extractor_version(tmp_path):
    path = tmp_path / "quality.json"
    path.write_text('{"v1": {"measured_on": "2026-01-01"}}', encoding="utf-8")
    settings = settings_for(tmp_path, quality_path=path)
    assert provenance.measure_quality(settings, "v1") == {"measured_on": "2026-01-01"}
    assert provenance.measure_quality(settings, "v2") is None  # this extractor was never measured


def test_second_run_skips_every_source_and_publishes_nothing(
    prefect_harness, tmp_path, fake, capsys
):
    write_seeds(tmp_path / "seeds", TEXTS)
    first = flows.build(settings_for(tmp_path))
    assert first.published and sorted(fake.calls) == sorted(TEXTS)
    assert first.processed == sorted(TEXTS) and first.skipped == [] and not first.unchanged
    fake.calls.clear()
    capsys.readouterr()
    second = flows.build(settings_for(tmp_path))
    assert fake.calls == [] and not second.published and second.version == first.version
    assert second.skipped == sorted(TEXTS) and second.processed == []
    assert second.unchanged and list(second.stages) == ["check"]
    assert second.counts == first.counts
    out = "\n".join(summary.summary(second))  # what the command line prints after the build
    assert "build: 3 source(s): 0 extracted, 3 cached" in out
    assert "unchanged since the last build" in out
    assert f"  statements{first.counts['statements']:>20} rows" in out


def test_only_changed_sources_are_extracted_again(prefect_harness, tmp_path, fake, capsys):
    write_seeds(tmp_path / "seeds", TEXTS)
    flows.build(settings_for(tmp_path))
    fake.calls.clear()
    edited = {**TEXTS, "talks-two": TEXTS["talks-two"].replace("Brest", "Paris")}
    write_seeds(tmp_path / "seeds", edited)
    result = flows.build(settings_for(tmp_path))
    assert fake.calls == ["talks-two"] and result.published and not result.unchanged
    assert result.processed == ["talks-two"]
    assert "talks-one: skipped (cached), 2 records" in capsys.readouterr().out


def test_a_touched_package_or_a_new_corrections_file_means_a_full_build(
    prefect_harness, tmp_path, fake
):
    """The whole-build check trusts nothing it did not see: a file of the package touched
    since, or an edited corrections file kept outside the seeds folder, makes the build run
    (and publish nothing when the records are the same)."""
    import os

    write_seeds(tmp_path / "seeds", TEXTS)
    elsewhere = tmp_path / "corrections.yaml"
    elsewhere.write_text("corrections: []\n", encoding="utf-8")
    settings = settings_for(tmp_path, corrections_path=elsewhere)
    first = flows.build(settings)
    assert flows.build(settings).unchanged
    csv = tmp_path / "out" / "data" / "statements.csv"
    stat = csv.stat()
    os.utime(csv, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    touched = flows.build(settings)
    assert not touched.unchanged and not touched.published and touched.stages["publish"] >= 0
    assert flows.build(settings).unchanged
    stale = ("corrections:\n"
             "  - {action: drop, table: statements, id: st_ffffffffffff, reason: old}\n")
    elsewhere.write_text(stale, encoding="utf-8")
    corrected = flows.build(settings)
    assert not corrected.unchanged and corrected.version == first.version
    again = flows.build(settings)
    assert again.unchanged and again.warnings == corrected.warnings != []
    assert "correction entry 1 (drop) matches nothing" in "\n".join(summary.summary(again))


def test_a_new_extractor_version_extracts_everything(prefect_harness, tmp_path, fake):
    write_seeds(tmp_path / "seeds", TEXTS)
    flows.build(settings_for(tmp_path))
    fake.calls.clear()
    fake.version = "fake-2"
    flows.build(settings_for(tmp_path))
    assert sorted(fake.calls) == sorted(TEXTS)


def test_cached_build_equals_a_fresh_build(prefect_harness, tmp_path, fake):
    write_seeds(tmp_path / "seeds", TEXTS)
    flows.build(settings_for(tmp_path, out_dir=tmp_path / "warm-up"))
    cached = flows.build(settings_for(tmp_path, out_dir=tmp_path / "cached"))
    fresh = flows.build(settings_for(tmp_path, out_dir=tmp_path / "fresh", use_cache=False))
    assert cached.skipped == sorted(TEXTS) and fresh.processed == sorted(TEXTS)
    assert same_package(tmp_path / "cached", tmp_path / "fresh") == []


def test_corrections_are_applied_reported_and_logged(prefect_harness, tmp_path, fake):
    sid = "talks-three"
    statement = make_id("st", next(
        p.passage_id for p in segment.split(_source(tmp_path, sid)) if p.kind == "body"))
    corrections = ("corrections:\n"
                   f"  - {{action: drop, table: statements, id: {statement}, reason: not said}}\n"
                   "  - {action: drop, table: statements, id: st_ffffffffffff, reason: stale}\n")
    write_seeds(tmp_path / "seeds", TEXTS, corrections)
    result = flows.build(settings_for(tmp_path))
    assert [a["reason"] for a in result.applied] == ["not said"]
    assert [c.reason for c in result.unmatched] == ["stale"]
    assert result.counts["statements"] == 2
    assert "warning: correction entry 2 (drop) matches nothing" in "\n".join(
        summary.summary(result))
    assert "not said" in (tmp_path / "out" / "CHANGELOG.md").read_text(encoding="utf-8")
    again = flows.build(settings_for(tmp_path))  # nothing changed: the release still applies it
    assert again.unchanged and again.applied == result.applied
    assert (f"  correction entry 1 (drop): statements statement_id={statement}: not said"
            in summary.summary(again))


def _source(tmp_path: Path, sid: str):
    from pipeline.ingest import sources

    seeds = write_seeds(tmp_path / "seeds", TEXTS)
    entry = next(e for e in sources.load_manifest(seeds) if e.source_id == sid)
    return sources.ingest(entry, seeds)


def test_the_summary_prints_its_warnings_even_without_progress(tmp_path, capsys):
    """The command line prints the summary after the build: every line with progress on, and
    the warnings (corrections gone stale) always, as verify's quiet rebuild shows them."""
    result = summary.BuildResult(
        PublishResult("1.0.0", False, "none", tmp_path, {"statements": 2}, None),
        skipped=["talks-one"], warnings=["warning: correction entry 1 (drop) matches nothing"])
    summary.print_summary(result, settings_for(tmp_path))
    printed = capsys.readouterr().out.splitlines()
    assert printed == summary.summary(result) and printed[0].startswith("build: 1 source(s)")
    summary.print_summary(result, settings_for(tmp_path, progress=False))
    assert capsys.readouterr().out.splitlines() == result.warnings


def test_build_if_changed_builds_once_per_change(prefect_harness, tmp_path, fake, capsys):
    seeds = write_seeds(tmp_path / "seeds", TEXTS)
    settings = settings_for(tmp_path)
    args = {"seeds_dir": str(seeds), "out_dir": str(tmp_path / "out"), "runner": "local"}
    import os

    os.environ["PIPELINE_CACHE_DIR"] = str(settings.cache_dir)
    try:
        assert watch.build_if_changed(**args).startswith("published 1.0.0 (initial) in ")
        assert watch.build_if_changed(**args).startswith("seeds unchanged in ")
        (seeds / "corrections.yaml").write_text("corrections: []\n# touched\n", encoding="utf-8")
        assert watch.build_if_changed(**args).startswith("no change: 1.0.0 stays the latest")
        out = capsys.readouterr().out
        logged = [line for line in out.splitlines() if "on-seeds-change" in line]
        assert [line.split(" ", 3)[3][:17] for line in logged] == [
            "published 1.0.0 (", "seeds unchanged i", "no change: 1.0.0 "]
    finally:
        del os.environ["PIPELINE_CACHE_DIR"]


def test_fingerprint_changes_with_any_seed_file(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", TEXTS)
    settings = settings_for(tmp_path)
    before = keys.seeds_fingerprint(settings)
    assert keys.seeds_fingerprint(settings) == before
    (seeds / "talks-one.txt").write_text("Changed\n\nNATO said so.\n", encoding="utf-8")
    assert keys.seeds_fingerprint(settings) != before


def test_serve_builds_a_polling_and_an_interval_deployment(tmp_path):
    served, options = [], {}
    watch.serve(settings_for(tmp_path), interval=3600, poll=5,
                serve_fn=lambda *d, **kw: (served.extend(d), options.update(kw)))
    assert options == {"limit": 1}
    assert [d.name for d in served] == ["on-seeds-change", "every-interval"]
    assert [d.schedules[0].schedule.interval.total_seconds() for d in served] == [5, 3600]
    assert served[0].parameters["seeds_dir"] == str(tmp_path / "seeds")


def test_runner_names():
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    assert isinstance(runners.make_task_runner("local"), ThreadPoolTaskRunner)
    assert isinstance(runners.make_task_runner("dask"), DaskTaskRunner)
    assert runners.make_task_runner("dask=tcp://127.0.0.1:8786").address == "tcp://127.0.0.1:8786"
    with pytest.raises(PipelineError, match=r"\[runner\]"):
        runners.make_task_runner("ray")


@pytest.mark.slow
def test_dask_runner_builds_the_same_package(prefect_harness, tmp_path, monkeypatch):
    """The real extractor on a 2-worker LocalCluster gives byte-identical files. The version
    string is computed once, so the two builds compare runners even while the extractor's
    files are being edited."""
    from pipeline import extract

    version = extract.extractor_version(Settings().spacy_model)
    monkeypatch.setattr(extract, "extractor_version", lambda model, path: version)
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    write_seeds(seeds, TEXTS, (ROOT / "seeds" / "corrections.yaml").read_text("utf-8"))
    (seeds / "sources.yaml").write_text(
        (seeds / "sources.yaml").read_text("utf-8")
        + (ROOT / "seeds" / "sources.yaml").read_text("utf-8").split("sources:\n", 1)[1],
        encoding="utf-8")
    local = flows.build(settings_for(tmp_path, out_dir=tmp_path / "local", use_cache=False))
    dask = flows.build(settings_for(tmp_path, out_dir=tmp_path / "dask", use_cache=False,
                                    runner="dask", dask_workers=2, batch_size=1))
    assert local.published and dask.published and dask.counts == local.counts
    assert len(dask.processed) == 4
    assert same_package(tmp_path / "local", tmp_path / "dask") == []


def test_validation_is_skipped_for_tables_that_passed(tmp_path, monkeypatch):
    import pandas as pd

    from pipeline.check import tables

    calls = []
    monkeypatch.setattr(tables, "check_tables", lambda frames, srcs: calls.append(1))
    settings = settings_for(tmp_path)
    frames = {"t": pd.DataFrame({"a": [1, 2]})}
    incremental.validate_once(frames, [], settings)
    incremental.validate_once(frames, [], settings)
    assert calls == [1]
    incremental.validate_once({"t": pd.DataFrame({"a": [1, 3]})}, [], settings)
    assert calls == [1, 1]


def test_an_extraction_missing_from_the_cache_stops_the_build_with_its_path(tmp_path):
    """The build reads extractions back from the cache; a vanished entry is an error naming it,
    never a package silently missing that source's rows."""
    settings = settings_for(tmp_path)
    with pytest.raises(PipelineError) as err:
        list(incremental.read_extractions(["ab" + "0" * 62], settings))
    assert "extraction cache" in str(err.value) and "ab" + "0" * 62 in str(err.value)


def test_passages_are_read_back_from_the_cache_not_held(tmp_path, seed_sources):
    """segment_all keeps each source's passage cache key and extraction key, not its passages;
    a lookup reads them back equal to a fresh split, and a vanished cache file is an error
    naming the file and the source."""
    settings = settings_for(tmp_path, use_cache=False)
    source = seed_sources[0]
    stored = incremental.segment_all([source], settings, "v1")
    assert not any(isinstance(v, list) for v in vars(stored).values())
    assert stored[source.source_id] == segment.split(source)
    assert stored.extraction_keys[source.source_id] == extraction_key(
        source, segment.split(source), "v1")
    path = PassageCache(settings.cache_dir).path(stored.keys[source.source_id])
    path.unlink()
    with pytest.raises(PipelineError) as err:
        stored[source.source_id]
    assert "passage cache" in str(err.value) and str(path) in str(err.value)
    assert source.source_id in str(err.value)


def test_the_summary_counts_prefect_start_up_in_the_wall_time(tmp_path):
    import time

    started = time.perf_counter() - 10.0
    result = summary.BuildResult(
        PublishResult("1.0.0", False, "none", tmp_path, {"statements": 2}, None),
        seconds=2.0, stages={"check": 0.5}, began=started + 8.0)
    (line,) = [x for x in summary.summary(result, started) if x.startswith("  time:")]
    assert line.startswith("  time: 10.") and "of which 8.0 s starting Prefect" in line


def test_the_outcome_says_what_was_published(tmp_path):
    from pipeline.release.versions import Diff, TableDiff

    diff = Diff({"actors": TableDiff("actors", added=["ac_1", "ac_2"], removed=["ac_3"])}, [], [],
                [])
    published = summary.BuildResult(
        PublishResult("1.1.0", True, "minor", tmp_path, {"actors": 3}, diff))
    assert summary.outcome(published) == (
        f"published 1.1.0 (minor) in {tmp_path}: 2 records added, 1 removed, 0 changed")
    kept = summary.BuildResult(PublishResult("1.1.0", False, "none", tmp_path, {}, None))
    assert summary.outcome(kept) == f"no change: 1.1.0 stays the latest release in {tmp_path}"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere(tmp_path, monkeypatch, capsys):
    settings = settings_for(tmp_path)
    progress.source_done(1, 4, "[1/4] a: processed, 2 records", settings)
    progress.stage_done("extract", 1.25, settings)
    assert capsys.readouterr().out == ("[1/4] a: processed, 2 records\n"
                                       "stage extract: done in 1.2 s\n")
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    progress.source_done(1, 4, "[1/4] a: processed, 2 records", settings)
    progress.stage_done("extract", 1.25, settings)
    drawn = screen.getvalue().split(progress.CLEAR)
    assert drawn[1] == f"  extract     [{'=' * 6}>{' ' * 17}] 1/4 sources"
    assert drawn[2] == f"  extract     [{'=' * 24}] 1.2 s\n"
    progress.stage_done("tables", 0.5, settings_for(tmp_path, progress=False))
    assert screen.getvalue().count("\n") == 1
