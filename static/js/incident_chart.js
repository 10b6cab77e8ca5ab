// Incidents over time, stacked by type, from /incidents/chart.json for the current filter.
// Hover shows the counts; clicking a period filters to it. The table beside it has the numbers.
// On a right-to-left page (Arabic) time runs from right to left, the counts' axis stands on the
// right and the legend and tooltips read right to left; texts come from the JS catalogue.
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, args) { return f.replace("%s", args[0]); };
  var numerals = window.numerals || String;
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

  var rtl = document.documentElement.dir === "rtl";
  var direction = rtl ? "rtl" : "ltr";

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
        scales: {
          x: {stacked: true, reverse: rtl},
          y: {stacked: true, beginAtZero: true, position: rtl ? "right" : "left", ticks: {precision: 0, callback: numerals}}
        },
        plugins: {
          legend: {position: "bottom", rtl: rtl, textDirection: direction},
          tooltip: {rtl: rtl, textDirection: direction, callbacks: {
            label: function (item) { return item.dataset.label + ": " + numerals(item.parsed.y); },
            footer: function (items) {
              var total = items.reduce(function (sum, item) { return sum + item.parsed.y; }, 0);
              return interpolate(gettext("Total: %s — click to filter"), [numerals(total)]);
            }
          }}
        },
        onClick: function (event) {
          var index = Math.round(chart.scales.x.getValueForPixel(event.x));
          if (index >= 0 && index < data.periods.length) window.location.href = periodUrl(data.periods[index]);
        }
      }
    });
    canvas.dataset.drawnTotal = String(data.total);
    canvas.dataset.direction = direction;
  }).catch(function (error) {
    canvas.insertAdjacentText("afterend", interpolate(gettext("The chart could not be drawn (%s); the table has the numbers."), [error.message]));
  });
})();
