// The filter form applies only when the reader asks: the Apply button, or Enter in any of its
// fields. Choosing, typing a date or ticking a box changes nothing until then, so keyboard
// users can move through every field. It is a plain GET form: without this script it works
// the same, and the URL it leads to is the view's permalink.
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var form = document.getElementById("filters");
  if (!form) return;
  var pending = document.getElementById("filters-pending");
  var panel = document.getElementById("filter-panel");

  // Open on wide screens where the page asks for it, collapsed behind its summary on phones.
  if (panel && panel.hasAttribute("data-collapse-narrow") && window.matchMedia("(max-width: 48rem)").matches) {
    panel.open = false;
  }

  form.addEventListener("change", function () {
    if (pending) pending.textContent = gettext("Changed: press Apply filters to see the result.");
  });
  form.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || field.tagName === "BUTTON" || field.tagName === "A") return;
    if (field.type === "checkbox" || field.tagName === "SELECT") {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  });
  form.addEventListener("submit", function () {
    // Leave empty fields out of the URL, so permalinks stay short.
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !field.value && field.type !== "checkbox") field.disabled = true;
    });
  });
  // Coming back to the page (the browser's back button) shows the form usable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
  });
})();
