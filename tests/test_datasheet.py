"""The generated README.md datasheet and its data dictionary."""

from __future__ import annotations

from pathlib import Path

from pipeline import datasheet
from pipeline.schema import load_tables
from tests.test_publish import do_publish, make_context


def test_data_dictionary_lists_every_field_of_every_table() -> None:
    specs = list(load_tables().values())
    text = datasheet.data_dictionary(specs)
    for spec in specs:
        assert f"### `{spec.name}`" in text
        for field in spec.fields:
            assert f"| `{field.name}` | {field.type} |" in text
    assert "enum: `person, organization, country, other`" in text
    assert "Foreign key: `speaker_id` → `actors.actor_id`." in text


def test_readme_holds_counts_sources_licence_citation_and_queries(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    text = (out / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Diplomatic talks in the news")
    assert "| `actors` | 3 |" in text and "| `passages` | 4 |" in text
    assert "| Talks in Geneva |  |  | b.txt | withheld |" in text
    assert "| NATO rejects Russia's demands | Example News |  | a.txt | included |" in text
    assert "CC-BY-4.0" in text
    assert "Diplomatic Talks Data Project (2022)." in text and "(version 1.0.0)" in text
    assert "Extraction quality: not measured in this build." in text
    assert "redistribute_text = false" in text  # the rights rule is documented
    assert "DuckDB 1.0.0 and later open it" in text and "demands_readable" in text
    assert "## Data dictionary" in text and "\r" not in text


def test_readme_shows_quality_figures_when_given(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    quality = {"statements": {"precision": 0.875, "recall": 0.7}, "gold_documents": 5}
    do_publish(out, context=make_context(quality=quality))
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "| statements.precision | 0.875 |" in text and "| gold_documents | 5 |" in text
    assert "not measured" not in text


def test_readme_cites_from_citation_cff(tmp_path: Path) -> None:
    cff = tmp_path / "CITATION.cff"
    cff.write_text(Path(__file__).resolve().parent.parent.joinpath("CITATION.cff").read_text())
    cff.write_text(cff.read_text().replace("type: dataset\n", "type: dataset\ndoi: 10.5281/x.1\n"))
    out = tmp_path / "datapackage"
    do_publish(out, context=make_context(citation_path=cff))
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "(version 1.0.0). https://doi.org/10.5281/x.1" in text
