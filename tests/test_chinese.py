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


def test_long_text_takes_the_numpy_path_with_the_same_result():
    short = "隨著技術發展，有著著名的大廠，饿了麼和饿了么。"
    long = short * 10  # past _VECTOR_MIN: compared with numpy
    assert len(short) < chinese._VECTOR_MIN <= len(long)
    assert chinese.to_simplified(long) == chinese.to_simplified(short) * 10
    assert chinese.to_simplified(long).count("饿了么") == 20 and "著名" in chinese.to_simplified(long)


def test_count_changed_compares_the_common_length():
    assert chinese.count_changed("大廠的團隊", "大厂的团队") == 3
    assert chinese.count_changed("大廠", "大厂的") == 1
    assert chinese.count_changed("", "") == 0
