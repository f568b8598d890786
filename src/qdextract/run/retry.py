"""Writing outputs through transient file-system faults: a bounded number of attempts, then one
clear error.

A full disk, a read-only remount, a file held open by a reader (on Windows a rename over it fails)
or a network file system's hiccup can pass; each write is idempotent (a temp file renamed into
place), so trying it again is safe. Errors in reading or decoding a document are not write errors
and never come here: they fail that document at once.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

T = TypeVar("T")

TRANSIENT_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EBUSY", "ETXTBSY",
                                      "EAGAIN", "EIO", "ESTALE", "ETIMEDOUT") if hasattr(errno, name))

log = logging.getLogger("qdextract.run")


class OutputWriteError(Exception):
    """An output could not be written, after every attempt."""


@dataclass(frozen=True)
class WritePolicy:
    attempts: int = 4  # in all, the first included
    first_wait: float = 1.0  # seconds before the second attempt, doubling after each
    max_wait: float = 8.0


WRITE_POLICY = WritePolicy()


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in TRANSIENT_ERRNOS


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{exc.strerror or exc} ({errno.errorcode.get(exc.errno, exc.errno)})"
    return f"{type(exc).__name__}: {exc}"


def write_with_retries(what: str, write: Callable[[], T], logger: logging.Logger | logging.LoggerAdapter | None = None,
                       policy: WritePolicy | None = None) -> T:
    """write(), tried again after a transient OSError, up to policy.attempts in all; an OSError that
    remains (or is not transient) becomes OutputWriteError naming `what` and the reason."""
    policy = policy or WRITE_POLICY
    logger = logger or log

    def warn(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0
        logger.warning("writing %s failed: %s; attempt %d of %d in %.3g s", what, _reason(exc),
                       state.attempt_number + 1, policy.attempts, wait)

    retrying = Retrying(stop=stop_after_attempt(policy.attempts),
                        wait=wait_exponential(multiplier=policy.first_wait, max=policy.max_wait),
                        retry=retry_if_exception(is_transient), before_sleep=warn, reraise=True)
    try:
        return retrying(write)
    except OSError as e:
        tries = retrying.statistics.get("attempt_number", 1)
        raise OutputWriteError(f"cannot write {what}: {_reason(e)}; gave up after {tries} "
                               f"attempt{'s' if tries > 1 else ''}") from e
