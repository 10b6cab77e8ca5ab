// Admin place picker: a Leaflet marker bound to a latitude and a longitude input.
// Click the map or drag the marker to write the inputs; edit the inputs to move the marker.
(function () {
  "use strict";

  function readPoint(latInput, lonInput) {
    var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
    if (isNaN(lat) || isNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
    return L.latLng(lat, lon);
  }

  function writePoint(latInput, lonInput, latlng) {
    var wrapped = latlng.wrap();
    latInput.value = wrapped.lat.toFixed(6);
    lonInput.value = wrapped.lng.toFixed(6);
    latInput.dispatchEvent(new Event("change"));
    lonInput.dispatchEvent(new Event("change"));
  }

  function start(box, map) {
    var latInput = document.getElementById(box.dataset.latitudeInput);
    var lonInput = document.getElementById(box.dataset.longitudeInput);
    if (!latInput || !lonInput) return;
    var icon = BaseMap.markerIcon(box);
    var marker = null;

    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); return; }
      marker = L.marker(latlng, {draggable: true, icon: icon}).addTo(map);
      marker.on("dragend", function () { writePoint(latInput, lonInput, marker.getLatLng()); });
    }

    var start = readPoint(latInput, lonInput);
    if (start) { place(start); map.setView(start, 12); }

    map.on("click", function (event) {
      place(event.latlng);
      writePoint(latInput, lonInput, event.latlng);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = readPoint(latInput, lonInput);
        if (point) { place(point); map.panTo(point); }
      });
    });
  }

  BaseMap.onReady("place-picker", "place-map", start);
})();
