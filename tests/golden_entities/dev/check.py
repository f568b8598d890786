#!/usr/bin/env python3
"""Checker for the hand-annotated entity gold files in this directory.

Usage: python3 check.py [file.yaml ...]   (default: every *.yaml next to this script)

Errors (exit status 1):
  - missing keys (source, start_marker, end_marker, entities), source file not found
  - start_marker / end_marker not found exactly once in the source, or end before start
  - an entity without text/label, a label outside the allowed set
  - an entity text that does not occur in the stretch
  - an entity not found after the previous one (reading order)
  Matching rule: a name that starts (ends) with a Latin letter or digit does not match where the
  character before (after) it continues a word, path or URL (`GitHub_events_type.png`,
  `%26Gitee_`, `376686121_OpenRank_Leaderboard`): file names, image paths and URLs are not prose,
  and without this rule the reading-order search would pair a mention with a path.
Warnings (not failures, for review):
  - occurrences of an annotated text inside the stretch that no annotation covers
    (possible missed mention; occurrences inside a longer annotated span count as covered)
"""
import collections
import glob
import os
import sys
from pathlib import Path

import yaml

ALLOWED = {"ORG", "GPE", "PRODUCT", "EVENT", "LAW", "PERSON", "WORK_OF_ART", "FAC"}
CORPUS = str(Path(__file__).resolve().parents[4] / "shared" / "corpus")
HERE = os.path.dirname(os.path.abspath(__file__))


BEFORE_BAD = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_%&/-")
AFTER_BAD = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_%&/")


def _latin(c):
    return c.isascii() and c.isalnum()


def find_name(hay, name, start=0):
    """First occurrence of name in hay at or after start that respects the Latin word boundary."""
    k = hay.find(name, start)
    while k >= 0:
        ok = True
        if _latin(name[0]) and k > 0 and hay[k - 1] in BEFORE_BAD:
            ok = False
        e = k + len(name)
        if _latin(name[-1]) and e < len(hay) and hay[e] in AFTER_BAD:
            ok = False
        if ok:
            return k
        k = hay.find(name, k + 1)
    return -1


def check(path, show_warnings=True):
    errors, warnings = [], []
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    for key in ("source", "start_marker", "end_marker", "entities"):
        if key not in doc:
            errors.append(f"missing key {key!r}")
    if errors:
        return errors, warnings, None
    src = os.path.join(CORPUS, doc["source"])
    if not os.path.exists(src):
        return [f"source not found: {src}"], warnings, None
    with open(src, encoding="utf-8") as f:
        text = f.read()

    positions = {}
    for key in ("start_marker", "end_marker"):
        m = str(doc[key])
        n = text.count(m)
        if n != 1:
            errors.append(f"{key} {m!r} occurs {n} times in the source (must be once)")
        else:
            positions[key] = text.index(m)
    if errors:
        return errors, warnings, None
    start, end = positions["start_marker"], positions["end_marker"]
    if end <= start:
        return [f"end_marker (at {end}) is not after start_marker (at {start})"], warnings, None
    stretch = text[start:end]

    spans = []
    pos = 0
    counts = collections.Counter()
    for i, ent in enumerate(doc["entities"] or []):
        if not isinstance(ent, dict) or "text" not in ent or "label" not in ent:
            errors.append(f"entity #{i}: needs text and label: {ent!r}")
            continue
        t, lab = str(ent["text"]), ent["label"]
        if lab not in ALLOWED:
            errors.append(f"entity #{i} {t!r}: label {lab!r} not in {sorted(ALLOWED)}")
        if not t:
            errors.append(f"entity #{i}: empty text")
            continue
        if find_name(stretch, t) < 0:
            errors.append(f"entity #{i} {t!r}: does not occur in the stretch")
            continue
        j = find_name(stretch, t, pos)
        if j < 0:
            prev = doc["entities"][i - 1]["text"] if i else None
            errors.append(f"entity #{i} {t!r}: not found after the previous entity "
                          f"{prev!r} (which ends at stretch offset {pos}): reading order")
            continue
        spans.append((j, j + len(t), t, lab))
        pos = j + len(t)
        counts[lab] += 1

    # possible misses: occurrences of annotated texts not covered by any annotated span
    covered = [False] * len(stretch)
    for a, b, _, _ in spans:
        for k in range(a, b):
            covered[k] = True
    for t in sorted({s[2] for s in spans}, key=lambda s: (-len(s), s)):
        k = find_name(stretch, t)
        while k >= 0:
            if not all(covered[k:k + len(t)]):
                ctx = stretch[max(0, k - 15):k + len(t) + 15].replace("\n", "⏎")
                warnings.append(f"unannotated occurrence of {t!r} at stretch offset {k}: …{ctx}…")
            k = find_name(stretch, t, k + 1)
    return errors, warnings, counts


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(HERE, "*.yaml")))
    failed = False
    total = collections.Counter()
    n_total = 0
    for path in files:
        errors, warnings, counts = check(path)
        name = os.path.basename(path)
        if errors:
            failed = True
            print(f"FAIL {name}")
            for e in errors:
                print("   error:", e)
        else:
            n = sum(counts.values())
            n_total += n
            total.update(counts)
            by = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
            print(f"OK   {name}: {n} mentions ({by})")
        for w in warnings:
            print("   warning:", w)
    if not failed:
        by = ", ".join(f"{k} {v}" for k, v in sorted(total.items(), key=lambda kv: -kv[1]))
        print(f"ALL OK: {n_total} mentions ({by})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
