// Filters apply as soon as they change: the form is a GET form, so the URL is always a permalink.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  form.addEventListener("change", function (event) {
    if (event.target.name === "q") return; // text search applies on Enter or the button
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
  form.addEventListener("submit", function () {
    // Leave empty fields out of the URL, so permalinks stay short.
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !field.value && field.type !== "checkbox") field.disabled = true;
    });
  });
})();
