// The admin's import progress page: asks how far the import is every second and moves the
// bar; when the import has ended, reloads the page, which then shows the report. Without
// JavaScript the page refreshes itself instead (a meta refresh inside <noscript>).
(function () {
  "use strict";
  var job = document.getElementById("import-job");
  if (!job || job.dataset.state !== "running") return;
  var bar = document.getElementById("import-progress");
  var stage = document.getElementById("import-stage");

  function show(status) {
    if (status.state !== "running") {
      window.location.reload();
      return;
    }
    bar.max = status.total || 1;
    bar.value = status.done;
    stage.textContent = status.progress;
    window.setTimeout(poll, 1000);
  }

  function poll() {
    fetch(job.dataset.statusUrl, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(show)
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
