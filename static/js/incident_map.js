// The incident map: markers (clustered) from /incidents/map.geojson for the current filter,
// reloaded for the view; approximate places drawn as dashed circles. Popups are built from
// text nodes, never from HTML strings. Texts come from the JS catalogue (gettext), numbers in the
// reader's digits (numerals.js).
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, args) { return format.replace("%s", args[0]); };
  var numerals = window.numerals || String;

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

  // A translated sentence with a name in it: the text around "%s", and the name's <bdi>.
  function sentence(format, node) {
    var parts = format.split("%s");
    return [parts[0], node].concat(parts.slice(1).join("%s") ? [parts.slice(1).join("%s")] : []);
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "incident-popup";
    var link = line("a", [name(properties.title_display || properties.title, properties.title_lang)]);
    link.href = properties.url;
    box.appendChild(text("strong", "")).appendChild(link);
    box.appendChild(text("div", properties.date_display));
    box.appendChild(text("div", properties.type_label));
    box.appendChild(line("div", [name(properties.place_display || properties.place, properties.place_lang), properties.approximate ?
      " " + interpolate(gettext("(approximate: %s)"), [properties.geo_precision_label]) : ""]));
    var claimed = (properties.claimed_by_display || properties.claimed_by).map(function (who) { return name(who); }).reduce(function (parts, who) {
      return parts.concat(parts.length ? ["; ", who] : [who]);
    }, []);
    box.appendChild(line("div", [gettext("Claimed by:") + " "].concat(claimed.length ? claimed : [gettext("no claim")])));
    return box;
  }

  function clusterIcon(count, approximate) {
    var size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
    var className = "marker-cluster " + (count < 10 ? "marker-cluster-small" : count < 100 ? "marker-cluster-medium" : "marker-cluster-large");
    var inner = document.createElement("div");
    inner.appendChild(text("span", numerals(count)));
    return L.divIcon({html: inner.outerHTML, className: className + (approximate ? " approximate" : ""), iconSize: [size, size]});
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

    var layer = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40});
    map.addLayer(layer);
    var request = 0, loaded = null;

    function covered() {
      // Panning inside what was loaded (say, a popup auto-panning) needs no reload.
      return loaded && loaded.zoom === map.getZoom() && loaded.bounds.contains(map.getBounds());
    }

    function load() {
      if (covered()) return;
      var bounds = map.getBounds().pad(0.2);
      var west = Math.max(bounds.getWest(), -180), east = Math.min(bounds.getEast(), 180);
      var south = Math.max(bounds.getSouth(), -90), north = Math.min(bounds.getNorth(), 90);
      var url = box.dataset.geojsonUrl + (box.dataset.geojsonUrl.indexOf("?") < 0 ? "?" : "&") +
        "bbox=" + [west, south, east, north].map(function (n) { return n.toFixed(4); }).join(",") + "&zoom=" + map.getZoom();
      var mine = ++request;
      fetch(url, {headers: {Accept: "application/geo+json"}}).then(function (response) {
        if (!response.ok) throw new Error("map data: " + response.status);
        return response.json();
      }).then(function (data) {
        if (mine !== request) return;
        loaded = {bounds: bounds, zoom: map.getZoom()};
        layer.clearLayers();
        var markers = data.features.map(function (feature) {
          var p = feature.properties, c = feature.geometry.coordinates, at = [c[1], c[0]];
          if (p.cluster && p.place) {
            // Zoomed in, a cluster is one place's incidents: say so; the list has them.
            return L.marker(at, {icon: clusterIcon(p.count, p.approximate)})
              .bindPopup(line("div", sentence(interpolate(gettext("%(count)s incidents at %(place)s — the list below has them."),
                {count: numerals(p.count), place: "%s"}, true), name(p.place_display || p.place))));
          }
          if (p.cluster) {
            return L.marker(at, {icon: clusterIcon(p.count, p.approximate)}).on("click", function () {
              map.setView(at, map.getZoom() + 2);
            });
          }
          var marker = p.approximate ? L.circleMarker(at, approximateStyle) : L.marker(at, {icon: icon});
          marker.feature = feature;
          return marker.bindPopup(popup(p));
        });
        layer.addLayers(markers);
        box.dataset.loaded = String(data.count);
        describe(status, data);
      }).catch(function (error) {
        status.textContent = interpolate(gettext("The map data could not be loaded (%s); the list shows the same incidents."), [error.message]);
      });
    }

    map.on("moveend", load);
    load();
  }

  BaseMap.onReady("incident-map-box", "incident-map", start);
})();
