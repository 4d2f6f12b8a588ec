"""Cue words and patterns read from the data files in pipeline/lexicons/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

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

    def words(self, table: str, key: str) -> frozenset[str]:
        """A word list of one data file (`lexicon.words("actors", "title_nouns")`)."""
        return frozenset(getattr(self, table).get(key) or ())

    def is_cue(self, form: str) -> bool:
        """Whether an inflected form is a reporting verb."""
        return form.lower() in self.cue_forms


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _lines(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read the lexicon data files (default: pipeline/lexicons/)."""
    folder = directory or LEXICON_DIR
    return Lexicon(
        cue_forms=_lines(folder / "cue_verbs.txt"),
        speech=_yaml(folder / "speech.yaml"),
        actors=_yaml(folder / "actors.yaml"),
        meetings=_yaml(folder / "meetings.yaml"),
        demands=_yaml(folder / "demands.yaml"),
        cameo=_yaml(folder / "cameo.yaml"),
    )
