#!/usr/bin/env python3
"""Render a report.html in real headless Chromium; fail on script errors or active content.

    python scripts/check_report_html.py output/report.html [--screenshot docs/report.png] [--max-mb 5]

The report is static (inline CSS and SVG, no script), so the page must produce no console errors,
and its rendered DOM must hold no script, iframe, object or embed element and no `on…=` handler:
source text that looked like markup has to come out as text. The page must also stay under
`--max-mb` megabytes (5 by default): a report people cannot open is no report. Exit code 0 when the page passes, 1 when it
does not (one reason per line on stderr), 2 when no Chromium is installed (Debian: `chromium`).
"""

from __future__ import annotations

import argparse
import html.parser
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
)
# Chromium logs the page's console on stderr as `...:CONSOLE:<line>] "<message>", source: <url> (<line>)`
CONSOLE_LINE = re.compile(r":CONSOLE(?::\d+|\(\d+\))\]\s*\"(?P<message>.*)\",\s*source:")
SCRIPT_ERROR = re.compile(r"Uncaught|Error|error|Refused to")
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset"}


def find_browser(explicit: str | None = None) -> str | None:
    if explicit:
        return explicit if shutil.which(explicit) or Path(explicit).exists() else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def run_browser(browser: str, url: str, action: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="qdextract-chromium-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *action, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def script_errors(stderr: str) -> list[str]:
    return [m.group("message") for m in CONSOLE_LINE.finditer(stderr) if SCRIPT_ERROR.search(m.group("message"))]


class _ActiveContent(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def active_content(dom: str) -> list[str]:
    parser = _ActiveContent()
    parser.feed(dom)
    return parser.found


def check_report(path: Path, screenshot: Path | None, browser: str, timeout: float = 90.0,
                 max_mb: float = 5.0) -> list[str]:
    """Problems found (empty when the page passes); saves the screenshot when asked."""
    url = path.resolve().as_uri()
    size_mb = path.stat().st_size / 1e6
    problems = [f"{size_mb:.1f} MB, more than {max_mb:g} MB"] if size_mb > max_mb else []
    dumped = run_browser(browser, url, ["--dump-dom"], timeout)
    problems += [f"script error: {m}" for m in script_errors(dumped.stderr)]
    if dumped.returncode != 0:
        problems.append(f"{browser} exited with {dumped.returncode}")
    if "<body" not in dumped.stdout:
        problems.append("no DOM was rendered")
    problems += [f"active content in the rendered page: {a}" for a in active_content(dumped.stdout)]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        shot = run_browser(browser, url, [f"--screenshot={screenshot.resolve()}", "--window-size=1280,1800"], timeout)
        problems += [f"script error: {m}" for m in script_errors(shot.stderr)]
        if not screenshot.exists() or screenshot.stat().st_size == 0:
            problems.append(f"no screenshot written to {screenshot}")
    return list(dict.fromkeys(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="the report.html to render")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the rendered page here")
    parser.add_argument("--browser", help="Chromium binary (default: the first of {} on PATH)".format(", ".join(BROWSERS)))
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds per browser run")
    parser.add_argument("--max-mb", type=float, default=5.0, help="largest page size allowed, in MB (default 5)")
    args = parser.parse_args(argv)
    if not args.report.is_file():
        print(f"{args.report}: no such file", file=sys.stderr)
        return 1
    browser = find_browser(args.browser)
    if browser is None:
        print("no Chromium found (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    problems = check_report(args.report, args.screenshot, browser, args.timeout, args.max_mb)
    for p in problems:
        print(f"{args.report}: {p}", file=sys.stderr)
    if not problems:
        shot = f", screenshot {args.screenshot}" if args.screenshot else ""
        size = args.report.stat().st_size / 1e6
        print(f"{args.report}: {size:.2f} MB, rendered in {Path(browser).name} with no script errors{shot}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
