"""Charts drawn in worker processes: the same bytes as drawn here, errors raised here, and an
interrupted run leaves the output folder as it was."""
from __future__ import annotations

import pytest

from analysis import config, render
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
