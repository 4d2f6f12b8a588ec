"""Statements: direct, partial and indirect speech, attributed to the right speaker."""

from __future__ import annotations

pytest_plugins = ["tests.conftest_extract"]

HEAD = "Report\n\n"


def _row(ex, text):
    rows = [r for r in ex.tables["statements"] if r["text"] == text]
    assert len(rows) == 1, [r["text"] for r in ex.tables["statements"]]
    return rows[0]


def test_rows_have_exactly_the_schema_columns(extract, fields):
    ex = extract(HEAD + '"We will talk," Ivan Petrov said.')
    assert [list(r) for r in ex.tables["statements"]] == [fields("statements")]


def test_curly_quote_with_said_after_it(extract, speaker):
    ex = extract(HEAD + "“We came here to listen,” Ilsa Marek told reporters.")
    row = _row(ex, "We came here to listen")
    assert (row["mode"], row["cue"], row["confidence"]) == ("direct", "tell", 1.0)
    assert speaker(ex, "We came here to listen") == "Ilsa Marek"


def test_span_excludes_the_quotation_marks(extract):
    text = HEAD + '"We came here to listen," Ilsa Marek said.'
    ex = extract(text)
    row = _row(ex, "We came here to listen")
    assert text[row["char_start"] - 1] == '"'
    assert text[row["char_start"] : row["char_end"]] == row["text"]


def test_colon_introduces_a_multi_sentence_quote(extract, speaker):
    text = HEAD + 'Prime Minister Anja Voss said: "Harlan must leave. We will not wait forever."'
    ex = extract(text)
    assert speaker(ex, "Harlan must leave. We will not wait forever.") == "Anja Voss"
    assert len(ex.tables["statements"]) == 1


def test_quote_split_by_its_attribution_gives_two_statements(extract, speaker):
    ex = extract(
        HEAD
        + 'Tomas Brandt was cautious. "Nobody expects miracles," he said, "but the door is open."'
    )
    assert speaker(ex, "Nobody expects miracles") == "Tomas Brandt"
    assert speaker(ex, "but the door is open.") == "Tomas Brandt"
    assert _row(ex, "but the door is open.")["mode"] == "direct"


def test_nested_quote_stays_inside_the_outer_quote(extract, speaker):
    ex = extract(
        HEAD + "“They called our patrols ‘an invasion’, which is absurd,” Miro Kalev said."
    )
    assert speaker(ex, "They called our patrols ‘an invasion’, which is absurd") == "Miro Kalev"
    assert len(ex.tables["statements"]) == 1


def test_according_to_attributes_a_quoted_fragment(extract, speaker):
    text = HEAD + 'According to Lena Ober, "the easiest way" out is a ceasefire.'
    ex = extract(text)
    row = _row(ex, "the easiest way")
    assert (row["mode"], row["cue"]) == ("partial", "according to")
    assert speaker(ex, "the easiest way") == "Lena Ober"


def test_according_to_without_quotes_is_indirect_speech(extract, speaker):
    ex = extract(HEAD + "According to Tomas Brandt, the talks will resume next week in Lerida.")
    row = _row(ex, "the talks will resume next week in Lerida")
    assert (row["mode"], row["cue"]) == ("indirect", "according to")
    assert speaker(ex, "the talks will resume next week in Lerida") == "Tomas Brandt"


def test_pronoun_speaker_resolves_to_the_last_person_with_lower_confidence(extract, speaker):
    ex = extract(HEAD + 'Grigor Ivanov warned the council. "We will respond," he added.')
    assert speaker(ex, "We will respond") == "Grigor Ivanov"
    assert _row(ex, "We will respond")["confidence"] < 1


def test_pronoun_skips_people_named_in_photo_captions(extract, speaker):
    text = (
        "Border talks\n\nEnvoy Lena Ober spoke first.\n\n"
        "PHOTO/AFP - President Miro Kalev in Tarsk\n\n"
        "On Harlan, she stressed that the border must stay open."
    )
    ex = extract(text)
    assert speaker(ex, "the border must stay open") == "Lena Ober"


def test_title_resolves_to_the_matching_one_of_two_ministers(extract, speaker):
    text = HEAD + (
        "Deputy Foreign and Defence Ministers Pavel Orlov and Igor Danin arrived. "
        '"We want peace," the deputy foreign minister said.'
    )
    ex = extract(text)
    assert speaker(ex, "We want peace") == "Pavel Orlov"


def test_ministry_resolves_to_the_ministry_named_before(extract, speaker):
    text = HEAD + (
        "The Harlan Defence Ministry issued a note. "
        '"Our initiatives have been ignored," the ministry said.'
    )
    ex = extract(text)
    assert speaker(ex, "Our initiatives have been ignored") == "Harlan Defence Ministry"


def test_unattributed_quote_continues_the_previous_speaker(extract, speaker):
    ex = extract(
        HEAD + "“We came to listen,” Ilsa Marek said. “But we will not leave empty-handed.”"
    )
    assert speaker(ex, "But we will not leave empty-handed.") == "Ilsa Marek"
    assert _row(ex, "But we will not leave empty-handed.")["confidence"] == 0.6


def test_indirect_speech_span_is_the_reported_clause(extract, speaker):
    ex = extract(
        HEAD + "Sergei Ryabkov reiterated that Russia had no intention of attacking Ukraine."
    )
    row = _row(ex, "Russia had no intention of attacking Ukraine")
    assert (row["mode"], row["cue"]) == ("indirect", "reiterate")
    assert speaker(ex, "Russia had no intention of attacking Ukraine") == "Sergei Ryabkov"


def test_quoted_fragment_in_reported_speech_is_partial(extract, speaker):
    ex = extract(HEAD + 'Alexander Grushko described the talks as "frank and direct".')
    row = _row(ex, "frank and direct")
    assert (row["mode"], row["cue"]) == ("partial", "describe")
    assert speaker(ex, "frank and direct") == "Alexander Grushko"


def test_reported_clause_with_speakers_own_fragments_gives_the_clause_and_the_fragments(extract):
    text = (
        HEAD + 'Grushko warned that if NATO opts for "deterrence", Russia will respond "in kind".'
    )
    ex = extract(text)
    assert sorted((r["text"], r["mode"]) for r in ex.tables["statements"]) == [
        ("deterrence", "partial"),
        ('if NATO opts for "deterrence", Russia will respond "in kind"', "indirect"),
        ("in kind", "partial"),
    ]


def test_a_wholly_quoted_clause_is_no_reported_speech_beside_its_quotation(extract):
    ex = extract(HEAD + 'Ana Ruiz said: "The border will stay open."')
    assert [(r["text"], r["mode"]) for r in ex.tables["statements"]] == [
        ("The border will stay open.", "direct")
    ]


def test_scare_quotes_without_a_speaker_are_not_statements(extract):
    ex = extract(HEAD + 'The so-called "Normandy format" has not met since 2019.')
    assert ex.tables["statements"] == []


def test_negated_reporting_verb_reports_nothing(extract):
    ex = extract(HEAD + "Lena Ober did not say that the talks had failed.")
    assert ex.tables["statements"] == []


def test_id_survives_edits_elsewhere_in_the_source(extract):
    body = "“We came here to listen,” Ilsa Marek told reporters."
    first = extract(HEAD + body)
    second = extract(HEAD + "Talks began at noon in a cold hall.\n\n" + body)
    ids = {r["statement_id"] for r in first.tables["statements"]}
    assert ids and ids == {r["statement_id"] for r in second.tables["statements"]}


def test_no_statement_comes_from_a_spanish_caption(extract, seed):
    ex = extract(seed.text, seed.published)
    assert not [r for r in ex.tables["statements"] if "presidente" in r["text"]]
    for row in ex.tables["statements"]:
        assert seed.text[row["char_start"] : row["char_end"]] == row["text"]
        assert row["sentence_start"] <= row["char_start"] < row["char_end"] <= row["sentence_end"]


def test_seed_deputy_foreign_minister_is_grushko(extract, seed, speaker):
    ex = extract(seed.text, seed.published)
    quote = (
        "The freedom to choose ways to ensure one's security should not be implemented in a "
        "way that infringes on the legitimate security interests of others"
    )
    assert speaker(ex, quote) == "Alexander Grushko"


def test_she_after_a_spokeswoman_is_her_organisation(extract, speaker):
    text = HEAD + (
        "A spokeswoman for the Luskian Foreign Ministry said talks would resume. "
        '"We are ready," she said.'
    )
    ex = extract(text)
    assert speaker(ex, "We are ready") == "Luskian Foreign Ministry"


def test_indirect_question_is_reported_speech(extract):
    ex = extract(HEAD + "Critics asked whether the exchange was worth it.")
    assert [(r["text"], r["mode"], r["cue"]) for r in ex.tables["statements"]] == [
        ("whether the exchange was worth it", "indirect", "ask")
    ]


def test_trailing_attribution_wins_over_continuation(extract, speaker):
    ex = extract(
        HEAD + '"We will not move," Ana Berg said. Opposition leader Tom Reed questioned '
        'whether the talks could succeed. "Why should we trust them?" he asked.'
    )
    assert speaker(ex, "Why should we trust them?") == "Tom Reed"
    row = next(s for s in ex.tables["statements"] if s["text"] == "Why should we trust them?")
    assert row["cue"] == "ask"


def test_asked_whether_is_not_the_replier_speaking(extract):
    ex = extract(HEAD + "Asked whether Uruguay would leave the bloc, he replied that it would not.")
    assert all("whether" not in s["text"] for s in ex.tables["statements"])


def test_inverted_reported_speech(extract, speaker):
    ex = extract(
        HEAD + "The ministers will meet again in Lima next month, the Chilean delegation said."
    )
    assert speaker(ex, "The ministers will meet again in Lima next month") == "Chile"


def test_reported_clause_keeps_its_closing_bracket(extract):
    ex = extract(
        HEAD + "Ana Berg said that Kenya must drop its cases at the World Trade Organization (WTO)."
    )
    texts = [s["text"] for s in ex.tables["statements"]]
    assert "Kenya must drop its cases at the World Trade Organization (WTO)" in texts
