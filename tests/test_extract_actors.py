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
        "part_of_id": None,
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


def _types(ex) -> dict[str, str]:
    return {a["name"]: a["type"] for a in ex.tables["actors"]}


def test_a_city_the_ner_calls_a_country_is_no_actor(extract):
    ex = extract(HEAD + "Mombasa said the talks failed. Officials from Geneva said they would "
                 "host them.")
    assert {"Mombasa", "Geneva"}.isdisjoint(_types(ex))


def test_a_city_is_no_country(extract):
    ex = extract(HEAD + "Aid reached thousands trapped in the city of Aleppo, Karl Brandt said. "
                 "Aleppo has been besieged for months.")
    types = _types(ex)
    assert "Aleppo" not in types
    assert types["Karl Brandt"] == "person"


def test_a_territory_and_a_region_are_places(extract):
    ex = extract(HEAD + "New Caledonia and the Sahel were discussed. Ana Ruiz said they matter.")
    assert {"New Caledonia", "Sahel"}.isdisjoint(_types(ex))


def test_buildings_and_rivers_are_places(extract):
    ex = extract(HEAD + "The ministers met at the Grand Harbour Hotel to discuss the Tarsk River. "
                 "Ana Ruiz said the Tarsk River dam talks would go on.")
    types = _types(ex)
    assert not any("Hotel" in name or "River" in name for name in types)


def test_a_seat_of_government_acts_for_its_state_but_locates_talks(extract, mentions):
    ex = extract(HEAD + "Downing Street said the talks had failed. Envoys met at Downing Street.")
    assert mentions(ex, "Downing Street") == [("alias", "United Kingdom")]


def test_a_country_named_only_as_a_place_is_no_actor(extract):
    ex = extract(HEAD + "The talks in Norway ended. Peru's envoy Ana Ruiz said they failed.")
    types = _types(ex)
    assert "Norway" not in types
    assert types["Peru"] == "country"


def test_honorifics_are_stripped_and_mark_a_person(extract):
    ex = extract(HEAD + "Rt Hon Tomas Vell, the foreign minister, said the talks failed.")
    assert _types(ex).get("Tomas Vell") == "person"


def test_a_name_grows_to_the_proper_nouns_beside_it(extract):
    ex = extract(HEAD + "He met former presidents Karl Brandt and Oscar Temmelaar in Arlo.")
    assert "Oscar" not in _types(ex)


def test_a_surname_the_source_calls_a_person_makes_a_person(extract):
    ex = extract(HEAD + "Thabo Kelela met the rebels. Kelela said the talks would go on. "
                 "Mr. Kelela left on Monday.")
    assert [n for n, t in _types(ex).items() if t == "person"] == ["Thabo Kelela"]


def test_initials_mark_a_person(extract):
    ex = extract(HEAD + "The group was chaired by K.L. Varnov, the deputy minister, on Monday.")
    assert _types(ex).get("K.L. Varnov") == "person"


def test_a_name_with_an_acronym_is_no_person(extract):
    ex = extract(HEAD + "Talks between Unity-PF and the opposition resumed, Ana Ruiz said.")
    assert _types(ex).get("Unity-PF") != "person"


def test_headline_words_are_no_actors(extract):
    ex = extract("Envoy Completes Fruitful Week Of Talks\n\nAna Ruiz, the envoy, met Peru's "
                 "president on Monday. She said the talks were useful.")
    types = _types(ex)
    assert not any("Completes" in name or "Fruitful" in name for name in types)
    assert types["Peru"] == "country"


def test_a_headline_name_the_body_does_not_repeat_is_kept(extract):
    ex = extract("Minister Tomas Vell's Call With President Ana Ruiz\n\nThe two leaders spoke "
                 "on Monday about trade.")
    assert _types(ex).get("Tomas Vell") == "person"


def test_wire_labels_and_letterhead_lines_are_no_actors(extract):
    ex = extract("ANALYSIS-Talks stall in Arlo\n\nFor Immediate Release\nOffice of the Press "
                 "Secretary\n\nAna Ruiz said the talks had stalled.")
    assert not any("ANALYSIS" in n or "\n" in n for n in _types(ex))


def test_possessives_and_articles_are_no_part_of_a_name(extract):
    ex = extract(HEAD + "Karl Brandt’s aides met the Arcadian Trade Council's chair. "
                 "Karl Brandt's plan was welcomed by the North’s National Defense Commission.")
    types = _types(ex)
    assert "Karl Brandt" in types and not any(n.endswith(("’s", "'s")) for n in types)
    assert "National Defense Commission" in types


def test_a_word_cut_from_an_organisation_by_and_belongs_to_it(extract):
    ex = extract(HEAD + "Members of the rebel Justice and Peace Movement said they would talk.")
    assert "Justice and Peace Movement" in _types(ex)


def test_the_tail_of_one_organisations_name_is_that_organisation(extract):
    ex = extract(HEAD + "Iran ignored the U.N. Security Council deadline. Iran and the U.N. and "
                 "the Security Council will talk.")
    types = _types(ex)
    assert "Security Council" not in types
    assert types["United Nations Security Council"] == "organization"


def test_a_capital_naming_an_accord_does_not_act(extract):
    ex = extract(HEAD + "Talks in Oslo went on. Oslo accords guide them, Karl Brandt said.")
    assert "Norway" not in _types(ex)


def test_a_dateline_city_in_capitals_is_a_place(extract):
    ex = extract("GENEVA (Reuters) - Foreign Minister Wang Yi said on Monday the talks failed.")
    types = _types(ex)
    assert "GENEVA" not in types
    assert types["Wang Yi"] == "person"


def test_brussels_acting_is_the_european_union(extract, mentions):
    ex = extract(HEAD + "Brussels said the talks had failed. Envoys met in Brussels.")
    assert mentions(ex, "Brussels") == [("alias", "European Union")]


def test_a_photo_credit_is_no_actor(extract):
    ex = extract(HEAD + "The envoy spoke in Arlo. AGENCY/Karl Brandt\n\nAna Ruiz said the talks "
                 "had failed.")
    assert not any("/" in name for name in _types(ex))


def test_a_particle_inside_a_name_keeps_it_a_person(extract):
    ex = extract(HEAD + "Peru's envoy Maria de Souza said the talks would go on.")
    assert _types(ex).get("Maria de Souza") == "person"


def test_an_abbreviated_title_is_no_part_of_a_name(extract):
    ex = extract(HEAD + "Karl Brandt met the press. Later PM Brandt said the talks had failed.")
    assert [n for n, t in _types(ex).items() if t == "person"] == ["Karl Brandt"]


def test_a_capital_the_ner_calls_a_person_acts_for_its_country(extract):
    ex = extract(HEAD + "The army agreed to talks. Khartoum said it was ready to negotiate.")
    assert _types(ex).get("Sudan") == "country"


def test_a_river_named_without_river_is_a_place(extract):
    ex = extract(HEAD + "The Blue Nile was discussed with the water minister, Karl Brandt said.")
    assert not any("Nile" in name for name in _types(ex))


def test_a_military_rank_is_no_part_of_a_name(extract):
    ex = extract(HEAD + "Admiral Karl Brandt said the fleet would stay.")
    assert "Karl Brandt" in _types(ex)


def test_diplomats_of_a_country_are_a_group_part_of_it(extract):
    ex = extract(HEAD + "Senior French diplomats have been working to rescue the talks with "
                 "Chad. The French delegation arrived on Monday.")
    rows = {a["name"]: a for a in ex.tables["actors"]}
    assert rows["Senior French diplomats"]["type"] == "group"
    assert rows["Senior French diplomats"]["part_of_id"] == actor_id("France")
    assert rows["France"]["type"] == "country"

