// A Leaflet map built from its <div>'s data-* attributes (tile URL, attribution, centre, zoom:
// templates/incidents/_map_canvas.html), so pages carry no inline script and the
// Content-Security-Policy can allow scripts from this site's own files only.
(function () {
  "use strict";

  function create(element) {
    var data = element.dataset;
    var map = L.map(element, {
      center: data.center.split(",").map(Number),
      zoom: Number(data.zoom),
      minZoom: Number(data.minZoom),
      maxZoom: Number(data.maxZoom)
    });
    L.tileLayer(data.tilesUrl, {attribution: data.attribution, maxZoom: Number(data.maxZoom)}).addTo(map);
    L.control.scale({imperial: false}).addTo(map);
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

  window.BaseMap = {create: create, markerIcon: markerIcon, onReady: onReady};
})();
