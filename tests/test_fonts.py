"""The CJK font: found, covering the seeds' words, and shared by wordcloud without changing a pixel."""
from __future__ import annotations

import numpy as np

from analysis import fonts


def test_font_path_and_glyphs():
    assert fonts.cjk_font_path().suffix in {".otf", ".ttf"}
    assert fonts.missing_glyphs(["大模型", "AI Agent"]) == []


def test_shared_truetype_gives_one_font_per_size_and_restores_the_module():
    from wordcloud import wordcloud

    original = wordcloud.ImageFont
    path = str(fonts.cjk_font_path())
    with fonts.shared_truetype(wordcloud):
        assert wordcloud.ImageFont.truetype(path, 20) is wordcloud.ImageFont.truetype(path, 20)
        assert wordcloud.ImageFont.truetype(path, 20) is not wordcloud.ImageFont.truetype(path, 21)
        assert wordcloud.ImageFont.TransposedFont is original.TransposedFont
    assert wordcloud.ImageFont is original


def test_shared_truetype_draws_the_same_cloud():
    from wordcloud import WordCloud, wordcloud

    words = {"大模型": 9.0, "大厂": 7.0, "创业": 5.0, "团队": 4.0, "AI": 3.0, "独立": 2.0, "剥离": 1.0}

    def cloud():
        wc = WordCloud(font_path=str(fonts.cjk_font_path()), width=200, height=160, random_state=0,
                       prefer_horizontal=1.0).generate_from_frequencies(words)
        return wc.layout_, wc.to_array()

    plain = cloud()
    with fonts.shared_truetype(wordcloud):
        shared = cloud()
    assert [(w, s, p) for (w, _), s, p, _, _ in plain[0]] == [(w, s, p) for (w, _), s, p, _, _ in shared[0]]
    assert np.array_equal(plain[1], shared[1])
