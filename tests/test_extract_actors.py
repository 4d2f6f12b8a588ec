"""Actors and actor mentions: registry, NER, acronyms, surnames, titles, pronouns."""

from __future__ import annotations

import re

import pytest

from pipeline.ids import actor_id
from tests.factories import response_tuples

pytest_plugins = ["tests.conftest_extract"]

HEAD = "Report\n\n"


@pytest.fixture
def mentions(names):
    def find(ex, text):
        return [
            (m["method"], names(ex)[m["actor_id"]])
            for m in ex.tables["actor_mentions"]
            if m["text"] == text
        ]

    return find


def test_rows_have_exactly_the_schema_columns(extract, fields):
    ex = extract(HEAD + 'Moscow said the talks failed. "We tried," Ivan Petrov said.')
    for table in ("actors", "actor_mentions"):
        assert ex.tables[table]
        assert all(list(row) == fields(table) for row in ex.tables[table])


def test_metonym_links_capital_to_country(extract, mentions):
    ex = extract(HEAD + "Moscow said the talks had failed.")
    assert mentions(ex, "Moscow") == [("alias", "Russia")]


def test_the_alliance_is_nato(extract, mentions):
    ex = extract(HEAD + "Moscow called the Alliance a threat to peace.")
    assert mentions(ex, "Alliance") == [("alias", "NATO")]


def test_acronym_in_parentheses_joins_its_full_name(extract):
    text = HEAD + (
        "The League of Coastal Towns (LCT) met in Arlo. Later the LCT said it was ready to talk."
    )
    ex = extract(text)
    actor = next(a for a in ex.tables["actors"] if a["name"] == "League of Coastal Towns")
    assert actor["aliases"] == "LCT"
    assert {m["method"] for m in ex.tables["actor_mentions"] if m["text"] == "LCT"} == {"acronym"}


def test_surname_links_to_the_full_name(extract, mentions, names):
    ex = extract(HEAD + "Foreign Minister Lena Ober arrived in Arlo. Ober said little.")
    assert mentions(ex, "Ober") == [("surname", "Lena Ober")]
    assert [a["name"] for a in ex.tables["actors"] if a["type"] == "person"] == ["Lena Ober"]


def test_unknown_people_are_kept_without_registry(extract):
    ex = extract(HEAD + "Foreign Minister Lena Ober said the talks had failed.")
    actor = next(a for a in ex.tables["actors"] if a["name"] == "Lena Ober")
    assert actor == {
        "actor_id": actor_id("Lena Ober"),
        "name": "Lena Ober",
        "type": "person",
        "wikidata_id": None,
        "wikidata_verified": False,
        "aliases": None,
        "in_registry": False,
        "iso3166_alpha3": None,
    }


def test_countries_carry_their_iso_code(extract):
    ex = extract(HEAD + "Peru and the Russian Federation signed a deal. Lima welcomed it.")
    codes = {a["name"]: a["iso3166_alpha3"] for a in ex.tables["actors"]}
    assert codes["Peru"] == "PER"
    assert codes["Russia"] == "RUS"


def test_registry_actor_carries_its_verified_wikidata_id(extract):
    ex = extract(HEAD + "Vladimir Putin said the talks had failed.")
    actor = next(a for a in ex.tables["actors"] if a["name"] == "Vladimir Putin")
    assert (actor["wikidata_id"], actor["wikidata_verified"], actor["in_registry"]) == (
        "Q7747",
        True,
        True,
    )


def test_a_ship_named_after_a_person_is_not_a_person(extract, names):
    ex = extract(HEAD + "The president sailed aboard the cruiser Admiral Brekov in the bay.")
    assert "Admiral Brekov" not in names(ex).values()
    assert "Brekov" not in names(ex).values()


def test_photo_credits_are_not_actors(extract, seed, names):
    ex = extract(seed.text, seed.published)
    found = set(names(ex).values())
    assert not found & {"KREMLIN", "Kremlin", "JOHANNA GERON", "Johanna Geron", "AFP"}


def test_nothing_is_taken_from_spanish_captions(extract, seed, names):
    ex = extract(seed.text, seed.published)
    spanish = [(m.start(), m.end()) for m in re.finditer(r"El presidente[^\n]*", seed.text)]
    assert spanish
    for row in ex.tables["actor_mentions"]:
        assert not any(s <= row["char_start"] < e for s, e in spanish), row


def test_no_actor_is_listed_twice(extract, seed, names):
    ex = extract(seed.text, seed.published)
    ids = [a["actor_id"] for a in ex.tables["actors"]]
    assert len(ids) == len(set(ids))


def test_pronoun_mention_links_to_the_last_speaker(extract, mentions):
    ex = extract(HEAD + "Foreign Minister Lena Ober arrived in Arlo. She said little.")
    assert mentions(ex, "She") == [("pronoun", "Lena Ober")]


def test_title_picks_the_right_one_of_two_ministers_named_together(extract, mentions):
    text = HEAD + (
        "Deputy Interior and Justice Ministers Karl Henning and Jonas Falk arrived. "
        "The deputy justice minister said the talks were useful."
    )
    ex = extract(text)
    assert mentions(ex, "The deputy justice minister") == [("title", "Jonas Falk")]


def test_a_city_after_in_is_a_place_not_an_actor(extract, names):
    ex = extract(HEAD + "Envoys from Ostmark and Harlan met in Tarsk on Monday.")
    assert "Tarsk" not in names(ex).values()


def test_mention_spans_are_source_slices(extract, seed, names):
    ex = extract(seed.text, seed.published)
    for row in ex.tables["actor_mentions"]:
        assert seed.text[row["char_start"] : row["char_end"]] == row["text"]


def test_short_name_of_a_republic_is_the_same_country(extract, mentions):
    ex = extract(HEAD + "The Republic of Lusk signed the deal. Lusk said it was pleased.")
    assert mentions(ex, "Lusk") == [("alias", "Republic of Lusk")]


def test_demonym_of_a_country_named_in_the_text_gives_the_affiliation(extract, speaker):
    text = HEAD + "Veridia sent envoys. The Veridian delegation said the talks were useful."
    ex = extract(text)
    assert speaker(ex, "the talks were useful") == "Veridia"


def test_capital_as_agent_stands_for_its_country(extract, names):
    ex = extract(HEAD + "Minsk rejected the accusations. Talks in Warsaw ended on Monday.")
    actors = {a["name"]: a["type"] for a in ex.tables["actors"]}
    assert actors.get("Belarus") == "country"
    assert "Minsk" not in actors and "Warsaw" not in actors and "Poland" not in actors
    assert ex.tables["meetings"][0]["location"] == "Warsaw"


def test_portfolio_words_are_titles_not_organisations(extract):
    ex = extract(HEAD + "China's Commerce Minister Wang Wentao said the talks were useful.")
    assert "Commerce" not in {a["name"] for a in ex.tables["actors"]}


def test_the_rebels_are_the_rebel_group_named_before(extract, names):
    ex = extract(
        HEAD + "Talks with the rebel Popular Liberation Front (FPL) resumed. Kinshasa gave the "
        "FPL an ultimatum to disarm within 72 hours. The rebels rejected the ultimatum."
    )
    assert response_tuples(ex) == [
        ("Popular Liberation Front", "rejected", "Democratic Republic of the Congo")
    ]
