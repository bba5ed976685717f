"""The report in a real browser: Debian's headless ``chromium`` driven through the DevTools protocol.

One browser and one page load for the whole module (a few seconds). Where ``/usr/bin/chromium`` is
missing, the session installs it with ``apt-get`` when running as root, else the tests skip with
one line saying why.
"""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--window-size=1280,900",
         "--remote-debugging-port=0"]
QUERIES = ["大模型", "大厂", "AI", "的", "。", "创业团队", "Agent", "。但"]  # 。但 spans two sentences


# ---------------------------------------------------------------- chromium and a tiny CDP client
def _install_chromium() -> str | None:
    """Path of chromium, installing Debian's package when root; None with the reason printed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "install", "-y", "-q", "chromium"], ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "chromium"]):
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
        if Path(CHROMIUM).exists():
            return CHROMIUM
    return None


class CDP:
    """Just enough of the Chrome DevTools protocol: commands, and every event kept in ``events``."""

    def __init__(self, url: str):
        import websocket

        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.eval(expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"waited {timeout} s for {expression}")

    def click(self, selector: str) -> str:
        """A real mouse click at the centre of the element; returns the outerHTML actually hit."""
        box = self.eval(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
        x, y = box
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        hit = self.eval(f"document.elementFromPoint({x}, {y}).outerHTML")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        return hit

    def close(self):
        self.ws.close()


@pytest.fixture(scope="module")
def chromium():
    path = _install_chromium()
    if path is None:
        pytest.skip("chromium missing and cannot be installed here (not root or no apt-get): browser tests skipped")
    return path


@pytest.fixture(scope="module")
def frames(corpus):
    from analysis.report.adapters import Frames, compute_frames

    return compute_frames(corpus, Frames())


@pytest.fixture(scope="module")
def report_path(corpus, frames, tmp_path_factory):
    import dataclasses

    from analysis.report import write_report

    return write_report(corpus, tmp_path_factory.mktemp("report") / "report.html", **dataclasses.asdict(frames))


@pytest.fixture(scope="module")
def page(chromium, report_path, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cdp = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("chromium did not start (no DevToolsActivePort)")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            targets = json.load(r)
        cdp = CDP(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        for domain in ("Page", "Network", "Runtime", "Log", "DOM", "CSS"):
            cdp.send(f"{domain}.enable")
        start = time.monotonic()
        cdp.send("Page.navigate", url=report_path.as_uri())
        cdp.wait_for("document.body && document.body.dataset.ready === '1'")
        cdp.load_seconds = time.monotonic() - start
        yield cdp
    finally:
        if cdp is not None:
            cdp.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# ---------------------------------------------------------------- Python's answers
def _python_counts(corpus, query: str, *, regex: bool = False) -> dict[str, int]:
    """Matches per article in its clean text: non-overlapping ``body_text(article).count(query)``
    (or ``re.findall``), what ``kwic(corpus, query, mode="substring")`` counts. For a query inside
    one sentence this is also the sum of ``str.count`` over the article's sentence texts."""
    out = {}
    for article in corpus.articles["article"]:
        text = corpus.body_text(article)
        out[article] = len(re.findall(query, text)) if regex else text.count(query)
    return out


def _sentence_counts(corpus, query: str) -> dict[str, int]:
    return {a: sum(t.count(query) for t in texts)
            for a, texts in corpus.sentences.groupby("article", sort=False)["text"]}


def _kwic_substring_counts(corpus, query: str) -> dict[str, int] | None:
    """Counts from the Python ``kwic`` in substring mode, where that mode exists."""
    from analysis.keywords import kwic

    try:
        lines = kwic(corpus, query, mode="substring")
    except TypeError:
        return None
    counts = lines.groupby("article").size().to_dict()
    return {a: int(counts.get(a, 0)) for a in corpus.articles["article"]}


def _search(page, query: str, mode: str = "substring") -> dict[str, int]:
    page.eval(f"""(() => {{ const m = document.getElementById('kwic-mode'); m.value = {json.dumps(mode)};
        m.dispatchEvent(new Event('change')); const q = document.getElementById('kwic-q');
        q.value = ''; q.focus(); q.scrollIntoView(); }})()""")
    page.send("Input.insertText", text=query)  # typed, as a person would: fires the input event
    assert page.eval("document.getElementById('kwic-q').value") == query
    rows = page.eval("""[...document.querySelectorAll('#kwic-counts tr[data-article]')]
        .map(tr => [tr.dataset.article, Number(tr.querySelector('.count').textContent)])""")
    return dict(rows)


# ---------------------------------------------------------------- tests
def test_loads_quickly_with_every_section(page):
    assert page.load_seconds < 5
    for section in ("articles", "cleaning", "keywords", "concordance", "companies", "stance", "provenance"):
        assert page.eval(f"document.getElementById('{section}').offsetHeight") > 50, section
    assert page.eval("document.querySelectorAll('#points circle').length") > 100


@pytest.mark.parametrize("query", QUERIES)
def test_typed_query_gives_the_python_counts(page, corpus, query):
    expected = _python_counts(corpus, query)
    assert sum(expected.values()) > 0
    assert _search(page, query) == expected
    if "。" not in query[:-1]:  # within a sentence: the same as counting in the sentence texts
        assert expected == _sentence_counts(corpus, query)
    kwic_counts = _kwic_substring_counts(corpus, query)
    if kwic_counts is not None:
        assert _search(page, query) == kwic_counts
    shown = page.eval("document.querySelectorAll('#kwic-lines .kwic-line').length")
    assert shown == min(sum(expected.values()), 1000)
    assert set(page.eval("[...document.querySelectorAll('#kwic-lines .kw')].map(e => e.textContent)")) == {query}
    first = page.eval("document.querySelector('#kwic-lines .kwic-line .where button').textContent")
    article, sentence = (int(x) for x in first.split(":"))  # the first line names its sentence
    name = corpus.articles["article"].iloc[article - 1]
    texts = corpus.sentences[corpus.sentences["article"] == name].set_index("sentence")["text"]
    assert query in texts[sentence] or query.startswith(texts[sentence][-1])


def test_regex_query_and_sorting(page, corpus):
    pattern = "大(模型|厂)"
    assert _search(page, pattern, mode="regex") == _python_counts(corpus, pattern, regex=True)
    page.eval("(() => { const s = document.getElementById('kwic-sort'); s.value = 'right'; s.dispatchEvent(new Event('change')); })()")
    rights = page.eval("[...document.querySelectorAll('#kwic-lines .right')].map(e => e.textContent)")
    assert rights == sorted(rights)
    page.eval("(() => { const s = document.getElementById('kwic-sort'); s.value = 'position'; s.dispatchEvent(new Event('change')); })()")
    assert _search(page, "大(", mode="regex") == {}  # an invalid pattern: a message, no error
    assert "Not a valid" in page.eval("document.getElementById('kwic-status').textContent")


def test_clicking_a_scatter_point_shows_its_contexts(page, corpus):
    from analysis import tokenize

    term = page.eval("document.querySelector('#points circle:last-child').dataset.term")
    hit = page.click(f'#points circle[data-term="{term}"]')
    term = re.search(r'data-term="([^"]+)"', hit).group(1)  # the point on top where we clicked
    assert term in page.eval("document.getElementById('tooltip').textContent")
    page.wait_for("!document.getElementById('panel').hidden")
    assert term in page.eval("document.getElementById('panel-title').textContent")
    tokens = tokenize(corpus)
    expected = tokens[tokens["token"] == term].groupby("article").size().to_dict()
    names = list(corpus.articles["article"])
    shown = page.eval("""(() => { const n = {}; document.querySelectorAll('#panel-body .kwic-line')
        .forEach(l => { n[l.dataset.article] = (n[l.dataset.article] || 0) + 1; }); return n; })()""")
    assert {names[int(a)]: n for a, n in shown.items()} == {a: min(n, 20) for a, n in expected.items()}
    assert set(page.eval("[...document.querySelectorAll('#panel-body .kw')].map(e => e.textContent)")) == {term}


def test_a_stance_cell_opens_its_evidence(page, corpus):
    from analysis import score_sentences

    evidence = score_sentences(corpus)
    first = corpus.articles["article"].iloc[0]
    target = evidence[evidence["article"] == first]["target"].value_counts().index[0]
    page.click(f'#stance-table td[data-target="{target}"][data-article="0"]')
    page.wait_for("!document.getElementById('panel').hidden && document.getElementById('panel-title').textContent.includes('×')")
    assert target in page.eval("document.getElementById('panel-title').textContent")
    mine = evidence[(evidence["article"] == first) & (evidence["target"] == target)]
    assert page.eval("document.querySelectorAll('#panel-body .ev-line').length") == len(mine)
    drivers = page.eval("[...document.querySelectorAll('#panel-body .ev-line .drivers')].map(e => e.textContent)")
    assert drivers == [f"drivers: {d}" if d else "no evaluative word" for d in mine.sort_values("sentence")["drivers"]]
    signs = [("cue-favour", lambda v: v > 0), ("cue-against", lambda v: v < 0)]
    for cls, keep in signs:  # every driver that moved the score is highlighted by its sign
        n = sum(1 for cues in mine["cues"] for c in cues if c[3] != "target" and keep(c[4]))
        assert page.eval(f"document.querySelectorAll('#panel-body mark.{cls}').length") == n, cls


def test_chinese_is_drawn_with_the_embedded_font_not_tofu(page, tmp_path_factory):
    from fontTools.ttLib import TTFont

    doc = page.send("DOM.getDocument", depth=-1)
    for selector in ("h1", "#articles-body td:nth-child(2)", "#stance-table th"):
        node = page.send("DOM.querySelector", nodeId=doc["root"]["nodeId"], selector=selector)["nodeId"]
        fonts = page.send("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
        assert fonts and all(f["isCustomFont"] for f in fonts), (selector, fonts)
    # and the embedded subset really holds every character of the page's texts
    html = page.eval("document.documentElement.outerHTML")
    woff = base64.b64decode(re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", html).group(1))
    cmap = TTFont(io.BytesIO(woff)).getBestCmap()
    text = page.eval("document.body.innerText")
    assert sorted({c for c in text if ord(c) > 0x2E80 and ord(c) not in cmap}) == []
    shot = page.send("Page.captureScreenshot", format="png")["data"]
    out = tmp_path_factory.mktemp("screenshot") / "report.png"
    out.write_bytes(base64.b64decode(shot))
    assert out.stat().st_size > 10_000


def test_a_hostile_title_stays_text(page, corpus, frames, tmp_path):
    """After the seeds' tests: it navigates the shared page to another file."""
    import dataclasses

    from analysis.report import write_report

    evil = "</script><img src=x onerror=alert(1)><!-- & \u2028"
    hostile = dataclasses.replace(corpus, articles=corpus.articles.assign(title=evil, label=evil))
    path = write_report(hostile, tmp_path / "hostile.html", embed_font=False, **dataclasses.asdict(frames))
    page.send("Page.navigate", url=path.as_uri())
    page.wait_for("document.body && document.body.dataset.ready === '1' && document.title.length > 0")
    assert page.eval("document.querySelector('#articles-body td:nth-child(2)').textContent") == evil
    assert page.eval("document.querySelectorAll('img').length") == 0
    assert page.eval("document.querySelectorAll('script').length") == 2


@pytest.mark.slow
def test_a_thousand_articles_load_in_under_5_s(page, corpus, frames, tmp_path):
    """Last: it navigates the shared page to another file."""
    from analysis.report import write_report
    from test_report import many_articles

    big, grown = many_articles(corpus, frames, 500)
    path = write_report(big, tmp_path / "big.html", **grown)
    assert path.stat().st_size < 20 * 1024 * 1024
    start = time.monotonic()
    page.send("Page.navigate", url=path.as_uri())
    page.wait_for("document.body && document.body.dataset.ready === '1' && document.querySelectorAll('#stance-table tbody tr').length === 1000",
                  timeout=30)
    seconds = time.monotonic() - start
    print(f"1,000 articles: {path.stat().st_size / 1e6:.1f} MB, ready in {seconds:.2f} s")
    assert seconds < 5
    assert page.eval("document.querySelectorAll('#points circle').length") > 0


def test_no_console_errors(page):
    page.eval("1")  # collect pending events
    errors = [e for e in page.events
              if e["method"] == "Runtime.exceptionThrown"
              or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
              or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    assert errors == []


def test_no_request_leaves_the_file(page, report_path):
    """Over every page this module opened (the seeds, a hostile title, 1,000 articles)."""
    page.eval("1")
    urls = [e["params"]["request"]["url"] for e in page.events if e["method"] == "Network.requestWillBeSent"]
    assert report_path.as_uri() in urls
    assert [u for u in urls if not u.startswith(("file:", "data:"))] == []
