"""The generated README.md datasheet and its data dictionary."""

from __future__ import annotations

from pathlib import Path

from pipeline.metadata.specs import load_tables
from pipeline.release import datasheet
from tests.factories import do_publish, make_context


def test_data_dictionary_lists_every_field_of_every_table() -> None:
    specs = list(load_tables().values())
    text = datasheet.data_dictionary(specs)
    for spec in specs:
        assert f"### `{spec.name}`" in text
        for field in spec.fields:
            assert f"| `{field.name}` | {field.type} |" in text
    assert "enum: `person, organization, country, group, other`" in text
    assert "Foreign key: `speaker_id` → `actors.actor_id`." in text


def test_readme_holds_counts_sources_licence_citation_and_queries(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    do_publish(out)
    text = (out / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Diplomatic talks in the news")
    assert "| `actors` | 3 |" in text and "| `passages` | 4 |" in text
    assert "| Talks in Geneva |  |  | withheld |" in text
    assert "| NATO rejects Russia's demands | Example News |  | included |" in text
    assert "CC-BY-4.0" in text
    assert "Diplomatic Talks Data Project (2024)." in text and "(version 1.0.0)" in text
    assert "Extraction quality: no figures for extractor version `" in text
    assert "redistribute_text = false" in text  # the rights rule is documented
    assert "DuckDB 1.0.0 and later open it" in text and "demands_readable" in text
    assert "## Data dictionary" in text and "\r" not in text


def part_figures(title: str, texts: int, f1: float, frozen_in: list[str] | None = None) -> dict:
    scores = {"precision": f1, "recall": f1, "f1": f1, "tp": 1, "pred": 1, "gold": 10}
    ratio = {"accuracy": 0.5, "right": 1, "total": 2}
    return {
        "title": title, "about": f"about {title}",
        **({"frozen_in": frozen_in} if frozen_in else {}), "texts": texts,
        "gold_records": {"statements": 10, "meetings": 10, "demands": 10, "responses": 10,
                         "actors": 7},
        **{k: scores for k in ("statements", "meetings", "demands", "responses")},
        "speaker_accuracy": {"strict": 0.25, "lenient": 0.75, "matched": 4, "strict_right": 1,
                             "lenient_right": 3},
        **{k: ratio for k in ("meeting_date_accuracy", "meeting_status_accuracy",
                              "demand_status_accuracy", "demand_addressee_accuracy")},
        "actor_typing": {**ratio, "gold_actors": 7, "groups_found": 0, "groups_typed_other": 0},
        "foreign_passage_records": 0,
    }


def test_readme_states_held_out_figures_first_with_their_size(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    quality = {"measured_on": "2026-11-30", "spacy_model": "m",
               "fixtures": part_figures("Fixtures", 11, 0.875),
               "dev": part_figures("Development", 28, 0.625),
               "heldout": part_figures("Held-out", 40, 0.375, ["475551c", "42b46cb"])}
    do_publish(out, context=make_context(quality=quality))
    text = (out / "README.md").read_text(encoding="utf-8")
    held, dev, fix = (text.index(f"### {t}") for t in ("Held-out", "Development", "Fixtures"))
    assert held < dev < fix
    assert "measured on 2026-11-30" in text
    assert ("40 texts with 40 gold records (10 statements, 10 meetings, 10 demands, "
            "10 responses) and 7 gold actors: about Held-out. Their gold was written and frozen "
            "in commits 475551c and 42b46cb before the extractor first ran on them.") in text
    assert "| statements (quotes and reported speech) | 0.375 | 0.375 | 0.375 | 10 |" in text
    assert "| speaker accuracy, strict / lenient (over 4 matched statements) | 0.250 / 0.750 |" \
        in text
    assert "not measured" not in text and "no figures" not in text


def test_readme_cites_from_citation_cff(tmp_path: Path) -> None:
    cff = tmp_path / "CITATION.cff"
    cff.write_text(Path(__file__).resolve().parent.parent.joinpath("CITATION.cff").read_text())
    cff.write_text(cff.read_text().replace("type: dataset\n", "type: dataset\ndoi: 10.5281/x.1\n"))
    out = tmp_path / "datapackage"
    do_publish(out, context=make_context(citation_path=cff))
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "(version 1.0.0). https://doi.org/10.5281/x.1" in text
