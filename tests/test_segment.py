"""segment.split: passages keep exact offsets into the text as stored (BOM, CRLF, Unicode
spaces included), get the right kind, and keep stable, unique ids."""

from __future__ import annotations

from pipeline.ingest import segment
from pipeline.models import Source, SourceEntry


def make_source(text: str, source_id: str = "doc-a", language: str = "en") -> Source:
    entry = SourceEntry(source_id=source_id, file=f"{source_id}.txt", language=language)
    return Source(entry=entry, path=entry.file, text=text, sha256="0" * 64,
                  bom=text.startswith("\ufeff"))


def spans(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in segment.split(make_source(text))]


def assert_offsets_true(text: str) -> None:
    for p in segment.split(make_source(text)):
        assert text[p.char_start : p.char_end] == p.text


ARTICLE = (
    "NATO rejects Russia's demands\n"
    "\n"
    "Moscow condemned expansion. NATO says only it decides on new members.\n"
    "\n"
    "PHOTO/NATO  -   NATO Secretary General Jens Stoltenberg\n"
    "\n"
    "The talks in Brussels lasted four hours. Both sides agreed to keep talking.\n"
    "\n"
    "Stoltenberg said the door remains open to dialogue with Moscow.\n"
)


def test_kinds_and_texts_of_an_article() -> None:
    assert spans(ARTICLE) == [
        ("title", "NATO rejects Russia's demands"),
        ("standfirst", "Moscow condemned expansion. NATO says only it decides on new members."),
        ("caption", "NATO Secretary General Jens Stoltenberg"),
        ("body", "The talks in Brussels lasted four hours. Both sides agreed to keep talking."),
        ("body", "Stoltenberg said the door remains open to dialogue with Moscow."),
    ]


def test_caption_keeps_its_credit() -> None:
    caption = segment.split(make_source(ARTICLE))[2]
    assert caption.credit == "PHOTO/NATO"
    assert caption.char_start == ARTICLE.index("NATO Secretary")


def test_seed_passages_match_the_source(seed_sources) -> None:
    (source,) = seed_sources
    passages = segment.split(source)
    assert [p.seq for p in passages] == list(range(len(passages)))
    assert all(source.text[p.char_start : p.char_end] == p.text for p in passages)
    assert passages[0].kind == "title"
    assert passages[0].text == "NATO rejects Russia's security demands"
    assert {p.credit for p in passages if p.kind == "caption"} == {
        "PHOTO/NATO", "PHOTO/KREMLIN", "AFP/JOHANNA GERON"}


def test_bom_counts_as_one_code_point() -> None:
    text = "\ufeff" + ARTICLE
    passages = segment.split(make_source(text))
    assert passages[0].char_start == 1 and passages[0].text == "NATO rejects Russia's demands"
    plain = segment.split(make_source(ARTICLE))
    assert [p.char_start for p in passages] == [p.char_start + 1 for p in plain]
    assert_offsets_true(text)


def test_crlf_offsets_stay_true_to_the_file() -> None:
    text = ARTICLE.replace("\n", "\r\n")
    passages = segment.split(make_source(text))
    assert [(p.kind, p.text) for p in passages] == spans(ARTICLE)
    assert all("\r" not in p.text for p in passages)
    assert passages[1].char_start == text.index("Moscow")
    assert_offsets_true(text)


def test_unicode_spaces_are_trimmed_at_the_edges_and_kept_inside() -> None:
    text = "\u00a0\u2003Talks\u00a0in\u202fBrussels\u3000\n\n\u2009Both sides met.\u00a0\n"
    passages = segment.split(make_source(text))
    assert [p.text for p in passages] == ["Talks\u00a0in\u202fBrussels", "Both sides met."]
    assert passages[0].char_start == 2
    assert_offsets_true(text)


def test_blank_lines_made_of_spaces_separate_paragraphs() -> None:
    text = "First paragraph here.\n \u00a0\t\nSecond paragraph here.\n\r\nThird one.\n"
    assert [t for _, t in spans(text)] == [
        "First paragraph here.", "Second paragraph here.", "Third one."]


def test_empty_and_blank_text_give_no_passages() -> None:
    for text in ["", "\n\n", "\ufeff", " \u00a0\r\n\t", "\ufeff\ufeff\n\ufeff"]:
        assert segment.split(make_source(text)) == []


def test_unbalanced_quotes_do_not_change_the_split() -> None:
    text = 'He said: "We will never accept this.\n\nThe talks went on. \u201cNo end\n'
    assert [t for _, t in spans(text)] == [
        'He said: "We will never accept this.', "The talks went on. \u201cNo end"]


def test_repeated_paragraphs_get_distinct_ids() -> None:
    text = "Title line\n\nSame paragraph.\n\nOther.\n\nSame paragraph.\n\nSame paragraph.\n"
    passages = segment.split(make_source(text))
    ids = [p.passage_id for p in passages]
    assert len(ids) == len(set(ids)) == 5


def test_ids_are_stable_when_text_is_added_elsewhere() -> None:
    before = segment.split(make_source(ARTICLE))
    after = segment.split(make_source(ARTICLE + "\nA paragraph added at the end.\n"))
    assert [p.passage_id for p in after[: len(before)]] == [p.passage_id for p in before]
    assert after[-1].passage_id not in {p.passage_id for p in before}


def test_ids_depend_on_the_source() -> None:
    a = segment.split(make_source(ARTICLE, source_id="doc-a"))
    b = segment.split(make_source(ARTICLE, source_id="doc-b"))
    assert not {p.passage_id for p in a} & {p.passage_id for p in b}
    assert all(p.source_id == "doc-b" for p in b)


def test_language_falls_back_to_the_declared_one_for_short_passages() -> None:
    text = "Putin\n\nEl presidente de Rusia, Vladimir Putin, habla durante una reunión en Moscú.\n"
    passages = segment.split(make_source(text))
    assert [p.language for p in passages] == ["en", "es"]


def test_a_megabyte_paragraph_is_cut_into_passages_the_parser_takes() -> None:
    """spaCy refuses a text over 10^6 characters and DuckDB a CSV line over 2 MB: a paragraph
    of 1.1 MB becomes passages of at most MAX_PASSAGE_CHARS, cut after sentence ends, that
    cover every character but the spaces between them."""
    text = "Long\n\n" + "The talks went on. They were long, said the envoy. " * 21_600
    passages = segment.split(make_source(text))
    assert len(text) > 1_100_000 and len(passages) > 20
    assert all(len(p.text) <= segment.MAX_PASSAGE_CHARS for p in passages)
    assert all(text[p.char_start : p.char_end] == p.text for p in passages)
    assert all(p.text.endswith(".") for p in passages[1:])  # cut at sentence ends
    assert "".join(text.split()) == "".join("".join(p.text for p in passages).split())
    assert len({p.passage_id for p in passages}) == len(passages)


def test_a_paragraph_without_sentences_or_spaces_is_cut_at_the_limit() -> None:
    text = "x" * (2 * segment.MAX_PASSAGE_CHARS + 10)
    passages = segment.split(make_source(text))
    assert [len(p.text) for p in passages] == [segment.MAX_PASSAGE_CHARS] * 2 + [10]
    assert "".join(p.text for p in passages) == text
