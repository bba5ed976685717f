"""Shared Chinese-text basics (analysis.chinese): one Han range, one converter per config."""
from __future__ import annotations

import re

from analysis import chinese


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
