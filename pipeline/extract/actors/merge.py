"""Actors of one source that are one: a person named by part of a longer name, an
organisation by the tail of another's name, a state by the short form of its long name."""

from __future__ import annotations

from ..context import Context
from .model import Actor, ActorIndex
from .names import state_form


def merge_short_names(index: ActorIndex) -> None:
    """A person named by part of one longer name of the source is that person: the surname
    ("Ruiz"), the given name ("Ana") or the tail ("Maria Ruiz") of "Ana Maria Ruiz". A part
    that two longer names share stays apart. So is an organisation named by the tail of one
    other's name ("Trade Council" after "the U.N. Trade Council")."""
    persons = [a for a in index.actors.values() if a.type in ("person", "other")]
    full = [a.name.split() for a in persons if a.type == "person" or " " in a.name]
    lower = {" ".join(f).lower(): " ".join(f) for f in full}
    for short in persons:
        words = short.name.split()
        if short.in_registry or not words[-1][:1].isupper():
            continue
        n = len(words)
        low = [w.lower() for w in words]  # "De Ruiz" at a sentence's start is "de Ruiz"
        longer = [
            f for f in (k.split() for k in lower)
            if len(f) > n and (f[-n:] == low or (n == 1 and f[0] == low[0]))
        ]
        target = lower[" ".join(longer[0])] if len(longer) == 1 else None
        if target is not None and index.actors[target].type == "person":
            _relink(index, short.name, target, "surname")
    orgs = [a for a in index.actors.values() if a.type == "organization"]
    for short in orgs:
        if short.in_registry or " " not in short.name:
            continue
        longer = [o for o in orgs if o is not short and _has_tail(o, short.name)]
        if len(longer) == 1:
            _relink(index, short.name, longer[0].name, "alias")


def _has_tail(actor: Actor, tail: str) -> bool:
    """Whether a name or alias of `actor` ends with `tail` ("U.N. Trade Council", "Council")."""
    return any(n.endswith(" " + tail) for n in (actor.name, *actor.aliases))


def _relink(index: ActorIndex, short: str, target: str, method: str) -> None:
    """Every mention of actor `short` becomes one of `target`; `short` is no actor."""
    for mention in index.mentions:
        if mention.actor == short:
            mention.actor, mention.method = target, method
    del index.actors[short]


def short_state_names(ctx: Context, index: ActorIndex) -> None:
    """ "Malta" after "the Republic of Malta" is the same country: relink its mentions."""
    long_names = {}
    for actor in index.actors.values():
        match = state_form(ctx).match(actor.name)
        if match:
            long_names[match.group(2)] = actor.name
    for mention in index.mentions:
        if mention.actor in long_names:
            short = mention.actor
            mention.actor = long_names[short]
            mention.method = "alias"
            index.actors[long_names[short]].aliases.add(short)
