import datetime as dt

import pandas as pd
import pandera.errors
import pytest
import yaml

from pipeline.metadata import types
from pipeline.metadata.enums import EXTRACTED_TABLES, ActorType, DemandStatus, MeetingStatus, Table
from pipeline.metadata.generate import ENUMS_FILE, render_enums
from pipeline.metadata.schema import to_duckdb_columns, to_frictionless, to_pandera
from pipeline.metadata.specs import SCHEMAS_DIR as SCHEMAS
from pipeline.metadata.specs import field_pattern, load_tables, load_views
from pipeline.tables.frames import to_frame

# The data contract, kept outside the repository with the project's shared documents: the
# resources and the columns that users' scripts and outside checks rely on, written out here so
# that the test reads nothing but the repository.
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
    assert {"person", "organization", "country", "group", "other"} <= set(
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


def test_a_one_field_key_is_unique_without_saying_so_in_fields_yaml():
    """fields.yaml never writes `unique`; the field that is a table's whole primary key gets it,
    after `required`, in every form (sources' key is published without it, as in 1.x)."""
    fields = yaml.safe_load((SCHEMAS / "fields.yaml").read_text(encoding="utf-8"))
    assert not [name for name, spec in fields.items()
                if "unique" in (spec.get("constraints") or {})]
    for spec in load_tables().values():
        key = spec.primary_key[0] if len(spec.primary_key) == 1 else None
        for field in spec.fields:
            expected = field.name == key and spec.name != "sources"
            assert field.unique is expected, (spec.name, field.name)
            pandera_column = to_pandera(spec).columns[field.name]
            assert pandera_column.unique is expected, (spec.name, field.name)
            if expected:
                assert list(field.constraints)[:2] == ["required", "unique"]
    passages = to_frictionless(load_tables()["passages"])["fields"][0]
    assert passages["constraints"] == {"required": True, "unique": True,
                                       "pattern": "^pa_[0-9a-f]{12}$"}


def test_every_type_map_covers_every_type():
    for form in (types.PYTHON, types.WORDS, types.PANDAS, types.PANDERA, types.ARROW,
                 types.DUCKDB):
        assert tuple(form) == types.TYPES
    assert {f.type for spec in load_tables().values() for f in spec.fields} <= set(types.TYPES)


def test_views_describe_their_columns_once():
    """A view's column described as a table's column reads that column's description."""
    views = load_views()
    assert list(views) == ["demands_readable", "quotes_readable"]
    demands = load_tables()["demands"]
    assert views["demands_readable"].columns["demand_id"] == demands.field("demand_id").description
    assert views["demands_readable"].columns["demand"] == demands.field("demand").description
    assert views["demands_readable"].tables == {"demands", "actors", "demand_responses",
                                                "sources"}


def test_manifest_ids_and_languages_follow_the_column_patterns():
    assert field_pattern("sources", "source_id") == "^[a-z0-9][a-z0-9-]*$"
    assert field_pattern("sources", "language") == "^[a-z]{2}$"


def test_enum_constants_are_generated_from_the_schemas():
    """metadata/enums.py is what `python -m pipeline.metadata.generate` writes from schemas/."""
    assert ENUMS_FILE.read_text(encoding="utf-8") == render_enums()
    tables = load_tables()
    assert list(Table) == list(tables)
    assert set(EXTRACTED_TABLES) == set(tables) - {"sources", "passages", "cameo_codes"}

    def enum(table: str, field: str) -> list[str]:
        return tables[table].field(field).constraints["enum"]

    assert ActorType.PERSON == "person" and list(ActorType) == enum("actors", "type")
    assert [m.value for m in MeetingStatus] == enum("meetings", "status")
    assert [m.value for m in DemandStatus] == enum("demands", "status")
