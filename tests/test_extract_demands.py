"""Demands: who demands what of whom, CAMEO codes, responses and non-demands."""

from __future__ import annotations

from tests.factories import demand_tuples, response_tuples

pytest_plugins = ["tests.conftest_extract"]

HEAD = "Report\n\n"


def _demands(ex, names):
    return [
        (
            names(ex)[d["demander_id"]],
            names(ex).get(d["addressee_id"]),
            d["demand"],
            d["cue"],
            d["cameo_code"],
            d["status"],
        )
        for d in ex.tables["demands"]
    ]


def test_rows_have_exactly_the_schema_columns(extract, fields):
    ex = extract(
        HEAD
        + "Ostmark demanded the withdrawal of Harlan troops. Harlan rejected Ostmark's demands."
    )
    for table in ("demands", "demand_responses"):
        assert ex.tables[table]
        assert all(list(row) == fields(table) for row in ex.tables[table])


def test_urged_not_to(extract, names):
    ex = extract(HEAD + "Lena Ober urged Harlan not to deploy more troops.")
    assert _demands(ex, names) == [
        ("Lena Ober", "Harlan", "not to deploy more troops", "urge", "1056", "made")
    ]


def test_called_for(extract, names):
    ex = extract(HEAD + "Ostmark called for the withdrawal of Harlan troops from the corridor.")
    assert _demands(ex, names) == [
        (
            "Ostmark",
            "Harlan",
            "the withdrawal of Harlan troops from the corridor",
            "call",
            "1056",
            "made",
        )
    ]


def test_insisted_on_by_a_delegation(extract, names):
    ex = extract(HEAD + "The Ostmark delegation insisted on the release of all prisoners.")
    assert _demands(ex, names) == [
        ("Ostmark", None, "the release of all prisoners", "insist", "1053", "made")
    ]


def test_must_inside_a_quote_is_a_demand_of_the_speaker(extract, names):
    ex = extract(HEAD + '"Harlan must withdraw its forces," Prime Minister Anja Voss said.')
    assert _demands(ex, names) == [
        ("Anja Voss", "Harlan", "must withdraw its forces", "must", "1056", "made")
    ]


def test_must_outside_reported_speech_is_no_demand(extract):
    ex = extract(HEAD + "Harlan must withdraw its forces before the winter, observers believe.")
    assert ex.tables["demands"] == []


def test_wants_guarantees(extract, names):
    ex = extract(HEAD + "Ostmark wants guarantees that Harlan will not expand.")
    assert _demands(ex, names) == [
        ("Ostmark", "Harlan", "guarantees that Harlan will not expand", "want", "1042", "made")
    ]


def test_ultimatum_with_a_deadline(extract, names):
    ex = extract(HEAD + "Ostmark gave Harlan 48 hours to leave the corridor.")
    assert _demands(ex, names) == [
        ("Ostmark", "Harlan", "to leave the corridor", "give", "1056", "made")
    ]


def test_rejection_sets_status_and_adds_a_response(extract, names):
    ex = extract(
        HEAD
        + "Ostmark demanded the withdrawal of Harlan troops. Harlan rejected Ostmark's demands."
    )
    assert [d["status"] for d in ex.tables["demands"]] == ["rejected"]
    (response,) = ex.tables["demand_responses"]
    assert (
        names(ex)[response["responder_id"]],
        response["response"],
        response["cameo_code"],
        response["text"],
    ) == ("Harlan", "rejected", "1246", "Harlan rejected Ostmark's demands")
    assert response["demand_id"] == ex.tables["demands"][0]["demand_id"]


def test_acceptance_sets_status_accepted(extract):
    ex = extract(HEAD + "Ostmark called for talks with Harlan. Harlan accepted the proposal.")
    assert [(d["status"], d["cameo_code"]) for d in ex.tables["demands"]] == [("accepted", "106")]
    assert [r["response"] for r in ex.tables["demand_responses"]] == ["accepted"]


def test_commentators_calling_demands_unrealistic_is_no_demand(extract):
    ex = extract(HEAD + "Analysts called Ostmark's demands unrealistic.")
    assert ex.tables["demands"] == []


def test_a_question_is_no_demand(extract):
    ex = extract(HEAD + "Will Ostmark call for a ceasefire?")
    assert ex.tables["demands"] == []


def test_a_negated_demand_is_no_demand(extract):
    ex = extract(HEAD + "Ostmark did not call for sanctions.")
    assert ex.tables["demands"] == []


def test_a_denied_demand_is_no_demand(extract):
    ex = extract(HEAD + "Ostmark denied demanding compensation.")
    assert ex.tables["demands"] == []


def test_a_past_demand_not_repeated_is_no_demand(extract):
    ex = extract(HEAD + "Ostmark had demanded compensation in 2019, but did not repeat it.")
    assert ex.tables["demands"] == []


def test_a_headline_restating_the_demand_is_one_demand(extract, names):
    text = (
        "Ostmark gives Harlan 48 hours to pull back\n\n"
        "Ostmark issued an ultimatum to the Harlan government, "
        "demanding that it withdraw its forces."
    )
    ex = extract(text)
    assert [(names(ex)[d["demander_id"]], d["cameo_code"]) for d in ex.tables["demands"]] == [
        ("Ostmark", "1056")
    ]


def test_seed_demands_are_all_rejected(extract, seed, names):
    ex = extract(seed.text, seed.published)
    assert [
        (names(ex)[d["demander_id"]], d["demand"], d["status"]) for d in ex.tables["demands"]
    ] == [
        (
            "Alexander Grushko",
            "the withdrawal of NATO troops in countries bordering Russia",
            "rejected",
        ),
        ("Alexander Grushko", "a halt to arms deliveries", "rejected"),
        ("Alexander Grushko", "not to include countries close to Russia", "rejected"),
        (
            "Russia",
            "assurances that NATO will not expand into its spheres of influence",
            "rejected",
        ),
    ]
    responders = {names(ex)[r["responder_id"]] for r in ex.tables["demand_responses"]}
    assert responders == {"NATO", "Wendy Sherman", "United States"}
    assert all(r["cameo_code"].startswith("12") for r in ex.tables["demand_responses"])


def test_demand_spans_are_source_slices(extract, seed):
    ex = extract(seed.text, seed.published)
    for table in ("demands", "demand_responses"):
        for row in ex.tables[table]:
            assert seed.text[row["char_start"] : row["char_end"]] == row["text"]


def test_demand_in_a_relative_clause(extract, names):
    ex = extract(HEAD + "Veld would not discuss the northern islands, which Dravonia also demands.")
    assert [(names(ex)[d["demander_id"]], d["demand"]) for d in ex.tables["demands"]] == [
        ("Dravonia", "the northern islands")
    ]


def test_agreeing_to_do_it_accepts_the_demand_made_of_that_side(extract):
    text = HEAD + "Mila Horvat pressed Lusk to free all detainees. Lusk agreed to release them."
    ex = extract(text)
    assert [d["status"] for d in ex.tables["demands"]] == ["accepted"]
    assert [r["response"] for r in ex.tables["demand_responses"]] == ["accepted"]


def test_refusing_to_do_it_rejects_the_demand_it_names(extract):
    text = HEAD + (
        "Ostmark demanded talks on the islands. Harlan refused to hold talks on the islands."
    )
    ex = extract(text)
    assert [d["status"] for d in ex.tables["demands"]] == ["rejected"]


def test_capital_in_reported_clause_is_the_addressee(extract, names):
    ex = extract(HEAD + "Beijing insists that Canberra must drop its complaints.")
    assert demand_tuples(ex) == [
        ("China", "Australia", "Canberra must drop its complaints", "made")
    ]


def test_demonym_of_any_country_names_the_country(extract, names):
    ex = extract(
        HEAD + "Kenya urged Somalia to reopen the border. "
        "The Somali Foreign Ministry rejected the demand."
    )
    assert response_tuples(ex) == [("Somali Foreign Ministry", "rejected", "Kenya")]


def test_rejection_answers_the_demands_made_of_the_responder(extract, names):
    ex = extract(
        HEAD + "Lithuania and Poland have demanded that Belarus reopen the crossings. "
        "Donald Tusk called for an emergency meeting of the European Council. "
        "The Belarusian Foreign Ministry rejected the demands."
    )
    rows = demand_tuples(ex)
    assert ("Lithuania", "Belarus", "Belarus reopen the crossings", "rejected") in rows
    assert ("Poland", "Belarus", "Belarus reopen the crossings", "rejected") in rows
    assert any(r[0] == "Donald Tusk" and r[3] == "made" for r in rows)
    ids = [d["demand_id"] for d in ex.tables["demands"]]
    assert len(ids) == len(set(ids))


def test_refused_calls_to_do_x_is_a_rejected_demand(extract, names):
    ex = extract(HEAD + "Australia refused Chinese calls to lift restrictions on investment.")
    assert demand_tuples(ex) == [
        ("China", "Australia", "to lift restrictions on investment", "rejected")
    ]
    assert response_tuples(ex) == [("Australia", "rejected", "China")]


def test_first_person_expectation_in_a_quote_is_a_demand(extract, names):
    ex = extract(HEAD + '"We expect Minsk to restore traffic within days," Ana Berg said.')
    assert demand_tuples(ex) == [
        ("Ana Berg", "Belarus", "Minsk to restore traffic within days", "made")
    ]


def _pairs(ex, names):
    return [
        (names(ex)[d["demander_id"]], names(ex).get(d["addressee_id"]), d["demand"])
        for d in ex.tables["demands"]
    ]


def test_two_coordinated_actions_are_two_demands(extract, names):
    ex = extract(
        HEAD + "Lena Ober urged Harlan to withdraw its troops and to release the prisoners."
    )
    assert [(d["demand"], d["cameo_code"]) for d in ex.tables["demands"]] == [
        ("to withdraw its troops", "1056"),
        ("to release the prisoners", "1053"),
    ]
    assert len({d["demand_id"] for d in ex.tables["demands"]}) == 2


def test_a_list_of_actions_ending_in_a_bare_verb(extract, names):
    ex = extract(HEAD + "Ostmark called on Harlan to disarm, recognize the border and withdraw.")
    assert _pairs(ex, names) == [
        ("Ostmark", "Harlan", "to disarm"),
        ("Ostmark", "Harlan", "recognize the border"),
        ("Ostmark", "Harlan", "withdraw"),
    ]


def test_the_stressed_need_for_each_action(extract, names):
    ex = extract(HEAD + "Ostmark stressed the need for a ceasefire, a withdrawal of troops.")
    assert _pairs(ex, names) == [
        ("Ostmark", None, "a ceasefire"),
        ("Ostmark", None, "a withdrawal of troops"),
    ]


def test_an_apposition_is_no_second_demand(extract, names):
    ex = extract(HEAD + "Ostmark demanded the release of Ana Ruiz, a reporter, and an apology.")
    assert _pairs(ex, names) == [("Ostmark", None, "the release of Ana Ruiz")]


def test_calling_someone_to_discuss_is_no_demand(extract):
    ex = extract(HEAD + "Lena Ober called the Harlan president to discuss trade.")
    assert ex.tables["demands"] == []


def test_should_in_reported_speech_demands_of_another_actor(extract, names):
    ex = extract(HEAD + "Lena Ober said Harlan should not deploy more troops.")
    assert _pairs(ex, names) == [("Lena Ober", "Harlan", "should not deploy more troops")]


def test_must_of_oneself_or_of_we_is_no_demand(extract):
    ex = extract(HEAD + "Lena Ober said she should leave early. Lena Ober said we must act.")
    assert ex.tables["demands"] == []


def test_must_with_two_actions(extract, names):
    ex = extract(HEAD + "Lena Ober said Harlan must free the prisoners and pay compensation.")
    assert _pairs(ex, names) == [
        ("Lena Ober", "Harlan", "must free the prisoners"),
        ("Lena Ober", "Harlan", "pay compensation"),
    ]


def test_it_is_vital_to_in_reported_speech(extract, names):
    ex = extract(HEAD + "Lena Ober said it was vital to reopen the border crossings.")
    assert _pairs(ex, names) == [("Lena Ober", None, "reopen the border crossings")]


def test_a_condition_set_on_another_actor(extract, names):
    ex = extract(HEAD + "Ostmark refused to negotiate until Harlan withdraws its troops.")
    assert _pairs(ex, names) == [("Ostmark", "Harlan", "Harlan withdraws its troops")]


def test_a_date_is_no_condition(extract):
    ex = extract(HEAD + "Ostmark will not sign the treaty until next week.")
    assert ex.tables["demands"] == []


def test_a_pronoun_in_reported_speech_is_the_speaker(extract, names):
    ex = extract(HEAD + "Ostmark said it wanted guarantees of safe passage.")
    assert _pairs(ex, names) == [("Ostmark", None, "guarantees of safe passage")]


def _statuses(ex, names):
    demands = [(d["demand"], d["status"]) for d in ex.tables["demands"]]
    responses = [
        (names(ex)[r["responder_id"]], r["response"]) for r in ex.tables["demand_responses"]
    ]
    return demands, responses


def test_did_not_agree_rejects(extract, names):
    ex = extract(
        HEAD
        + "Ostmark demanded the release of the prisoners. Harlan did not agree to release them."
    )
    assert _statuses(ex, names) == (
        [("the release of the prisoners", "rejected")],
        [("Harlan", "rejected")],
    )


def test_ruled_out_rejects(extract, names):
    ex = extract(
        HEAD + "Ostmark demanded that Harlan withdraw its troops. "
        "Harlan ruled out withdrawing its troops."
    )
    assert _statuses(ex, names) == (
        [("Harlan withdraw its troops", "rejected")],
        [("Harlan", "rejected")],
    )


def test_calling_it_impossible_rejects_a_demand_made_of_the_speaker(extract, names):
    ex = extract(
        HEAD + "Ostmark called on Harlan to withdraw its troops. Harlan said this was impossible."
    )
    assert _statuses(ex, names) == (
        [("to withdraw its troops", "rejected")],
        [("Harlan", "rejected")],
    )


def test_a_third_party_calling_it_impossible_answers_nothing(extract, names):
    ex = extract(
        HEAD + "Ostmark called on Harlan to withdraw its troops. "
        "Lena Ober said this was impossible."
    )
    assert _statuses(ex, names) == ([("to withdraw its troops", "made")], [])


def test_a_demand_that_rejected_in_the_same_sentence(extract, names):
    ex = extract(HEAD + "Harlan flatly rejected Ostmark's demand that it halt the convoys.")
    assert _pairs(ex, names) == [("Ostmark", "Harlan", "it halt the convoys")]
    assert _statuses(ex, names) == ([("it halt the convoys", "rejected")], [("Harlan", "rejected")])


def test_a_demand_rejected_in_the_passive(extract, names):
    ex = extract(HEAD + "Ostmark's demand for new guarantees was rejected by Harlan.")
    assert _statuses(ex, names) == ([("new guarantees", "rejected")], [("Harlan", "rejected")])


def test_wants_another_actor_to_act(extract, names):
    ex = extract(HEAD + "Ostmark wants Harlan to pull its troops back from the border.")
    assert [(p[0], p[1]) for p in _pairs(ex, names)] == [("Ostmark", "Harlan")]


def test_wants_to_know_is_a_request(extract, names):
    ex = extract(HEAD + "Ostmark wants to know who ordered the strike.")
    assert _pairs(ex, names) == [("Ostmark", None, "to know who ordered the strike")]


def test_a_clause_opened_by_before_ends_the_action(extract, names):
    ex = extract(HEAD + "Lena Ober said Harlan must free the guards before the council meets.")
    assert _pairs(ex, names) == [("Lena Ober", "Harlan", "must free the guards")]


def test_a_plural_demonym_demands_for_its_country(extract, names):
    ex = extract(HEAD + "Diplomats say the North Koreans are demanding the return of the funds.")
    assert [p[0] for p in _pairs(ex, names)] == ["North Korea"]


def test_saying_it_will_not_do_it_rejects_what_was_demanded_of_it(extract, names):
    ex = extract(
        HEAD + "Ostmark called on Harlan to withdraw its troops from the valley. "
        "Harlan said it would not withdraw."
    )
    assert _statuses(ex, names) == (
        [("to withdraw its troops from the valley", "rejected")],
        [("Harlan", "rejected")],
    )


def test_a_refusal_of_something_else_answers_nothing(extract, names):
    ex = extract(
        HEAD + "Ostmark called on Harlan to withdraw its troops. "
        "Lena Ober said she would not attend the summit."
    )
    assert _statuses(ex, names) == ([("to withdraw its troops", "made")], [])


def test_appealed_to_and_warned_not_to(extract, names):
    ex = extract(
        HEAD + "Ostmark appealed to Harlan to release the fishermen. "
        "Lena Ober warned Harlan not to send warships into the strait."
    )
    assert [(d["demand"], d["cameo_code"]) for d in ex.tables["demands"]] == [
        ("to release the fishermen", "1053"),
        ("not to send warships into the strait", "1056"),
    ]


def test_rejecting_calls_for_something_else_answers_nothing(extract, names):
    ex = extract(
        HEAD + "Ostmark called for an inquiry into the shelling. Harlan rejected calls for a truce."
    )
    assert _statuses(ex, names) == ([("an inquiry into the shelling", "made")], [])


def test_not_up_for_debate_rejects_the_demand_it_names(extract, names):
    ex = extract(
        HEAD + "Ostmark says Harlan must withdraw its troops. "
        "Harlan says its troop levels are not up for debate."
    )
    assert _statuses(ex, names) == (
        [("must withdraw its troops", "rejected")],
        [("Harlan", "rejected")],
    )


def test_a_comma_and_to_after_an_action_is_its_purpose(extract, names):
    ex = extract(HEAD + "Lena Ober said it was vital to reopen the crossings, to help the farmers.")
    assert _pairs(ex, names) == [("Lena Ober", None, "reopen the crossings")]


def test_demands_by_an_actor_rejected_in_one_sentence(extract, names):
    ex = extract(HEAD + "Harlan rejected demands by Ostmark for a new border commission.")
    assert _pairs(ex, names) == [("Ostmark", "Harlan", "a new border commission")]
    assert _statuses(ex, names)[1] == [("Harlan", "rejected")]


def test_an_imperative_in_a_quotation_is_the_speakers_demand(extract, names):
    ex = extract(HEAD + '"Do not send more troops," Lena Ober told Harlan.')
    assert _pairs(ex, names) == [("Lena Ober", "Harlan", "Do not send more troops")]


def test_a_figure_of_speech_is_no_imperative_demand(extract):
    ex = extract(HEAD + '"Make no mistake, we will respond," Lena Ober said.')
    assert ex.tables["demands"] == []


def test_urged_with_an_object_or_a_that_clause(extract, names):
    ex = extract(HEAD + "Ostmark urged restraint. Lena Ober urged that the talks resume.")
    assert _pairs(ex, names) == [
        ("Ostmark", None, "restraint"),
        ("Lena Ober", None, "the talks resume"),
    ]


def test_asked_for_of_someone_and_demanded_from_someone(extract, names):
    ex = extract(
        HEAD + "Ostmark asked Harlan for an explanation. Lena Ober demanded an apology from Harlan."
    )
    assert [(p[0], p[1]) for p in _pairs(ex, names)] == [
        ("Ostmark", "Harlan"),
        ("Lena Ober", "Harlan"),
    ]


def test_asking_whether_is_a_question_not_a_demand(extract):
    ex = extract(HEAD + "Lena Ober asked whether the talks would continue.")
    assert ex.tables["demands"] == []


def test_a_condition_with_two_actions_and_a_time_that_is_none(extract, names):
    ex = extract(
        HEAD + "Harlan will not sign the treaty unless Ostmark lifts the blockade and frees "
        "the crew. The talks will not resume until after the elections."
    )
    assert [(d["demand"], d["cameo_code"]) for d in ex.tables["demands"]] == [
        ("Ostmark lifts the blockade", "1054"),
        ("frees the crew", "1053"),
    ]


def test_not_doing_what_one_was_urged_not_to_do_complies(extract, names):
    ex = extract(
        HEAD + "Ostmark urged Harlan not to send more troops. "
        "Harlan said it would not send more troops."
    )
    assert _statuses(ex, names) == (
        [("not to send more troops", "accepted")],
        [("Harlan", "accepted")],
    )
