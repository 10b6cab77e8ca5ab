// Incidents over time, stacked by type, from /incidents/chart.json for the current filter.
// Hover shows the counts; clicking a period filters to it. The table beside it has the numbers.
// Attack types take the Okabe–Ito colour-blind-safe palette; the types that are not attacks
// (chart.json's `attack: false`, from Incident.ATTACK_TYPES) are hatched and outlined, apart.
// window.IncidentChart lets the playback redraw it over a span and mark the period shown.
// On a right-to-left page (Arabic) time runs from right to left, the counts' axis stands on the
// right and the legend and tooltips read right to left; texts come from the JS catalogue.
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%s/g, function () { return String(values.shift()); });
  };
  var numerals = window.numerals || String;
  var canvas = document.getElementById("incident-chart");
  if (!canvas || typeof Chart === "undefined") return;

  var COLOURS = {
    rocket: "#D55E00", ied: "#0072B2", drone: "#56B4E9", small_arms: "#009E73", kidnapping: "#CC79A7",
    assassination: "#E69F00", arson: "#F0E442", other: "#000000"
  };
  // Not attacks: white with hatching of their own, so they read as apart from every colour above.
  var HATCHES = {foiled: "diagonal", arrest: "backslash", propaganda: "dots", other_event: "level"};
  var OUTLINE = "#333333";

  function hatch(kind) {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    var context = tile.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, 8, 8);
    context.strokeStyle = context.fillStyle = OUTLINE;
    context.lineWidth = 1.5;
    if (kind === "dots") {
      context.beginPath();
      context.arc(4, 4, 1.5, 0, 2 * Math.PI);
      context.fill();
    } else {
      context.beginPath();
      if (kind === "level") { context.moveTo(0, 4); context.lineTo(8, 4); }
      else if (kind === "diagonal") { context.moveTo(0, 8); context.lineTo(8, 0); context.moveTo(-2, 2); context.lineTo(2, -2); context.moveTo(6, 10); context.lineTo(10, 6); }
      else { context.moveTo(0, 0); context.lineTo(8, 8); context.moveTo(6, -2); context.lineTo(10, 2); context.moveTo(-2, 6); context.lineTo(2, 10); }
      context.stroke();
    }
    return context.createPattern(tile, "repeat");
  }

  function dataset(series) {
    if (series.attack === false) {
      return {label: series.label, data: series.counts, backgroundColor: hatch(HATCHES[series.type] || "diagonal"),
              borderColor: OUTLINE, borderWidth: 1};
    }
    return {label: series.label, data: series.counts, backgroundColor: COLOURS[series.type] || "#777777"};
  }

  function periodUrl(period) {
    var base = canvas.dataset.listUrl || window.location.pathname + window.location.search;
    var url = new URL(base, window.location.href);
    // the incidents the bar counts: those whose first possible day is in the period
    url.searchParams.set("first_day_after", period.start);
    url.searchParams.set("first_day_before", period.end);
    ["page", "play", "play_from", "play_to"].forEach(function (name) { url.searchParams.delete(name); });
    return url.pathname + url.search;
  }

  // Shades the period the playback shows, behind the bars.
  var marked = {id: "markedPeriod", beforeDatasetsDraw: function (chart) {
    var index = chart.$markedPeriod;
    if (index === undefined || index === null) return;
    var x = chart.scales.x, area = chart.chartArea, width = x.width / chart.data.labels.length;
    chart.ctx.save();
    chart.ctx.fillStyle = "rgba(0, 114, 178, 0.15)";
    chart.ctx.fillRect(x.getPixelForValue(index) - width / 2, area.top, width, area.bottom - area.top);
    chart.ctx.restore();
  }};

  var rtl = document.documentElement.dir === "rtl";
  var direction = rtl ? "rtl" : "ltr";
  var chart = null, request = 0;

  function draw(data) {
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      type: "bar",
      data: {labels: data.periods.map(function (p) { return p.label; }), datasets: data.series.map(dataset)},
      plugins: [marked],
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
    canvas.dataset.drawnPeriods = String(data.periods.length);
    canvas.dataset.direction = direction;
  }

  // Draws the chart from `url` (chart.json with a filter); resolves with its data.
  function load(url) {
    var mine = ++request;
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("chart data: " + response.status);
      return response.json();
    }).then(function (data) {
      if (mine === request) draw(data);
      return data;
    }).catch(function (error) {
      canvas.insertAdjacentText("afterend", interpolate(gettext("The chart could not be drawn (%s); the table has the numbers."), [error.message]));
      throw error;
    });
  }

  function mark(index) {
    if (!chart) return;
    chart.$markedPeriod = index;
    canvas.dataset.markedPeriod = index === null ? "" : String(index);
    chart.update("none");
  }

  // The playback, when the page opens on a step of it, draws the chart over its span instead;
  // otherwise `ready` is the chart's first data (the playback's months).
  var playing = document.getElementById("playback") && new URLSearchParams(window.location.search).get("play");
  var ready = playing ? null : load(canvas.dataset.chartUrl);
  if (ready) ready.catch(function () {});
  window.IncidentChart = {load: load, mark: mark, url: canvas.dataset.chartUrl, ready: ready};
})();
