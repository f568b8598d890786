"""Find the reports under a folder and decode them, recording how each was decoded."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import regex

from qdextract.ids import document_id
from qdextract.models import Document
from qdextract.text.normalize import detect_script

SUFFIXES = (".txt", ".md")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (or docx/xlsx)", b"\x7fELF": "an executable",
}
# C0 controls other than tab and line breaks are replaced one for one by a space, so offsets into
# the decoded text still hold and no table carries a NUL.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DocumentError(Exception):
    """A document that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Discovery:
    paths: list[Path]
    problems: list[str]  # one line each: what was skipped and why


def discover_documents(raw_dir: Path) -> Discovery:
    """Every *.txt and *.md below raw_dir, in sorted relative-path order.

    Links that lead outside raw_dir are not followed: a scheduled run reads only its own folder.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"{raw_dir}: no such folder")
    root = raw_dir.resolve()
    found, problems = [], []
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(f"{path}: a link to {target}, outside {raw_dir}; not followed")
                    continue
            found.append(path)
    found.sort(key=lambda p: p.relative_to(raw_dir).as_posix())
    return Discovery(found, problems)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding). BOM first, then strict UTF-8, then GB18030/Big5, then detection."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DocumentError(f"{name}: not a text file (looks like {what})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise DocumentError(f"{name}: starts with a {encoding} byte-order mark but does not decode: {e.reason} at byte {e.start}") from e
    n_nul = data.count(0)
    guess = _utf16_without_bom(data) if n_nul else None
    if guess:
        return guess
    if n_nul > max(8, len(data) // 100):
        raise DocumentError(f"{name}: not a text file ({n_nul} NUL bytes and no UTF-16 byte-order mark)")
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: try the Chinese encodings next
        return data.decode("utf-8"), "utf-8"
    chinese = [enc for enc in ("gb18030", "big5") if _decodes(data, enc)]
    if len(chinese) == 1:
        return data.decode(chinese[0]), chinese[0]
    best = charset_normalizer.from_bytes(data, cp_isolation=chinese or None).best()
    if best is None:
        raise DocumentError(f"{name}: cannot be decoded (not UTF-8, GB18030 or Big5, and no encoding detected)")
    return str(best), best.encoding.replace("_", "-")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 with no BOM: ASCII-heavy text puts its NULs all on odd (LE) or even (BE) bytes."""
    odd, even = data[1::2].count(0), data[0::2].count(0)
    encoding = "utf-16-le" if odd > 4 * even else "utf-16-be" if even > 4 * odd else None
    if encoding is None or len(data) % 2 or max(odd, even) < max(4, len(data) // 20):
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if "\x00" not in text and not _mostly_control(text) else None


def _mostly_control(text: str) -> bool:
    return len(_CONTROL.findall(text)) > max(3, len(text) // 20)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def read_document(path: Path, raw_dir: Path, doc_id: str | None = None) -> Document:
    """Read and decode one file. Raises DocumentError naming the file and the problem."""
    rel = _relative(path, raw_dir)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DocumentError(f"{rel}: cannot be read ({e.strerror or e})") from e
    return document_from_bytes(data, rel, doc_id)


def document_from_bytes(data: bytes, source_path: str, doc_id: str | None = None) -> Document:
    text, encoding = decode_bytes(data, source_path)
    if _mostly_control(text):
        raise DocumentError(f"{source_path}: not a text file (decoded as {encoding}, but mostly control characters)")
    text = _CONTROL.sub(" ", text)
    if not text.strip():
        raise DocumentError(f"{source_path}: empty document (no text)" if not text else f"{source_path}: only whitespace")
    return Document(
        doc_id=doc_id or document_id(data),
        source_path=source_path,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        script=detect_script(text),
    )


def _relative(path: Path, raw_dir: Path) -> str:
    try:
        return Path(path).relative_to(raw_dir).as_posix()
    except ValueError:
        return str(path)


def assign_doc_ids(paths: list[Path]) -> dict[Path, str]:
    """doc_id per path: the content hash; a second file with the same bytes gets a suffix from its path.

    Unreadable files get an id from their path so they can still be reported.
    """
    ids: dict[Path, str] = {}
    seen: set[str] = set()
    for path in paths:
        try:
            base = document_id(Path(path).read_bytes())
        except OSError:
            base = "d_" + hashlib.sha256(str(path).encode()).hexdigest()[:16]
        doc_id = base
        if doc_id in seen:
            doc_id = f"{base}-{hashlib.sha256(Path(path).as_posix().encode()).hexdigest()[:6]}"
        seen.add(doc_id)
        ids[path] = doc_id
    return ids
