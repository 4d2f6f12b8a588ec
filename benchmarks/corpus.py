"""Synthetic news articles about diplomatic talks, for benchmarks (not for evaluation).

Invented people, countries, organisations and places; meetings, demands and rejections; quotes
in every form the extractor must handle (straight and curly marks, split quotes, partial quotes
and reported speech). Deterministic: the same seed and count give the same bytes.

    .venv/bin/python benchmarks/corpus.py OUT_DIR --docs 100 --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Ana", "Boris", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ingrid",
         "Jonas", "Kalinda", "Lars", "Maren", "Nikolai", "Odile", "Pavel", "Quentin", "Rania",
         "Sven", "Tamsin", "Ulrich", "Vesna", "Wendell", "Ximena", "Yusuf", "Zofia"]
LAST = ["Arkwright", "Belenko", "Castellano", "Dragomir", "Eklund", "Ferreira", "Grunwald",
        "Halvorsen", "Ivanescu", "Jovanic", "Kowalczyk", "Lindqvist", "Moravec", "Novak",
        "Okonkwo", "Petrakis", "Quisling", "Rasmussen", "Sorensen", "Tavares", "Ulyanov",
        "Varga", "Whitcombe", "Yilmaz", "Zelenko"]
COUNTRIES = [("Norvania", "Norvanian"), ("Estrelia", "Estrelian"), ("Kaldovia", "Kaldovian"),
             ("Maravia", "Maravian"), ("Ostrland", "Ostrlandic"), ("Veltria", "Veltrian"),
             ("Durovia", "Durovian"), ("Solmark", "Solmarkian")]
ORGS = ["the Northern Security Council", "the Baltic Cooperation Forum",
        "the Union of Coastal States", "the Continental Defence Pact", "the Danube Commission"]
PLACES = ["Brenholm", "Castelmar", "Drovnik", "Eastwick", "Falkenried", "Gorovets", "Halstad",
          "Istrana", "Jelgrave", "Korvasi", "Lindmoor", "Mirovel"]
TITLES = ["foreign minister", "defence minister", "president", "prime minister",
          "secretary general", "chief negotiator", "ambassador"]
DEMANDS = ["withdraw its troops from the border", "halt the deployment of new missiles",
           "release the detained observers", "reopen the northern crossing",
           "guarantee the neutrality of the strait", "end the naval exercises",
           "share its inspection data", "suspend the new sanctions"]
CUES = ["said", "told reporters", "said on Tuesday", "added", "warned", "insisted"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class Article:
    """One invented article, built sentence by sentence from a seeded random generator."""

    def __init__(self, rng: random.Random, published: dt.date) -> None:
        self.rng, self.published = rng, published
        self.a, self.b = rng.sample(COUNTRIES, 2)
        self.org = rng.choice(ORGS)
        self.people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(TITLES), c)
                       for c in (self.a, self.b, self.a)]
        self.place = rng.choice(PLACES)

    def person(self, i: int) -> str:
        name, title, (country, demonym) = self.people[i]
        return f"{demonym} {title.title()} {name}" if self.rng.random() < 0.5 else name

    def quote(self, i: int) -> str:
        rng, who = self.rng, self.person(i)
        words = rng.choice([
            "We are ready to talk, but not under pressure", "There will be no concessions",
            "The door to dialogue remains open", "This proposal is a serious step forward",
            "Our security is not up for negotiation", "We expect an answer within days"])
        form = rng.randrange(5)
        if form == 0:
            return f'"{words}," {who} {rng.choice(CUES)}.'
        if form == 1:
            return f"“{words},” {who} {rng.choice(CUES)}."
        if form == 2:
            return (f"“{words},” {who} said. “We have made that clear to "
                    f"{self.b[0]} many times.”")
        if form == 3:
            return f"{who} said that {words[0].lower() + words[1:]}."
        return f"{who} described the plan as “a {rng.choice(['dead end', 'first step'])}”."

    def meeting(self) -> str:
        rng = self.rng
        day = self.published - dt.timedelta(days=rng.randrange(1, 6))
        when = rng.choice([f"on {WEEKDAYS[day.weekday() % 5]}", f"on {day:%d %B %Y}",
                           "last week", "earlier this month"])
        kind = rng.choice(["talks", "a summit", "a meeting", "consultations"])
        form = rng.randrange(3)
        if form == 0:
            return (f"Delegations from {self.a[0]} and {self.b[0]} held {kind} in {self.place} "
                    f"{when}, hosted by {self.org}.")
        if form == 1:
            return f"{self.person(0)} met {self.person(1)} in {self.place} {when}."
        return (f"The next round of talks between {self.a[0]} and {self.b[0]} is scheduled "
                f"for {rng.choice(WEEKDAYS)} in {rng.choice(PLACES)}.")

    def background(self) -> str:
        rng = self.rng
        return rng.choice([
            f"Relations between {self.a[0]} and {self.b[0]} have been strained for years.",
            f"Analysts in {rng.choice(PLACES)} expect a long and difficult process.",
            f"The two sides last met more than {rng.randint(2, 9)} months ago.",
            f"Trade between the neighbours fell by {rng.randint(5, 40)} per cent last year.",
            f"Observers from {self.org} will attend the next session.",
        ])

    def demand(self) -> str:
        rng, what = self.rng, rng_choice(self.rng, DEMANDS)
        form = rng.randrange(4)
        if form == 3:
            return f"{self.a[1]} officials urged {self.b[0]} to {what} “without delay”."
        if form == 0:
            return f"{self.a[0]} demanded that {self.b[0]} {what}."
        if form == 1:
            return f"{self.person(0)} called on {self.b[0]} to {what}."
        return f"{self.b[0]} rejected the demand to {what}, {self.person(1)} said."

    def text(self) -> str:
        rng = self.rng
        title = f"{self.a[0]} and {self.b[0]} {rng.choice(['resume', 'hold', 'prepare'])} " \
                f"talks in {self.place}"
        standfirst = f"{self.org[0].upper()}{self.org[1:]} says the next round is planned for " \
                     f"{rng.choice(['March', 'April', 'the autumn', 'next month'])}."
        body = []
        makers = [self.meeting, self.demand, self.background,
                  lambda: self.quote(rng.randrange(3))]
        for _ in range(rng.randint(5, 9)):
            parts = [rng.choice(makers)() for _ in range(rng.randint(2, 5))]
            body.append(" ".join(parts))
        return "\n\n".join([title, standfirst, *body]) + "\n"


def rng_choice(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]


def write_corpus(out: Path, docs: int, seed: int = 7) -> Path:
    """Write `docs` articles, sources.yaml and corrections.yaml into `out` (the actors are
    the default registry's)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    lines = ["sources:"]
    for n in range(docs):
        published = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(700))
        article = Article(random.Random(rng.getrandbits(64)), published)
        name = f"{n:06d}.txt"
        (out / name).write_text(article.text(), encoding="utf-8")
        lines += [f"  - id: synthetic-{n:06d}", f"    file: {name}",
                  f"    title: Synthetic article {n}", f"    published: {published.isoformat()}",
                  "    language: en"]
    (out / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "corrections.yaml").write_text("corrections: []\n", encoding="utf-8")
    return out


def texts(folder: Path) -> list[str]:
    """The article texts of a corpus folder, in file order."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = write_corpus(args.out, args.docs, args.seed)
    words = sum(len(t.split()) for t in texts(folder))
    print(f"corpus: {args.docs} documents, {words} words, seed {args.seed} -> {folder}")


if __name__ == "__main__":
    main()
