/* plantrack: draws the features of an OGC API page (/ogc/.../items?f=html) on div.ogc-map,
   from the GeoJSON the page carries in data-features; a feature opens its own page when
   clicked. Plain ES2017, no modules, no inline script (CSP); colours live in app.css
   (path.ogc-feature). */
(function () {
  'use strict';
  var seen = new WeakSet();

  function init(div) {
    seen.add(div);
    var d = div.dataset;
    var data;
    try { data = JSON.parse(d.features || ''); } catch (e) { data = null; }
    if (!data) {
      var p = document.createElement('p');
      p.className = 'alert error';
      p.setAttribute('role', 'alert');
      p.textContent = d.labelError || '';
      div.appendChild(p);
      div.dataset.loaded = 'error';
      return;
    }
    var map = L.map(div, { attributionControl: false, zoomSnap: 0.25 });
    if (d.tiles) L.tileLayer(d.tiles).addTo(map);
    var features = L.geoJSON(data, {
      style: function () { return { className: 'ogc-feature', weight: 1 }; },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 6, className: 'ogc-feature' });
      },
      onEachFeature: function (f, layer) {
        // An element holding text, never a string: Leaflet sets a string as innerHTML, and
        // ids come from uploaded files.
        var tip = document.createElement('span');
        tip.textContent = String(f.id == null ? '' : f.id);
        layer.bindTooltip(tip);
        var href = f.properties && f.properties.href;
        // Only this server's pages: the address is a path the server made.
        if (typeof href === 'string' && href.charAt(0) === '/' && href.charAt(1) !== '/') {
          layer.on('click', function () { window.location.assign(href); });
        }
      }
    }).addTo(map);
    var bounds = features.getBounds();
    map.invalidateSize();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 16 });
    else map.setView([16.0, 106.0], 5);
    div.dataset.loaded = 'true';
  }

  function scan() {
    if (typeof L === 'undefined') return;
    var divs = document.querySelectorAll('div.ogc-map[data-features]');
    for (var i = 0; i < divs.length; i++) if (!seen.has(divs[i])) init(divs[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  document.addEventListener('htmx:load', scan);
})();
