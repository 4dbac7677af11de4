(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var byId = {};
  data.matches.forEach(function (m) { byId[m.id] = m; });
  var current = null;
  var suspectDoc = document.getElementById("suspect-doc");
  var pick = document.getElementById("source-pick");
  var status = document.getElementById("status");

  function marks(id) {
    return document.querySelectorAll('mark[data-m~="' + id + '"]');
  }
  function scrollPane(pane, el) {
    if (!pane || !el) return;
    pane.scrollTop = Math.max(0, el.offsetTop - pane.clientHeight / 3);
  }
  function showSource(sid) {
    document.querySelectorAll(".source-doc").forEach(function (d) {
      d.hidden = d.getAttribute("data-source") !== sid;
    });
    if (pick) pick.value = sid;
  }
  function visible(m) {
    return !excluded(m);
  }
  function select(id, focusText) {
    var m = byId[id];
    if (!m || excluded(m)) return;
    document.querySelectorAll(".current").forEach(function (e) { e.classList.remove("current"); });
    marks(id).forEach(function (e) { e.classList.add("current"); });
    var item = document.getElementById("item-" + id);
    if (item) item.classList.add("current");
    showSource(m.source);
    var sus = document.getElementById("sus-" + id);
    var src = document.getElementById("src-" + id);
    scrollPane(suspectDoc, sus);
    scrollPane(document.getElementById("doc-" + m.source), src);
    if (focusText && sus) sus.focus({ preventScroll: true });
    current = id;
    status.textContent = "Passage " + m.n + " of " + data.matches.length + " selected";
    if (history.replaceState) history.replaceState(null, "", "#" + id);
  }
  function step(delta) {
    var shown = data.matches.filter(visible);
    if (!shown.length) return;
    var at = shown.findIndex(function (m) { return m.id === current; });
    var next = at < 0 ? (delta > 0 ? 0 : shown.length - 1) : (at + delta + shown.length) % shown.length;
    select(shown[next].id, true);
  }

  // Exclusion filters: hidden sources, quoted or attributed passages, small passages.
  function excluded(m) {
    var src = document.getElementById("show-" + m.source);
    if (src && !src.checked) return true;
    if (m.quoted && document.getElementById("hide-quoted").checked) return true;
    if (m.attributed && document.getElementById("hide-attributed").checked) return true;
    var small = parseInt(document.getElementById("small-words").value, 10) || 0;
    return document.getElementById("hide-small").checked && m.words < small;
  }
  // The headline measure, in words as copyhound counts it: the suspect's words inside
  // counted passages (template words already taken out of each passage's ranges "w").
  function counted(m) {
    return !m.fixed_out && !excluded(m);
  }
  function coverage(list) {
    var spans = [];
    list.forEach(function (m) { m.w.forEach(function (r) { spans.push(r); }); });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var total = 0, s = -1, e = -1;
    spans.forEach(function (p) {
      if (p[0] > e) { if (e > s) total += e - s; s = p[0]; e = p[1]; } else if (p[1] > e) { e = p[1]; }
    });
    if (e > s) total += e - s;
    return data.words ? total / data.words : 0;
  }
  function pct(v) { return (100 * v).toFixed(1) + "%"; }
  function applyFilters() {
    var shown = data.matches.filter(visible);
    var on = {};
    shown.forEach(function (m) { on[m.id] = true; });
    document.querySelectorAll("mark.hl").forEach(function (e) {
      var ids = e.getAttribute("data-m").split(" ");
      e.classList.toggle("off", !ids.some(function (i) { return on[i]; }));
    });
    document.querySelectorAll(".passage").forEach(function (li) {
      li.classList.toggle("off", !on[li.getAttribute("data-m")]);
    });
    // The figures are always recounted here, the way copyhound counts them (the same words,
    // the same exclusions), so a ticked exclusion changes the number and never its unit.
    var filtered = shown.length !== data.matches.length;
    document.getElementById("recomputed").hidden = !filtered;
    var kept = data.matches.filter(counted);
    document.getElementById("share-now").textContent = pct(coverage(kept));
    var idx = document.getElementById("index-now");
    if (idx) idx.textContent = pct(coverage(kept.filter(function (m) { return !m.attributed; })));
    document.querySelectorAll(".source-share").forEach(function (el) {
      var sid = el.getAttribute("data-source");
      el.textContent = pct(coverage(kept.filter(function (m) { return m.source === sid; })));
    });
    if (current && !on[current]) {
      document.querySelectorAll(".current").forEach(function (e) { e.classList.remove("current"); });
      current = null;
    }
  }

  document.addEventListener("click", function (ev) {
    var go = ev.target.closest("button.go, mark.hl");
    if (!go || go.classList.contains("off")) return;
    var ids = go.getAttribute("data-m").split(" ");
    var pickId = ids.find(function (i) { return visible(byId[i]); });
    if (pickId) select(pickId, false);
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (t.matches && t.matches("mark.hl") && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      t.click();
      return;
    }
    if (ev.altKey || ev.ctrlKey || ev.metaKey || (t.matches && t.matches("input, select, textarea"))) return;
    if (ev.key === "n") step(1);
    else if (ev.key === "p") step(-1);
  });
  if (pick) pick.addEventListener("change", function () { showSource(pick.value); });
  document.querySelectorAll(".filters input, .source-toggle").forEach(function (el) {
    el.addEventListener("change", applyFilters);
    el.addEventListener("input", applyFilters);
  });
  applyFilters();
  var start = location.hash.slice(1);
  if (byId[start]) select(start, false);
})();
