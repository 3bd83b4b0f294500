(function () {
  "use strict";
  var table = document.getElementById("measures");
  if (!table) { return; }
  var body = table.tBodies[0];
  var items = Array.prototype.map.call(body.rows, function (row, index) {
    return {row: row, id: row.getAttribute("data-m"), search: row.getAttribute("data-search"), index: index};
  });
  var box = document.getElementById("filter-text");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-field]"));
  var shown = document.getElementById("shown-count");
  var dots = {};
  Array.prototype.forEach.call(document.querySelectorAll("#timeline-svg .dot"), function (dot) {
    dots[dot.getAttribute("data-m")] = dot;
  });

  function applyFilters() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = selects.filter(function (s) { return s.value; }).map(function (s) {
      return {field: "data-" + s.getAttribute("data-field"), value: "|" + s.value + "|"};
    });
    var count = 0;
    items.forEach(function (item) {
      var keep = terms.every(function (t) { return item.search.indexOf(t) >= 0; }) &&
        wanted.every(function (w) { return item.row.getAttribute(w.field).indexOf(w.value) >= 0; });
      item.row.hidden = !keep;
      if (dots[item.id]) { dots[item.id].classList.toggle("off", !keep); }
      if (keep) { count += 1; }
    });
    shown.textContent = count;
  }
  var pending = null;
  box.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(applyFilters, 120); });
  selects.forEach(function (s) { s.addEventListener("change", applyFilters); });
  document.getElementById("filter-clear").addEventListener("click", function () {
    box.value = ""; selects.forEach(function (s) { s.value = ""; }); applyFilters();
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-filter]"), function (button) {
    button.addEventListener("click", function () {
      var select = document.getElementById("filter-" + button.getAttribute("data-filter"));
      select.value = button.getAttribute("data-value"); applyFilters();
      document.getElementById("measures-section").scrollIntoView({block: "start"});
    });
  });

  var sorted = {column: -1, direction: 1};
  function sortBy(th) {
    var column = th.cellIndex;
    var direction = sorted.column === column ? -sorted.direction : 1;
    var numeric = th.getAttribute("data-type") === "number";
    items.forEach(function (item) {
      var cell = item.row.cells[column];
      var key = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
      item.key = numeric ? parseFloat(key) : key.toLowerCase();
      item.blank = key === "" || key === "~";
    });
    items.sort(function (a, b) {
      if (a.blank !== b.blank) { return a.blank ? 1 : -1; }
      if (a.key < b.key) { return -direction; }
      if (a.key > b.key) { return direction; }
      return a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    sorted = {column: column, direction: direction};
  }
  table.tHead.addEventListener("click", function (event) {
    var th = event.target.closest("th"); if (th) { sortBy(th); }
  });
  table.tHead.addEventListener("keydown", function (event) {
    var th = event.target.closest("th");
    if (th && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); sortBy(th); }
  });

  function focusMeasure(id) {
    var target = document.getElementById("m-" + id);
    if (!target) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".current"), function (el) {
      el.classList.remove("current");
    });
    var section = target.closest(".article");
    if (section) {
      section.classList.add("current");
      var selector = '[data-m~="' + CSS.escape(id) + '"]';
      Array.prototype.forEach.call(section.querySelectorAll(selector), function (el) { el.classList.add("current"); });
    }
    var row = document.getElementById("row-" + id);
    if (row) { row.classList.add("current"); }
    if (dots[id]) { dots[id].classList.add("current"); }
    try { history.replaceState(null, "", "#m-" + id); } catch (error) { /* some file: URLs refuse */ }
    target.scrollIntoView({block: "center"});
  }
  body.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-m]");
    if (row) { event.preventDefault(); focusMeasure(row.getAttribute("data-m")); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    var href = link && link.getAttribute("href");
    if (href && href.indexOf("#m-") === 0) { event.preventDefault(); focusMeasure(href.slice(3)); }
  });
  function fromHash() {
    if (location.hash.indexOf("#m-") === 0) { focusMeasure(decodeURIComponent(location.hash.slice(3))); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
