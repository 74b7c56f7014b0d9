"""The prose's line reader as it was before it read a line in one pass (round 6): the
oracle of tests/test_narrative_reader.py, which asserts that the reader of
``gfs_ledger.narrative.claims`` finds the very claims, offsets, labels and figures."""

from __future__ import annotations

import re

from gfs_ledger.narrative.claims import (
    _ACTUALS,
    _AMOUNT,
    _CHANGE,
    _CLAUSE_BREAK,
    _COMPLETION,
    _COUNT,
    _COUNT_UNIT,
    _DIGIT,
    _LABEL_WINDOW,
    _RATE,
    _SHARE,
    _SUBJECT_END,
    ClaimKind,
    _clean_label,
    _current,
    _decimal,
    _LineState,
    _period,
    _PublicLine,
    _read_change,
    _read_rate_alone,
    _read_respective_shares,
)
from gfs_ledger.tables.cells import printed_amount

_RESPECTIVE = re.compile(r"分别占(?:比)?")


def _read_line(number: int, text: str, section: str, public: bool = False) -> _LineState:
    state = (_PublicLine if public else _LineState)(number, text, section)
    digit = _DIGIT.search(text)
    if digit is None:  # no figure: no claim, and no subject to read
        return state
    next_digit = digit.start()  # the first digit at or after the clause read
    # The clauses, split at Chinese punctuation and at commas that do not group digits (a
    # blank one holds no digit and gives no subject: nothing is read from it).
    end = -1
    for clause in _CLAUSE_BREAK.split(text):  # every break is one character
        offset = end + 1
        end = offset + len(clause)
        if not state.subject:
            label = _clean_label(clause)
            head = _SUBJECT_END.search(label)  # the first part of a split at it
            # (eagerly, as the old reader did: the new one finds it when asked)
            state._subject = (label if head is None else label[: head.start()]).strip()
        if next_digit < offset:
            digit = _DIGIT.search(text, offset)
            if digit is None:
                next_digit = len(text)
            else:
                next_digit = digit.start()
        if next_digit < end and offset >= state.read_up_to:
            _read_clause(state, offset, clause)
    return state


def _read_clause(state: _LineState, offset: int, clause: str) -> None:
    """The claims of a clause that holds a digit."""
    # Each pattern needs words a clause may lack: tested first, as cheaper than the search.
    percent, money = "%" in clause, "元" in clause
    completion = _COMPLETION.search(clause) if percent and "预算" in clause else None
    if completion:
        rate = state.figure(_decimal(completion["number"]), "%", completion["base"])
        budget = state.attribute(completion["base"]) or state.attribute("预算")
        state.add(ClaimKind.COMPLETION, offset + completion.start(), completion[0],
                  state.subject, rate, part=_current(state, state.subject), base=budget,
                  relative_to=completion["base"])
        return
    respective = _RESPECTIVE.search(clause) if "分别占" in clause else None
    if respective:
        _read_respective_shares(state, offset + respective.start())
        return
    share = _SHARE.search(clause) if percent and "占" in clause else None
    if share:
        rate = state.figure(_decimal(share["number"]), "%", "占比")
        part = state.last_amount()
        state.add(ClaimKind.SHARE, offset + share.start(), share[0],
                  part.label if part else "", rate, part=part,
                  relative_to=(share["whole"] or None))
        return
    change = _CHANGE.search(clause) if money else None
    if change and "%" not in clause[: change.start()]:
        _read_change(state, offset, clause, change)
        return
    alone = _RATE.search(clause) if percent else None
    if alone:
        _read_rate_alone(state, offset, clause, alone)
        return
    for match in _AMOUNT.finditer(clause) if money else ():
        start = match.start()
        words = clause[max(0, start - _LABEL_WINDOW): start]
        label = _clean_label(words) or state.subject
        number, unit = match.group("number", "unit")
        stated = state.figure(printed_amount(number), unit, label,
                              _period(words) if "年" in words else None, offset + start)
        state.amounts.append(stated)
        state.add(ClaimKind.AMOUNT, offset + start, match[0],
                  state.subject if label in _ACTUALS else label, stated)
    for match in _COUNT.finditer(clause) if _COUNT_UNIT.search(clause) else ():
        words = clause[max(0, match.start() - _LABEL_WINDOW): match.start()]
        label = _clean_label(words) or state.subject
        stated = state.figure(_decimal(match["number"]), match["unit"], label, _period(words))
        state.add(ClaimKind.COUNT, offset + match.start(), match[0], label, stated)


