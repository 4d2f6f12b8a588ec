"""The entries of the lexicons one by one, and those that no gold text exercises.

An entry is a word or phrase a rule looks for in a text: a line of cue_verbs.txt, an item of a
word list, a key of a mapping of words (and its list of words, as in verb_prep), a name, alias,
demonym or title of the registry, a name, capital, demonym or other name of the gazetteer, and a
CAMEO keyword of cameo.yaml. Codes, meeting types given as values and numbers are data, not
entries.

An entry is exercised by a text when it occurs in it, ignoring case, as a whole word: not
preceded or followed by a letter, digit or underscore (an entry that begins or ends with
punctuation, like "'ll", needs no boundary on that side; spaces and line breaks between words
count as one space). A CAMEO keyword is a word prefix ("negotiat"): it needs a boundary before
it only; a demonym ending ("ese") is a suffix: it needs a boundary after it only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .lexicon import LEXICON_DIR

WORD_FILES = ("actors.yaml", "speech.yaml", "meetings.yaml", "demands.yaml", "dates.yaml",
              "places.yaml")
NOT_WORDS = {("meetings.yaml", "cameo")}  # meeting type -> CAMEO code
SUFFIXES = {("actors.yaml", "demonym_endings")}


@dataclass(frozen=True)
class Entry:
    """One word or phrase of a lexicon file, under its key (a list, or a registry actor)."""

    file: str
    key: str
    text: str
    part: str = "word"  # or "prefix" (CAMEO keywords), "suffix" (demonym endings)

    def pattern(self) -> re.Pattern[str]:
        """The pattern of the entry in a text (see the module's docstring)."""
        before = r"(?<!\w)" if re.match(r"\w", self.text) and self.part != "suffix" else ""
        after = r"(?!\w)" if re.search(r"\w$", self.text) and self.part != "prefix" else ""
        words = r"\s+".join(re.escape(w) for w in self.text.split())
        return re.compile(before + words + after, re.I)


def _words(value: object) -> Iterator[str]:
    """The words of a list, or the keys (and the word lists) of a mapping."""
    if isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            if isinstance(item, list):
                yield from _words(item)


def _word_files(folder: Path) -> Iterator[Entry]:
    for name in WORD_FILES:
        for key, value in (yaml.safe_load((folder / name).read_text("utf-8")) or {}).items():
            if (name, key) not in NOT_WORDS:
                part = "suffix" if (name, key) in SUFFIXES else "word"
                yield from (Entry(name, key, word, part) for word in _words(value))


def _cue_verbs(folder: Path) -> Iterator[Entry]:
    lines = (folder / "cue_verbs.txt").read_text("utf-8").splitlines()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            yield Entry("cue_verbs.txt", "forms", line.strip())


def _cameo(folder: Path) -> Iterator[Entry]:
    rules = yaml.safe_load((folder / "cameo.yaml").read_text("utf-8"))["demand_keywords"]
    for rule in rules:
        for word in rule["words"]:
            yield Entry("cameo.yaml", f"demand_keywords {rule['code']}", word, "prefix")


def _countries(folder: Path) -> Iterator[Entry]:
    countries = yaml.safe_load((folder / "countries.yaml").read_text("utf-8"))["countries"]
    for country, (capitals, demonyms, others) in countries.items():
        for name in (country, *(capitals or ()), *(demonyms or ()), *(others or ())):
            yield Entry("countries.yaml", country, name)


def _registry(folder: Path) -> Iterator[Entry]:
    for actor in yaml.safe_load((folder / "registry.yaml").read_text("utf-8"))["actors"]:
        titles = [t["title"] for t in actor.get("titles") or ()]
        names = [actor["name"], *(actor.get("aliases") or ()), *(actor.get("demonyms") or ())]
        for name in (*names, *titles):
            yield Entry("registry.yaml", actor["name"], name)


def lexicon_entries(folder: Path = LEXICON_DIR) -> list[Entry]:
    """Every entry of the lexicon files, file by file, in each file's order."""
    sources = (_cue_verbs, _word_files, _cameo, _countries, _registry)
    return list(dict.fromkeys(entry for source in sources for entry in source(folder)))


def unused_entries(entries: Iterable[Entry], texts: Iterable[str]) -> list[Entry]:
    """The entries that occur in none of `texts` (see the module's docstring)."""
    corpus = "\n".join(texts)
    return [entry for entry in entries if not entry.pattern().search(corpus)]


def format_counts(entries: list[Entry]) -> str:
    """Entries per lexicon file."""
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.file] = counts.get(entry.file, 0) + 1
    lines = [f"  {file:<16}{n:>6} entries" for file, n in counts.items()]
    return "\n".join([*lines, f"  {'all':<16}{len(entries):>6} entries"])


def format_unused(unused: list[Entry], total: int, texts: int) -> str:
    """The report: unused entries by file and key, then the count."""
    lines: list[str] = []
    by_place: dict[tuple[str, str], list[str]] = {}
    for entry in unused:
        by_place.setdefault((entry.file, entry.key), []).append(entry.text)
    current = None
    for (file, key), words in by_place.items():
        if file != current:
            lines.append(file)
            current = file
        lines.append(f"  {key}: {', '.join(words)}")
    lines.append(f"{len(unused)} of {total} lexicon entries occur in none of the {texts} gold "
                 "texts of the development part and the fixtures")
    return "\n".join(lines)
