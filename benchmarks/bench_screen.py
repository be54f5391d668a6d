"""The red-flag screen on the phrase corpus: sensitivity and specificity per sign, beside medspaCy.

    python benchmarks/bench_screen.py             # the tuning and the held-out half, meridian's screen
    python benchmarks/bench_screen.py --medspacy  # also medspaCy's ConText on the same corpus

Targets (on the held-out half, which the matcher was not tuned on): sensitivity for emergencies
98% or more (an emergency phrase raises an emergency), specificity on ordinary complaints 95% or
more (an ordinary complaint raises nothing). medspaCy is a yardstick, not a dependency: install it
apart (``pip install medspacy``); it gets the same signs as target rules built from the same terms
and synonyms (in the order written, up to three words apart) and its default ConText rules.
The last lines time the screen on a long text, 1x and 10x, to show it grows linearly.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

from meridian import build_graph
from meridian.screen import screen

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
G = build_graph()
EMERGENCY = {f.id for f in G.graph["red_flags"] if f.urgency == "emergency"}
Reader = Callable[[list[str]], set[str]]
#: The two tuning halves, then the held-out half (never read while tuning).
HALVES = ("tune", *(f"tune{n}" for n in range(2, 11)), "heldout")


def meridian_reader(texts: list[str]) -> set[str]:
    result = screen(G, texts)
    return {f["id"] for f in result["red_flags"]} | {c["id"] for c in result["contraindications"]}


def measure(corpus: list[dict], read: Reader) -> dict:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fn tn fp
    emergency, ordinary = [0, 0], [0, 0]
    for e in corpus:
        got = read([e["text"], *e.get("with", [])])
        sign = e["sign"]
        if sign is None:
            ordinary[0 if not got else 1] += 1
            continue
        hit = sign in got
        if e["raises"]:
            per[sign][0 if hit else 1] += 1
            if sign in EMERGENCY:
                emergency[0 if got & EMERGENCY else 1] += 1
        else:
            per[sign][3 if hit else 2] += 1
    return {"per": per, "emergency": emergency, "ordinary": ordinary}


def _pct(good: int, bad: int) -> str:
    return f"{100 * good / (good + bad):5.1f}%" if good + bad else "    -"


def report(name: str, m: dict, table: bool) -> tuple[float, float]:
    if table:
        print(
            f"\n{name}: sign, sensitivity (said plainly),"
            " specificity (negated, past, family, hypothetical)"
        )
        for sign in sorted(m["per"]):
            tp, fn, tn, fp = m["per"][sign]
            print(f"  {sign:<20} {_pct(tp, fn)} of {tp + fn:>2}   {_pct(tn, fp)} of {tn + fp:>2}")
    tp = sum(v[0] for v in m["per"].values())
    fn = sum(v[1] for v in m["per"].values())
    tn = sum(v[2] for v in m["per"].values())
    fp = sum(v[3] for v in m["per"].values())
    e, o = m["emergency"], m["ordinary"]
    sens_e = e[0] / max(1, sum(e))
    spec_o = o[0] / max(1, sum(o))
    print(
        f"{name}: all signs sensitivity {_pct(tp, fn)}, context specificity {_pct(tn, fp)};"
        f" emergency sensitivity {_pct(*e)} ({e[0]}/{sum(e)}),"
        f" ordinary specificity {_pct(*o)} ({o[0]}/{sum(o)})"
    )
    return sens_e, spec_o


def medspacy_reader() -> Reader:
    import medspacy  # a benchmark dependency only
    from loguru import logger

    logger.remove()
    from medspacy.target_matcher import TargetRule

    nlp = medspacy.load(enable=["medspacy_pyrush", "medspacy_target_matcher", "medspacy_context"])
    groups = G.graph["symptom_words"]
    rules = []
    for item in (*G.graph["red_flags"], *G.graph["contraindications"]):
        terms = list(item.terms) + [t for g in getattr(item, "together", ()) for t in g.terms]
        for term in terms:
            pattern: list[dict] = []
            for k, word in enumerate(term.split()):
                alts = groups[word] if word.isupper() else [word.replace("+", " ")]
                single = [a.rstrip("*=") for a in alts if " " not in a]
                if not single:
                    pattern = []
                    break
                if k:
                    pattern += [{"OP": "?"}] * 3
                pattern.append({"LOWER": {"REGEX": "^(" + "|".join(sorted(set(single))) + ")"}})
            if pattern:
                rules.append(TargetRule(term, item.id, pattern=pattern))
    nlp.get_pipe("medspacy_target_matcher").add(rules)

    def read(texts: list[str]) -> set[str]:
        found: dict[str, set[str]] = defaultdict(set)
        for text in texts:
            for ent in nlp(text).ents:
                plain = not (
                    ent._.is_negated or ent._.is_historical or ent._.is_hypothetical or ent._.is_family
                )
                found[ent.label_].add("plain" if plain else "context")
        return {sign for sign, states in found.items() if "plain" in states}

    return read


def timing() -> None:
    base = "sharp pain in my left shoulder after lifting boxes, no fever, denies chest pain, " * 30
    took = {}
    for size in (200, 2000):
        start = time.perf_counter()
        for _ in range(5):
            screen(G, [base[:size]])
        took[size] = (time.perf_counter() - start) / 5
        print(f"screen of one text of {size:>5} characters: {took[size] * 1000:7.1f} ms")
    print(f"10x the text: {took[2000] / took[200]:.1f}x the time (linear: about 10x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--medspacy", action="store_true", help="also measure medspaCy's ConText")
    parser.add_argument("--table", action="store_true", help="print the per-sign table")
    args = parser.parse_args()
    halves = {half: yaml.safe_load((CORPUS / f"screen_{half}.yaml").read_text()) for half in HALVES}
    readers: dict[str, Reader] = {"meridian": meridian_reader}
    if args.medspacy:
        readers["medspaCy ConText"] = medspacy_reader()
    verdicts = []
    for who, read in readers.items():
        for half, corpus in halves.items():
            sens, spec = report(f"{who} / {half}", measure(corpus, read), args.table)
            if who == "meridian" and half == "heldout":
                verdicts.append(("emergency sensitivity >= 98%", sens >= 0.98))
                verdicts.append(("ordinary specificity >= 95%", spec >= 0.95))
    timing()
    for what, ok in verdicts:
        print(f"{'PASS' if ok else 'MISS'} held-out {what}")
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
