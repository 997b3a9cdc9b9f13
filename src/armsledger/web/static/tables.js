// armsledger: sortable and filterable tables (progressive enhancement, no dependencies).
// Every <table class="data"> gets header buttons that sort its rows (numbers by the cell's
// data-sort raw value, so "10,547" and "–" sort right; text by locale) and a filter box above
// it that hides the rows not containing the text. Without JavaScript the tables are as served.
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var counter = 0;

  function key(cell) {
    if (!cell) return { num: null, text: "" };
    var raw = cell.getAttribute("data-sort");
    if (raw !== null) {
      var n = raw === "" ? NaN : Number(raw);
      return { num: isNaN(n) ? null : n, text: "", numeric: true };
    }
    return { num: null, text: (cell.textContent || "").trim() };
  }

  function compare(a, b, dir) {
    if (a.numeric || b.numeric) {
      // missing values ("–") last in either direction
      if (a.num === null && b.num === null) return 0;
      if (a.num === null) return 1;
      if (b.num === null) return -1;
      return dir * (a.num - b.num);
    }
    var ea = a.text === "" || a.text === "–", eb = b.text === "" || b.text === "–";
    if (ea && eb) return 0;
    if (ea) return 1;
    if (eb) return -1;
    return dir * collator.compare(a.text, b.text);
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var current = th.getAttribute("aria-sort");
    var numeric = !!body.querySelector("td:nth-child(" + (index + 1) + ")[data-sort]");
    // numbers start largest first, text A to Z
    var dir = current === "descending" ? 1 : current === "ascending" ? -1 : (numeric ? -1 : 1);
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) { return { row: row, i: i, k: key(row.cells[index]) }; });
    keyed.sort(function (x, y) { return compare(x.k, y.k, dir) || x.i - y.i; });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (x) { frag.appendChild(x.row); });
    body.appendChild(frag);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
      if (c !== th) c.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }

  function filter(table, input, status) {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var body = table.tBodies[0];
    if (!body) return;
    var shown = 0, total = body.rows.length;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = (row.textContent || "").toLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = words.length ? shown + " of " + total + " rows" : "";
  }

  function enhance(table) {
    if (table.getAttribute("data-enhanced")) return;
    table.setAttribute("data-enhanced", "1");
    var head = table.tHead && table.tHead.rows[0];
    // a table shown a page at a time sorts on the server: its headers are links already
    var paged = table.hasAttribute("data-server-sort");
    if (head && !paged) {
      Array.prototype.forEach.call(head.cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        button.title = "Sort by this column";
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th); });
      });
    }
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) return;
    counter += 1;
    var id = "table-filter-" + counter;
    var box = document.createElement("div");
    box.className = "table-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = paged ? "Filter rows on this page" : "Filter rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.placeholder = "e.g. India";
    input.setAttribute("autocomplete", "off");
    var status = document.createElement("span");
    status.className = "filter-status";
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    input.addEventListener("input", function () { filter(table, input, status); });
    var anchor = table.closest(".table-wrap") || table;
    anchor.parentNode.insertBefore(box, anchor);
  }

  // forms marked data-drop-empty leave their empty fields out of the URL ("from=" is no year)
  function dropEmpty(event) {
    Array.prototype.forEach.call(event.target.elements, function (el) {
      if (el.name && (el.tagName === "INPUT" || el.tagName === "SELECT") && el.type !== "checkbox"
          && el.value === "") el.disabled = true;
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.data"), enhance);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-drop-empty]"), function (f) {
      f.addEventListener("submit", dropEmpty);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
