"""Every id the tables carry, in one place: hashes of identifying content, so the same input
gives the same id on every run and on every machine."""

from __future__ import annotations

import hashlib

try:  # CPython's own SHA-1: the same digests as OpenSSL's, without the set-up OpenSSL pays on each
    # call (about 10 µs a call between other work, against 0.5 µs in a tight loop)
    from _sha1 import sha1 as _sha1
except ImportError:  # a build without it
    from hashlib import sha1 as _sha1


def make_id(prefix: str, *parts: object, length: int = 16) -> str:
    """A stable id: a hash of the record's identifying content (the same input, the same id)."""
    digest = _sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:length]}"


def make_span_id(prefix: str, doc_id: str, start: int, end: int) -> str:
    """`make_id(prefix, doc_id, start, end)`, spelled out for the ids made once per passage and
    claim."""
    return f"{prefix}_{_sha1(f'{doc_id}|{start}|{end}'.encode()).hexdigest()[:16]}"


def document_id(data: bytes) -> str:
    """A document's id: the hash of its bytes."""
    return "d_" + hashlib.sha256(data).hexdigest()[:16]


def passage_id(doc_id: str, char_start: int, char_end: int) -> str:
    return make_span_id("p", doc_id, char_start, char_end)


def claim_id(doc_id: str, char_start: int, char_end: int) -> str:
    """The same document and span give the same id on every run."""
    return make_span_id("c", doc_id, char_start, char_end)


def entity_id(text_norm: str) -> str:
    """The same normalized name gets the same id in every document, in either script."""
    return make_id("e", text_norm, length=12)
