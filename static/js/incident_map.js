// The incident map: markers (clustered) from /incidents/map.geojson for the current filter,
// reloaded for the view, or the governorates coloured by the filtered incidents in each
// (/incidents/governorates.json). It opens on the filtered incidents, names every cluster
// ("5 incidents near Baghdad") and keeps a text list of what is in view. Popups are built from
// text nodes, never from HTML strings. window.IncidentMap lets the playback change its dates.
// Texts come from the JS catalogue (gettext), numbers in the reader's digits (numerals.js).
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values, named) {
    return named ? format.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); })
      : format.replace(/%s/g, function () { return String(values.shift()); });
  };

  var numerals = window.numerals || String;

  // Sequential, colour-blind-safe (ColorBrewer Oranges); "none" is no incident.
  var SHADES = ["#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"];
  var NONE = "#ffffff";

  function text(tag, value, className) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (className) element.className = className;
    return element;
  }

  // A line of text and names; each name (title, place, group) in a <bdi> of its own, so a
  // direction override in one can't reorder the words around it.
  function line(tag, parts) {
    var element = document.createElement(tag);
    parts.forEach(function (part) {
      element.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return element;
  }

  // A name in a <bdi>; lang "en" when an Arabic page shows it in English, then marked so.
  function name(value, lang) {
    var element = text("bdi", value);
    if (!lang) return element;
    element.lang = lang;
    var marked = document.createElement("span");
    marked.appendChild(element);
    marked.appendChild(document.createTextNode(" "));
    marked.appendChild(text("span", gettext("(English)"), "in-english"));
    return marked;
  }

  // The same for an accessible name, which is only text: the marker in words.
  function nameText(value, lang) {
    return lang ? value + " " + gettext("(English)") : value;
  }

  // "Hilla–Diwaniyah highway (Babil) — known to the governorate" (Location.known_to), in the page's language.
  function placeLine(tag, p) {
    return line(tag, [name(p.place_display || p.place, p.place_lang)].concat(p.known_to ? [" — " + p.known_to] : []));
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "incident-popup";
    var link = line("a", [name(properties.title_display || properties.title, properties.title_lang)]);
    link.href = properties.url;
    box.appendChild(text("strong", "")).appendChild(link);
    box.appendChild(text("div", properties.date_display));
    box.appendChild(text("div", properties.type_label));
    box.appendChild(placeLine("div", properties));
    var claimed = properties.claimed_by_display.map(function (who) { return name(who[0], who[1]); }).reduce(function (parts, who) {
      return parts.concat(parts.length ? ["; ", who] : [who]);
    }, []);
    box.appendChild(line("div", [gettext("Claimed by:") + " "].concat(claimed.length ? claimed : [gettext("no claim")])));
    return box;
  }

  function incidentsNear(count, near) {
    var format = near ? ngettext("%(count)s incident near %(near)s", "%(count)s incidents near %(near)s", count)
      : ngettext("%(count)s incident", "%(count)s incidents", count);
    return interpolate(format, {count: numerals(count), near: near}, true);
  }

  // A divIcon whose element carries an accessible name (Leaflet makes it a keyboard button).
  var LabelledIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var element = L.DivIcon.prototype.createIcon.call(this, old);
      element.setAttribute("aria-label", this.options.label);
      element.title = this.options.label;
      return element;
    }
  });

  function clusterIcon(count, approximate, label) {
    var size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
    var className = "marker-cluster " + (count < 10 ? "marker-cluster-small" : count < 100 ? "marker-cluster-medium" : "marker-cluster-large");
    var inner = document.createElement("div");
    inner.appendChild(text("span", numerals(count)));
    inner.firstChild.setAttribute("aria-hidden", "true");
    return new LabelledIcon({html: inner, className: className + (approximate ? " approximate" : ""), iconSize: [size, size], label: label});
  }

  // The governorate most of these features' incidents are in (ties: the first by name).
  function mostCommon(values) {
    var counts = {};
    values.forEach(function (value) { if (value) counts[value] = (counts[value] || 0) + 1; });
    return Object.keys(counts).sort().reduce(function (best, key) {
      return best === null || counts[key] > counts[best] ? key : best;
    }, null);
  }

  // markercluster's own clusters (of points the server sent), named like the server's: near the
  // governorate most of them are in, named in the page's language.
  function clientClusterIcon(cluster) {
    var children = cluster.getAllChildMarkers();
    var near = mostCommon(children.map(function (m) { return m.feature && m.feature.properties.governorate_display; }));
    var approximate = children.some(function (m) { return m.feature && m.feature.properties.approximate; });
    return clusterIcon(cluster.getChildCount(), approximate, incidentsNear(cluster.getChildCount(), near));
  }

  function describe(status, data) {
    var parts = [interpolate(ngettext("%s incident in view", "%s incidents in view", data.count), [numerals(data.count)])];
    if (data.approximate) {
      parts.push(interpolate(gettext("%s shown approximately (place known only to its district, governorate or country)"),
        [numerals(data.approximate)]));
    }
    if (data.clustered) parts.push(gettext("grouped where there are many: zoom in or use the list"));
    status.textContent = parts.join(gettext("; ")) + gettext(".");
  }

  function withQuery(url, changes) {
    var parsed = new URL(url, window.location.href);
    Object.keys(changes).forEach(function (key) {
      if (changes[key] === null) parsed.searchParams.delete(key);
      else parsed.searchParams.set(key, changes[key]);
    });
    return parsed.pathname + parsed.search;
  }

  // The text alternative: each marker or cluster in view, as a line of the list.
  function listInView(list, map, layer) {
    var bounds = map.getBounds(), items = [];
    layer.eachLayer(function (marker) {
      if (!marker.getLatLng || !bounds.contains(marker.getLatLng())) return;
      var visible = layer.getVisibleParent ? layer.getVisibleParent(marker) : marker;
      if (visible && visible !== marker) {
        if (items.indexOf(visible) < 0) items.push(visible);
        return;
      }
      items.push(marker);
    });
    list.replaceChildren.apply(list, items.map(function (item) {
      if (item.feature) {
        var p = item.feature.properties;
        var link = line("a", [name(p.title_display || p.title, p.title_lang)]);
        link.href = p.url;
        var where = placeLine("span", p);
        return line("li", [link, " — " + p.date_display + ", " + p.type_label + ", ", where]);
      }
      var icon = item.getChildCount ? clientClusterIcon(item) : item.options.icon;  // markercluster's own, or the server's
      return text("li", icon.options.label);
    }));
  }

  // The legend's bins: up to five, from 1 to the largest count on a log scale with round
  // bounds (1, 2–9, 10–19, 20–49 …), so one busy governorate doesn't wash out the rest.
  function bins(max) {
    var lows = [1];
    for (var i = 1; i < SHADES.length; i++) {
      var raw = Math.pow(max, i / SHADES.length), power = Math.pow(10, Math.floor(Math.log10(raw)));
      var nice = [5, 2, 1].map(function (m) { return m * power; }).filter(function (v) { return v <= raw; })[0];
      if (nice > lows[lows.length - 1]) lows.push(nice);
    }
    var offset = SHADES.length - lows.length;
    return lows.map(function (low, index) {
      return {shade: SHADES[offset + index], low: low, high: index + 1 < lows.length ? lows[index + 1] - 1 : max};
    });
  }

  function choroplethShade(count, max) {
    if (!count) return NONE;
    return bins(max).filter(function (bin) { return bin.low <= count; }).pop().shade;
  }

  function choroplethLegend(element, data, max) {
    var title = text("p", gettext("Incidents per governorate (places known only to the governorate count there):"));
    var list = document.createElement("ul");
    list.appendChild(line("li", [text("span", "", "key shade"), " " + numerals(0)]));
    list.lastChild.firstChild.style.background = NONE;
    bins(max).forEach(function (bin) {
      var item = line("li", [text("span", "", "key shade"), " " + numerals(bin.low === bin.high ? bin.low : bin.low + "–" + bin.high)]);
      item.firstChild.style.background = bin.shade;
      list.appendChild(item);
    });
    var parts = [title, list];
    if (data.without_governorate) {
      parts.push(text("p", interpolate(gettext("%s more not known to a governorate (country only, or abroad)."), [numerals(data.without_governorate)])));
    }
    element.replaceChildren.apply(element, parts);
  }

  function governorateSummary(row) {
    var summary = row.label + ": " + incidentsNear(row.count, null);
    if (row.known_only_to_governorate) {
      summary += " " + interpolate(gettext("(%s known only to the governorate)"), [numerals(row.known_only_to_governorate)]);
    }
    return summary;
  }

  function start(box, map) {
    var status = document.getElementById("map-status");
    var icon = BaseMap.markerIcon(box);
    var approximateStyle = {radius: 9, color: "#b45309", weight: 2, dashArray: "4 3", fillOpacity: 0.25};

    if (box.dataset.point) {
      var latlng = box.dataset.point.split(",").map(Number);
      var approximate = box.dataset.approximate === "1";
      (approximate ? L.circleMarker(latlng, approximateStyle) : L.marker(latlng, {icon: icon})).addTo(map);
      map.setView(latlng, approximate ? 8 : 11);
      status.textContent = approximate ? gettext("Approximate position: the exact place is not known.") : "";
      return;
    }

    var list = document.getElementById("map-in-view-list");
    var legend = document.getElementById("map-legend");
    var clusters = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40, iconCreateFunction: clientClusterIcon});
    var shaded = null, request = 0, loaded = null, fitted = false;
    var urls = {geojson: box.dataset.geojsonUrl, counts: box.dataset.countsUrl};

    function covered() {
      // Panning inside what was loaded (say, a popup auto-panning) needs no reload.
      return loaded && loaded.zoom === map.getZoom() && loaded.bounds.contains(map.getBounds());
    }

    // Fits the map to the filtered incidents' extent; false if the view already shows them.
    function fit(extent) {
      if (!extent) return false;
      var target = L.latLngBounds([extent[1], extent[0]], [extent[3], extent[2]]);
      var zoom = Math.min(map.getBoundsZoom(target, false, L.point(60, 60)), 8);
      if (zoom === map.getZoom() && map.getBounds().contains(target)) return false;
      map.setView(target.getCenter(), zoom);
      return true;
    }

    function drawMarkers(data) {
      clusters.clearLayers();
      clusters.addLayers(data.features.map(function (feature) {
        var p = feature.properties, c = feature.geometry.coordinates, at = [c[1], c[0]];
        if (p.cluster && p.place) {
          // Zoomed in, a cluster is one place's incidents: say so; the list has them.
          return L.marker(at, {icon: clusterIcon(p.count, p.approximate, incidentsNear(p.count, nameText(p.place_display, p.place_lang)))})
            .bindPopup(line("div", [interpolate(gettext("%s incidents at"), [numerals(p.count)]) + " ", name(p.place_display, p.place_lang), " — " + gettext("the list below has them.")]));
        }
        if (p.cluster) {
          return L.marker(at, {icon: clusterIcon(p.count, p.approximate, incidentsNear(p.count, p.near))}).on("click", function () {
            map.setView(at, map.getZoom() + 2);
          });
        }
        var marker = p.approximate ? L.circleMarker(at, approximateStyle) : L.marker(at, {icon: icon, alt: p.title, title: p.title});
        marker.feature = feature;
        return marker.bindPopup(popup(p));
      }));
    }

    // The first request asks where the filtered incidents are (for a playback permalink, those of
    // the whole span played, so that its steps stay in view); the map fits them, then loads the view.
    function fitFirst() {
      var query = new URLSearchParams(window.location.search), mine = ++request;
      var url = query.get("play") ? withQuery(urls.geojson, {date_after: query.get("play_from"), date_before: query.get("play_to")}) : urls.geojson;
      BaseMap.getJson(url).then(function (data) {
        if (mine !== request) return;
        fitted = true;
        if (!fit(data.extent)) loadMarkers();  // else the move loads the view
      }).catch(failed);
    }

    function failed(error) {
      status.textContent = interpolate(gettext("The map data could not be loaded (%s); the list shows the same incidents."), [error.message]);
    }

    function loadMarkers() {
      if (!fitted) return fitFirst();
      if (covered()) return listInView(list, map, clusters);
      var bounds = map.getBounds().pad(0.2);
      var west = Math.max(bounds.getWest(), -180), east = Math.min(bounds.getEast(), 180);
      var south = Math.max(bounds.getSouth(), -90), north = Math.min(bounds.getNorth(), 90);
      var url = withQuery(urls.geojson, {
        bbox: [west, south, east, north].map(function (n) { return n.toFixed(4); }).join(","), zoom: String(map.getZoom())
      });
      var mine = ++request;
      BaseMap.getJson(url).then(function (data) {
        if (mine !== request) return;
        loaded = {bounds: bounds, zoom: map.getZoom()};
        drawMarkers(data);
        listInView(list, map, clusters);
        box.dataset.loaded = String(data.count);
        describe(status, data);
      }).catch(failed);
    }

    function drawShades(outlines, data) {
      var byCode = {}, max = 0;
      data.governorates.forEach(function (row) { byCode[row.iso_code] = row; max = Math.max(max, row.count); });
      if (shaded) map.removeLayer(shaded);
      shaded = L.geoJSON(outlines, {
        style: function (feature) {
          var row = byCode[feature.properties.shapeISO];
          return {weight: 1, color: "#5f5a52", fillOpacity: 0.85, fillColor: choroplethShade(row ? row.count : 0, max)};
        },
        onEachFeature: function (feature, layer) {
          var row = byCode[feature.properties.shapeISO];
          if (row) layer.bindTooltip(BaseMap.asText(governorateSummary(row)), {sticky: true});
        }
      }).addTo(map);
      choroplethLegend(document.getElementById("choropleth-legend"), data, max);
      list.replaceChildren.apply(list, data.governorates.filter(function (row) { return row.count; }).map(function (row) {
        return text("li", governorateSummary(row));
      }));
      box.dataset.loaded = String(data.total);
      box.dataset.shaded = String(data.governorates.filter(function (row) { return row.count; }).length);
      status.textContent = interpolate(gettext("%s incidents, coloured by governorate."), [numerals(data.total)]);
    }

    function loadShades() {
      var mine = ++request;
      Promise.all([BaseMap.getJson(box.querySelector(".map-canvas").dataset.outlinesUrl), BaseMap.getJson(urls.counts)])
        .then(function (parts) {
          if (mine === request) drawShades(parts[0], parts[1]);
        }).catch(function (error) {
          status.textContent = interpolate(gettext("The map data could not be loaded (%s); the table shows the same counts."), [error.message]);
        });
    }

    function load() {
      if (box.dataset.layer === "governorates") loadShades();
      else loadMarkers();
    }

    function showLayer(layer) {
      box.dataset.layer = layer;
      loaded = null;
      if (layer === "governorates") map.removeLayer(clusters);
      else { if (shaded) map.removeLayer(shaded); shaded = null; map.addLayer(clusters); }
      Array.prototype.forEach.call(legend.querySelectorAll("[data-for-layer]"), function (part) {
        part.hidden = part.dataset.forLayer !== layer;
      });
      document.querySelectorAll("#map-layers [data-layer]").forEach(function (link) {
        if (link.dataset.layer === layer) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
      load();
    }

    document.querySelectorAll("#map-layers [data-layer]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        history.replaceState(null, "", withQuery(window.location.href, {layer: link.dataset.layer === "clusters" ? null : link.dataset.layer}));
        showLayer(link.dataset.layer);
      });
    });

    map.on("moveend", function () {
      if (box.dataset.layer !== "governorates") loadMarkers();
    });

    // The playback's hook: the same filter, other dates (null: the filter's own).
    window.IncidentMap = {
      setDates: function (after, before, refit) {
        var dates = {date_after: after, date_before: before};
        urls = {geojson: withQuery(urls.geojson, dates), counts: withQuery(urls.counts, dates)};
        loaded = null;
        if (refit) fitted = false;
        load();
      }
    };
    showLayer(box.dataset.layer || "clusters");
  }

  BaseMap.onReady("incident-map-box", "incident-map", start);
})();
