"""Speakers in the forms news uses: blocks and transcripts, descriptions, groups, joint
speakers, pronouns that agree, name chains. Every text is invented."""

from __future__ import annotations

pytest_plugins = ["tests.conftest_extract"]

HEAD = "Report\n\n"


def _speakers(ex, names, text):
    """Names of every speaker of the statement `text` (the statement_speakers rows)."""
    ids = [r["statement_id"] for r in ex.tables["statements"] if r["text"] == text]
    assert ids, [r["text"] for r in ex.tables["statements"]]
    rows = ex.tables["statement_speakers"]
    return sorted(names(ex)[r["actor_id"]] for r in rows if r["statement_id"] == ids[0])


def _actor(ex, name):
    return next(a for a in ex.tables["actors"] if a["name"] == name)


def test_paragraphs_after_said_colon_are_the_spokeswomans(extract, speaker):
    text = (HEAD + "A Pact spokeswoman, Maria Lopez, said:\n\nThe ministers met in Lima today.\n\n"
            "They discussed the border and the river.")
    ex = extract(text)
    assert speaker(ex, "The ministers met in Lima today.") == "Maria Lopez"
    assert speaker(ex, "They discussed the border and the river.") == "Maria Lopez"


def test_a_quotation_over_paragraphs_ends_where_it_closes(extract, speaker):
    text = (HEAD + "According to an Arcadian official:\n\n“The talks went well.\n\n"
            "“We will meet again.”\n\nThe river rose by a metre on Monday.")
    ex = extract(text)
    assert speaker(ex, "The talks went well.") == "Arcadian official"
    assert speaker(ex, "We will meet again.") == "Arcadian official"
    assert not [r for r in ex.tables["statements"] if r["text"].startswith("The river")]


def test_transcript_turns_belong_to_the_labelled_speaker(extract, speaker):
    text = (HEAD + "MS. RUIZ: We are ready to talk.\n\nQ Will you go to Lima?\n\n"
            "MS. RUIZ: Not this week.\n\nWe will see after that.\n\nEND 2:10 P.M.")
    ex = extract(text)
    assert speaker(ex, "We are ready to talk.") == "Ruiz"
    assert speaker(ex, "We will see after that.") == "Ruiz"
    texts = [r["text"] for r in ex.tables["statements"]]
    assert not any("Lima" in t or "END" in t for t in texts)


def test_an_unnamed_office_holder_is_an_actor_of_the_title(extract, speaker):
    text = (HEAD + "The Prime Minister spoke to Prime Minister of Arcadia John Carter today. "
            "The Prime Minister said that the border must stay open.")
    ex = extract(text)
    assert speaker(ex, "the border must stay open") == "Prime Minister"


def test_a_lead_description_is_the_person_named_next(extract, speaker):
    text = (HEAD + "Arcadia's chief negotiator said the talks had stalled.\n\n"
            "John Carter spoke to reporters in Lima on Monday.")
    ex = extract(text)
    assert speaker(ex, "the talks had stalled") == "John Carter"


def test_officials_are_a_group_part_of_their_country(extract, speaker, names):
    text = "Arcadia closed its border. Arcadian officials said the move was temporary."
    ex = extract(HEAD + text)
    assert speaker(ex, "the move was temporary") == "Arcadian officials"
    group = _actor(ex, "Arcadian officials")
    assert group["type"] == "group"
    assert names(ex)[group["part_of_id"]] == "Arcadia"


def test_an_unnamed_official_is_a_person_not_the_ministry(extract, speaker):
    ex = extract(HEAD + "A senior Foreign Ministry official said the visit was postponed.")
    assert speaker(ex, "the visit was postponed") == "Senior Foreign Ministry official"
    assert _actor(ex, "Senior Foreign Ministry official")["type"] == "person"


def test_the_named_spokesman_speaks_not_his_organisation(extract, speaker):
    ex = extract(HEAD + "The spokesman for the Coastal Pact, John Carter, said the ships had left.")
    assert speaker(ex, "the ships had left") == "John Carter"


def test_a_and_b_said_records_both_speakers(extract, names):
    ex = extract(HEAD + "Maria Lopez and John Carter said the talks would resume in May.")
    assert _speakers(ex, names, "the talks would resume in May") == ["John Carter", "Maria Lopez"]
    row = next(r for r in ex.tables["statements"] if r["text"] == "the talks would resume in May")
    assert names(ex)[row["speaker_id"]] == "Maria Lopez"


def test_both_stands_for_the_two_people_of_the_text(extract, names):
    text = (HEAD + "Maria Lopez met John Carter in Lima. Lopez praised Carter. "
            "Both agreed that the dam must be shared.")
    ex = extract(text)
    assert _speakers(ex, names, "the dam must be shared") == ["John Carter", "Maria Lopez"]


def test_she_skips_a_man_named_since(extract, speaker):
    text = (HEAD + "Foreign Minister Maria Lind met John Carter in Lima. "
            "She said the meeting had been useful.")
    ex = extract(text)
    assert speaker(ex, "the meeting had been useful") == "Maria Lind"


def test_mr_makes_he_agree(extract, speaker):
    text = (HEAD + "Mr. Okafor met Maria Lopez in Lima on Monday. "
            "He said the meeting had been useful.")
    ex = extract(text)
    assert speaker(ex, "the meeting had been useful") == "Okafor"


def test_and_that_clauses_are_separate_statements(extract, speaker):
    text = "Maria Lopez said that the border would reopen, and that trade would resume."
    ex = extract(HEAD + text)
    assert speaker(ex, "the border would reopen") == "Maria Lopez"
    assert speaker(ex, "trade would resume") == "Maria Lopez"


def test_expressed_hope_and_vowed_report_speech(extract, speaker):
    text = (HEAD + "Maria Lopez expressed the hope that the talks would succeed. "
            "John Carter vowed not to sign the deal.")
    ex = extract(text)
    assert speaker(ex, "the talks would succeed") == "Maria Lopez"
    assert speaker(ex, "not to sign the deal") == "John Carter"


def test_said_between_commas_names_the_speaker_after_it(extract, speaker):
    ex = extract(HEAD + "The Pact, said Mr. Carter, should confront the smugglers at sea.")
    assert speaker(ex, "should confront the smugglers at sea") == "Carter"


def test_a_statement_issued_by_a_spokesman_is_his(extract, speaker):
    text = (HEAD + "The ministry said in a statement issued by spokesman John Carter "
            "that the border was closed.")
    ex = extract(text)
    assert speaker(ex, "the border was closed") == "John Carter"


def test_state_television_is_the_speaker_and_the_agency_never(extract, speaker, names):
    text = (HEAD + "Iranian state television reported that the talks had ended. "
            "Maria Lopez told Reuters that the deal was dead.")
    ex = extract(text)
    assert speaker(ex, "the talks had ended") == "Iranian state television"
    assert names(ex)[_actor(ex, "Iranian state television")["part_of_id"]] == "Iran"
    assert speaker(ex, "the deal was dead") == "Maria Lopez"


def test_the_agency_that_published_a_statement_is_not_its_speaker(extract, speaker):
    text = (HEAD + "Arcadia closed its border on Monday. \"The border is closed,\" the Arcadian "
            "Foreign Ministry said in a statement published by the news agency Tass.")
    ex = extract(text)
    assert speaker(ex, "The border is closed") == "Arcadian Foreign Ministry"


def test_a_colon_glued_to_the_quotation_still_attributes_it(extract, speaker):
    ex = extract(HEAD + "Maria Lopez said:“We will not leave.”")
    assert speaker(ex, "We will not leave.") == "Maria Lopez"


def test_i_in_a_transcript_turn_is_the_labelled_speaker(extract, speaker):
    ex = extract(HEAD + "MS. LOPEZ: I told the minister that the border must stay open.")
    assert speaker(ex, "the border must stay open") == "Lopez"


def test_a_floating_quote_is_the_person_just_described(extract, speaker):
    text = (HEAD + "Maria Lopez said the talks had failed.\n\n"
            "John Carter arrived in Lima on Monday with a new offer.\n\n"
            "“We are here to listen.”\n\n“Nobody wants another war.”")
    ex = extract(text)
    assert speaker(ex, "We are here to listen.") == "John Carter"
    assert speaker(ex, "Nobody wants another war.") == "John Carter"


def test_a_description_of_the_one_person_of_its_side_is_that_person(extract, speaker):
    text = (HEAD + "Peruvian Foreign Minister Maria Lopez met John Carter in Geneva. "
            "Peru's top diplomat said the talks had been useful.")
    ex = extract(text)
    assert speaker(ex, "the talks had been useful") == "Maria Lopez"


def test_the_spokesman_is_the_one_described_as_a_spokesman_before(extract, speaker):
    text = (HEAD + "John Carter, a spokesman for the delegation, met reporters on Monday. "
            "\"We will stay until Friday,\" the spokesman said.")
    ex = extract(text)
    assert speaker(ex, "We will stay until Friday") == "John Carter"


def test_a_quoted_name_is_no_statement(extract):
    text = HEAD + 'Maria Lopez said the office was renamed the "Liaison Office of the Pact."'
    ex = extract(text)
    assert [r["text"] for r in ex.tables["statements"] if r["mode"] == "partial"] == []


def test_made_clear_that_reports_speech(extract, speaker):
    ex = extract(HEAD + "Maria Lopez made it clear that the talks were over.")
    assert speaker(ex, "the talks were over") == "Maria Lopez"
    assert next(r["cue"] for r in ex.tables["statements"]) == "make clear"


def test_surname_first_and_particle_names_link_to_the_full_name(extract, speaker):
    text = (HEAD + "Prime Minister Tan Wei met Foreign Minister Omar al-Hassan in Doha. "
            "Tan said the talks were useful. Hassan said the border would reopen.")
    ex = extract(text)
    assert speaker(ex, "the talks were useful") == "Tan Wei"
    assert speaker(ex, "the border would reopen") == "Omar al-Hassan"


def test_they_in_a_joint_statement_are_the_two_who_just_met(extract, names):
    text = (HEAD + "Prime Minister Tan Wei met Foreign Minister Omar al-Hassan in Doha. "
            "Tan said the talks were useful.\n\nMaria Lopez met John Carter in Lima. "
            "They said in a joint statement that the dam would be shared.")
    ex = extract(text)
    assert _speakers(ex, names, "the dam would be shared") == ["John Carter", "Maria Lopez"]


def test_those_who_were_told_are_not_speakers(extract):
    text = "The rebels will not return unless they are assured that the shelling stops."
    ex = extract(HEAD + text)
    assert ex.tables["statements"] == []
