"""Regenerate src/qdextract/data/t2s_gate.txt: characters one of which every text that OpenCC's
t2s conversion changes holds (each character it changes alone, and one of each phrase it changes).

A text holding none of them comes out of the conversion unchanged, so `normalize.to_simplified`
returns it without calling OpenCC (about 10 µs a call between other work, most of a Simplified
sentence's normalization). Phrases count: `回覆` becomes `回复` though `覆` alone stays.

Build-time only: run this script after upgrading `opencc`; it reads the installed package's
dictionaries with the `opencc_dict` tool its wheel ships. The file records the OpenCC version it
was built from, and `normalize` ignores a file built from another version.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import jieba
import opencc

OUT = Path(__file__).resolve().parents[1] / "src" / "qdextract" / "data" / "t2s_gate.txt"
# Code points where CJK characters lie (BMP blocks and the supplementary ideographic planes).
CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
              (0x20000, 0x323AF))


def _share_dir() -> Path:
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _dictionary_files(config: str = "t2s.json") -> list[Path]:
    """The .ocd2 files the conversion chain and normalization of `config` use."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2":
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((_share_dir() / config).read_text(encoding="utf-8")))
    return [_share_dir() / name for name in dict.fromkeys(found)]


def _entries(ocd2: Path) -> list[tuple[str, str]]:
    """(key, value) pairs of one dictionary, dumped to text by `opencc_dict`."""
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dict.txt"
        subprocess.run([str(tool), "-i", str(ocd2), "-o", str(out), "-f", "ocd2", "-t", "text"],
                       check=True, capture_output=True)
        pairs = []
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            pairs.append((key, values))
        return pairs


def changing_characters() -> str:
    """Every character t2s changes alone, and one character of each phrase key t2s changes that
    holds none of those: a text holding the phrase holds that character too. The one taken is the
    rarest in jieba's dictionary (`覆` of `回覆`), so that common characters (`回`) do not send
    every text to OpenCC."""
    convert = opencc.OpenCC("t2s").convert
    keys = [key for path in _dictionary_files() for key, _ in _entries(path)]
    chars = {chr(cp) for lo, hi in CJK_RANGES for cp in range(lo, hi + 1)}
    for key in keys:
        chars.update(key)
    ordered = sorted(chars)
    # One call for all: no dictionary key holds a line break.
    converted = convert("\n".join(ordered)).split("\n")
    changing = {c for c, out in zip(ordered, converted, strict=True) if out != c}
    jieba.dt.initialize()
    freq = jieba.dt.FREQ
    for key in keys:
        if len(key) > 1 and convert(key) != key and not changing.intersection(key):
            changing.add(min(key, key=lambda c: (freq.get(c, 0), c)))
    return "".join(sorted(changing))


def main() -> int:
    chars = changing_characters()
    lines = [f"# opencc {version('opencc')}: the t2s gate (scripts/build_t2s_gate.py)"]
    lines += [chars[i:i + 100] for i in range(0, len(chars), 100)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chars)} characters -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
