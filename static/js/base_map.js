// A Leaflet map built from its <div>'s data-* attributes (tile URL, attribution, centre, zoom,
// the bundled outlines: templates/incidents/_map_canvas.html), so pages carry no inline script
// and the Content-Security-Policy can allow scripts from this site's own files only.
//
// Every map draws a base layer of its own, from files this site serves: Iraq's governorates
// (static/geo/iraq-governorates.geojson, geoBoundaries) with their names, and the neighbouring
// countries (Natural Earth, from the world-atlas package). It stands without any tile server;
// tiles, when MAP_TILES_URL answers, draw beneath it, and only then is their credit shown.
(function () {
  "use strict";

  // Natural Earth's countries drawn: those within this box around Iraq ([W, S, E, N]); Iraq itself
  // comes from the governorates.
  var REGION = [20, 5, 75, 50];
  var IRAQ = "368";
  var LABELS_FROM_ZOOM = 6;
  var LAND = {weight: 1, color: "#8b8478", fillColor: "#f3efe6", fillOpacity: 1};
  var NEIGHBOURS = {weight: 1, color: "#a3a3a3", fillColor: "#e4e4e0", fillOpacity: 1};

  function getJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  // topojson-client is loaded only where a map needs it, from this site (script-src 'self').
  function loadScript(url) {
    if (window.topojson) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(url)); };
      document.head.appendChild(script);
    });
  }

  function ringsOf(geometry) {
    if (geometry.type === "Polygon") return geometry.coordinates;
    if (geometry.type === "MultiPolygon") return [].concat.apply([], geometry.coordinates);
    return [];
  }

  function bounds(geometry) {
    var box = [180, 90, -180, -90];
    ringsOf(geometry).forEach(function (ring) {
      ring.forEach(function (point) {
        box = [Math.min(box[0], point[0]), Math.min(box[1], point[1]), Math.max(box[2], point[0]), Math.max(box[3], point[1])];
      });
    });
    return box;
  }

  function inRegion(feature) {
    if (!feature.geometry || String(feature.id) === IRAQ) return false;
    var box = bounds(feature.geometry);
    return box[0] <= REGION[2] && box[2] >= REGION[0] && box[1] <= REGION[3] && box[3] >= REGION[1];
  }

  // Where a governorate's name goes: the area-weighted centre of its largest ring.
  function centre(geometry) {
    var best = null, bestArea = 0;
    ringsOf(geometry).forEach(function (ring) {
      var area = 0, x = 0, y = 0;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        area += cross;
        x += (ring[j][0] + ring[i][0]) * cross;
        y += (ring[j][1] + ring[i][1]) * cross;
      }
      if (Math.abs(area) > bestArea) { bestArea = Math.abs(area); best = [y / (3 * area), x / (3 * area)]; }
    });
    return best;
  }

  // Text for a tooltip or popup, as text: Leaflet writes a string given to it as HTML, and
  // names are analysts' text (a place named "<a href=…>" must show as those characters).
  function asText(value) {
    var element = document.createElement("span");
    element.textContent = value;
    return element;
  }

  // A name drawn on the map: a permanent tooltip (not a marker: it takes no focus and no click).
  function label(text, at) {
    return L.tooltip({pane: "baseLabels", className: "governorate-label", direction: "center", permanent: true, interactive: false})
      .setLatLng(at).setContent(asText(text));
  }

  // The governorates' names as the site spells them (in the page's language), joined on ISO code.
  function names(data) {
    var byCode = {};
    data.governorates.forEach(function (row) { byCode[row.iso_code] = row.label; });
    return byCode;
  }

  function drawGovernorates(map, outlines, labels) {
    var layer = L.geoJSON(outlines, {pane: "baseLand", interactive: false, style: LAND}).addTo(map);
    outlines.features.forEach(function (feature) {
      var code = feature.properties.shapeISO, at = centre(feature.geometry);
      if (at) label(labels[code] || feature.properties.shapeName, at).addTo(map);
    });
    return layer;
  }

  function drawNeighbours(map, data, renderer) {
    var countries = window.topojson.feature(data, data.objects.countries);
    return L.geoJSON({type: "FeatureCollection", features: countries.features.filter(inRegion)},
      {pane: "baseLand", renderer: renderer, interactive: false, style: NEIGHBOURS}).addTo(map);
  }

  function showLabels(map) {
    map.getContainer().classList.toggle("labels-hidden", map.getZoom() < LABELS_FROM_ZOOM);
  }

  // The base layer: resolves with {governorates, neighbours} (either may be missing if its file
  // could not be read: the map still works).
  function drawBase(map, data) {
    map.createPane("baseLand").style.zIndex = 250;  // above tiles (200), below overlays (400)
    map.createPane("baseLabels").style.zIndex = 450;  // above the choropleth (an overlay), below markers (600)
    map.getPane("baseLabels").style.pointerEvents = "none";
    map.attributionControl.addAttribution(data.baseAttribution);
    showLabels(map);
    map.on("zoomend", function () { showLabels(map); });
    var renderer = L.canvas({pane: "baseLand"});
    var neighbours = loadScript(data.topojsonUrl).then(function () { return getJson(data.countriesUrl); })
      .then(function (atlas) { return drawNeighbours(map, atlas, renderer); })
      .catch(function () { return null; });
    var labels = getJson(data.governoratesUrl).then(names).catch(function () { return {}; });
    var governorates = Promise.all([getJson(data.outlinesUrl), labels]).then(function (parts) {
      return drawGovernorates(map, parts[0], parts[1]);
    }).catch(function () { return null; });
    return Promise.all([governorates, neighbours]).then(function (layers) {
      map.getContainer().dataset.baseLayer = layers[0] ? "drawn" : "missing";
      return {governorates: layers[0], neighbours: layers[1]};
    });
  }

  // Tiles draw under the base layer; once one loads, the land lets them show through and their
  // credit joins the attribution. Where none loads, neither is there.
  function addTiles(map, data, base) {
    var tiles = L.tileLayer(data.tilesUrl, {maxZoom: Number(data.maxZoom)});
    tiles.once("tileload", function () {
      map.attributionControl.addAttribution(data.attribution);
      map.getContainer().dataset.tiles = "loaded";
      base.then(function (layers) {
        [layers.governorates, layers.neighbours].forEach(function (layer) {
          if (layer) layer.setStyle({fillOpacity: 0});
        });
      });
    });
    tiles.addTo(map);
  }

  function create(element) {
    var data = element.dataset;
    var map = L.map(element, {
      center: data.center.split(",").map(Number),
      zoom: Number(data.zoom),
      minZoom: Number(data.minZoom),
      maxZoom: Number(data.maxZoom)
    });
    var base = drawBase(map, data);
    addTiles(map, data, base);
    L.control.scale({imperial: false, position: "topright"}).addTo(map);
    map.baseLayer = base;
    return map;
  }

  // Leaflet guesses its icons' path from its stylesheet, which fails with hashed static file
  // names: the page passes the icons' {% static %} URLs instead.
  function markerIcon(element) {
    var data = element.dataset;
    return L.icon({
      iconUrl: data.iconUrl, iconRetinaUrl: data.iconRetinaUrl, shadowUrl: data.shadowUrl,
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
    });
  }

  // Runs start(box, map) once the page is parsed, if the page has that box.
  function onReady(boxId, mapId, start) {
    function run() {
      var box = document.getElementById(boxId);
      if (box) start(box, create(document.getElementById(mapId)));
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  window.BaseMap = {create: create, markerIcon: markerIcon, onReady: onReady, getJson: getJson, asText: asText};
})();
