"""Shared Chinese-text basics (analysis.chinese): one Han range, one converter per config."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import chinese
from analysis.config import SEEDS_DIR


def test_han_range():
    han = re.compile(f"[{chinese.HAN}]")
    assert [bool(han.match(c)) for c in "大廠㐀豈Aａ，"] == [True, True, True, True, False, False, False]


def test_to_simplified_and_shared_converter():
    assert chinese.to_simplified("隨著大廠") == "随着大厂"
    assert chinese.to_simplified("") == ""
    assert chinese.opencc_converter("t2s") is chinese.opencc_converter("t2s")


def test_clean_and_mojibake_share_it():
    from analysis import clean, mojibake

    assert clean.to_simplified is chinese.to_simplified and clean.opencc_converter is chinese.opencc_converter
    assert mojibake.simplified_char("廠") == "厂" and "的" in mojibake.common_chars()


def rule(text: str) -> str:
    """``to_simplified``'s rule, character by character: tw2s, except where t2s keeps a character (著 excepted)."""
    tw, plain = chinese.opencc_converter("tw2s").convert(text), chinese.opencc_converter("t2s").convert(text)
    if len(tw) != len(text) or len(plain) != len(text):
        return tw
    return "".join(t if (p != o or o == "著") else o for o, p, t in zip(text, plain, tw))


def test_to_simplified_follows_its_rule_on_long_and_mixed_text():
    seed = (SEEDS_DIR / "003_6e910e20341e97d3.txt").read_text(encoding="utf-8")
    mixed = "隨著技術發展，有著著名的大廠，饿了麼和饿了么。" * 10 + "乾隆年間，他著書立說；么麽幺。"
    for text in [mixed, seed, *seed.splitlines()]:
        assert chinese.to_simplified(text) == rule(text)
    assert chinese.to_simplified(mixed).count("饿了么") == 20 and "著名" in chinese.to_simplified(mixed)


def test_count_han_counts_every_han_block():
    assert chinese.count_han("大廠㐀\uf900 AI，") == 4  # Unified, Extension A, Compatibility
    assert chinese.count_han("DeepSeek, 2024") == 0
    assert chinese.count_han("") == 0


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set((SEEDS_DIR / "003_6e910e20341e97d3.txt").read_text(encoding="utf-8"))
                                               | set("著么麽幺乾隆著名饿了")))))
def test_to_simplified_follows_its_rule_on_any_mix(text):
    assert chinese.to_simplified(text) == rule(text)
