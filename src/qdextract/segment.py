"""jieba, loaded once per process with its start-up chatter silenced (it logs at DEBUG, which a
Prefect task's log handlers would otherwise ship), for the stages that need word boundaries."""

from __future__ import annotations

from functools import cache


@cache
def jieba_modules():
    """(jieba, jieba.posseg), initialised."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, jieba.posseg
