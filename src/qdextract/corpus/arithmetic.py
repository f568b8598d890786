"""Sums the text lets us redo, and only those: every message shows the computation.

- growth: a level now, its stated growth over a base period, and the level at the base;
- change: `從A降至B` beside a stated change;
- parts of one whole, only where the text presents them as parts: shares after `分别占` or after
  `X中,` (among X) that add up to more than 100%, figures after `其中` that add up to more than the
  whole stated just before, and a table's columns against its total row (`合计`, `总计`).

Two platforms' penetration rates (`抖音、快手直播用户占比86.8%、86%`) are not parts of anything, so
they are never summed. Claims come in as plain dicts in reading order, trusted ones only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cache

import regex

from qdextract.corpus.finding import finding, fmt_number, quote, rules, where


def _agrees(computed: float, stated: float) -> bool:
    r = rules()
    return abs(computed - stated) <= max(r.growth_tolerance_points, abs(stated) * r.growth_tolerance_relative)


def _signed(c: dict) -> float:
    return -c["value"] if c.get("direction") == "decrease" else c["value"]


def _arithmetic_finding(kind: str, ok: bool, parts: list[dict], message: str) -> dict:
    severity = rules().severity["arithmetic_consistent" if ok else "arithmetic_inconsistent"]
    verdict = "agrees" if ok else "does not agree"
    return finding(kind, severity, [c["claim_id"] for c in parts], [c["doc_id"] for c in parts],
                   f"{message}: {verdict} with the stated figure")


def _previous_period(period: str | None) -> str | None:
    if not period or not period[:4].isdigit():
        return None
    return f"{int(period[:4]) - 1}{period[4:]}"


def by_passage(claims: list[dict]) -> dict[str, list[dict]]:
    """Claims grouped by passage, in reading order: the arithmetic checks look only within one."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        grouped[c["passage_id"]].append(c)
    return grouped


def growth_findings(claims: list[dict]) -> list[dict]:
    """A level now, its stated growth over a base, and the level at the base: (now/base - 1)."""
    levels: dict[tuple, list[dict]] = defaultdict(list)
    for c in claims:
        if c.get("value_role") == "level" and c.get("value") is not None and c.get("metric_norm"):
            levels[(c["doc_id"], c["metric_norm"], c.get("unit"))].append(c)
    out = []
    passages = by_passage(claims)
    for change in claims:
        if change.get("value_role") != "change" or change.get("unit") != "%" or change.get("value") is None:
            continue
        base_period = change.get("base_period") or (_previous_period(change.get("period")) if change.get("yoy") else None)
        now = _level_beside(change, passages[change["passage_id"]])
        if now is None or base_period is None:
            continue
        for base in levels.get((now["doc_id"], now["metric_norm"], now.get("unit")), []):
            if base.get("period") != base_period or base["claim_id"] == now["claim_id"] or not base["value"]:
                continue
            if not (base.get("subject_norm") in (None, now.get("subject_norm")) or now.get("subject_norm") is None):
                continue
            computed = (now["value"] / base["value"] - 1) * 100
            message = (
                f"{now['metric_norm']}: ({fmt_number(now['value'])} / {fmt_number(base['value'])} - 1) x 100 = "
                f"{computed:+.1f}% against the stated {fmt_number(_signed(change))}% ({change['surface']}) "
                f"over {base_period}, in {where(change)}"
            )
            out.append(_arithmetic_finding("arithmetic_growth", _agrees(computed, _signed(change)), [now, base, change], message))
    return out


def _level_beside(change: dict, claims: list[dict]) -> dict | None:
    """The level the change belongs to: the nearest level before it in the same passage."""
    best = None
    for c in claims:
        if (
            c.get("value_role") == "level"
            and c.get("value") is not None
            and c.get("metric_norm")
            and c["char_end"] <= change["char_start"]
            and (change.get("metric_norm") in (None, c["metric_norm"]))
            and (best is None or c["char_start"] > best["char_start"])
        ):
            best = c
    return best


def from_to_findings(claims: list[dict]) -> list[dict]:
    """`從A降至B` beside a stated change: B - A (points) or B / A - 1 (percent)."""
    out = []
    passages = by_passage(claims)
    for pair in claims:
        if pair.get("from_value") is None or pair.get("value") is None:
            continue
        change = _change_after(pair, passages[pair["passage_id"]])
        if change is None:
            continue
        a, b, stated = pair["from_value"], pair["value"], _signed(change)
        readings = []
        if change.get("unit") == "pp" or (change.get("unit") == "%" and pair.get("unit") == "%"):
            readings.append((b - a, f"{fmt_number(b)} - {fmt_number(a)} = {b - a:+.2f} points"))
        if change.get("unit") == "%" and a:
            rel = (b / a - 1) * 100
            readings.append((rel, f"({fmt_number(b)} / {fmt_number(a)} - 1) x 100 = {rel:+.1f}%"))
        if not readings:
            continue
        ok = any(_agrees(value, stated) for value, _ in readings)
        message = (
            f"{pair.get('metric_norm') or 'figure'} {pair['surface']} with stated change {change['surface']}: "
            + " or ".join(text for _, text in readings)
            + f", in {where(pair)}"
        )
        out.append(_arithmetic_finding("arithmetic_change", ok, [pair, change], message))
    return out


def _change_after(pair: dict, claims: list[dict]) -> dict | None:
    """The first change figure after a from/to pair in the same passage, for a compatible metric."""
    for c in claims:
        if (
            c["char_start"] >= pair["char_end"]
            and c.get("value_role") in ("change", "difference")
            and c.get("unit") in ("%", "pp")
            and c.get("value") is not None
            and c.get("from_value") is None
            and c.get("metric_norm") in (None, pair.get("metric_norm"))
        ):
            return c
    return None


# ---------------------------------------------------------------- parts of one whole

def _offset(c: dict, passage_start: int | None) -> int:
    """Where the claim stands in its sentence (its passage's text)."""
    sentence, surface = str(c.get("sentence") or ""), str(c.get("surface") or "")
    if passage_start is not None and c.get("char_start") is not None:
        at = int(c["char_start"]) - int(passage_start)
        if sentence[at : at + len(surface)] == surface:
            return at
    return sentence.find(surface)


@cache
def _cue_pattern(cues: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("|".join(regex.escape(c) for c in sorted(cues, key=len, reverse=True)))


def _cue_positions(sentence: str, cues: tuple[str, ...]) -> list[int]:
    """Where each cue word ends in the sentence (most sentences hold none: a substring test first)."""
    if not any(cue in sentence for cue in cues):
        return []
    return [m.end() for m in _cue_pattern(cues).finditer(sentence, overlapped=True)]


def _summable(c: dict) -> bool:
    return (c.get("value_role") == "level" and c.get("value") is not None
            and c.get("qualifier") in rules().summable_qualifiers)


def _sum_text(parts: list[dict]) -> tuple[float, str]:
    total = sum(c["value"] for c in parts)
    return total, " + ".join(fmt_number(c["value"]) for c in parts)


def share_findings(claims: list[dict], starts: dict[str, int]) -> list[dict]:
    """Shares that the text presents as parts of one whole (`分别占`, `X中,A占比…`) above 100%."""
    r = rules()
    whole_cue = regex.compile(r.share_whole_cue)
    out = []
    for pid, cs in by_passage(claims).items():
        sentence = str(cs[0].get("sentence") or "")
        cue_at = _cue_positions(sentence, r.parts_cues) + [m.end() for m in whole_cue.finditer(sentence)]
        if not cue_at:
            continue
        first_cue = min(cue_at)
        parts_by_period: dict[object, list[dict]] = defaultdict(list)
        for c in cs:
            metric = c.get("metric_norm") or ""
            listed = any(_offset(c, starts.get(pid)) >= p for p in _cue_positions(sentence, r.parts_cues))
            if (c.get("unit") == "%" and _summable(c) and _offset(c, starts.get(pid)) >= first_cue
                    and (listed or any(cue in metric for cue in r.share_metric_cues))):
                parts_by_period[c.get("period")].append(c)
        for parts in parts_by_period.values():
            total, sums = _sum_text(parts)
            if len(parts) < 2 or total <= 100 + r.share_total_tolerance:
                continue
            message = (f"shares of one whole add up to more than 100%: {sums} = {fmt_number(total)}%, "
                       f"in {where(parts[0])} {quote(parts[0]['sentence'])}")
            out.append(finding("arithmetic_shares", r.severity["arithmetic_inconsistent"],
                               [c["claim_id"] for c in parts], [c["doc_id"] for c in parts], message))
    return out


def _rate(c: dict, passage_start: int | None) -> bool:
    """A figure per head, per unit or on average (`每千人6.6批次`, `日均95萬人次`) is no total to sum
    parts into."""
    at = _offset(c, passage_start)
    before = str(c.get("sentence") or "")[max(0, at - 6) : max(0, at)]
    return any(w in before + str(c.get("surface") or "") + str(c.get("metric_norm") or "") for w in ("每", "均"))


def whole_part_findings(claims: list[dict], starts: dict[str, int], previous: dict[str, str]) -> list[dict]:
    """Figures after `其中` that add up to more than the whole stated just before (in the same
    sentence, or at the end of the sentence before when `其中` opens its own)."""
    r = rules()
    passages = by_passage(claims)
    out = []
    for pid, cs in passages.items():
        sentence = str(cs[0].get("sentence") or "")
        for cue_end in _cue_positions(sentence, r.whole_cues):
            before = [c for c in cs if _offset(c, starts.get(pid)) < cue_end]
            if not before and previous.get(pid) in passages:
                before = passages[previous[pid]]
            wholes = [c for c in before if c.get("value_role") == "level" and c.get("value") is not None
                      and c.get("unit") not in (None, "%", "pp")  # shares have their own check
                      and c.get("qualifier") in ("exact", "approx", "at_most", "less_than")
                      and not _rate(c, starts.get(c["passage_id"]))]
            if not wholes:
                continue
            whole = wholes[-1]
            parts = [c for c in cs if _offset(c, starts.get(pid)) >= cue_end and _summable(c)
                     and c.get("unit") == whole.get("unit") and c.get("kind") == whole.get("kind")
                     and not _rate(c, starts.get(pid))]
            if not parts:
                continue
            total, sums = _sum_text(parts)
            if total <= whole["value"] * (1 + r.parts_total_relative):
                continue
            said = (f"parts listed after 其中 add up to more than their whole: {sums} = {fmt_number(total)}" if len(parts) > 1
                    else f"the part listed after 其中 is more than its whole: {sums}")
            message = f"{said} > {fmt_number(whole['value'])} ({whole['surface']}), in {where(parts[0])} {quote(sentence)}"
            refs = [whole, *parts]
            out.append(finding("arithmetic_parts", r.severity["arithmetic_inconsistent"],
                               [c["claim_id"] for c in refs], [c["doc_id"] for c in refs], message))
            break
    return out


# ---------------------------------------------------------------- tables with a total row

_CELL_NUMBER = regex.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("*").strip() for cell in line.strip().strip("|").split("|")]


def _number(cell: str) -> float | None:
    cell = cell.replace(" ", "")
    return float(cell.rstrip("%").replace(",", "")) if _CELL_NUMBER.match(cell) else None


def _decimals(cell: str) -> int:
    digits = cell.rstrip("%").replace(",", "")
    return len(digits.split(".")[1]) if "." in digits else 0


def table_total_findings(tables: list[tuple[list[dict], str]]) -> Iterator[dict]:
    """Each numeric column of a pipe table with a total row, summed: (the table's passages, its
    text). The total agrees within the rounding of its own cells."""
    r = rules()
    for passages, text in tables:
        rows = [_cells(line) for line in text.splitlines() if line.strip().startswith("|") or line.count("|") >= 1]
        rows = [row for row in rows if not all(regex.fullmatch(r"[:\-\s]*", c) for c in row)]
        # rows read by the structure stage are body rows (the header is not a passage)
        body_only = all(p.get("kind") == "table_row" for p in passages)
        if len(rows) < (2 if body_only else 3):
            continue
        header, body = ([], rows) if body_only else (rows[0], rows[1:])
        totals = [row for row in body if any(cell in r.total_row_cues for cell in row[:2])]
        if len(totals) != 1:
            continue
        total_row = totals[0]
        data = [row for row in body if row is not total_row and len(row) == len(total_row)]
        for col in range(len(total_row)):
            stated = _number(total_row[col])
            values = [_number(row[col]) for row in data]
            if stated is None or len(values) < 2 or any(x is None for x in values):
                continue
            computed = sum(values)  # type: ignore[arg-type]
            places = max([_decimals(row[col]) for row in data] + [_decimals(total_row[col])])
            slack = max(abs(stated) * r.parts_total_relative, len(values) * 0.5 * 10 ** -places)
            ok = abs(computed - stated) <= slack
            name = header[col] if col < len(header) else f"column {col + 1}"
            shown = " + ".join(fmt_number(x) for x in values[:8]) + (" + …" if len(values) > 8 else "")
            message = (f"table column «{name}»: {shown} = {fmt_number(computed)} against the total row's "
                       f"{fmt_number(stated)}, in {where(passages[0])}: "
                       + ("agrees with" if ok else "does not agree with") + " the stated total")
            severity = r.severity["arithmetic_consistent" if ok else "arithmetic_inconsistent"]
            yield finding("arithmetic_table_total", severity, [p["passage_id"] for p in passages],
                          [passages[0]["doc_id"]], message, key=[f"column {col}"])


def pipe_tables(passages: list[dict]) -> list[tuple[list[dict], str]]:
    """Runs of passages that hold pipe-table lines, next to each other in one document (`position`:
    the passage's place in reading order), with their joined text."""
    out: list[tuple[list[dict], str]] = []
    run: list[dict] = []

    def close() -> None:
        if run:
            text = "".join(p["text"] if i == 0 or run[i - 1]["char_end"] == p["char_start"] else "\n" + p["text"]
                           for i, p in enumerate(run))
            out.append((list(run), text))
            run.clear()

    for p in passages:
        is_table = p.get("kind") == "table_row" or str(p.get("text") or "").count("|") >= 2
        if is_table and run and run[-1]["doc_id"] == p["doc_id"] and run[-1]["position"] + 1 == p["position"]:
            run.append(p)
            continue
        close()
        if is_table:
            run.append(p)
    close()
    return out


__all__ = [
    "by_passage", "from_to_findings", "growth_findings", "pipe_tables", "share_findings",
    "table_total_findings", "whole_part_findings",
]
