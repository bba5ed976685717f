"""Bad and unusual input for the loader and the CLI.

Every bad input gets one :class:`CorpusError` naming the file and the reason; the CLI prints that
one line and exits 2; ``errors="warn"`` / ``--skip-bad`` skip it with a warning. Unusual but good
encodings (GBK, GB18030, Big5, UTF-16 with or without BOM, UTF-8 with BOM, CRLF) load exactly like
their UTF-8 twins. Every fixture is written under ``tmp_path``; ``seeds/`` is only ever read.
"""
from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import warnings

import pandas as pd
import pytest

from analysis import load as L
from analysis.cli import main
from analysis.config import PROJECT_DIR, SEEDS_DIR
from analysis.errors import CorpusError

SIMPLIFIED = "000_4856daba4f8256cd.txt"
TRADITIONAL = "003_6e910e20341e97d3.txt"
GOOD = "大模型创业\n\n大厂的大模型团队正在做应用。创业公司怎么办？\n"


def seed_text(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def write(folder, name: str, data: bytes | str):
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def load_error(path) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        L.load_corpus(path)
    return info.value


def same_content(a: L.Corpus, b: L.Corpus) -> None:
    """Everything but the file path and the detected encoding is identical."""
    pd.testing.assert_frame_equal(a.paragraphs, b.paragraphs)
    pd.testing.assert_frame_equal(a.sentences, b.sentences)
    pd.testing.assert_frame_equal(a.report, b.report)
    pd.testing.assert_frame_equal(a.articles.drop(columns=["path", "encoding"]),
                                  b.articles.drop(columns=["path", "encoding"]))


# ---------------------------------------------------------------- bad files: one clear error each
def test_empty_file(tmp_path):
    err = load_error(write(tmp_path, "a.txt", b""))
    assert err.path.endswith("a.txt") and err.reason == "file is empty"
    assert str(err) == f"{tmp_path / 'a.txt'}: file is empty"


def test_blank_file_has_no_text(tmp_path):
    err = load_error(write(tmp_path, "a.txt", "\n \n\t\n"))
    assert err.reason.startswith("no text left after cleaning")


def test_binary_data_with_txt_name(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    err = load_error(write(tmp_path, "figure.txt", png))
    assert err.path.endswith("figure.txt") and err.reason == "binary data, not text (NUL bytes)"


def test_random_bytes_without_nul(tmp_path):
    rng = random.Random(0)
    data = bytes(rng.randrange(1, 256) for _ in range(5000))
    err = load_error(write(tmp_path, "noise.txt", data))
    assert "cannot detect the text encoding" in err.reason


def test_undecodable_bytes_in_utf8(tmp_path):
    data = GOOD.encode("utf-8")
    err = load_error(write(tmp_path, "a.txt", data[:9] + b"\xff\xfe\xfd" + data[9:]))
    assert err.path.endswith("a.txt") and "undecodable bytes" in err.reason


def test_bom_that_lies(tmp_path):
    err = load_error(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + "大模型".encode("gbk")))
    assert "byte-order mark" in err.reason


def test_broken_yaml_front_matter(tmp_path):
    err = load_error(write(tmp_path, "a.md", "---\ntitle: [未闭合\nauthor: 某人\n---\n" + GOOD))
    assert err.path.endswith("a.md") and err.reason.startswith("front matter is not valid YAML (line ")


def test_front_matter_that_is_not_a_mapping(tmp_path):
    err = load_error(write(tmp_path, "a.md", "---\n- 一\n- 二\n---\n" + GOOD))
    assert err.reason == "front matter is not a YAML mapping of key: value"


def test_no_chinese_at_all(tmp_path):
    err = load_error(write(tmp_path, "english.txt", "An essay\n\nLarge models are eating software. Really.\n"))
    assert err.reason.startswith("no Chinese characters (decoded as utf-8)")


def test_latin1_is_not_mistaken_for_chinese(tmp_path):
    err = load_error(write(tmp_path, "cafe.txt", "Un café au résumé.\n".encode("latin-1")))
    assert err.reason.startswith("no Chinese characters")


def test_two_files_with_the_same_stem(tmp_path):
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "a.txt", GOOD)
    err = load_error(tmp_path)
    assert err.path.endswith("a.txt") and err.reason == "same article id 'a' as a.md; rename one of them"


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # 50 MiB of real text, written in 1 MiB blocks
        block = (seed_text(SIMPLIFIED).encode("utf-8") * 200)[: 2**20]
        for _ in range(50):
            fh.write(block)
    assert big.stat().st_size == 50 * 2**20
    err = load_error(big)
    assert err.reason.startswith("file is 50.0 MB, over the 20 MB limit for one article")


def test_missing_and_empty_seeds_folder(tmp_path):
    err = load_error(tmp_path / "nope")
    assert err.path.endswith("nope") and err.reason == "no such file or folder"
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty", "notes.csv", "a,b\n")
    err = load_error(tmp_path / "empty")
    assert err.reason == "no article files (.txt/.md) in this folder"


def test_load_article_on_a_folder_or_missing_file(tmp_path):
    with pytest.raises(CorpusError, match="not a file$"):
        L.load_article(tmp_path)
    with pytest.raises(CorpusError, match="no such file$"):
        L.load_article(tmp_path / "x.txt")


def test_errors_argument_is_checked():
    with pytest.raises(ValueError, match="errors must be 'raise' or 'warn'"):
        L.load_corpus(SEEDS_DIR, errors="ignore")
    for bad in (0, -1, 1.5, "2", True):
        with pytest.raises(ValueError, match="workers must be a positive integer"):
            L.load_corpus(SEEDS_DIR, workers=bad)


def test_corpus_error_survives_pickling():  # errors cross from worker processes as values
    import pickle

    err = pickle.loads(pickle.dumps(CorpusError("x/a.txt", "file is empty")))
    assert (type(err), err.path, err.reason, str(err)) == (CorpusError, "x/a.txt", "file is empty",
                                                           "x/a.txt: file is empty")


# ---------------------------------------------------------------- parallel loading
def test_workers_give_the_same_corpus(tmp_path):
    for i, name in enumerate([SIMPLIFIED, TRADITIONAL] * 2):
        write(tmp_path, f"{i}_{name}", (SEEDS_DIR / name).read_bytes())
    one, two = L.load_corpus(tmp_path), L.load_corpus(tmp_path, workers=2)
    for frame in ("articles", "paragraphs", "sentences", "report"):
        pd.testing.assert_frame_equal(getattr(one, frame), getattr(two, frame))


def test_workers_report_bad_files_in_file_order(tmp_path):
    write(tmp_path, "a_good.txt", GOOD)
    write(tmp_path, "b_empty.txt", b"")
    write(tmp_path, "c_binary.txt", b"\x00\x01\x02" * 100)
    write(tmp_path, "c_binary.md", GOOD)
    with pytest.raises(CorpusError) as info:
        L.load_corpus(tmp_path, workers=2)
    assert info.value.reason == "file is empty"
    with pytest.warns(UserWarning) as record:
        corpus = L.load_corpus(tmp_path, errors="warn", workers=2)
    assert corpus.articles["article"].tolist() == ["a_good", "c_binary"]
    assert [str(w.message).split(": ", 1)[1] for w in record] == [
        "file is empty", "binary data, not text (NUL bytes)"]


# ---------------------------------------------------------------- skipping bad files
def test_warn_skips_bad_files_and_carries_on(tmp_path):
    write(tmp_path, "a_empty.txt", b"")
    write(tmp_path, "b_good.txt", GOOD)
    write(tmp_path, "c_binary.txt", b"\x00\x01\x02" * 100)
    with pytest.warns(UserWarning) as record:
        corpus = L.load_corpus(tmp_path, errors="warn")
    assert corpus.articles["article"].tolist() == ["b_good"]
    messages = [str(w.message) for w in record]
    assert messages == [f"skipped {tmp_path / 'a_empty.txt'}: file is empty",
                        f"skipped {tmp_path / 'c_binary.txt'}: binary data, not text (NUL bytes)"]


def test_warn_with_nothing_readable_still_fails(tmp_path):
    write(tmp_path, "a.txt", b"")
    with pytest.warns(UserWarning), pytest.raises(CorpusError, match="no readable article$"):
        L.load_corpus(tmp_path, errors="warn")


# ---------------------------------------------------------------- good but unusual encodings
@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """The two seeds as UTF-8 (the reference) and loaded once."""
    folder = tmp_path_factory.mktemp("utf8")
    refs = {}
    for name in (SIMPLIFIED, TRADITIONAL):
        refs[name] = L.load_article(write(folder, name, seed_text(name)))
    return refs


@pytest.mark.parametrize("encoding, expected", [
    ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
])
@pytest.mark.parametrize("name", [SIMPLIFIED, TRADITIONAL])
def test_encodings_load_like_their_utf8_twin(tmp_path, twins, name, encoding, expected):
    corpus = L.load_article(write(tmp_path, name, seed_text(name).encode(encoding)))
    assert corpus.articles["encoding"].tolist() == [expected]
    same_content(corpus, twins[name])


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_crlf_and_cr_line_endings(tmp_path, twins, encoding, newline):
    text = seed_text(TRADITIONAL).replace("\n", newline)
    same_content(L.load_article(write(tmp_path, TRADITIONAL, text.encode(encoding))), twins[TRADITIONAL])


@pytest.mark.parametrize("stem, text", [
    ("seedlines", None),
    ("short", "大廠與創業\n隨著技術發展，大廠與創業團隊的關係變得複雜。\n"),  # once read as Shift-JIS
])
def test_big5(tmp_path, stem, text):
    """Big5 cannot encode every character of the seeds (烧, à): the twins are the Traditional
    seed's Big5-encodable lines, and a short hand-made essay."""
    if text is None:
        lines = []
        for line in seed_text(TRADITIONAL).splitlines():
            try:
                line.encode("big5")
            except UnicodeEncodeError:
                continue
            lines.append(line)
        assert len(lines) >= 5
        text = "\n".join(lines) + "\n"
    (tmp_path / "u").mkdir()
    (tmp_path / "b").mkdir()
    utf8 = L.load_article(write(tmp_path / "u", f"{stem}.txt", text))
    big5 = L.load_article(write(tmp_path / "b", f"{stem}.txt", text.encode("big5")))
    assert big5.articles["encoding"].tolist() == ["big5hkscs"]
    same_content(big5, utf8)
    assert big5.articles["script"].tolist() == ["traditional"]


def test_big5_short_is_converted_to_simplified(tmp_path):
    path = write(tmp_path, "a.txt", "大廠與創業\n隨著技術發展，大廠與創業團隊的關係變得複雜。\n".encode("big5"))
    assert L.load_article(path).sentences["text"].tolist() == ["随着技术发展，大厂与创业团队的关系变得复杂。"]


def test_gb18030_four_byte_characters(tmp_path):
    text = "标题\n大模型€创业，😀的表情。\n"
    corpus = L.load_article(write(tmp_path, "a.txt", text.encode("gb18030")))
    assert corpus.articles["encoding"].tolist() == ["gb18030"]
    assert corpus.paragraphs["text_raw"].tolist() == ["标题", "大模型€创业，😀的表情。"]


# ---------------------------------------------------------------- seeds are only read; progress
def _fingerprint(folder):
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())}


def test_loading_never_writes_seeds():
    before = _fingerprint(SEEDS_DIR)
    L.load_corpus(SEEDS_DIR)
    assert _fingerprint(SEEDS_DIR) == before


def test_progress_is_silent_unless_asked(tmp_path, capsys):
    for i in range(21):
        write(tmp_path, f"{i:02d}.txt", GOOD)
    assert len(L.load_corpus(tmp_path).articles) == 21  # auto: silent when stderr is not a terminal
    assert capsys.readouterr().err == ""
    L.load_corpus(tmp_path, progress=True)
    assert "loading articles" in capsys.readouterr().err
    L.load_corpus(tmp_path, progress=False)
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- the CLI
def test_cli_prints_one_line_and_exits_2(tmp_path, capsys):
    write(tmp_path, "a.txt", b"")
    assert main(["clean", str(tmp_path / "a.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"error: {tmp_path / 'a.txt'}: file is empty\n"
    assert main(["keywords", "--seeds", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope'}: no such file or folder\n"


def test_cli_in_a_subprocess_has_no_traceback(tmp_path):
    write(tmp_path, "a.md", "---\ntitle: [\n---\n" + GOOD)
    run = subprocess.run([sys.executable, "-m", "analysis", "stance", "--seeds", str(tmp_path)],
                         capture_output=True, text=True, cwd=PROJECT_DIR)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == (f"error: {tmp_path / 'a.md'}: front matter is not valid YAML (line 3): "
                          "did not find expected node content\n")  # libyaml's words
    assert "Traceback" not in run.stderr


def test_cli_skip_bad(tmp_path, capsys):
    write(tmp_path, "a.txt", b"")
    write(tmp_path, "b.txt", GOOD)
    assert main(["clean", str(tmp_path / "b.txt")]) == 0
    assert capsys.readouterr().out == "大厂的大模型团队正在做应用。创业公司怎么办？\n"
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(["keywords", "--seeds", str(tmp_path), "--skip-bad", "--csv"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"warning: skipped {tmp_path / 'a.txt'}: file is empty\n"
    out = captured.out.splitlines()
    assert out[0].startswith("article,label,term,") and all(line.startswith("b,") for line in out[1:])


def test_cli_workers(tmp_path, capsys):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", GOOD.replace("大厂", "科技巨头"))
    assert main(["stance", "--seeds", str(tmp_path), "--workers", "2", "--csv"]) == 0
    two = capsys.readouterr().out
    assert main(["stance", "--seeds", str(tmp_path), "--csv"]) == 0
    assert capsys.readouterr().out == two
    with pytest.raises(SystemExit) as info:
        main(["stance", "--workers", "0"])
    assert info.value.code == 2 and "--workers: must be a whole number from 1 to 64, not '0'" in capsys.readouterr().err
