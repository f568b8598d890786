"""Structural check of the golden YAML files in this folder.

Run:  python tests/golden/check_golden.py   (exit code 0 when every file is well-formed)

It does not run the extractor. It checks that
- every file loads and has the shape described in README.md;
- case ids are unique across all files;
- for a source file, every `text` is an exact substring of that file, and every `heading` line
  is a whole line of that file standing before the text (the headings, outermost first);
- every `figure` (and every `not_claims` entry) is a substring of its `text`; a figure that
  occurs more than once in `text` carries an explicit `occurrence`, claims are listed in
  reading order, and no `not_claims` entry overlaps a claim's figure;
- every claim field is a claims-table column, or figure / occurrence / xfail;
- enumerated fields hold allowed values, value_low <= value <= value_high, `year` agrees with
  `period`, kind agrees with unit, metric and subject are written in Simplified script;
- in written.yaml, every `-s` case has a `-t` twin with the same annotations (figures aside).
"""
from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SOURCE_DIRS = [REPO / "raw", REPO.parent / "shared" / "corpus", REPO / "shared" / "corpus", HERE / "sources"]

CLAIM_COLUMNS = {
    "claim_id", "doc_id", "passage_id", "section_path", "sentence", "char_start", "char_end",
    "surface", "value", "value_low", "value_high", "unit", "unit_surface", "kind", "qualifier",
    "direction", "value_role", "from_value", "yoy", "base_period", "period", "year", "modality",
    "metric", "metric_norm", "subject", "subject_norm", "dup_group", "is_canonical", "origin",
}
EXTRA_FIELDS = {"figure", "occurrence", "xfail"}
# A case states only the fields it tests; the figure that locates the claim is always there.
REQUIRED_FIELDS = ["figure"]
ORIGINS = {"prose", "title", "list", "table"}

KINDS = {"money", "percent", "percentage_point", "count", "duration", "ratio", "rank", "other"}
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than", "at_most"}
DIRECTIONS = {"increase", "decrease", None}
ROLES = {"level", "change", "difference"}
MODALITIES = {"actual", "forecast", "target"}
CURRENCIES = {"CNY", "USD", "HKD", "MOP", "TWD", "EUR", "JPY", "GBP", "AUD", "CAD", "SGD", "KRW",
              "CHF", "NZD"}
DURATIONS = {"day", "hour", "month", "year", "minute"}
PERIOD_RE = re.compile(
    r"^\d{4}(Q[1-4](-Q[1-4])?|H[12]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$|^\d{4}-\d{4}$"
    r"|^\d{4}-(0[1-9]|1[0-2])/\d{4}-(0[1-9]|1[0-2])$"
)


def expected_kind(unit):
    if unit in CURRENCIES:
        return {"money"}
    if unit == "%":
        return {"percent"}
    if unit == "pp":
        return {"percentage_point"}
    if unit in DURATIONS:
        return {"duration"}
    if unit in ("times", "ratio"):
        return {"ratio"}
    if unit == "rank":
        return {"rank"}
    return {"count", "other"}


def period_year(period):
    m = re.fullmatch(r"(\d{4})-(\d{4})", period) or re.fullmatch(r"(\d{4})-\d\d/(\d{4})-\d\d", period)
    return int(m.group(2)) if m else int(period[:4])


def to_simplified(s):
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a project dependency
        return s
    return opencc.OpenCC("t2s").convert(s)


def find_source(name):
    for d in SOURCE_DIRS:
        p = d / name
        if p.is_file():
            return p.read_text(encoding="utf-8")
    return None


def nth_find(text, fig, occ):
    pos = -1
    for _ in range(occ):
        pos = text.find(fig, pos + 1)
        if pos < 0:
            return -1
    return pos


def check_heading(heading, text, src_text, err) -> None:
    """`heading`: one line or a list of lines, outermost first, each without a line break; in a
    source file, whole lines in that order before the case text."""
    if heading is None:
        return
    lines = [heading] if isinstance(heading, str) else heading
    if not isinstance(lines, list) or not lines or not all(isinstance(x, str) and x.strip() for x in lines):
        err("heading must be a non-empty line or a list of them")
        return
    if any("\n" in x or "\r" in x or x != x.strip() for x in lines):
        err("a heading line holds no line break and no surrounding space")
        return
    if src_text is None:
        return
    at = src_text.find(text)
    pos = 0
    source_lines = src_text.splitlines(keepends=True)
    starts = [0]
    for ln in source_lines:
        starts.append(starts[-1] + len(ln))
    for line in lines:
        found = [s for s, ln in zip(starts, source_lines) if ln.rstrip("\r\n").strip() == line and s >= pos]
        if not found or found[0] >= at:
            err(f"heading line {line!r} is not a line of the source before the text")
            return
        pos = found[0] + 1


def check_fields(cl: dict, w: str, err) -> None:
    """The fields a claim states, each against its allowed values and the others it states."""
    xf = cl.get("xfail")
    if xf is not None and not (isinstance(xf, str) and xf) and not (
        isinstance(xf, dict) and xf and all(k in cl and isinstance(r, str) and r for k, r in xf.items())
    ):
        err(w, "xfail is a reason, or a map from stated fields to reasons")
    v, lo, hi = cl.get("value"), cl.get("value_low"), cl.get("value_high")
    for name, x in (("value", v), ("value_low", lo), ("value_high", hi),
                    ("from_value", cl.get("from_value"))):
        if x is not None and not (isinstance(x, (int, float)) and not isinstance(x, bool)
                                  and math.isfinite(x)):
            err(w, f"{name} must be a number or null, got {x!r}")
    num = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)  # noqa: E731
    if num(lo) and num(hi) and lo > hi:
        err(w, "value_low > value_high")
    if num(v) and num(lo) and num(hi) and not (lo <= v <= hi):
        err(w, "value outside [value_low, value_high]")
    if "value_low" in cl and "value_high" in cl and (lo is None) != (hi is None):
        err(w, "value_low and value_high must both be set or both null")
    if "value" in cl and v is None and cl.get("kind") != "ratio" and cl.get("qualifier") != "approx":
        err(w, "null value is only for vague amounts (approx) or multi-part ratios")
    if "kind" in cl:
        if cl["kind"] not in KINDS:
            err(w, f"kind {cl['kind']!r}")
        elif "unit" in cl and cl["kind"] not in expected_kind(cl["unit"]):
            err(w, f"kind {cl['kind']!r} does not fit unit {cl['unit']!r}")
    for name, allowed in (("qualifier", QUALIFIERS), ("direction", DIRECTIONS),
                          ("value_role", ROLES), ("modality", MODALITIES), ("origin", ORIGINS)):
        if name in cl and cl[name] not in allowed:
            err(w, f"{name} {cl[name]!r}")
    if "yoy" in cl and cl["yoy"] is not True:
        err(w, "give yoy only when true")
    if "from_value" in cl and cl.get("value_role", "level") != "level":
        err(w, "a from-to claim is a level (the B of from A to B)")
    bp = cl.get("base_period")
    if bp is not None and not (isinstance(bp, str) and PERIOD_RE.match(bp)):
        err(w, f"base_period {bp!r}")
    per, yr = cl.get("period"), cl.get("year")
    if per is None:
        if yr is not None:
            err(w, "year without period")
    elif not (isinstance(per, str) and PERIOD_RE.match(per)):
        err(w, f"period {per!r} is not of the contract's period grammar")
    elif "year" in cl and yr != period_year(per):
        err(w, f"year {yr!r} does not match period {per!r}")
    for name in ("metric", "subject"):
        if name not in cl:
            continue
        s = cl[name]
        if s is None:  # no one named; no noun naming the measure written (`將可節省約6億元`)
            continue
        if not isinstance(s, str) or not s:
            err(w, f"{name} must be a non-empty string")
        elif to_simplified(s) != s:
            err(w, f"{name} {s!r} is not in Simplified script")


def check_file(path: Path, seen_ids: dict, errors: list) -> dict:
    stats = {"cases": 0, "claims": 0, "not_claims": 0}
    err = lambda where, msg: errors.append(f"{path.name}: {where}: {msg}")  # noqa: E731
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        err("file", f"YAML does not load: {e}")
        return stats
    if not isinstance(doc, dict) or not {"source", "groups"} <= set(doc) <= {"source", "groups", "context"}:
        err("file", "top level must have `source` and `groups`, and may have `context`")
        return stats
    in_document = doc.get("context") == "document"
    if doc.get("context") not in (None, "document"):
        err("file", "context is `document` when given")
    source = doc["source"]
    src_text = None
    if source != "written":
        src_text = find_source(source)
        if src_text is None:
            err("file", f"source file {source!r} not found in {[str(d) for d in SOURCE_DIRS]}")
    cases_by_id = {}
    for g in doc["groups"]:
        if not isinstance(g, dict) or set(g) != {"phenomenon", "cases"}:
            err("group", f"group must have exactly `phenomenon` and `cases`: {g!r:.80}")
            continue
        for c in g["cases"]:
            stats["cases"] += 1
            cid = c.get("id")
            where = f"case {cid}"
            if not cid or not isinstance(cid, str):
                err(where, "missing id")
                continue
            if cid in seen_ids:
                err(where, f"duplicate id (also in {seen_ids[cid]})")
            seen_ids[cid] = path.name
            cases_by_id[cid] = c
            extra = set(c) - {"id", "heading", "text", "claims", "not_claims", "xfail_extra"}
            if extra:
                err(where, f"unknown case keys {sorted(extra)}")
            text = c.get("text")
            if not isinstance(text, str) or not text:
                err(where, "missing text")
                continue
            if src_text is not None and text not in src_text:
                err(where, "text is not an exact substring of the source file")
            if in_document and src_text is not None and src_text.count(text) > 1:
                err(where, "text occurs more than once in the source: extend it until it is unique")
            if in_document and "heading" in c:
                err(where, "a case read in its document takes its headings from the document")
            check_heading(c.get("heading"), text, src_text, lambda msg: err(where, msg))
            for nc in c.get("not_claims") or []:
                stats["not_claims"] += 1
                if not isinstance(nc, str) or nc not in text:
                    err(where, f"not_claim {nc!r} is not a substring of text")
            last_pos = -1
            claims = c.get("claims")
            if not isinstance(claims, list):
                err(where, "claims must be a list (may be empty)")
                continue
            spans = []
            for i, cl in enumerate(claims):
                stats["claims"] += 1
                w = f"{where} claim {i} ({cl.get('figure')!r})"
                bad = set(cl) - CLAIM_COLUMNS - EXTRA_FIELDS
                if bad:
                    err(w, f"fields not in the claims table: {sorted(bad)}")
                missing = [f for f in REQUIRED_FIELDS if f not in cl]
                if missing:
                    err(w, f"missing fields {missing}")
                    continue
                fig = cl["figure"]
                occ = cl.get("occurrence", 1)
                if not isinstance(fig, str) or fig not in text:
                    err(w, "figure is not a substring of text")
                    continue
                count = text.count(fig)
                if count > 1 and "occurrence" not in cl:
                    err(w, f"figure occurs {count} times in text: give `occurrence`")
                if not isinstance(occ, int) or occ < 1 or occ > count:
                    err(w, f"occurrence {occ} but figure occurs {count} times")
                    continue
                pos = nth_find(text, fig, occ)
                if pos < last_pos:
                    err(w, "claims are not in reading order")
                last_pos = pos
                spans.append((pos, pos + len(fig)))
                check_fields(cl, w, err)
            for nc in c.get("not_claims") or []:
                if not isinstance(nc, str) or not nc:
                    continue
                start = text.find(nc)
                while start >= 0:
                    end = start + len(nc)
                    if any(a < end and start < b for a, b in spans):
                        err(where, f"not_claim {nc!r} overlaps a claim figure")
                    start = text.find(nc, start + 1)
    if source == "written":
        for cid, c in cases_by_id.items():
            if cid.endswith("-s"):
                twin = cases_by_id.get(cid[:-2] + "-t")
                if twin is None:
                    err(f"case {cid}", "no Traditional twin (-t)")
                    continue
                a, b = c["claims"], twin["claims"]
                if len(a) != len(b):
                    err(f"case {cid}", f"{len(a)} claims but its -t twin has {len(b)}")
                    continue
                for i, (x, y) in enumerate(zip(a, b)):
                    strip = lambda d: {k: v for k, v in d.items() if k != "figure"}  # noqa: E731
                    if strip(x) != strip(y):
                        err(f"case {cid} claim {i}", "differs from its -t twin")
                if len(c.get("not_claims") or []) != len(twin.get("not_claims") or []):
                    err(f"case {cid}", "not_claims count differs from its -t twin")
            elif cid.endswith("-t"):
                if cid[:-2] + "-s" not in cases_by_id:
                    err(f"case {cid}", "no Simplified twin (-s)")
            else:
                err(f"case {cid}", "written case ids end in -s or -t")
    return stats


def main(argv=None) -> int:
    files = [Path(p) for p in (argv or [])] or sorted(HERE.glob("*.yaml"))
    errors: list = []
    seen: dict = {}
    for p in files:
        st = check_file(p, seen, errors)
        print(f"{p.name}: {st['cases']} cases, {st['claims']} claims, "
              f"{st['not_claims']} not_claims")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
