// Admin place picker, over a map from BaseMap.create():
// - the known places (data-places-url) as dots, named on hover; the place chosen in the
//   "location" select is zoomed to and marked; an empty "target" select takes the target that
//   place's kind stands for (the server says which, per place);
// - where the form has coordinate inputs (a new place): clicking the map or dragging the marker
//   writes them, typing them moves the marker, and the governorate select takes the governorate
//   the server derives from them (data-governorate-url) unless the analyst chose another.
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var CHOSEN_ZOOM = 12;

  function readPoint(latInput, lonInput) {
    var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
    if (isNaN(lat) || isNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
    return L.latLng(lat, lon);
  }

  function writePoint(latInput, lonInput, latlng) {
    var wrapped = latlng.wrap();
    latInput.value = wrapped.lat.toFixed(6);
    lonInput.value = wrapped.lng.toFixed(6);
  }

  // Django's autocomplete (select2) announces a choice through jQuery, which native listeners miss.
  function onChange(input, handler) {
    if (window.django && window.django.jQuery) window.django.jQuery(input).on("change", handler);
    else input.addEventListener("change", handler);
  }

  function getJSON(url, done) {
    var request = new XMLHttpRequest();
    request.open("GET", url);
    request.responseType = "json";
    request.onload = function () { if (request.status === 200 && request.response) done(request.response); };
    request.send();
  }

  function say(text) {
    var note = document.getElementById("place-picker-note");
    if (note) note.textContent = text;
  }

  function knownPlaces(box, map) {
    var locationInput = document.getElementById(box.dataset.locationInput);
    var targetInput = document.getElementById(box.dataset.targetInput);
    var byId = {}, chosen = null;
    var layer = L.featureGroup().addTo(map);
    var icon = BaseMap.markerIcon(box);

    function show(id, fillTarget) {
      var place = byId[id];
      if (chosen) { map.removeLayer(chosen); chosen = null; }
      if (!place) return;
      var point = L.latLng(place.latitude, place.longitude);
      chosen = L.marker(point, {icon: icon, title: place.name, keyboard: false}).addTo(map);
      chosen.bindTooltip(BaseMap.asText(place.name), {permanent: true, direction: "top", offset: [0, -36]});
      map.setView(point, CHOSEN_ZOOM);
      say(place.approximate ? gettext("Its exact position is not known: the marker shows the area's centre.") : "");
      if (fillTarget && targetInput && !targetInput.value && place.target) {
        targetInput.value = place.target;
        targetInput.dispatchEvent(new Event("change"));
      }
    }

    getJSON(box.dataset.placesUrl, function (data) {
      data.places.forEach(function (place) {
        byId[place.id] = place;
        L.circleMarker([place.latitude, place.longitude], {
          radius: 5, weight: 1, color: "#1f4e79", fillColor: "#4a90d9", fillOpacity: 0.7,
          dashArray: place.approximate ? "2 3" : null
        }).bindTooltip(BaseMap.asText(place.name)).addTo(layer);
      });
      box.dataset.placesShown = String(data.places.length);
      if (locationInput && locationInput.value) show(locationInput.value, false);
    });
    if (locationInput) onChange(locationInput, function () { show(locationInput.value, true); });
  }

  function newPlace(box, map) {
    var latInput = document.getElementById(box.dataset.latitudeInput);
    var lonInput = document.getElementById(box.dataset.longitudeInput);
    var governorateInput = document.getElementById(box.dataset.governorateInput);
    if (!latInput || !lonInput) return;
    var icon = BaseMap.markerIcon(box);
    var marker = null, derived = null, asked = 0;

    // The governorate the server derives from the point, written unless the analyst chose one.
    function deriveGovernorate(point) {
      if (!governorateInput || !box.dataset.governorateUrl) return;
      var url = box.dataset.governorateUrl + "?latitude=" + point.lat.toFixed(6) + "&longitude=" + point.lng.toFixed(6);
      var question = ++asked;
      getJSON(url, function (data) {
        if (question !== asked) return;  // a later point was asked about meanwhile
        var untouched = !governorateInput.value || governorateInput.value === derived;
        if (untouched) {
          governorateInput.value = data.governorate === null ? "" : String(data.governorate);
          derived = governorateInput.value;
        }
        say(data.note + (untouched ? "" : " " + gettext("You chose another: it is kept.")));
      });
    }

    function place(latlng) {
      if (marker) marker.setLatLng(latlng);
      else {
        marker = L.marker(latlng, {draggable: true, icon: icon}).addTo(map);
        marker.on("dragend", function () {
          writePoint(latInput, lonInput, marker.getLatLng());
          deriveGovernorate(marker.getLatLng());
        });
      }
    }

    var start = readPoint(latInput, lonInput);
    if (start) { place(start); map.setView(start, CHOSEN_ZOOM); }

    map.on("click", function (event) {
      place(event.latlng);
      writePoint(latInput, lonInput, event.latlng);
      deriveGovernorate(event.latlng);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = readPoint(latInput, lonInput);
        if (point) { place(point); map.panTo(point); }
      });
      input.addEventListener("change", function () {
        var point = readPoint(latInput, lonInput);
        if (point) deriveGovernorate(point);
      });
    });
  }

  BaseMap.onReady("place-picker", "place-map", function (box, map) {
    knownPlaces(box, map);
    newPlace(box, map);
  });
})();
