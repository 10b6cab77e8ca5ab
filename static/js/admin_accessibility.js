// Accessible names the admin's own markup leaves out (axe-core: label, select-name,
// aria-input-field-name). A field in a tabular inline has no <label>, only its column's
// header; a select2 autocomplete's combobox is named by nothing. Each gets the name of its
// label or column header, on load and for each inline row added.
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:\s]+$/, "").trim() : "";
  }

  // The header of the column a tabular inline's field sits in (td.field-x under th.column-x).
  function columnHeader(control) {
    var cell = control.closest("td");
    var table = control.closest("table");
    if (!cell || !table) return null;
    var field = /(?:^|\s)field-(\S+)/.exec(cell.className);
    if (field) return table.querySelector("thead th.column-" + field[1]);
    var headers = table.querySelectorAll("thead th");
    return cell.classList.contains("delete") ? headers[headers.length - 1] : null;
  }

  function nameOf(control) {
    if (control.labels && control.labels.length) return text(control.labels[0]);
    return text(columnHeader(control));
  }

  function nameControls() {
    var controls = document.querySelectorAll("#content-main input, #content-main select, #content-main textarea");
    controls.forEach(function (control) {
      if (control.type === "hidden" || control.hasAttribute("aria-label")) return;
      if ((control.labels && control.labels.length) || control.hasAttribute("aria-labelledby")) return;
      var name = nameOf(control);
      if (name) control.setAttribute("aria-label", name);
    });
    document.querySelectorAll("#content-main span.select2").forEach(function (container) {
      var select = container.previousElementSibling;
      var name = select && select.tagName === "SELECT" ? nameOf(select) : "";
      if (!name) return;
      container.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (element) {
        element.removeAttribute("aria-labelledby");
        element.setAttribute("aria-label", name);
      });
    });
  }

  // After select2 has set up the autocompletes: admin/js/autocomplete.js does it in a jQuery
  // ready handler registered before this deferred script's, and jQuery runs them in order.
  if (window.django && window.django.jQuery) window.django.jQuery(nameControls);
  else window.addEventListener("load", nameControls);
  document.addEventListener("formset:added", function () { window.setTimeout(nameControls, 0); });
})();
