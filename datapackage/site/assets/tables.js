/* Table browser: rows from the JSON in the page, filtered, sorted and paged in the browser.
   Filter terms are separated by spaces; every term must match; "column:text" looks in one
   column only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("table-data").textContent);
  var columns = data.columns, types = data.types, links = data.links, refs = data.refs || {};
  var prose = data.prose || [], names = data.names || {}, named = data.named || [];
  var PAGE = 100;
  var items = data.rows.map(function (row) { return { row: row, text: null }; });
  var shown = items, page = 0, sortCol = -1, sortDir = 1;
  var body = document.querySelector("#grid tbody");
  var input = document.getElementById("filter");
  var status = document.getElementById("status");
  var pageLabel = document.getElementById("page");

  function esc(v) {
    return String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function lower(item) {
    if (item.text === null) {
      item.text = item.row.map(function (v, i) {
        if (v === null) return "";
        return (named.indexOf(columns[i]) >= 0 && names[v] ? v + " " + names[v] : String(v)).toLowerCase();
      });
    }
    return item.text;
  }
  function href(template, value, row) {
    return template.replace(/\{(v|ref|col:([a-z_]+))\}/g, function (m, all, col) {
      if (all === "v") return encodeURIComponent(value);
      if (all === "ref") return encodeURIComponent(refs[value] || "");
      return encodeURIComponent(row[columns.indexOf(col)] || "");
    });
  }
  function cell(value, i, row) {
    if (value === null) return '<td class="null">—</td>';
    var cls = types[i] === "integer" || types[i] === "number" ? ' class="num"' :
      prose.indexOf(columns[i]) >= 0 ? ' class="prose"' : "";
    var text = esc(value);
    var name = named.indexOf(columns[i]) >= 0 ? names[value] : null;
    if (links[i] && value !== "") text = '<a href="' + esc(href(links[i], value, row)) + '">' + (name ? esc(name) : text) + "</a>";
    if (name) text += ' <code class="rid">' + esc(value) + "</code>";
    return "<td" + cls + ">" + text + "</td>";
  }
  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(page, pages - 1);
    var html = [];
    var end = Math.min(shown.length, (page + 1) * PAGE);
    for (var n = page * PAGE; n < end; n++) {
      var row = shown[n].row;
      html.push("<tr>" + row.map(function (v, i) { return cell(v, i, row); }).join("") + "</tr>");
    }
    body.innerHTML = html.join("");
    var first = shown.length ? page * PAGE + 1 : 0;
    status.textContent = "rows " + first.toLocaleString("en") + "–" + end.toLocaleString("en") + " of " +
      shown.length.toLocaleString("en") + (shown.length !== items.length ? " (filtered from " + items.length.toLocaleString("en") + ")" : "");
    pageLabel.textContent = "page " + (page + 1) + " of " + pages;
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
  }
  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(Boolean).map(function (t) {
      var m = /^([a-z_]+):(.*)$/.exec(t);
      var col = m ? columns.indexOf(m[1]) : -1;
      return col >= 0 ? { col: col, text: m[2] } : { col: -1, text: t };
    });
  }
  function matches(item, ts) {
    var text = lower(item);
    return ts.every(function (t) {
      if (t.col >= 0) return text[t.col].indexOf(t.text) >= 0;
      for (var i = 0; i < text.length; i++) if (text[i].indexOf(t.text) >= 0) return true;
      return false;
    });
  }
  function compare(a, b) {
    var x = a.row[sortCol], y = b.row[sortCol];
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sortDir;
  }
  function update() {
    var ts = terms(input.value);
    shown = ts.length ? items.filter(function (item) { return matches(item, ts); }) : items.slice();
    if (sortCol >= 0) shown.sort(compare);
    page = 0;
    render();
  }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#grid th"), function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var col = Number(th.getAttribute("data-col"));
      sortDir = sortCol === col ? -sortDir : 1;
      sortCol = col;
      Array.prototype.forEach.call(document.querySelectorAll("#grid th"), function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      update();
    });
  });
  document.getElementById("prev").addEventListener("click", function () { page--; render(); });
  document.getElementById("next").addEventListener("click", function () { page++; render(); });
  var initial = new URLSearchParams(location.search).get("q") || decodeURIComponent((location.hash.match(/^#q=(.*)$/) || [])[1] || "");
  if (initial) input.value = initial;
  update();
})();
