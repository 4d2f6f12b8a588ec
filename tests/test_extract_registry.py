"""The actor registry: the default one ships with the pipeline; a seeds folder's optional
actors.yaml adds to it; a malformed entry is refused naming file, entry and rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import extract
from pipeline.config import DEFAULT_MODEL, Settings
from pipeline.errors import SourceError
from pipeline.extract.registry import DEFAULT_REGISTRY, load_registry
from pipeline.ingest import segment
from tests.factories import make_source

EXTRA = """\
actors:
  - name: League of Coastal Towns
    type: organization
    aliases: [Coastal League]
  - name: NATO
    type: organization
    aliases: [the Treaty Organisation]
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_registry_ships_with_the_pipeline():
    registry = load_registry()
    assert DEFAULT_REGISTRY.parent.name == "lexicons"
    assert registry.find("Moscow").name == "Russia"
    assert registry.demonym("Ukrainian").name == "Ukraine"
    assert load_registry(Path("/nonexistent/actors.yaml")).actors == registry.actors


def test_every_country_of_the_registry_and_gazetteer_has_one_iso_code():
    lexicon = extract.load_lexicon()
    registry = load_registry()
    countries = [a.name for a in registry.actors.values() if a.type == "country"]
    assert [c for c in countries if lexicon.country_code(c) is None] == []
    codes = [lexicon.country_code(c) for c in lexicon.countries]
    known = [c for c in codes if c is not None]
    assert len(known) == len(set(known)) and all(len(c) == 3 and c.isupper() for c in known)
    assert codes.count(None) <= 1  # a state ISO assigns no code
    assert (lexicon.country_code("Russian Federation"), lexicon.country_code("Lima")) == (
        "RUS", None)


def test_the_registry_knows_intergovernmental_bodies_by_their_acronyms():
    registry = load_registry()
    assert registry.find("AU").name == "African Union"
    assert registry.find("U.N. Security Council").part_of == "United Nations"


def test_a_seeds_registry_adds_actors_and_replaces_an_entry_of_the_same_name(tmp_path):
    registry = load_registry(write(tmp_path, EXTRA))
    default = load_registry()
    assert set(registry.actors) == set(default.actors) | {"League of Coastal Towns"}
    assert registry.find("Coastal League").name == "League of Coastal Towns"
    assert registry.actors["NATO"].aliases == ("the Treaty Organisation",)
    assert registry.find("Atlantic Alliance") is None  # the default's aliases went with it
    assert list(registry.actors)[: len(default.actors)] == list(default.actors)


def test_a_seeds_registry_entry_is_an_actor_of_the_extraction(tmp_path):
    path = write(tmp_path, EXTRA)
    source = make_source("Harbour talks\n\nThe Coastal League said it would meet the mayor.\n")
    nlp = extract.load_nlp(DEFAULT_MODEL, path)
    ex = extract.extract_source(source, segment.split(source), nlp, load_registry(path),
                                extract.load_lexicon())
    actor = next(a for a in ex.tables["actors"] if a["name"] == "League of Coastal Towns")
    assert actor["in_registry"] is True and actor["type"] == "organization"
    assert [m["method"] for m in ex.tables["actor_mentions"] if m["text"] == "Coastal League"] == [
        "alias"
    ]


def test_the_extractor_version_hashes_the_seeds_registry_when_present(tmp_path):
    path = tmp_path / "actors.yaml"
    without = extract.extractor_version(DEFAULT_MODEL, path)
    assert extract.extractor_version(DEFAULT_MODEL) == without
    write(tmp_path, EXTRA)
    added = extract.extractor_version(DEFAULT_MODEL, path)
    write(tmp_path, EXTRA.replace("Coastal League", "Coast League"))
    assert len({without, added, extract.extractor_version(DEFAULT_MODEL, path)}) == 3


@pytest.mark.parametrize(
    ("text", "record", "rule"),
    [
        ("actors:\n  - name: X\n    type: planet\n", "entry 1 (name 'X')", "registry-type"),
        ("actors:\n  - {type: country}\n", "entry 1", "registry-name"),
        ("actors:\n  - X\n", "entry 1", "registry-entry"),
        ("actors:\n  - {name: X, type: person, alias: [Y]}\n", "entry 1 (name 'X')",
         "registry-unknown-key"),
        ("actors:\n  - {name: X, type: person, aliases: Y}\n", "entry 1 (name 'X')",
         "registry-aliases"),
        ("actors:\n  - name: X\n    type: person\n    titles: [{title: envoy, from: soon}]\n",
         "entry 1 (name 'X')", "registry-date"),
        ("actors:\n  - {name: X, type: person}\n  - {name: X, type: country}\n",
         "entry 2 (name 'X')", "registry-duplicate"),
        ("actors: {name: X}\n", None, "registry-shape"),
        ("x: &a [1]\nactors: [*a]\n", None, "registry-alias"),
    ],
)
def test_a_malformed_registry_is_refused_naming_file_entry_and_rule(tmp_path, text, record, rule):
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_registry(path)
    assert (caught.value.file, caught.value.record, caught.value.rule) == (str(path), record, rule)


def test_a_folder_of_only_a_text_and_its_manifest_builds(prefect_harness, tmp_path):
    from pipeline.orchestration.flows import build

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "talks.txt").write_text(
        "Envoys meet\n\nNATO envoys met Russian diplomats in Geneva on Monday.\n",
        encoding="utf-8",
    )
    (seeds / "sources.yaml").write_text(
        "sources:\n  - {id: talks, file: talks.txt, published: 2022-01-13}\n", encoding="utf-8"
    )
    result = build(Settings(seeds_dir=seeds, out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                            quality_path=tmp_path / "quality.json"))
    assert result.published
    actors = pd.read_csv(tmp_path / "out" / "data" / "actors.csv")
    assert {"NATO", "Russia"} <= set(actors.loc[actors["in_registry"], "name"])
