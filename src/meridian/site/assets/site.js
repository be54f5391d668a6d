/* meridian site: small enhancements; every page works without them. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[\s\-_'\u2019.]+/g, "").toLowerCase();
  }
  function tones(s) {
    return s.normalize("NFC").replace(/[\s\-_'\u2019.]+/g, "").toLowerCase();
  }

  /* Figures: points open their page; focus shows the point's name; a figure too small to read can be enlarged. */
  function pointCode(g, prefix) {
    var id = g.id.slice(prefix.length);
    return /-L$/.test(id) ? id.slice(0, -2) : id;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".fig[data-prefix]"), function (fig) {
    var prefix = fig.getAttribute("data-prefix");
    var shown = fig.querySelector(".focus-name");
    var here = fig.getAttribute("data-here");
    Array.prototype.forEach.call(fig.querySelectorAll("g.point[id]"), function (g) {
      var code = pointCode(g, prefix);
      if (code !== here) g.setAttribute("role", "link");
      function go() { if (code !== here) window.location.href = root + "point/" + code + ".html"; }
      g.addEventListener("click", go);
      g.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); }
      });
      g.addEventListener("focus", function () {
        if (shown) shown.textContent = g.getAttribute("aria-label") || code;
      });
    });
    var zoom = fig.querySelector("button.zoom");
    var svg = fig.querySelector("svg");
    var readable = parseFloat(fig.getAttribute("data-readable") || "0");
    function fits() { return !readable || svg.getBoundingClientRect().width >= readable * 0.98; }
    if (zoom && svg && (!fits() || fig.classList.contains("zoomed"))) {
      zoom.hidden = false;
      zoom.addEventListener("click", function () {
        var on = fig.classList.toggle("zoomed");
        zoom.setAttribute("aria-pressed", on ? "true" : "false");
        zoom.textContent = on ? "Fit to the screen" : "Enlarge to read the labels";
      });
    }
  });

  /* Embed snippets: give the figure's full address, and a button to copy the snippet. */
  Array.prototype.forEach.call(document.querySelectorAll(".embed"), function (box) {
    var link = box.querySelector("a.file");
    var code = box.querySelector("code");
    if (link && code) code.textContent = code.textContent.replace(code.getAttribute("data-src"), link.href);
    var copy = box.querySelector("button.copy");
    if (!copy || !code) return;
    copy.hidden = false;
    copy.addEventListener("click", function () {
      function done(text) { copy.textContent = text; setTimeout(function () { copy.textContent = "Copy"; }, 2000); }
      function select() {
        var range = document.createRange();
        range.selectNodeContents(code);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        done("Selected: press Ctrl+C");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.textContent).then(function () { done("Copied"); }, select);
      } else {
        select();
      }
    });
  });

  /* The index: search over the JSON index, ?q= from other pages, and #CODE deep links. */
  var dataNode = document.getElementById("search-data");
  if (!dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var points = data.points.map(function (p, i) {
    var names = [p[0], p[1], p[2], p[3], p[4]].concat(p[5]);
    return {
      code: p[0], pinyin: p[1], hanzi: p[2], english: p[4], order: i, other: p[6],
      url: "point/" + p[0] + ".html",
      keys: names.map(fold), exact: names.map(tones)
    };
  });
  var byCode = {};
  points.forEach(function (p) { byCode[p.code] = p; });
  var pages = data.pages.map(function (g, i) {
    return { url: g[0], title: g[1], what: g[2], keys: g[3].map(fold), order: 1000 + i };
  });

  function score(keys, exact, q, qt) {
    var best = 9;
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      if (!k) continue;
      if (exact && exact[i] === qt) return 0.5;
      if (k === q) best = Math.min(best, 1);
      else if (k.indexOf(q) === 0) best = Math.min(best, 2);
      else if (q.length > 2 && k.indexOf(q) > 0) best = Math.min(best, 3);
    }
    return best;
  }

  function find(text) {
    var q = fold(text), qt = tones(text), hits = [], seen = {};
    if (!q) return hits;
    function add(item, s, note) {
      if (seen[item.url] !== undefined && seen[item.url] <= s) return;
      seen[item.url] = s;
      hits.push({ item: item, score: s, note: note || "" });
    }
    var m = /^([a-z]+(?:-[a-z]+)?)[\s\-_.]*0*(\d{1,3})$/i.exec(text.trim());
    if (m) {
      var prefix = m[1].toUpperCase(), n = parseInt(m[2], 10);
      var ch = data.codes[prefix];
      if (ch && byCode[ch + n]) add(byCode[ch + n], 0);
      (data.shared[prefix] || []).forEach(function (c) {
        if (byCode[c + n]) add(byCode[c + n], 0.2, prefix + " names " + data.shared[prefix].join(" or ") + " in different schools");
      });
      points.forEach(function (p) {
        p.other.forEach(function (o) {
          if (fold(o[0]) === q) add(p, ch && byCode[ch + n] ? 1.5 : 0.3, o[0] + " in " + o[1]);
        });
      });
    }
    points.forEach(function (p) {
      var s = score(p.keys, p.exact, q, qt);
      if (s < 9) add(p, s);
    });
    pages.forEach(function (g) {
      var s = score(g.keys, null, q, qt);
      if (s < 9) add(g, s);
    });
    hits = hits.filter(function (h) { return seen[h.item.url] === h.score; });
    hits.sort(function (a, b) { return a.score - b.score || a.item.order - b.item.order; });
    return hits;
  }

  function show(text) {
    var hits = find(text);
    list.textContent = "";
    hits.slice(0, 40).forEach(function (h) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = h.item.url;
      if (h.item.code) {
        var c = document.createElement("span");
        c.className = "code";
        c.textContent = h.item.code;
        a.appendChild(c);
        var name = document.createElement("span");
        name.textContent = h.item.pinyin + " " + h.item.hanzi;
        a.appendChild(name);
        var what = document.createElement("span");
        what.className = "what";
        what.textContent = h.item.english + (h.note ? " \u00b7 " + h.note : "");
        a.appendChild(what);
      } else {
        a.textContent = h.item.title;
        var kind = document.createElement("span");
        kind.className = "what";
        kind.textContent = h.item.what;
        a.appendChild(kind);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.setAttribute("data-for", text);
    if (!text.trim()) status.textContent = "";
    else if (!hits.length) status.textContent = "Nothing matches \u201c" + text + "\u201d. Try a code (LI4), a name (Hegu) or a word (valley).";
    else status.textContent = hits.length === 1 ? "1 match" : (hits.length > 40 ? "The first 40 of " + hits.length + " matches" : hits.length + " matches");
    return hits;
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 80);
  });
  document.getElementById("search").addEventListener("submit", function (e) {
    e.preventDefault();
    var hits = show(input.value);
    if (hits.length === 1 || (hits.length && hits[0].score <= 0.5 && (hits.length < 2 || hits[1].score > 0.5))) {
      window.location.href = hits[0].item.url;
    }
  });

  /* #BL13 (or #hegu): go to that point's page when the name is certain. */
  function follow() {
    var hash = decodeURIComponent(window.location.hash.slice(1));
    var target = hash && document.getElementById(hash);
    if (!hash || (target && !target.closest(".points-grid"))) return false;
    var found = find(hash);
    var certain = found.length && found[0].score <= 1 && (found.length < 2 || found[1].score > found[0].score);
    if (certain) window.location.replace(found[0].item.url);
    return certain;
  }
  window.addEventListener("hashchange", follow);
  if (follow()) return;
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    show(query);
  }
})();
