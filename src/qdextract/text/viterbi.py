"""jieba's part-of-speech Viterbi decoder over arrays: the same route, tie for tie.

`jieba.posseg` tags the characters its dictionary does not cover with an HMM of about 250
states; its decoder compares every pair of states in Python (tens of thousands of tuple
comparisons per character of an unknown name, about 2 ms for a few characters). This one does
the same sums in the same order over NumPy arrays: each step is
`(V[t-1][y0] + trans[y0][y]) + emit[y][char]` in float64 as in jieba, and a tie goes to the
greater state tuple, as `max` over `(prob, y0)` gives it, so the route is jieba's own.
`install` puts it in place of `jieba.posseg.viterbi`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

MIN_FLOAT = -3.14e100
MIN_INF = float("-inf")


class _Model:
    """The HMM's tables as arrays, states in the order of their tuples (so a tie between states
    goes to the one with the greater index, as `max` over tuples gives it)."""

    def __init__(self, char_states: dict, start_p: dict, trans_p: dict, emit_p: dict):
        self.states = sorted(trans_p)
        index = {s: i for i, s in enumerate(self.states)}
        n = len(self.states)
        self.index = index
        self.start = np.array([start_p[s] for s in self.states], dtype=np.float64)
        self.trans = np.full((n, n), MIN_INF, dtype=np.float64)
        self.follows = np.zeros((n, n), dtype=bool)
        for s, row in trans_p.items():
            for t, p in row.items():
                self.trans[index[s], index[t]] = p
                self.follows[index[s], index[t]] = True
        self.has_next = np.asarray(self.follows.any(axis=1))
        self.all = np.ones(n, dtype=bool)
        self.emit_p = emit_p
        self.char_states = char_states
        self.emit = lru_cache(maxsize=16384)(self._emit)
        self.allowed = lru_cache(maxsize=16384)(self._allowed)

    def _emit(self, char: str) -> np.ndarray:
        return np.array([self.emit_p[s].get(char, MIN_FLOAT) for s in self.states], dtype=np.float64)

    def _allowed(self, char: str) -> np.ndarray:
        states = self.char_states.get(char)
        if states is None:
            return self.all
        mask = np.zeros(len(self.states), dtype=bool)
        mask[[self.index[s] for s in states]] = True
        return mask


_models: dict[tuple[int, int, int, int], _Model] = {}


def _model(char_states: dict, start_p: dict, trans_p: dict, emit_p: dict) -> _Model:
    key = (id(char_states), id(start_p), id(trans_p), id(emit_p))
    model = _models.get(key)
    if model is None:
        model = _models[key] = _Model(char_states, start_p, trans_p, emit_p)
    return model


def viterbi(obs: str, states: dict, start_p: dict, trans_p: dict, emit_p: dict) -> tuple[float, list]:
    """`jieba.posseg.viterbi.viterbi`'s (probability, route of state tuples) for `obs`."""
    m = _model(states, start_p, trans_p, emit_p)
    active = np.flatnonzero(m.allowed(obs[0]))
    v = m.start[active] + m.emit(obs[0])[active]
    back: list[tuple[np.ndarray, np.ndarray]] = []  # per step: (its states, the previous state of each)
    for t in range(1, len(obs)):
        prev = active[m.has_next[active]]
        v_prev = v[m.has_next[active]]
        expect = np.asarray(m.follows[prev].any(axis=0))
        now = m.allowed(obs[t]) & expect
        if not now.any():
            now = expect if expect.any() else m.all
        cols = np.flatnonzero(now)
        scores = (v_prev[:, None] + m.trans[np.ix_(prev, cols)]) + m.emit(obs[t])[cols][None, :]
        # the greatest score; among equal scores the greatest previous state (prev is ascending)
        best = len(prev) - 1 - np.argmax(scores[::-1], axis=0)
        v = scores[best, np.arange(len(cols))]
        back.append((cols, prev[best]))
        active = cols
    last = len(active) - 1 - int(np.argmax(v[::-1]))
    prob, state = float(v[last]), int(active[last])
    route = [state]
    for cols, prev_of in reversed(back):
        state = int(prev_of[np.searchsorted(cols, state)])
        route.append(state)
    route.reverse()
    return prob, [m.states[s] for s in route]


def install(posseg_module) -> None:
    """Decode with this function in `jieba.posseg` (which calls its module-level `viterbi`)."""
    posseg_module.viterbi = viterbi
