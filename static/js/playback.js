// Playback: steps the map and the chart together through the filtered period, a day, week or
// month at a time (chart.json's intervals). The step shown is the date filter itself, so the
// address bar (history.replaceState) is a permalink of it that works without JavaScript too:
//   ?…&date_after=2020-03-01&date_before=2020-03-31&play=month[&play_from=2019-10-01&play_to=2020-12-31]
// play_from/play_to keep the filter's own dates, if it had any: the span played is those dates,
// else the filtered incidents' first and last period. "Whole period" gives the filter them back.
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%s/g, function () { return String(values.shift()); });
  };
  var numerals = window.numerals || String;
  var SECONDS_PER_STEP = 1.2;
  var OWN = ["play", "play_from", "play_to"];

  function withQuery(url, changes) {
    var parsed = new URL(url, window.location.href);
    Object.keys(changes).forEach(function (key) {
      if (changes[key] === null || changes[key] === undefined) parsed.searchParams.delete(key);
      else parsed.searchParams.set(key, changes[key]);
    });
    return parsed.pathname + parsed.search;
  }

  function start() {
    var box = document.getElementById("playback");
    if (!box || !window.IncidentChart || !window.IncidentMap) return;
    var play = document.getElementById("playback-play"), step = document.getElementById("playback-step");
    var slider = document.getElementById("playback-position"), output = document.getElementById("playback-label");
    var whole = document.getElementById("playback-all");
    var query = new URLSearchParams(window.location.search);
    // The filter's own dates (none: the span is its incidents'), restored by "Whole period".
    var before = query.get("play") ? {after: query.get("play_from"), before: query.get("play_to")}
      : {after: query.get("date_after"), before: query.get("date_before")};
    var periods = [], timer = null, active = false;

    function chartUrl(interval) {
      return withQuery(IncidentChart.url, {date_after: before.after, date_before: before.before, interval: interval});
    }

    // The filter form's dates follow, so that applying the form keeps the period shown.
    function fillForm(after, before) {
      var form = document.getElementById("filters");
      if (!form) return;
      if (form.elements.date_after) form.elements.date_after.value = after || "";
      if (form.elements.date_before) form.elements.date_before.value = before || "";
    }

    function show(index) {
      var period = periods[index];
      if (!period) return;
      slider.value = String(index);
      var label = period.label + " — " + interpolate(ngettext("%s incident", "%s incidents", period.total), [numerals(period.total)]);
      output.textContent = label;
      slider.setAttribute("aria-valuetext", label);
      box.dataset.position = period.start;
      IncidentMap.setDates(period.start, period.end);
      fillForm(period.start, period.end);
      IncidentChart.mark(index);
      history.replaceState(null, "", withQuery(window.location.href, {
        date_after: period.start, date_before: period.end, play: step.value, play_from: before.after, play_to: before.before, page: null
      }));
    }

    function setPeriods(data) {
      periods = data.periods;
      if (!periods.length) return false;
      slider.max = String(periods.length - 1);
      return true;
    }

    function activate() {
      active = true;
      whole.disabled = false;
    }

    // Loads the span's periods at the step chosen and shows the one holding `day` (or the first).
    function enter(day) {
      return IncidentChart.load(chartUrl(step.value)).then(function (data) {
        if (!setPeriods(data)) return;
        var index = day ? periods.findIndex(function (p) { return p.start <= day && day <= p.end; }) : 0;
        activate();
        show(Math.max(index, 0));
      });
    }

    function pause() {
      clearInterval(timer);
      timer = null;
      play.setAttribute("aria-pressed", "false");
      play.textContent = gettext("Play");
    }

    function advance() {
      var next = Number(slider.value) + 1;
      if (next >= periods.length) return pause();
      show(next);
    }

    function resume() {
      play.setAttribute("aria-pressed", "true");
      play.textContent = gettext("Pause");
      if (Number(slider.value) >= periods.length - 1) show(0);
      timer = setInterval(advance, SECONDS_PER_STEP * 1000);
    }

    play.addEventListener("click", function () {
      if (timer) return pause();
      if (!periods.length) return;
      if (!active) { activate(); show(0); }
      resume();
    });
    slider.addEventListener("input", function () {
      if (!periods.length) return;
      if (!active) activate();
      show(Number(slider.value));
    });
    step.addEventListener("change", function () {
      enter(active ? periods[Number(slider.value)].start : null);
    });
    whole.addEventListener("click", function () {
      pause();
      active = false;
      whole.disabled = true;
      periods = [];
      output.textContent = "";
      box.dataset.position = "";
      var changes = {date_after: before.after, date_before: before.before};
      OWN.forEach(function (name) { changes[name] = null; });
      history.replaceState(null, "", withQuery(window.location.href, changes));
      IncidentMap.setDates(before.after, before.before, true);
      fillForm(before.after, before.before);
      IncidentChart.load(withQuery(IncidentChart.url, {date_after: before.after, date_before: before.before})).then(function () {
        IncidentChart.mark(null);
      });
    });

    box.hidden = false;
    if (query.get("play")) {
      if (["day", "week", "month"].indexOf(query.get("play")) >= 0) step.value = query.get("play");
      enter(query.get("date_after"));
    } else if (IncidentChart.ready) {
      // Not playing yet: the chart's own months are the steps (same filter, same span).
      IncidentChart.ready.then(setPeriods);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
