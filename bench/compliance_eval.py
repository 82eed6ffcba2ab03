"""Score the compliance classifiers on the frozen evaluation sets in bench/compliance_eval/.

    .venv/bin/python bench/compliance_eval.py                 # both sets, rules only
    .venv/bin/python bench/compliance_eval.py --set opt_out   # one set
    .venv/bin/python bench/compliance_eval.py --show-misses   # list what went wrong

Prints, for Fair Housing: recall per protected class and per kind of violation (caught = BLOCK or
REVIEW, and BLOCK alone), the block and review rates on ordinary text per kind, and the confusion
table; for opt-out: the catch rate of revocations per style (OPT_OUT or UNCLEAR on SMS), the
look-alikes taken as an SMS opt-out, e-mail-only requests, HELP/START, and the confusion table.

The sets are frozen: never tune the rules against them. A miss fixed from here moves into the
regression tests and a fresh sentence takes its place (bench/compliance_eval/README.md).
The script works on every version of the classifiers (before issue 8 they answered two ways:
violation or not, opt-out or not), so old commits can be scored the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "compliance_eval"
sys.path[:0] = [str(ROOT)]

FH_VERDICTS = ("allow", "review", "block")
OO_VERDICTS = ("opt_out", "unclear", "none", "help", "start")
SMS_CHANNELS = {"sms", "all"}


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _pct(n: int, d: int) -> str:
    return f"{n:3d}/{d:<3d} {100 * n / d:5.1f} %" if d else "  -"


def fh_verdict(text: str) -> str:
    from compliance.fair_housing import check_fair_housing

    result = check_fair_housing(text)
    verdict = getattr(result, "verdict", None)
    if verdict is None:  # before issue 8: a violation blocked, anything else passed
        return "block" if result.violation else "allow"
    return str(verdict)


def oo_verdict(text: str) -> tuple[str, str]:
    from compliance import consent

    result = consent.classify(text)
    if hasattr(result, "verdict"):
        return str(result.verdict), str(result.channel or "")
    # before issue 8: an Intent; an opt-out was an SMS opt-out, opt_in is START
    old = {"opt_out": ("opt_out", "sms"), "opt_in": ("start", ""), "help": ("help", "")}
    return old.get(str(result), ("none", ""))


def _table(title: str, rows: dict[str, Counter], columns: tuple[str, ...]) -> None:
    print(f"\n{title}")
    print(f"  {'':22s}" + "".join(f"{c:>9s}" for c in columns))
    for name, counts in rows.items():
        print(f"  {name:22s}" + "".join(f"{counts[c]:9d}" for c in columns))


def fair_housing(show_misses: bool, name: str = "fair_housing.jsonl") -> None:
    rows = _load(name)
    for row in rows:
        row["got"] = fh_verdict(row["text"])
    bad = [r for r in rows if r["label"] == "violation"]
    good = [r for r in rows if r["label"] == "ordinary"]
    print(
        f"Fair Housing ({name}): {len(rows)} sentences, {len(bad)} violations, {len(good)} ordinary"
    )
    print("\nviolations caught (BLOCK or REVIEW) / blocked, by class")
    for key in ("class", "kind"):
        groups = defaultdict(list)
        for r in bad:
            groups[r[key]].append(r)
        for name in sorted(groups):
            g = groups[name]
            caught = sum(r["got"] != "allow" for r in g)
            blocked = sum(r["got"] == "block" for r in g)
            print(
                f"  {key} {name:20s} caught {_pct(caught, len(g))}   blocked {_pct(blocked, len(g))}"
            )
        print()
    caught = sum(r["got"] != "allow" for r in bad)
    print(f"  ALL violations          caught {_pct(caught, len(bad))}   (goal >= 95 %)")
    print("\nordinary texts blocked / held for review, by kind")
    groups = defaultdict(list)
    for r in good:
        groups[r["kind"]].append(r)
    for name in sorted(groups):
        g = groups[name]
        blocked = sum(r["got"] == "block" for r in g)
        held = sum(r["got"] == "review" for r in g)
        print(f"  {name:22s} blocked {_pct(blocked, len(g))}   held {_pct(held, len(g))}")
    blocked = sum(r["got"] == "block" for r in good)
    held = sum(r["got"] == "review" for r in good)
    print(
        f"  {'ALL ordinary':22s} blocked {_pct(blocked, len(good))}   held {_pct(held, len(good))}"
    )
    print("  (goals: blocked <= 1 %, held <= 10 %)")
    confusion = {label: Counter() for label in ("violation", "ordinary")}
    for r in rows:
        confusion[r["label"]][r["got"]] += 1
    _table("confusion (label x verdict)", confusion, FH_VERDICTS)
    if show_misses:
        print("\nmisses")
        for r in bad:
            if r["got"] == "allow":
                print(f"  MISSED  [{r['class']}/{r['kind']}] {r['text']}")
        for r in good:
            if r["got"] != "allow":
                print(f"  {r['got'].upper():7s} [{r['kind']}] {r['text']}")


def _sms_opt_out(row: dict) -> bool:
    return row["got"] == "opt_out" and row["channel_got"] in SMS_CHANNELS


def opt_out(show_misses: bool, name: str = "opt_out.jsonl") -> None:
    rows = _load(name)
    for row in rows:
        row["got"], row["channel_got"] = oo_verdict(row["text"])
    print(f"\nOpt-out ({name}): {len(rows)} inbound texts")
    revocations = [r for r in rows if r["label"] == "revocation"]
    print("\nrevocations caught (OPT_OUT or UNCLEAR on SMS) / OPT_OUT alone, by style")
    groups = defaultdict(list)
    for r in revocations:
        groups[r["style"]].append(r)

    def caught(r: dict) -> bool:
        return r["got"] == "unclear" or _sms_opt_out(r)

    for name in sorted(groups):
        g = groups[name]
        print(
            f"  {name:22s} caught {_pct(sum(map(caught, g)), len(g))}   "
            f"opt_out {_pct(sum(map(_sms_opt_out, g)), len(g))}"
        )
    print(
        f"  {'ALL revocations':22s} caught {_pct(sum(map(caught, revocations)), len(revocations))}"
        "   (goal >= 98 %)"
    )
    everything = [r for r in revocations if r["channel"] == "all"]
    print(
        f"  {'channel = all':22s} got channel all {_pct(sum(r['channel_got'] == 'all' for r in everything), len(everything))}"
    )
    print("\nnot revocations")
    for label in ("lookalike", "ordinary"):
        g = [r for r in rows if r["label"] == label]
        if not g:
            continue
        print(
            f"  {label:22s} taken as SMS opt-out {_pct(sum(map(_sms_opt_out, g)), len(g))}   "
            f"unclear {_pct(sum(r['got'] == 'unclear' for r in g), len(g))}"
        )
    lookalikes = [r for r in rows if r["label"] in ("lookalike", "ordinary", "channel_only")]
    print(
        f"  {'ALL non-revocations':22s} taken as SMS opt-out "
        f"{_pct(sum(map(_sms_opt_out, lookalikes)), len(lookalikes))}   (goal <= 5 %)"
    )
    email = [r for r in rows if r["label"] == "channel_only"]
    right = sum(r["got"] == "opt_out" and r["channel_got"] == "email" for r in email)
    print(
        f"  {'e-mail only':22s} e-mail opt-out, SMS kept {_pct(right, len(email))}   "
        f"SMS opted out {_pct(sum(map(_sms_opt_out, email)), len(email))}"
    )
    for label in ("help", "start"):
        g = [r for r in rows if r["label"] == label]
        if not g:
            continue
        print(f"  {label:22s} recognised {_pct(sum(r['got'] == label for r in g), len(g))}")
    labels = ("revocation", "channel_only", "lookalike", "ordinary", "help", "start")
    confusion = {label: Counter() for label in labels if any(r["label"] == label for r in rows)}
    for r in rows:
        confusion[r["label"]][r["got"]] += 1
    _table("confusion (label x verdict)", confusion, OO_VERDICTS)
    if show_misses:
        print("\nmisses")
        for r in rows:
            wrong = (
                (r["label"] == "revocation" and not caught(r))
                or (r["label"] in ("lookalike", "ordinary") and r["got"] in ("opt_out", "unclear"))
                or (
                    r["label"] == "channel_only"
                    and (r["got"], r["channel_got"]) != ("opt_out", "email")
                )
                or (r["label"] in ("help", "start") and r["got"] != r["label"])
            )
            if wrong:
                print(
                    f"  [{r['label']}/{r['style']}] got {r['got']} {r['channel_got']}: {r['text']}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["fair_housing", "opt_out", "both"], default="both")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--round",
        default="",
        help='a later set: "2" scores fair_housing_round2.jsonl and opt_out_round2.jsonl',
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprisehub.settings")
    os.environ.setdefault("ENTERPRISEHUB_TESTING", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["ANTHROPIC_API_KEY"] = ""  # the deterministic rules, never the LLM reviewer
    import django

    django.setup()
    suffix = f"_round{args.round}" if args.round else ""
    if args.set in ("fair_housing", "both"):
        fair_housing(args.show_misses, f"fair_housing{suffix}.jsonl")
    if args.set in ("opt_out", "both"):
        opt_out(args.show_misses, f"opt_out{suffix}.jsonl")


if __name__ == "__main__":
    main()
