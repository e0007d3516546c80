// Label every table cell with its column header so that narrow screens can show each row
// as a card (see site.css).  Runs again after htmx swaps new content in.
(function () {
  function label(root) {
    root.querySelectorAll("table.table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (e) { label(e.target); });
})();

// A <select data-autosubmit> submits its form when changed (no inline handlers: the
// Content-Security-Policy forbids them).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
    el.form.submit();
  }
});

// An element with data-hidden-when="<id>" is hidden while the form control <id> has a
// value (e.g. the application's veto questions once a platform report is chosen).
(function () {
  function sync() {
    document.querySelectorAll("[data-hidden-when]").forEach(function (el) {
      var control = document.getElementById(el.getAttribute("data-hidden-when"));
      el.hidden = Boolean(control && control.value);
    });
  }
  document.addEventListener("DOMContentLoaded", sync);
  document.addEventListener("change", sync);
})();
