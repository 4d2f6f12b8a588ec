"""Actor names compared the way a reader would: an extracted actor is a gold actor when one of
its names (canonical name or an alias in the actors table) is one of the gold actor's names,
ignoring case, accents, a leading "the", a leading title ("President", "Mr.") and middle
initials ("Antony J. Blinken" is "Antony Blinken"). A gold person's full name (two or more
words, capitalised) also matches an extracted name that ends with it after other words
("Tánaiste Simon Coveney", "Russian Foreign Minister Sergei Lavrov" are "Simon Coveney" and
"Sergei Lavrov"); a gold name that is itself a title ("Prime Minister") does not.

A speaker may be a group the text does not name ("Arcadian officials", type `group`): it speaks
for the country or organisation it is part of (`part_of_id`), so it is that gold speaker too,
and a group part of nothing is the speaker of a gold statement that names nobody."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..ids import normalise_name
from ..models import Extraction

# Titles dropped from the front of a name, longest first; a name that is only a title
# ("the Prime Minister") keeps it.
TITLES = sorted(
    (
        "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "sir", "dame",
        "president", "vice president", "prime minister", "deputy prime minister",
        "foreign minister", "deputy foreign minister", "foreign secretary", "secretary",
        "secretary of state", "u.s. secretary of state", "minister", "chancellor",
        "ambassador", "envoy", "special envoy", "king", "queen", "senator", "premier",
    ),
    key=len,
    reverse=True,
)
MIDDLE_INITIAL = re.compile(r"(?<= )[a-z]\.(?= )")
PARTICLES = frozenset({"al", "bin", "ibn", "el", "de", "del", "der", "van", "von", "da", "di",
                       "du", "la", "le"})
ALIAS_SEPARATOR = " | "


def name_keys(name: str) -> frozenset[str]:
    """The forms of a name compared with other names: normalised, then without a leading
    "the", a leading title and middle initials."""
    key = normalise_name(name).replace("’", "'")
    keys = {key}
    bare = re.sub(r"^the ", "", key)
    keys.add(bare)
    for title in TITLES:
        if bare.startswith(title + " "):
            keys.add(bare[len(title) + 1 :])
            break
    keys |= {re.sub(r" +", " ", MIDDLE_INITIAL.sub("", k)) for k in keys}
    return frozenset(k for k in keys if k)


def all_keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(k for name in names for k in name_keys(name))


def _is_full_name(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and words[0][:1].isupper() and all(
        w[:1].isupper() or w.split("-")[0] in PARTICLES for w in words
    )


def full_name_keys(names: Iterable[str]) -> frozenset[str]:
    """Keys of a person's names that may end a longer extracted name: two or more capitalised
    words (particles such as "al-" allowed), not a title."""
    keys = set()
    for name in names:
        if _is_full_name(name):
            keys |= {k for k in name_keys(name) if " " in k and k not in TITLES}
    return frozenset(keys)


def _ends_with(keys: frozenset[str], endings: frozenset[str]) -> bool:
    return any(k.endswith(" " + end) for k in keys for end in endings)


def gold_actor_names(gold: dict) -> dict[str, frozenset[str]]:
    """{gold actor name: the keys of its name and aliases} for one gold file."""
    return {
        actor["name"]: all_keys([actor["name"], *(actor.get("aliases") or [])])
        for actor in gold.get("actors") or []
    }


def predicted_actor_names(ex: Extraction) -> dict[str, tuple[str, frozenset[str]]]:
    """{actor_id: (canonical name, keys of the name and aliases)} of an extraction."""
    names = {}
    for row in ex.tables.get("actors", []):
        aliases = (row.get("aliases") or "").split(ALIAS_SEPARATOR)
        names[row["actor_id"]] = (row["name"], all_keys([row["name"], *filter(None, aliases)]))
    return names


@dataclass
class Names:
    """Name matching between one gold file's actors and one extraction's actors."""

    gold: dict[str, frozenset[str]]
    predicted: dict[str, tuple[str, frozenset[str]]]
    places: frozenset[str] = field(default_factory=frozenset)
    full: dict[str, frozenset[str]] = field(default_factory=dict)  # gold name -> full_name_keys
    groups: dict[str, str | None] = field(default_factory=dict)  # group actor id -> part_of_id

    @classmethod
    def of(cls, gold: dict, ex: Extraction) -> Names:
        places = all_keys(gold.get("places") or [])
        full = {a["name"]: full_name_keys([a["name"], *(a.get("aliases") or [])])
                for a in gold.get("actors") or [] if a.get("type") == "person"}
        groups = {row["actor_id"]: row.get("part_of_id") for row in ex.tables.get("actors", [])
                  if row.get("type") == "group"}
        return cls(gold_actor_names(gold), predicted_actor_names(ex), places, full, groups)

    def gold_keys(self, name: str) -> frozenset[str]:
        return self.gold.get(name) or name_keys(name)

    def is_gold(self, actor_id: str | None, gold_name: str) -> bool:
        """Whether the extracted actor bears one of the gold actor's names."""
        keys = self.keys(actor_id)
        full = self.full.get(gold_name, frozenset())
        return bool(keys & self.gold_keys(gold_name)) or _ends_with(keys, full)

    def is_place(self, actor_id: str | None) -> bool:
        return bool(self.keys(actor_id) & self.places)

    def keys(self, actor_id: str | None) -> frozenset[str]:
        return self.predicted[actor_id][1] if actor_id in self.predicted else frozenset()

    def name(self, actor_id: str | None) -> str | None:
        return self.predicted[actor_id][0] if actor_id in self.predicted else actor_id

    def same(self, actor_id: str | None, gold_name: str | None) -> bool:
        """Whether the extracted actor is the gold actor; two missing actors are the same."""
        if actor_id is None or gold_name is None:
            return actor_id is None and gold_name is None
        return self.is_gold(actor_id, gold_name)

    def same_speaker(self, actor_id: str | None, gold_name: str | None) -> bool:
        """Whether the extracted speaker is the gold speaker, or a group that speaks for it
        (see the module's docstring)."""
        if self.same(actor_id, gold_name):
            return True
        if actor_id not in self.groups:
            return False
        return self.same(self.groups[actor_id], gold_name)

    def same_set(self, actor_ids: list[str], gold_names: list[str], speakers: bool = False
                 ) -> bool:
        """Whether the extracted actors are exactly the gold actors, one for one (`speakers`:
        compared with `same_speaker`)."""
        same = self.same_speaker if speakers else self.same
        if len(actor_ids) != len(gold_names):
            return False
        partner: dict[int, int] = {}  # gold index -> actor index

        def place(ai: int, seen: set[int]) -> bool:
            for gi, name in enumerate(gold_names):
                if gi in seen or not same(actor_ids[ai], name):
                    continue
                seen.add(gi)
                if gi not in partner or place(partner[gi], seen):
                    partner[gi] = ai
                    return True
            return False

        return all(place(ai, set()) for ai in range(len(actor_ids)))
