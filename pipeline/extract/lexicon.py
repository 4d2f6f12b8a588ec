"""Cue words and patterns read from the data files in pipeline/lexicons/."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dates import DateWords

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


@dataclass(frozen=True)
class Lexicon:
    """Everything the rules look words up in; built once by `load_lexicon`."""

    cue_forms: frozenset[str]
    speech: dict
    actors: dict
    meetings: dict
    demands: dict
    cameo: dict
    countries: dict = field(default_factory=dict)
    dates: dict = field(default_factory=dict)
    given_names: dict[str, str] = field(default_factory=dict)  # lower-case name -> "f" or "m"
    country_codes: dict = field(default_factory=dict)  # country -> ISO 3166-1 alpha-3
    places: dict = field(default_factory=dict)

    @functools.cached_property
    def date_words(self) -> DateWords:
        """Month and day names, relative days and the date patterns built from them."""
        return DateWords(self.dates)

    @functools.cached_property
    def _country_keys(self) -> dict[str, dict[str, str]]:
        """Lower-case lookups: capital, demonym and name (or other name) -> country."""
        out: dict[str, dict[str, str]] = {"capital": {}, "demonym": {}, "name": {}}
        for country, (capitals, demonyms, others) in (self.countries or {}).items():
            for name in capitals or ():
                if name.lower() != country.lower():
                    out["capital"].setdefault(name.lower(), country)
            for word in demonyms or ():
                out["demonym"].setdefault(word.lower(), country)
            for name in (country, *(others or ())):
                out["name"].setdefault(name.lower(), country)
        return out

    def capital_country(self, name: str) -> str | None:
        """The country whose capital is `name` ("Lima" -> "Peru"), else None."""
        return self._country_keys["capital"].get(name.lower())

    def demonym_country(self, word: str) -> str | None:
        """The country a demonym adjective names ("Peruvian" -> "Peru"), else None."""
        return self._country_keys["demonym"].get(word.lower())

    def country(self, name: str) -> str | None:
        """The canonical name of a country called `name` (or "the <name>"), else None."""
        low = name.lower()
        low = low[4:] if low.startswith("the ") else low
        return self._country_keys["name"].get(low)

    def country_code(self, name: str) -> str | None:
        """The ISO 3166-1 alpha-3 code of a country called `name` ("Peru" -> "PER"), else None."""
        country = self.country(name)
        return self.country_codes.get(country) if country else None

    def country_names(self, country: str) -> frozenset[str]:
        """Every name of a country of the gazetteer (canonical name first among them)."""
        entry = (self.countries or {}).get(country)
        return frozenset([country, *((entry[2] or ()) if entry else ())])

    @functools.cached_property
    def _word_sets(self) -> dict[tuple[str, str], frozenset[str]]:
        """Cache of `words`: the rules ask for the same lists thousands of times."""
        return {}

    def words(self, table: str, key: str) -> frozenset[str]:
        """A word list of one data file (`lexicon.words("actors", "title_nouns")`); the keys of
        a mapping (`lexicon.words("dates", "relative_days")`)."""
        found = self._word_sets.get((table, key))
        if found is None:
            found = self._word_sets[table, key] = frozenset(getattr(self, table).get(key) or ())
        return found

    def is_cue(self, form: str) -> bool:
        """Whether an inflected form is a reporting verb."""
        return form.lower() in self.cue_forms


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _lines(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _pairs(path: Path) -> dict[str, str]:
    """A file of "key<TAB>value" lines (comments start with #); empty when there is none."""
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read the lexicon data files (default: pipeline/lexicons/)."""
    folder = directory or LEXICON_DIR
    countries = _yaml(folder / "countries.yaml")
    return Lexicon(
        cue_forms=_lines(folder / "cue_verbs.txt"),
        speech=_yaml(folder / "speech.yaml"),
        actors=_yaml(folder / "actors.yaml"),
        meetings=_yaml(folder / "meetings.yaml"),
        demands=_yaml(folder / "demands.yaml"),
        cameo=_yaml(folder / "cameo.yaml"),
        countries=countries.get("countries") or {},
        country_codes=countries.get("iso3166_alpha3") or {},
        dates=_yaml(folder / "dates.yaml"),
        given_names=_pairs(folder / "given_names.txt"),
        places=_yaml(folder / "places.yaml"),
    )


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for the same words over and over
def norm_word(word: str) -> str:
    """Lower-case, crude singular: "Ministers" -> "minister"."""
    low = word.lower()
    if len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low
