// Incidents over time, stacked by type, from /incidents/chart.json for the current filter.
// Hover shows the counts; clicking a period filters to it. The table beside it has the numbers.
(function () {
  "use strict";
  var canvas = document.getElementById("incident-chart");
  if (!canvas || typeof Chart === "undefined") return;

  var COLOURS = {
    rocket: "#c2410c", ied: "#7c3aed", drone: "#0369a1", small_arms: "#4d7c0f", kidnapping: "#be185d",
    assassination: "#991b1b", arson: "#ca8a04", other: "#475569", foiled: "#94a3b8", arrest: "#0f766e",
    propaganda: "#a8a29e"
  };

  function periodUrl(period) {
    var base = canvas.dataset.listUrl || window.location.pathname + window.location.search;
    var url = new URL(base, window.location.href);
    url.searchParams.set("date_after", period.start);
    url.searchParams.set("date_before", period.end);
    url.searchParams.delete("page");
    return url.pathname + url.search;
  }

  fetch(canvas.dataset.chartUrl).then(function (response) {
    if (!response.ok) throw new Error("chart data: " + response.status);
    return response.json();
  }).then(function (data) {
    var chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.periods.map(function (p) { return p.label; }),
        datasets: data.series.map(function (series) {
          return {label: series.label, data: series.counts, backgroundColor: COLOURS[series.type] || "#64748b"};
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: {mode: "index", intersect: false},
        scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}},
        plugins: {
          legend: {position: "bottom"},
          tooltip: {callbacks: {footer: function (items) {
            var total = items.reduce(function (sum, item) { return sum + item.parsed.y; }, 0);
            return "Total: " + total + " — click to filter";
          }}}
        },
        onClick: function (event) {
          var index = Math.round(chart.scales.x.getValueForPixel(event.x));
          if (index >= 0 && index < data.periods.length) window.location.href = periodUrl(data.periods[index]);
        }
      }
    });
    canvas.dataset.drawnTotal = String(data.total);
  }).catch(function (error) {
    canvas.insertAdjacentText("afterend", "The chart could not be drawn (" + error.message + "); the table has the numbers.");
  });
})();
