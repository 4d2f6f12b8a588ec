import datetime as dt

import pandas as pd
import pandera.errors
import pytest

from pipeline.metadata.schema import load_tables, to_duckdb_columns, to_frictionless, to_pandera
from pipeline.tables.frames import to_frame

# The data contract (CONTRACT.md): resources and the columns outside checks rely on.
CONTRACT = {
    "sources": ["source_id", "path", "sha256", "title", "published", "language"],
    "passages": ["passage_id", "source_id", "kind", "language", "char_start", "char_end", "text"],
    "actors": ["actor_id", "name", "type", "wikidata_id"],
    "statements": ["statement_id", "source_id", "speaker_id", "mode", "text", "char_start",
                   "char_end"],
    "meetings": ["meeting_id", "source_id", "name", "location", "start_date", "char_start",
                 "char_end"],
    "meeting_participants": ["meeting_id", "actor_id"],
    "demands": ["demand_id", "source_id", "demander_id", "addressee_id", "demand", "status",
                "char_start", "char_end"],
}


def test_contract_columns_exist():
    tables = load_tables()
    for table, columns in CONTRACT.items():
        assert set(columns) <= set(tables[table].field_names), table


def test_contract_enums_hold_the_contract_values():
    tables = load_tables()
    assert {"title", "standfirst", "body", "caption"} <= set(
        tables["passages"].field("kind").constraints["enum"])
    assert {"person", "organization", "country", "other"} == set(
        tables["actors"].field("type").constraints["enum"])
    assert {"direct", "partial", "indirect"} == set(
        tables["statements"].field("mode").constraints["enum"])
    assert {"made", "rejected", "accepted"} <= set(
        tables["demands"].field("status").constraints["enum"])


def test_every_field_is_documented_and_typed():
    for spec in load_tables().values():
        schema = to_frictionless(spec)
        assert schema["primaryKey"], spec.name
        for field in schema["fields"]:
            assert field["description"].strip(), (spec.name, field["name"])
            assert field["type"] in {"string", "integer", "number", "boolean", "date"}


def test_foreign_keys_point_at_primary_keys():
    tables = load_tables()
    for spec in tables.values():
        for fk in spec.foreign_keys:
            target = tables[fk["reference"]["resource"]]
            assert list(fk["reference"]["fields"]) == list(target.primary_key)
            assert set(fk["fields"]) <= set(spec.field_names)


def test_duckdb_types_follow_the_schema():
    columns = to_duckdb_columns(load_tables()["meetings"])
    assert columns["start_date"] == "DATE"
    assert columns["char_start"] == "BIGINT"
    assert columns["confidence"] == "DOUBLE"


def _actors(**changes):
    spec = load_tables()["actors"]
    row = {"actor_id": "ac_0123456789ab", "name": "Ana Ruiz", "type": "person",
           "wikidata_id": None, "wikidata_verified": False, "aliases": None, "in_registry": False}
    return spec, to_frame(spec, [row | changes])


def test_pandera_accepts_a_good_row():
    spec, frame = _actors()
    to_pandera(spec).validate(frame, lazy=True)


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"type": "mayor"}, "isin"),
        ({"actor_id": "actor-1"}, "str_matches"),
        ({"wikidata_id": "7747"}, "str_matches"),
        ({"name": None}, "not_nullable"),
    ],
)
def test_pandera_rejects_broken_values(change, rule):
    spec, frame = _actors(**change)
    with pytest.raises(pandera.errors.SchemaErrors, match=rule):
        to_pandera(spec).validate(frame, lazy=True)


def test_pandera_rejects_duplicate_primary_keys():
    spec, frame = _actors()
    with pytest.raises(pandera.errors.SchemaErrors):
        to_pandera(spec).validate(pd.concat([frame, frame], ignore_index=True), lazy=True)


def test_dates_stay_dates():
    spec = load_tables()["sources"]
    frame = to_frame(spec, [{
        "source_id": "a", "path": "a.txt", "sha256": "0" * 64, "title": None, "publisher": None,
        "url": None, "published": dt.date(2022, 1, 13), "published_note": None, "language": "en",
        "license": None, "redistribute_text": True, "bom": False, "n_chars": 10}])
    to_pandera(spec).validate(frame, lazy=True)
    assert frame.loc[0, "published"] == dt.date(2022, 1, 13)
    broken = frame.assign(published="2022-01-13")
    with pytest.raises(pandera.errors.SchemaErrors):
        to_pandera(spec).validate(broken, lazy=True)
