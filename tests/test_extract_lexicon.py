"""The vocabulary of the rules is data: every word list lives in pipeline/lexicons/, once."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
import yaml

from pipeline.cli import main
from pipeline.extract.entries import Entry, lexicon_entries, unused_entries
from pipeline.extract.lexicon import LEXICON_DIR
from pipeline.extract.registry import ENTRY_KEYS

pytest_plugins = ["tests.conftest_extract"]

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "pipeline" / "extract"
WORD_FILES = ["actors.yaml", "speech.yaml", "meetings.yaml", "demands.yaml", "dates.yaml",
              "places.yaml"]
OLDER_LABELS = {"tmod"}  # a Stanford dependency label some English pipelines still use


def word_lists() -> dict[tuple[str, str], list]:
    """(file, key) -> the list of every word list of the rule files."""
    out = {}
    for name in WORD_FILES:
        for key, value in yaml.safe_load((LEXICON_DIR / name).read_text("utf-8")).items():
            if isinstance(value, list):
                out[name, key] = value
    return out


def test_every_entry_of_a_word_list_is_a_string():
    """YAML reads a bare on, off, yes or no as a boolean: such a word must be quoted."""
    odd = {k: [w for w in v if not isinstance(w, str)] for k, v in word_lists().items()}
    assert {k: v for k, v in odd.items() if v} == {}


def test_no_word_list_repeats_an_entry_or_another_list():
    lists = word_lists()
    assert {k: v for k, v in lists.items() if len(set(v)) != len(v)} == {}
    same = [(a, b) for (a, x), (b, y) in itertools.combinations(lists.items(), 2)
            if set(x) == set(y)]
    assert same == []


def string_collections(path: Path):
    """(line, strings) of every tuple, list, set or dict display of two strings or more (a
    module's `__all__` names its functions, not words)."""
    tree = ast.parse(path.read_text("utf-8"))
    names = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__"
    }
    for node in ast.walk(tree):
        items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
        if isinstance(node, ast.Dict) and not all(isinstance(v, ast.Constant) for v in node.values):
            continue
        if id(node) in names or not items or len(items) < 2:
            continue
        if all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
            yield node.lineno, [i.value for i in items]


def test_extraction_code_holds_no_word_list(nlp, fields_enums):
    """Only spaCy's grammar (its dependency, tag and entity labels), the values and names of
    the tables, the names of lexicon files and keys, the registry's keys and punctuation may
    be listed in extraction code."""
    from spacy.glossary import GLOSSARY

    grammar = {label for labels in nlp.pipe_labels.values() for label in labels}
    lexicon_keys = {p.name for p in LEXICON_DIR.iterdir()} | {key for _, key in word_lists()}
    lexicon_keys |= set(yaml.safe_load((LEXICON_DIR / "meetings.yaml").read_text("utf-8")))
    allowed = grammar | set(GLOSSARY) | OLDER_LABELS | fields_enums | ENTRY_KEYS | lexicon_keys
    found = {
        f"{path.relative_to(ROOT)}:{line}": [w for w in words if w not in allowed and w.isalpha()]
        for path in sorted(EXTRACT.rglob("*.py"))
        for line, words in string_collections(path)
    }
    assert {where: words for where, words in found.items() if words} == {}


@pytest.fixture(scope="session")
def fields_enums() -> set[str]:
    """Table names, field names and the enum values of schemas/."""
    schemas = ROOT / "schemas"
    fields = yaml.safe_load((schemas / "fields.yaml").read_text("utf-8"))
    out = set(fields) | {p.stem for p in schemas.glob("*.yaml")}
    for spec in fields.values():
        out |= set(((spec or {}).get("constraints") or {}).get("enum") or [])
    return {str(v) for v in out}


# ---- the unused-entry report ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "text", "found"),
    [
        (Entry("a.yaml", "k", "minister"), "The Minister said.", True),
        (Entry("a.yaml", "k", "minister"), "The ministers said.", False),  # a whole word
        (Entry("a.yaml", "k", "press conference"), "a press\nconference", True),
        (Entry("a.yaml", "k", "'ll"), "we'll meet", True),  # punctuation needs no boundary
        (Entry("a.yaml", "k", "under-secretary"), "an under-secretary of", True),
        (Entry("c.yaml", "k", "negotiat", "prefix"), "negotiations resume", True),
        (Entry("c.yaml", "k", "negotiat", "prefix"), "renegotiate", False),
        (Entry("a.yaml", "k", "ese", "suffix"), "the Japanese envoy", True),
        (Entry("a.yaml", "k", "ese", "suffix"), "more research", False),
    ],
)
def test_an_entry_is_exercised_by_a_whole_word(entry, text, found):
    assert (unused_entries([entry], [text]) == []) is found


def test_every_word_list_entry_is_counted_and_codes_are_not():
    entries = lexicon_entries()
    texts = {(e.file, e.text) for e in entries}
    assert ("actors.yaml", "icebreaker") in texts and ("cue_verbs.txt", "said") in texts
    assert ("registry.yaml", "Kyiv") in texts and ("countries.yaml", "Lima") in texts
    assert ("cameo.yaml", "negotiat") in texts
    assert not any(e.text in ("040", "press_conference", "Consult") for e in entries)


def test_lexicon_unused_lists_entries_no_gold_text_exercises(capsys):
    assert main(["lexicon", "--unused"]) == 0
    out = capsys.readouterr().out
    assert "icebreaker" in out.split("vessel_nouns:")[1].splitlines()[0]
    assert not any(line.startswith("  forms:") and " said," in line for line in out.splitlines())
    assert out.rstrip().endswith("gold texts of the development part and the fixtures")


def test_lexicon_help_defines_an_unused_entry(capsys):
    with pytest.raises(SystemExit):
        main(["lexicon", "--help"])
    assert "as a whole word" in capsys.readouterr().out
