/* The report's behaviour: reads the JSON blob, builds every section with DOM calls (text is only
   ever set through textContent, so titles and texts cannot inject markup), no network. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var ARTS = D.articles;
  var CONTEXT = 24; // characters of context each side in concordance lines
  var MAX_LINES = 1000; // concordance lines drawn at once
  var TABLE_ROWS = 500; // distinctive-terms rows drawn at once

  // ------------------------------------------------------------ helpers
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function fmt(x, d) { return x === null || x === undefined ? "–" : Number(x).toFixed(d === undefined ? 2 : d); }
  function signed(x) { return x === null || x === undefined ? "–" : (x > 0 ? "+" : "") + Number(x).toFixed(2); }
  function pval(p) { return p === null || p === undefined ? "–" : (p < 0.001 ? p.toExponential(1) : p.toFixed(3)); }
  function label(a) { return "[" + ARTS[a].number + "] " + ARTS[a].label; }
  function button(text, onclick, attrs) {
    var b = el("button", Object.assign({ type: "button", cls: "link", text: String(text) }, attrs || {}));
    b.addEventListener("click", onclick);
    return b;
  }
  function table(headers, rows) {
    var t = el("table");
    t.appendChild(el("thead", {}, [el("tr", {}, headers.map(function (h) { return el("th", { text: h }); }))]));
    var body = el("tbody");
    rows.forEach(function (r) { body.appendChild(r); });
    t.appendChild(body);
    return t;
  }
  function td(x, num) {
    if (x instanceof Node) return el("td", num ? { cls: "num" } : {}, [x]);
    return el("td", { cls: num ? "num" : "", text: x === null || x === undefined ? "" : String(x) });
  }
  function articleOptions(select, withAll) {
    if (withAll) select.appendChild(el("option", { value: "all", text: "all articles" }));
    ARTS.forEach(function (_, a) { select.appendChild(el("option", { value: String(a), text: label(a) })); });
  }

  // sentence text by [article, sentence id]
  var SENT = ARTS.map(function (_, a) {
    var m = {};
    (D.sentences[a] || []).forEach(function (s) { m[s[0]] = s[2]; });
    return m;
  });

  // ------------------------------------------------------------ the evidence panel
  var panel = document.getElementById("panel");
  function openPanel(title, nodes) {
    document.getElementById("panel-title").textContent = title;
    var body = document.getElementById("panel-body");
    body.textContent = "";
    nodes.forEach(function (n) { body.appendChild(n); });
    panel.hidden = false;
    body.scrollTop = 0;
  }
  document.getElementById("panel-close").addEventListener("click", function () { panel.hidden = true; });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") panel.hidden = true; });

  function openReader(a, focus) {
    var nodes = [el("p", { cls: "muted", text: ARTS[a].article + (ARTS[a].embedded ? "" : " (text not embedded: over the size cap)") })];
    (D.sentences[a] || []).forEach(function (s) {
      var row = el("div", { cls: "sent" + (s[0] === focus ? " focus" : ""), id: "sent-" + a + "-" + s[0] },
        [el("span", { cls: "sid", text: "#" + s[0] }), s[2]]);
      nodes.push(row);
    });
    openPanel(label(a), nodes);
    if (focus !== undefined) {
      var f = document.getElementById("sent-" + a + "-" + focus);
      if (f) f.scrollIntoView({ block: "center" });
    }
  }
  function where(a, s) { return button(ARTS[a].number + ":" + s, function () { openReader(a, s); }, { title: "open the sentence in its article" }); }

  // a text with [start, end, class] spans highlighted
  function highlighted(text, spans) {
    var out = el("span"), pos = 0;
    spans.slice().sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; }).forEach(function (sp) {
      if (sp[0] < pos) return; // overlapping: keep the first
      if (sp[0] > pos) out.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      out.appendChild(el("mark", { cls: sp[2], text: text.slice(sp[0], sp[1]) }));
      pos = sp[1];
    });
    out.appendChild(document.createTextNode(text.slice(pos)));
    return out;
  }

  // ------------------------------------------------------------ concordance lines
  function lineEl(a, s, left, kw, right) {
    return el("div", { cls: "kwic-line", "data-article": String(a) }, [
      el("span", { cls: "where" }, [where(a, s)]),
      el("span", { cls: "left" }, [el("span", { text: left })]),
      el("span", { cls: "kw", text: kw }),
      el("span", { cls: "right", text: right })]);
  }
  function kwicLine(a, s, start, end) { // offsets in the sentence's text
    var text = SENT[a][s] || "";
    return lineEl(a, s, text.slice(Math.max(0, start - CONTEXT), start), text.slice(start, end), text.slice(end, end + CONTEXT));
  }

  // An article's clean body text as corpus.body_text(article) gives it: its paragraphs (each the
  // concatenation of its sentences) joined by newlines; offs maps body offsets to sentences.
  var BODIES = [];
  function body(a) {
    if (BODIES[a]) return BODIES[a];
    var parts = [], offs = [], starts = [], pos = 0, last = null;
    (D.sentences[a] || []).forEach(function (s) {
      if (last !== null && s[1] !== last) { parts.push("\n"); pos += 1; }
      starts.push(pos); offs.push(s[0]); parts.push(s[2]); pos += s[2].length; last = s[1];
    });
    BODIES[a] = { text: parts.join(""), starts: starts, sids: offs };
    return BODIES[a];
  }
  function sentenceAt(b, pos) { // the sentence holding body offset pos (binary search)
    var lo = 0, hi = b.starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (b.starts[mid] <= pos) lo = mid; else hi = mid - 1; }
    return b.sids[lo];
  }
  function contexts(b, h) { // left and right context of a body match, stopping at the paragraph's edges
    var left = b.text.slice(Math.max(0, h[0] - CONTEXT), h[0]), right = b.text.slice(h[1], h[1] + CONTEXT);
    return [left.slice(left.lastIndexOf("\n") + 1), right.split("\n")[0]];
  }
  function termRow(a, term) {
    var rows = D.keywords[a] || [];
    for (var i = 0; i < rows.length; i++) if (rows[i][0] === term) return rows[i];
    return null;
  }
  function openTerm(term) {
    var hits = D.contexts[term] || [], nodes = [];
    ARTS.forEach(function (art, a) {
      var row = termRow(a, term), mine = hits.filter(function (h) { return h[0] === a; });
      var n = row ? row[1] : 0;
      if (!n && !mine.length) return;
      var head = el("h4", { cls: "ctx-head", "data-article": String(a), text: label(a) + " — " + n + " occurrence" + (n === 1 ? "" : "s") +
        (mine.length < n ? " (showing " + mine.length + ")" : "") });
      nodes.push(head);
      mine.forEach(function (h) { nodes.push(kwicLine(h[0], h[1], h[2], h[3])); });
    });
    if (!nodes.length) nodes.push(el("p", { text: "No occurrence stored." }));
    openPanel("“" + term + "” in context", nodes);
  }

  // ------------------------------------------------------------ articles
  function renderArticles() {
    var rows = ARTS.map(function (art, a) {
      return el("tr", {}, [td(art.number, true), td(art.label), td(art.author || ""), td(art.date || ""), td(art.source || ""),
        td(art.script || ""), td(art.n_chars_raw, true), td(art.n_chars_clean, true), td(art.n_paragraphs, true),
        td(button(art.n_sentences, function () { openReader(a); }, { "data-article": String(a) }), true)]);
    });
    document.getElementById("articles-body").appendChild(table(
      ["#", "title", "author", "date", "source", "script", "chars raw", "chars clean", "paragraphs", "sentences"], rows));
  }

  var MANY = 10; // with more articles, per-article sections show one article at a time
  function chosen(id) { var v = document.getElementById(id).value; return v === "all" ? null : Number(v); }
  function renderCleaning() {
    var only = chosen("cleaning-article"), box = document.getElementById("cleaning-body");
    var rows = D.cleaning.filter(function (c) { return only === null || c.a === only; }).map(function (c) {
      var changes = c.n_examples ? button(c.n_changes, function () {
        var nodes = c.examples.map(function (ex) {
          return el("div", { cls: "ev-line" }, [el("del", { text: ex[0] }), " → ", el("ins", { text: ex[1] || "(removed)" })]);
        });
        if (c.n_examples > c.examples.length) nodes.push(el("p", { cls: "muted", text: "showing " + c.examples.length + " of " + c.n_examples + " examples" }));
        openPanel(label(c.a) + " · " + c.step, nodes);
      }) : String(c.n_changes);
      return el("tr", {}, [td(ARTS[c.a].number, true), td(c.step), td(changes, true), td(c.chars_removed, true), td(c.chars_added, true)]);
    });
    box.textContent = "";
    box.appendChild(table(["#", "step", "changes", "chars removed", "chars added"], rows));
  }

  // ------------------------------------------------------------ the term scatter
  var W = 720, H = 520, M = { l: 56, r: 16, t: 16, b: 46 };
  function hash(s) { var h = 2166136261; for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); } return (h >>> 0) / 4294967296; }
  function colour(z) { return z === null ? "#999" : z >= 1.96 ? "#c0392b" : z <= -1.96 ? "#2e6db4" : "#9a9a9a"; }
  function tip(row, evt) {
    var t = document.getElementById("tooltip"), box = document.getElementById("scatter-wrap").getBoundingClientRect();
    t.textContent = "";
    [row[0], "n " + row[1] + " · rate " + fmt(row[2]) + " ‰ · others " + fmt(row[3]) + " ‰",
      "log-odds z " + fmt(row[4]) + " · G² " + fmt(row[5]) + " · p " + pval(row[6])].forEach(function (line, i) {
      t.appendChild(el("div", { text: line, cls: i ? "" : "tip-term" }));
    });
    t.hidden = false;
    t.style.left = Math.min(evt.clientX - box.left + 12, W - 200) + "px";
    t.style.top = (evt.clientY - box.top + 12) + "px";
  }
  function renderScatter() {
    var a = Number(document.getElementById("scatter-article").value), s = document.getElementById("scatter");
    var rows = D.keywords[a] || [];
    s.textContent = "";
    var maxv = 0;
    rows.forEach(function (r) { maxv = Math.max(maxv, r[2] || 0, r[3] || 0); });
    var top = Math.log1p(maxv || 1) * 1.05;
    function X(v) { return M.l + (W - M.l - M.r) * Math.log1p(v || 0) / top; }
    function Y(v) { return H - M.b - (H - M.t - M.b) * Math.log1p(v || 0) / top; }
    s.appendChild(svg("line", { x1: M.l, y1: H - M.b, x2: W - M.r, y2: H - M.b, "class": "axis" }));
    s.appendChild(svg("line", { x1: M.l, y1: M.t, x2: M.l, y2: H - M.b, "class": "axis" }));
    s.appendChild(svg("line", { x1: M.l, y1: H - M.b, x2: X(maxv), y2: Y(maxv), stroke: "#ccc", "stroke-dasharray": "4 3" }));
    [0, 1, 2, 5, 10, 20, 50, 100].filter(function (v) { return Math.log1p(v) <= top; }).forEach(function (v) {
      var tx = svg("text", { x: X(v), y: H - M.b + 16, "text-anchor": "middle" }); tx.textContent = v; s.appendChild(tx);
      var ty = svg("text", { x: M.l - 6, y: Y(v) + 4, "text-anchor": "end" }); ty.textContent = v; s.appendChild(ty);
    });
    var xl = svg("text", { x: (W + M.l) / 2, y: H - 8, "text-anchor": "middle" }); xl.textContent = "rate in the other articles (per 1,000 tokens)"; s.appendChild(xl);
    var yl = svg("text", { x: 14, y: (H - M.b) / 2, transform: "rotate(-90 14 " + (H - M.b) / 2 + ")", "text-anchor": "middle" });
    yl.textContent = "rate in " + ARTS[a].label.slice(0, 30) + " (per 1,000 tokens)"; s.appendChild(yl);
    var g = svg("g", { id: "points" });
    rows.slice().reverse().forEach(function (r) { // most distinctive drawn last (on top)
      var jx = (hash(r[0]) - 0.5) * 6, jy = (hash(r[0] + "y") - 0.5) * 6;
      var c = svg("circle", { cx: (X(r[3]) + jx).toFixed(1), cy: (Y(r[2]) + jy).toFixed(1), r: 3.2, fill: colour(r[4]), "data-term": r[0] });
      c.addEventListener("mousemove", function (e) { tip(r, e); });
      c.addEventListener("mouseleave", function () { document.getElementById("tooltip").hidden = true; });
      c.addEventListener("click", function () { openTerm(r[0]); });
      g.appendChild(c);
    });
    s.appendChild(g);
    rows.slice(0, 12).forEach(function (r) {
      var t = svg("text", { x: X(r[3]) + 5, y: Y(r[2]) - 4, "class": "point-label" }); t.textContent = r[0]; s.appendChild(t);
    });
    document.getElementById("scatter-count").textContent = rows.length + " terms";
    findTerm();
  }
  function findTerm() {
    var q = document.getElementById("scatter-find").value.trim();
    document.querySelectorAll("#points circle").forEach(function (c) {
      var hit = q && c.getAttribute("data-term").indexOf(q) >= 0;
      c.classList.toggle("found", !!hit);
      if (hit) c.parentNode.appendChild(c);
    });
  }

  // ------------------------------------------------------------ distinctive terms table
  var TERM_COLS = [["article", 0], ["term", 0], ["n", 1], ["rate ‰", 1], ["others ‰", 1], ["log-odds z", 1], ["G²", 1], ["p", 1], ["log ratio", 1]];
  var termSort = { col: 5, desc: true };
  function renderTerms() {
    var sel = document.getElementById("terms-article").value, rows = [];
    ARTS.forEach(function (_, a) {
      if (sel !== "all" && Number(sel) !== a) return;
      (D.keywords[a] || []).slice(0, D.caps.table_top).forEach(function (r) { rows.push([a].concat(r)); });
    });
    var c = termSort.col;
    rows.sort(function (x, y) {
      var u = c === 0 ? x[0] : x[c], v = c === 0 ? y[0] : y[c];
      var d = (u === null) - (v === null) || (u < v ? -1 : u > v ? 1 : 0);
      return (termSort.desc ? -d : d) || x[0] - y[0] || (x[1] < y[1] ? -1 : 1);
    });
    var total = rows.length;
    rows = rows.slice(0, TABLE_ROWS);
    var t = el("table", { id: "terms-table" }), head = el("tr");
    TERM_COLS.forEach(function (col, i) {
      var th = el("th", { cls: "sortable", text: col[0] + (termSort.col === i ? (termSort.desc ? " ▼" : " ▲") : "") });
      th.addEventListener("click", function () { termSort = { col: i, desc: termSort.col === i ? !termSort.desc : col[1] === 1 }; renderTerms(); });
      head.appendChild(th);
    });
    t.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    rows.forEach(function (r) {
      body.appendChild(el("tr", {}, [td(ARTS[r[0]].number, true), td(button(r[1], function () { openTerm(r[1]); })), td(r[2], true),
        td(fmt(r[3]), true), td(fmt(r[4]), true), td(fmt(r[5]), true), td(fmt(r[6]), true), td(pval(r[7]), true), td(fmt(r[8]), true)]));
    });
    t.appendChild(body);
    var box = document.getElementById("terms-body");
    box.textContent = "";
    if (total > rows.length) box.appendChild(el("p", { cls: "muted", text: "showing the first " + rows.length + " of " + total + " rows (sort or choose an article to see others)" }));
    box.appendChild(t);
  }

  // ------------------------------------------------------------ concordance search
  function findAll(text, q, re) {
    var out = [];
    if (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        out.push([m.index, m.index + m[0].length]);
      }
      return out;
    }
    var i = text.indexOf(q);
    while (i >= 0) { out.push([i, i + q.length]); i = text.indexOf(q, i + q.length); } // non-overlapping, as str.count
    return out;
  }
  function search() {
    var q = document.getElementById("kwic-q").value, mode = document.getElementById("kwic-mode").value;
    var sort = document.getElementById("kwic-sort").value, status = document.getElementById("kwic-status");
    var counts = document.getElementById("kwic-counts"), lines = document.getElementById("kwic-lines");
    counts.textContent = ""; lines.textContent = ""; status.textContent = "";
    if (!q) return;
    var re = null;
    if (mode === "regex") {
      try { re = new RegExp(q, "gu"); } catch (err) { status.textContent = "Not a valid regular expression: " + err.message; return; }
    }
    var hits = [], per = ARTS.map(function () { return 0; });
    ARTS.forEach(function (_, a) { // hit: [article, body start, body end, left, right]
      var b = body(a);
      findAll(b.text, q, re).forEach(function (h) { per[a]++; hits.push([a, h[0], h[1]].concat(contexts(b, h))); });
    });
    function key(h) { return sort === "left" ? h[3].split("").reverse().join("") : h[4]; }
    if (sort !== "position") hits.sort(function (x, y) { var u = key(x), v = key(y); return u < v ? -1 : u > v ? 1 : x[0] - y[0] || x[1] - y[1]; });
    var rows = ARTS.map(function (art, a) {
      return el("tr", { "data-article": art.article }, [td(art.number, true), td(art.label), el("td", { cls: "num count", text: String(per[a]) })]);
    });
    var total = per.reduce(function (x, y) { return x + y; }, 0);
    rows.push(el("tr", {}, [td(""), el("td", { text: "total" }), el("td", { cls: "num total", text: String(total) })]));
    counts.appendChild(table(["#", "article", "matches"], rows));
    var missing = ARTS.filter(function (art) { return !art.embedded; }).length;
    status.textContent = total + " match" + (total === 1 ? "" : "es") + (hits.length > MAX_LINES ? ", showing the first " + MAX_LINES : "") +
      (missing ? "; " + missing + " article(s) not searched (text over the size cap)" : "");
    var frag = document.createDocumentFragment();
    hits.slice(0, MAX_LINES).forEach(function (h) {
      var b = body(h[0]);
      frag.appendChild(lineEl(h[0], sentenceAt(b, h[1]), h[3], b.text.slice(h[1], h[2]), h[4]));
    });
    lines.appendChild(frag);
  }

  // ------------------------------------------------------------ companies
  function openMentions(c) {
    var nodes = c.lines.map(function (l) {
      return el("div", { cls: "ev-line" }, [where(c.a, l[0]), " ", highlighted(SENT[c.a][l[0]] || "", [[l[1], l[2], "cue-target"]])]);
    });
    if (c.mentions > c.lines.length) nodes.push(el("p", { cls: "muted", text: "showing " + c.lines.length + " of " + c.mentions + " mentions" }));
    openPanel(c.company + " in " + label(c.a), nodes);
  }
  function renderCompanies() {
    var box = document.getElementById("companies-body"), only = chosen("companies-article");
    box.textContent = "";
    ARTS.forEach(function (art, a) {
      if (only !== null && a !== only) return;
      var mine = D.companies.filter(function (c) { return c.a === a; });
      box.appendChild(el("h3", { text: label(a) + " — " + mine.length + " compan" + (mine.length === 1 ? "y" : "ies") }));
      if (!mine.length) return;
      box.appendChild(table(["company", "English", "mentions", "aliases seen", "sector", "country"], mine.map(function (c) {
        var info = D.company_info[c.company] || ["", "", ""];
        return el("tr", {}, [td(c.company), td(info[0]), td(button(c.mentions, function () { openMentions(c); }, { "data-company": c.company }), true),
          td(c.aliases), td(info[1]), td(info[2])]);
      })));
    });
  }
  function renderCandidates() {
    var only = chosen("companies-article"), box = document.getElementById("candidates-body");
    var mine = D.candidates.filter(function (c) { return only === null || c.articles.indexOf(only) >= 0; });
    box.textContent = "";
    box.appendChild(table(["name", "count (all articles)", "found by", "articles", "first sentence"], mine.map(function (c) {
      return el("tr", {}, [td(c.candidate), td(c.count, true), td(c.sources), td(c.articles.map(function (a) { return ARTS[a].number; }).join(", ")), td(c.example)]);
    })));
  }

  // ------------------------------------------------------------ stance
  function intervalBar(cell) {
    var s = svg("svg", { width: 120, height: 12, viewBox: "0 0 120 12" });
    function P(v) { return 60 + 58 * v; }
    s.appendChild(svg("line", { x1: 2, y1: 6, x2: 118, y2: 6, stroke: "#ccc" }));
    s.appendChild(svg("line", { x1: 60, y1: 1, x2: 60, y2: 11, stroke: "#999" }));
    if (cell.lo !== null && cell.hi !== null) s.appendChild(svg("line", { x1: P(cell.lo), y1: 6, x2: P(cell.hi), y2: 6, stroke: "#333", "stroke-width": 3 }));
    if (cell.n) s.appendChild(svg("circle", { cx: P(cell.score), cy: 6, r: 3, fill: "#0b5cad" }));
    return s;
  }
  function openCell(cell) {
    var target = D.stance.targets[cell.t];
    var nodes = [el("p", { text: cell.label + " · score " + signed(cell.score) + " · 95% interval [" + fmt(cell.lo) + ", " + fmt(cell.hi) + "] · " +
      cell.n + " sentence(s): " + (cell.n_favour || 0) + " favour, " + (cell.n_against || 0) + " against, " + (cell.n_neutral || 0) + " neutral" })];
    cell.evidence.forEach(function (ev) {
      var text = ev[1] === null ? (SENT[cell.a][ev[0]] || "") : ev[1];
      var spans = ev[4].map(function (c) { // colour by the value the word scored (0: neutralised)
        return [c[0], c[1], c[2] === "target" ? "cue-target" : c[3] > 0 ? "cue-favour" : c[3] < 0 ? "cue-against" : "cue-zero"];
      });
      nodes.push(el("div", { cls: "ev-line" }, [where(cell.a, ev[0]), " ", el("b", { text: signed(ev[2]) }), " ", highlighted(text, spans),
        el("div", { cls: "drivers", text: ev[3] ? "drivers: " + ev[3] : "no evaluative word" })]));
    });
    if (cell.n > cell.evidence.length) nodes.push(el("p", { cls: "muted", text: "showing " + cell.evidence.length + " of " + cell.n + " sentences" }));
    openPanel(target + " × " + label(cell.a), nodes);
  }
  function renderStance() {
    var box = document.getElementById("stance-body"), T = D.stance.targets;
    if (!T.length) { box.appendChild(el("p", { text: "No stance targets." })); return; }
    var byKey = {};
    D.stance.cells.forEach(function (c) { byKey[c.t + "/" + c.a] = c; });
    var head = el("tr", {}, [el("th", { text: "article" })].concat(T.map(function (target) { return el("th", { text: target }); })));
    var rows = ARTS.map(function (_, a) {
      return el("tr", {}, [el("th", { text: label(a) })].concat(T.map(function (target, t) {
        var c = byKey[t + "/" + a];
        if (!c) return el("td");
        var cellEl = el("td", { cls: "stance-cell label-" + c.label, "data-target": target, "data-article": String(a), tabindex: "0" }, [
          el("div", { text: c.label + " " + signed(c.score) }), intervalBar(c),
          el("div", { cls: "muted", text: "[" + fmt(c.lo) + ", " + fmt(c.hi) + "] · n " + c.n })]);
        cellEl.addEventListener("click", function () { openCell(c); });
        cellEl.addEventListener("keydown", function (e) { if (e.key === "Enter") openCell(c); });
        return cellEl;
      })));
    });
    var t = el("table", { id: "stance-table" }, [el("thead", {}, [head]), el("tbody", {}, rows)]);
    box.appendChild(t);
  }

  // ------------------------------------------------------------ provenance
  function kv(obj) {
    var dl = el("dl", { cls: "kv" });
    Object.keys(obj).sort().forEach(function (k) { dl.appendChild(el("dt", { text: k })); dl.appendChild(el("dd", { text: String(obj[k]) })); });
    return dl;
  }
  function renderProvenance() {
    var box = document.getElementById("provenance-body"), P = D.provenance;
    [["Package versions", P.versions], ["Font", P.font], ["Articles (sha256)", P.articles], ["Lists and lexicons (sha256)", P.data],
      ["Caps (bounds of this file)", D.caps]].forEach(function (part) {
      box.appendChild(el("h3", { text: part[0] }));
      box.appendChild(kv(part[1] || {}));
    });
  }

  // ------------------------------------------------------------ wiring
  articleOptions(document.getElementById("scatter-article"), false);
  articleOptions(document.getElementById("terms-article"), true);
  ["cleaning-article", "companies-article"].forEach(function (id) {
    var sel = document.getElementById(id);
    articleOptions(sel, true);
    sel.value = ARTS.length > MANY ? "0" : "all";
  });
  renderArticles();
  renderCleaning();
  if (ARTS.length) renderScatter();
  renderTerms();
  renderCompanies();
  renderCandidates();
  renderStance();
  renderProvenance();
  document.getElementById("scatter-article").addEventListener("change", renderScatter);
  document.getElementById("scatter-find").addEventListener("input", findTerm);
  document.getElementById("terms-article").addEventListener("change", renderTerms);
  document.getElementById("cleaning-article").addEventListener("change", renderCleaning);
  document.getElementById("companies-article").addEventListener("change", function () { renderCompanies(); renderCandidates(); });
  ["kwic-q", "kwic-mode", "kwic-sort"].forEach(function (id) {
    document.getElementById(id).addEventListener(id === "kwic-q" ? "input" : "change", search);
  });
  document.body.setAttribute("data-ready", "1");
})();
