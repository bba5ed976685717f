"""Blocks of whole articles, and mapping a function over them in worker processes.

Every per-sentence step (company mentions, stance evidence) reads one article at a time: a
sentence's context never crosses into another article. So a sentences frame can be cut into
blocks of whole articles, each block computed on its own — one at a time, which bounds the
memory a step holds (segmented words, model inputs) by the block instead of the corpus, or in
``workers`` processes at once — and the blocks' results concatenated in order give the same
frame as the whole corpus in one go (``tests/test_parallel.py`` checks it for each step).

Worker processes are forked where the platform can (Linux): they start with the parent's
dictionaries, lexicons and models already loaded, as ``tokenize(workers=)`` and
``load_corpus(workers=)`` do.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

import pandas as pd

#: Sentences in one block (a block holds whole articles: an article longer than this is one block).
BLOCK_SENTENCES = 4096


def article_blocks(sentences: pd.DataFrame, *, size: int | None = None) -> Iterator[pd.DataFrame]:
    """Consecutive slices of ``sentences`` of about ``size`` rows (default :data:`BLOCK_SENTENCES`)
    that never split an article; one empty block for an empty frame.

    >>> s = pd.DataFrame({"article": list("aabbbc"), "text": list("123456")})
    >>> [b.article.tolist() for b in article_blocks(s, size=3)]
    [['a', 'a', 'b', 'b', 'b'], ['c']]
    >>> [len(b) for b in article_blocks(s.iloc[:0])]
    [0]
    """
    import numpy as np

    size = BLOCK_SENTENCES if size is None else size
    if not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a positive integer, not {size!r}")
    article = sentences["article"].to_numpy()
    cut = 0
    for start in [*(np.flatnonzero(article[1:] != article[:-1]) + 1).tolist(), len(sentences)]:
        if start - cut >= size or start == len(sentences):
            yield sentences.iloc[cut:start].reset_index(drop=True)
            cut = start


def map_blocks(func: Callable, sentences: pd.DataFrame, *, workers: int = 1, size: int | None = None,
               **kwargs) -> list:
    """``[func(block, **kwargs) for block in article_blocks(sentences, size=size)]``, in ``workers``
    processes when more than one (results in block order either way).

    ``func`` must be a module-level function (it is sent to the workers by name).

    >>> s = pd.DataFrame({"article": list("aab"), "text": ["大厂", "团队", "开源"]})
    >>> map_blocks(len, s, size=1), map_blocks(len, s, size=1, workers=2)
    ([2, 1], [2, 1])
    """
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    blocks = article_blocks(sentences, size=size)
    if workers == 1:
        return [func(block, **kwargs) for block in blocks]
    from functools import partial

    blocks = list(blocks)
    if len(blocks) < 2:
        return [func(block, **kwargs) for block in blocks]
    job = partial(func, **kwargs)
    if not _can_fork():  # spawned workers inherit nothing: each block is sent with the job
        with fork_executor(workers) as pool:
            return list(pool.map(job, blocks))
    global _INHERITED
    # forked workers inherit the job (its arguments: a gazetteer, cue tables) and the blocks, so a task
    # sends a block number instead of pickling them again (parent CPU of find_mentions on 5 MiB, 2
    # workers: 0.35 -> 0.18 s; the workers' own CPU is unchanged)
    _INHERITED = (job, blocks)
    try:
        with fork_executor(workers) as pool:
            return list(pool.map(_inherited_block, range(len(blocks))))
    finally:
        _INHERITED = None


_INHERITED: tuple | None = None  # (function, blocks) of the map_blocks call in progress, for forked workers


def _inherited_block(i: int):
    func, blocks = _INHERITED
    return func(blocks[i])


@contextmanager
def fork_executor(workers: int):
    """A ``ProcessPoolExecutor`` of ``workers`` processes, forked where the platform can (they
    start with this process's dictionaries and models loaded). The objects alive now are frozen
    (``gc.freeze``) while the pool lives, so a worker's garbage collector does not touch, and so
    copy, every page it shares with this process."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if _can_fork() else None)
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def worker_block_size(n_sentences: int, workers: int) -> int | None:
    """Block size giving each of ``workers`` processes a few blocks (evens out their lengths);
    None (the default size) for one worker.

    >>> worker_block_size(10_000, 1), worker_block_size(10_000, 2)
    (None, 1250)
    """
    if workers == 1:
        return None
    return max(1, min(BLOCK_SENTENCES, -(-n_sentences // (4 * workers))))
