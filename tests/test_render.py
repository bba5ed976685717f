"""Charts drawn in worker processes: the same bytes as drawn here, errors raised here, and an
interrupted run leaves the output folder as it was."""
from __future__ import annotations

import pytest

from analysis import cache, config, render
from analysis.figures import make_figures
from analysis.plots.common import new_figure


def titled(title):
    fig, ax = new_figure(width=3, height=2)
    ax.bar(["大厂", "创业"], [3, 1])
    ax.set_title(title)
    return fig


def broken(title):
    raise ValueError(f"cannot draw {title}")


@pytest.fixture(scope="module")
def corpus():
    from analysis.load import load_corpus

    return load_corpus(config.SEEDS_DIR)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    """Every chart drawn (the chart cache would copy the first run's files); tests of the cache turn it on."""
    monkeypatch.setenv(cache.ENV, cache.OFF)


def test_pool_and_serial_give_the_same_bytes(tmp_path):
    for workers in (0, 2):
        with render.Renderer(tmp_path / str(workers), workers=workers) as r:
            (tmp_path / str(workers)).mkdir()
            r.submit("a", titled, title="大模型")
            r.submit("b", titled, title="独立团队")
            assert r.finish() == ["a.png", "a.svg", "b.png", "b.svg"]
    for name in ("a.png", "a.svg", "b.png", "b.svg"):
        assert (tmp_path / "0" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


@pytest.mark.slow
def test_figures_in_workers_are_the_figures_drawn_serially(corpus, tmp_path):
    serial = {p.name: p.read_bytes() for p in make_figures(corpus, out=tmp_path / "s", progress=False,
                                                           render_workers=0)}
    pooled = {p.name: p.read_bytes() for p in make_figures(corpus, out=tmp_path / "p", progress=False,
                                                           render_workers=2)}
    assert serial.keys() == pooled.keys()
    assert [n for n in serial if serial[n] != pooled[n]] == []


def test_a_job_error_is_raised_in_the_main_process(tmp_path):
    with render.Renderer(tmp_path, workers=2) as r:
        r.submit("ok", titled, title="大厂")
        r.submit("bad", broken, title="坏图")
        with pytest.raises(ValueError, match="cannot draw 坏图"):
            r.finish()


def test_an_interrupted_run_leaves_the_folder_as_it_was(corpus, tmp_path, monkeypatch):
    import analysis.report as report

    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("kept")

    def interrupted(*args, **kwargs):  # Ctrl-C while the workers are drawing
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "write_report", interrupted)
    with pytest.raises(KeyboardInterrupt):
        make_figures(corpus, out=out, progress=False, render_workers=2)
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]  # no chart, no staging folder, no lock


def slow(title, seconds):
    import time

    time.sleep(seconds)
    return titled(title)


def test_waiting_counts_the_charts_not_drawn_yet(tmp_path):
    with render.Renderer(tmp_path, workers=1) as r:
        r.submit("a", slow, title="大模型", seconds=1.0)
        assert r.waiting == 1
        assert r.finish() == ["a.png", "a.svg"] and r.waiting == 0
    with render.Renderer(tmp_path, workers=0) as r:  # drawn at once
        r.submit("b", titled, title="大厂")
        assert r.waiting == 0


def test_bad_workers(tmp_path):
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="workers"):
            render.Renderer(tmp_path, workers=bad)


def test_no_jobs(tmp_path):
    with render.Renderer(tmp_path, workers=2) as r:
        assert r.finish() == []
    assert list(tmp_path.iterdir()) == []


def test_chart_job_is_a_named_tuple():
    job = render.ChartJob("a", titled, {"title": "x"})
    assert job.stem == "a" and job.kwargs == {"title": "x"}


calls = []


def counted(title):
    calls.append(title)
    return titled(title)


def test_chart_cache_hits_misses_and_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    calls.clear()

    def run(folder, title="大模型", workers=0):
        folder.mkdir()
        with render.Renderer(folder, workers=workers) as r:
            r.submit("a", counted, title=title)
            return r.finish()

    assert run(tmp_path / "1") == ["a.png", "a.svg"] and calls == ["大模型"]
    assert run(tmp_path / "2", workers=2) == ["a.png", "a.svg"] and calls == ["大模型"]  # from the cache
    for name in ("a.png", "a.svg"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    run(tmp_path / "3", title="大厂")  # other arguments: drawn
    assert calls == ["大模型", "大厂"]
    monkeypatch.setattr(render, "environment_key", lambda: "another matplotlib")  # other libraries: drawn
    run(tmp_path / "4")
    assert calls == ["大模型", "大厂", "大模型"]


def test_a_missing_format_is_a_miss_and_unpicklable_jobs_are_drawn(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    job = render.ChartJob("a", counted, {"title": "独立"})
    name = render.chart_key(job)
    cache.write("chart_png", name, b"png only")
    assert render.from_cache(job, tmp_path, name) is None
    assert render.chart_key(render.ChartJob("a", lambda: titled("x"), {})) is None
    with render.Renderer(tmp_path, workers=0) as r:
        r.submit("b", lambda: titled("匿名"))
        assert r.finish() == ["b.png", "b.svg"]


def test_environment_key_is_stable_and_follows_rcparams():
    import matplotlib as mpl

    assert render.environment_key() == render.environment_key()
    assert len(render.environment_key()) == 64
    before = render.environment_key()
    with mpl.rc_context({"axes.titlesize": 31}):  # a notebook's style: other charts, another key
        assert render.environment_key() != before
    assert render.environment_key() == before
