/* plantrack: the public consultation page's map, on div#public-map. Draws the dossier's
   land-use zones (when it has a checked map) and the published opinions' points; while the
   consultation is open, a click puts the resident's point in the form's hidden lon/lat
   fields (the form works without this script, only without a point). Plain ES2017, no
   inline script (CSP). */
(function () {
  'use strict';
  var seen = new WeakSet();

  function init(div) {
    seen.add(div);
    var d = div.dataset;
    var map = L.map(div, { attributionControl: false, zoomSnap: 0.25 });
    if (d.tiles) L.tileLayer(d.tiles).addTo(map);
    var box = (d.bbox || '').split(',').map(Number);
    if (box.length === 4 && box.every(isFinite)) map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
    else map.setView([22.4, 103.4], 10);
    var points = [];
    try { points = JSON.parse(d.points || '[]'); } catch (e) { points = []; }
    points.forEach(function (p) {
      if (typeof p.lat === 'number' && typeof p.lon === 'number') {
        L.circleMarker([p.lat, p.lon], { radius: 6, weight: 2, className: 'opinion-point' }).addTo(map);
      }
    });
    if (d.zones) {
      fetch(d.zones, { headers: { Accept: 'application/geo+json, application/json' } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          var zones = L.geoJSON(data, {
            style: function (f) {
              var c = (f.properties && f.properties.category) || '';
              return { className: 'zone zone-' + c, weight: 1 };
            }
          }).addTo(map);
          var b = zones.getBounds();
          if (b.isValid()) map.fitBounds(b, { padding: [8, 8] });
          div.dataset.loaded = 'true';
        })
        .catch(function () {
          var p = document.createElement('p');
          p.className = 'alert error';
          p.setAttribute('role', 'alert');
          p.textContent = d.labelError || '';
          div.appendChild(p);
          div.dataset.loaded = 'error';
        });
    } else {
      div.dataset.loaded = 'true';
    }
    if (d.pick !== 'true') return;
    var lon = document.getElementById('public-lon');
    var lat = document.getElementById('public-lat');
    var said = document.getElementById('public-point');
    if (!lon || !lat) return;
    var marker = null;
    function put(latlng) {
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (said) said.textContent = lon.value + ', ' + lat.value;
      if (marker) marker.setLatLng(latlng);
      else marker = L.marker(latlng).addTo(map);
    }
    if (lon.value && lat.value) put(L.latLng(Number(lat.value), Number(lon.value)));
    map.on('click', function (e) { put(e.latlng); });
  }

  function scan() {
    if (typeof L === 'undefined') return;
    var divs = document.querySelectorAll('div#public-map');
    for (var i = 0; i < divs.length; i++) if (!seen.has(divs[i])) init(divs[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  document.addEventListener('htmx:load', scan);
})();
