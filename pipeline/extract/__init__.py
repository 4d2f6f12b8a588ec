"""Extraction: passages of one source -> rows of actors, statements, meetings and demands.

Public API: `load_nlp`, `load_registry`, `load_lexicon`, `extractor_version`, `extract_source`
and `extract_sources` (many sources, parsed as one spaCy stream).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import spacy

from ..config import DEFAULT_MODEL
from ..models import Extraction, Passage, Source
from .actors import build_index
from .actors.rows import actor_rows, mention_rows
from .context import Context, Parsed, find_quotes
from .demands import find_demands
from .demands.rows import demand_rows
from .lexicon import LEXICON_DIR, Lexicon, load_lexicon
from .meetings import find_meetings
from .meetings.rows import meeting_rows
from .registry import Registry, load_registry
from .statements import find_statements
from .statements.rows import statement_rows

__all__ = [
    "Lexicon",
    "Registry",
    "extract_source",
    "extract_sources",
    "extractor_version",
    "load_lexicon",
    "load_nlp",
    "load_registry",
]

TABLES = (
    "actors",
    "actor_mentions",
    "statements",
    "meetings",
    "meeting_mentions",
    "meeting_participants",
    "demands",
    "demand_responses",
)
BATCH_SIZE = 64


@functools.lru_cache(maxsize=4)
def _cached_nlp(model: str, seeds_registry: str | None) -> spacy.language.Language:
    nlp = spacy.load(model)
    patterns = load_registry(Path(seeds_registry) if seeds_registry else None).patterns()
    if patterns:  # a ruler without patterns would warn (W036) on every doc
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(patterns)
    return nlp


def _present(seeds_registry: Path | None) -> Path | None:
    return seeds_registry.resolve() if seeds_registry and seeds_registry.is_file() else None


def load_nlp(
    model: str = DEFAULT_MODEL, registry_path: Path | None = None
) -> spacy.language.Language:
    """The spaCy pipeline with an EntityRuler of the registry's names placed before "ner": the
    default registry, and a seeds folder's `registry_path` (actors.yaml) when it exists. Loaded
    once per process for each (model, registry) pair."""
    present = _present(registry_path)
    return _cached_nlp(model, str(present) if present else None)


def _model_version(model: str) -> str:
    try:
        return metadata.version(model)
    except metadata.PackageNotFoundError:
        return "unknown"


def extractor_version(model: str, registry_path: Path | None = None) -> str:
    """Short hash of the extraction code, the lexicons (the default registry among them), the
    seeds folder's registry `registry_path` when it exists, and the model's name and version."""
    digest = hashlib.sha256(f"{model}=={_model_version(model)}\n".encode())
    here = Path(__file__).parent
    files = [(p.relative_to(here).as_posix(), p) for p in sorted(here.rglob("*.py"))]
    files += [(f"lexicons/{p.name}", p) for p in sorted(LEXICON_DIR.glob("*"))]  # + registry
    if (seeds := _present(registry_path)) is not None:
        files.append(("seeds/actors.yaml", seeds))
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _parse(
    items: list[tuple[Source, list[Passage]]], nlp: spacy.language.Language
) -> Iterator[list[Parsed]]:
    """The parsed English passages of each source in turn. Every passage of `items` goes through
    one `nlp.pipe` stream (spaCy batches across sources); a source's Docs live until the caller
    moves on to the next source."""
    english = [[p for p in passages if p.language == "en"] for _, passages in items]
    docs = nlp.pipe((p.text for kept in english for p in kept), batch_size=BATCH_SIZE)
    for (source, _), kept in zip(items, english, strict=True):
        parsed, base = [], 0
        for i, (passage, doc) in enumerate(zip(kept, itertools.islice(docs, len(kept)),
                                               strict=True)):
            if source.text[passage.char_start : passage.char_end] != passage.text:
                raise ValueError(f"passage {passage.passage_id} does not match its source span")
            parsed.append(Parsed(i, passage, doc, find_quotes(passage.text), base))
            base += sum(1 for _ in doc.sents)
        yield parsed


def _check_spans(source: Source, tables: dict[str, list[dict]]) -> None:
    for name, rows in tables.items():
        for row in rows:
            if "char_start" not in row:
                continue
            start, end = row["char_start"], row["char_end"]
            if not 0 <= start <= end <= len(source.text):
                raise ValueError(f"{name}: span {start}:{end} lies outside the source")
            if "text" in row and source.text[start:end] != row["text"]:
                raise ValueError(f"{name}: text of {start}:{end} is not the source slice")


def extract_sources(
    items: list[tuple[Source, list[Passage]]],
    nlp: spacy.language.Language,
    registry: Registry,
    lexicon: Lexicon,
    version: str,
) -> Iterator[Extraction]:
    """The extraction of each (source, passages) pair, in order, parsed as one spaCy stream."""
    for (source, _), parsed in zip(items, _parse(items, nlp), strict=True):
        yield _extract(Context(source, parsed, registry, lexicon), version)


def extract_source(
    source: Source,
    passages: list[Passage],
    nlp: spacy.language.Language,
    registry: Registry,
    lexicon: Lexicon,
    version: str,
) -> Extraction:
    """Rows of every extracted table for one source. Non-English passages yield nothing."""
    return next(extract_sources([(source, passages)], nlp, registry, lexicon, version))


def _extract(ctx: Context, version: str) -> Extraction:
    index = build_index(ctx)
    statements = find_statements(ctx, index)
    meetings = find_meetings(ctx, index)
    demands = find_demands(ctx, index, statements)
    parts = [
        statement_rows(ctx, statements, version),
        meeting_rows(ctx, meetings, version),
        demand_rows(ctx, demands, version),
    ]
    tables = {name: rows for part in parts for name, rows in part.tables.items()}
    roles = frozenset().union(*(part.actors for part in parts))
    places = frozenset(row["location"] for row in tables["meetings"] if row["location"])
    tables["actors"] = actor_rows(ctx, index, roles, places)
    kept = {row["name"] for row in tables["actors"]}
    tables["actor_mentions"] = mention_rows(ctx, index, kept)
    _check_spans(ctx.source, tables)
    return Extraction(source_id=ctx.source_id, tables={name: tables[name] for name in TABLES})
