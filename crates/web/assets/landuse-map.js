/* plantrack: draws a dossier's land-use map (its zones) and the conflicts the server's check
   found, on div#landuse-map. Plain ES2017, no modules, no inline script (CSP); colours live in
   app.css (path.zone, path.conflict-forbidden, path.conflict-consult). */
(function () {
  'use strict';
  var seen = new WeakSet();

  // Tooltips get an element holding text, never a string: Leaflet sets a string as
  // innerHTML, and ids, categories and labels come from uploaded files.
  function text(value) {
    var span = document.createElement('span');
    span.textContent = value;
    return span;
  }

  function init(div) {
    seen.add(div);
    var d = div.dataset;
    if (div.querySelector('.leaflet-pane')) div.textContent = '';
    var conflicts = [];
    try { conflicts = JSON.parse(d.conflicts || '[]'); } catch (e) { conflicts = []; }
    var map = L.map(div, { attributionControl: false, zoomSnap: 0.25 });
    if (d.tiles) L.tileLayer(d.tiles).addTo(map);
    fetch(d.zones, { credentials: 'same-origin', headers: { Accept: 'application/geo+json, application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        var zones = L.geoJSON(data, {
          style: function (f) {
            var c = (f.properties && f.properties.category) || '';
            return { className: 'zone zone-' + c, weight: 1 };
          },
          onEachFeature: function (f, layer) {
            var c = (f.properties && f.properties.category) || '';
            layer.bindTooltip(text(String(f.id == null ? '' : f.id) + ' · ' + c));
          }
        });
        var bounds = zones.getBounds();
        map.invalidateSize();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
        else map.setView([22.4, 103.4], 10);
        zones.addTo(map);
        conflicts.forEach(function (c) {
          if (typeof c.lat !== 'number' || typeof c.lon !== 'number') return;
          // A marker with a text label: the verdict is never shown by colour alone.
          L.circleMarker([c.lat, c.lon], { radius: 8, weight: 2, className: 'conflict conflict-' + c.verdict })
            .bindTooltip(text(c.zone + ' × ' + c.constraint + ' — ' + c.label), { permanent: false })
            .addTo(map);
        });
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
  }

  function scan() {
    if (typeof L === 'undefined') return;
    var divs = document.querySelectorAll('div#landuse-map[data-zones]');
    for (var i = 0; i < divs.length; i++) if (!seen.has(divs[i])) init(divs[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  document.addEventListener('htmx:load', scan);
})();
