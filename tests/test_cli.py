"""The command line: every failure is one line and exit 2 (argparse's own errors show the subcommand's usage)."""
from __future__ import annotations

import pytest

from analysis import cli
from analysis.config import SEEDS_DIR


def run(capsys, *argv):
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv, message", [
    (["keywords", "--top", "-1"], "argument --top: must be a whole number from 0 to 1000000, not '-1'"),
    (["keywords", "--workers", "99999999999999999999999"], "argument --workers: must be a whole number from 1 to 64"),
    (["clean", str(SEEDS_DIR / "manifest.csv")], "manifest.csv: not an article (expected .txt or .md)"),
    (["keywords", "--bogus"], "python -m analysis keywords: error: unrecognized arguments: --bogus"),
])
def test_bad_arguments_exit_2_with_the_subcommand_usage(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err
    assert err.startswith(f"usage: python -m analysis {argv[0]}")


def test_seeds_that_is_not_a_folder(capsys):
    assert run(capsys, "keywords", "--seeds", "/dev/null") == (
        2, "", "error: /dev/null: not a folder (--seeds takes the folder that holds the articles)\n")


def test_out_that_is_a_file(capsys, tmp_path):
    (tmp_path / "f").write_text("x")
    code, _, err = run(capsys, "figures", "--out", str(tmp_path / "f"), "--quiet")
    assert (code, err) == (2, f"error: {tmp_path / 'f'}: output folder is a file, not a folder\n")


def test_out_inside_the_seeds_is_refused_and_nothing_is_written(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("大厂的大模型团队正在做应用。创业公司怎么办？\n", encoding="utf-8")
    code, _, err = run(capsys, "figures", "--seeds", str(tmp_path), "--out", str(tmp_path / "figs"))
    assert code == 2 and "output folder is inside the articles folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_ctrl_c_is_one_line(capsys, monkeypatch):
    def interrupt(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run", interrupt)
    assert run(capsys, "keywords") == (130, "", "interrupted: nothing was changed in the output folder\n")


def test_an_unexpected_error_is_one_line(capsys, monkeypatch):
    def boom(args):
        raise KeyError("x")

    monkeypatch.setattr(cli, "_run", boom)
    code, out, err = run(capsys, "keywords")
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: unexpected KeyError")


def test_help_is_plain_text_with_defaults(capsys):
    code, out, _ = run(capsys, "keywords", "--help")
    assert code == 0 and "``" not in out and "(default: 20)" in out


def test_tables_fit_100_columns_unless_wide(capsys):
    import unicodedata

    def width(line):
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    code, out, _ = run(capsys, "companies", "--no-ner")
    assert code == 0 and max(width(line) for line in out.splitlines()) <= 100
    code, out, _ = run(capsys, "companies", "--no-ner", "--wide")
    assert code == 0 and max(width(line) for line in out.splitlines()) > 100


def test_clean_report_shows_an_example_per_step(capsys):
    code, out, _ = run(capsys, "clean", "--report", str(SEEDS_DIR / "003_6e910e20341e97d3.txt"))
    assert code == 0 and "example" in out.splitlines()[0] and "→" in out


def test_csv_printed_by_the_cli_is_neutralised_too(capsys, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("=HYPERLINK(1)\n\n+外卖平台涨价了。-外卖骑手很辛苦。\n", encoding="utf-8")
    code, out, _ = run(capsys, "kwic", "外卖", "--seeds", str(seeds), "--csv")
    assert code == 0 and "'+" in out and ",+" not in out and ",=" not in out


def test_terminal_tables_keep_the_number_of_a_repeated_title(tmp_path, capsys):
    from analysis.cli import main

    text = "---\ntitle: 成都新建自行车道：好政策不能变成共享单车的停车场\n---\n成都修了新的自行车道。单车停在路口。\n"
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["keywords", "--seeds", str(tmp_path), "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "… [1]" in out and "… [2]" in out
    assert main(["keywords", "--seeds", str(tmp_path), "--top", "1", "--csv"]) == 0
    assert "成都新建自行车道：好政策不能变成共享单车的停车场 [2]" in capsys.readouterr().out
