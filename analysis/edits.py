"""What a ``str -> str`` cleaning step changed: edits as opcodes and a :class:`StepLog` of counts and
examples (the cleaning report of :mod:`analysis.clean` and :mod:`analysis.load`).

Every character is accounted for: ``apply_edits(before, after, _opcodes(before, after)) == after``
(``tests/test_clean_properties.py``). The usual steps are aligned in near-linear time, each by the
aligner that fits it: position by position for steps that keep the length (OpenCC, punctuation),
greedy embedding for deletions (markup, annotations), a short-window resync for local replacements
(``, `` -> ``，``); difflib only on the middle the three cannot align.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .chinese import common_prefix


@dataclass
class StepLog:
    """What one step changed: counts and a few ``(before, after)`` examples with context."""

    n_changes: int = 0
    chars_removed: int = 0
    chars_added: int = 0
    examples: list = field(default_factory=list)

    def add(self, other: "StepLog", *, max_examples: int = 3) -> None:
        self.n_changes += other.n_changes
        self.chars_removed += other.chars_removed
        self.chars_added += other.chars_added
        room = max_examples - len(self.examples)
        if room > 0:
            self.examples.extend(other.examples[:room])


def _deletions(before: str, after: str):
    """Opcodes when ``after`` is ``before`` with runs deleted (markup, annotations, spaces: most steps),
    and perhaps characters inserted that ``before`` lacks (the lost-byte marker a broken annotation
    leaves: ``?yàn)`` -> ``\ufffd``).

    Greedy leftmost embedding of ``after`` in ``before``, in near-linear time (C-speed slice compares
    and ``str.find``); ``None`` when some character of ``after`` found in ``before`` is not where the
    embedding could take it (something was replaced or moved: the other aligners decide).

    >>> _deletions("創(chuàng)業(yè)好", "創業好")
    [(1, 9, 1, 1), (10, 14, 2, 2)]
    >>> _deletions("因?yàn)榇大", "因\ufffd榇大")
    [(1, 6, 1, 2)]
    """
    ops, i, j, nb, na = [], 0, 0, len(before), len(after)
    while True:
        k = common_prefix(before, i, after, j)
        i, j = i + k, j + k
        if j == na:
            break
        m = j  # characters ``before`` lacks can only have been inserted
        while m < na and after[m] not in before:
            m += 1
        if m == na:
            ops.append((i, nb, j, na))
            return ops
        pos = before.find(after[m], i + (m == j))
        if pos < 0:
            return None
        ops.append((i, pos, j, m))
        i, j = pos, m
    if i < nb:
        ops.append((i, nb, j, j))
    return ops


def _substitutions(before: str, after: str):
    """Opcodes of two strings of one length, compared position by position (OpenCC, punctuation):
    runs of differing code points, found with numpy and ``bytes.find``, not a Python loop per
    character.

    >>> _substitutions("大廠的團隊", "大厂的团队")
    [(1, 2, 1, 2), (3, 5, 3, 5)]
    """
    return _runs(_differ(before, after))


def _differ(before: str, after: str) -> bytes:
    """``1`` where two strings of one length differ, ``0`` where they agree (numpy over UTF-32: about
    3x quicker than ``map(operator.ne, ...)`` on a paragraph of 100 characters)."""
    import numpy as np

    a, b = (np.frombuffer(t.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) for t in (before, after))
    return (a != b).view(np.uint8).tobytes()


def _runs(differ: bytes, *, limit: int | None = None):
    """The runs of ``1`` in ``differ`` as opcodes (the first ``limit`` of them when given)."""
    ops, i = [], differ.find(1)
    while i >= 0 and (limit is None or len(ops) < limit):
        j = differ.find(0, i)
        j = len(differ) if j < 0 else j
        ops.append((i, j, i, j))
        i = differ.find(1, j)
    return ops


def _local_edits(before: str, after: str, *, window: int = 8, anchor: int = 2):
    """Opcodes when the changes are short and far apart (``, `` -> ``，``): at each difference, the
    smallest skip on each side (up to ``window`` characters) after which ``anchor`` characters agree
    again; ``None`` if some difference is longer (difflib decides).

    >>> _local_edits("好, 是的. 对", "好，是的。对")
    [(1, 3, 1, 2), (5, 7, 4, 5)]
    """
    ops, i, j, nb, na = [], 0, 0, len(before), len(after)
    while True:
        k = common_prefix(before, i, after, j)
        i, j = i + k, j + k
        if i == nb or j == na:
            break
        skip = next(((d1, total - d1) for total in range(1, 2 * window + 1)
                     for d1 in range(max(0, total - window), min(total, window) + 1)
                     if _agree(before, i + d1, after, j + total - d1, anchor)), None)
        if skip is None:
            return None
        ops.append((i, i + skip[0], j, j + skip[1]))
        i, j = i + skip[0], j + skip[1]
    if i < nb or j < na:
        ops.append((i, nb, j, na))
    return ops


def _agree(a: str, i: int, b: str, j: int, anchor: int) -> bool:
    """``a[i:]`` and ``b[j:]`` start with the same ``anchor`` characters (or are the same short tail)."""
    if i > len(a) or j > len(b):
        return False
    head = a[i:i + anchor]
    return head == b[j:j + anchor] and (len(head) == anchor or len(a) - i == len(b) - j)


def _opcodes(before: str, after: str):
    """Edits turning ``before`` into ``after`` as ``(i1, i2, j1, j2)``: exact accounting of every
    character, in near-linear time for the usual steps; difflib only for what they cannot align."""
    if len(before) == len(after):
        return _substitutions(before, after)
    ops = _deletions(before, after) if len(after) < len(before) else None
    if ops is None:
        ops = _local_edits(before, after)
    if ops is not None:
        return ops
    p = common_prefix(before, 0, after, 0)
    s = common_prefix(before[::-1], 0, after[::-1], 0)
    s = min(s, len(before) - p, len(after) - p)
    middle_b, middle_a = before[p:len(before) - s], after[p:len(after) - s]
    if len(middle_b) + len(middle_a) > 20_000:  # too long for difflib: one change between the common ends
        return [(p, len(before) - s, p, len(after) - s)]
    return [(p + i1, p + i2, p + j1, p + j2) for tag, i1, i2, j1, j2
            in SequenceMatcher(None, middle_b, middle_a, autojunk=False).get_opcodes() if tag != "equal"]


def diff_log(before: str, after: str, *, context: int = 6, max_examples: int = 3) -> StepLog:
    """Count what changed from ``before`` to ``after``.

    >>> log = diff_log("創(chuàng)業", "創業")
    >>> log.n_changes, log.chars_removed, log.chars_added, log.examples
    (1, 8, 0, [('創(chuàng)業', '創業')])
    """
    if before == after:
        return StepLog()
    if len(before) == len(after):  # substitutions: counted in C; only the examples' runs are located
        differ = _differ(before, after)
        changed = differ.count(1)
        log = StepLog(differ.count(b"\0\1") + differ.startswith(b"\1"), changed, changed)
        ops = _runs(differ, limit=max_examples)
    else:
        ops = _opcodes(before, after)
        log = StepLog(len(ops), sum(i2 - i1 for i1, i2, _, _ in ops), sum(j2 - j1 for _, _, j1, j2 in ops))
    for i1, i2, j1, j2 in ops[:max_examples]:
        log.examples.append((before[max(0, i1 - context):i2 + context],
                             after[max(0, j1 - context):j2 + context]))
    return log
