/* plantrack: draws a province's units on div#map, coloured by plan stage.
   Plain ES2017, no modules (CSP script-src 'self', no build step). Colours live in
   app.css (path.stage-N), so this file only sets class names. */
(function () {
  'use strict';

  // Elements already drawn. A WeakSet, not an attribute: htmx's history cache restores
  // a serialised copy of the page, whose (new) map element must be drawn again.
  var seen = new WeakSet();

  // Text only, never innerHTML: names come from data.
  function el(tag, text) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    return e;
  }

  function fail(div) {
    var p = el('p', div.dataset.labelError || '');
    p.className = 'alert error';
    p.setAttribute('role', 'alert');
    div.appendChild(p);
    div.dataset.loaded = 'error';
  }

  function init(div) {
    seen.add(div);
    var d = div.dataset;
    delete d.loaded;
    // A copy restored from htmx's history still holds the old Leaflet panes: start clean.
    if (div.querySelector('.leaflet-pane')) div.textContent = '';

    // Quarter zoom steps let a long, narrow province fill the frame.
    var map = L.map(div, { attributionControl: false, zoomSnap: 0.25 });
    // Attribution is plain text, but Leaflet's control takes only a string it inserts as
    // HTML: the text is escaped first (a text node's markup), so it shows literally.
    var credit = el('span', d.attribution || '').innerHTML;
    L.control.attribution({ prefix: false }).addAttribution(credit).addTo(map);
    if (d.tiles) L.tileLayer(d.tiles).addTo(map);

    fetch(d.src, {
      credentials: 'same-origin',
      headers: { Accept: 'application/geo+json, application/json' }
    })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(function (data) { draw(map, div, data); })
      .catch(function () { fail(div); });
  }

  function draw(map, div, data) {
    var d = div.dataset;
    var labelled = [];
    var layer = L.geoJSON(data, {
      style: function (f) {
        var o = f.properties.stage_order;
        return { className: 'unit stage-' + (Number.isInteger(o) ? o : 'none'), weight: 1 };
      },
      onEachFeature: function (f, unit) {
        var p = f.properties;
        var planned = Number.isInteger(p.stage_order);
        var stage = planned ? (p.stage_order + 1) + '. ' + (p.stage_name || '') : '';

        // The number on every unit, so colour is never the only cue.
        // An element, as everywhere a map shows data: a string would be set as innerHTML.
        unit.bindTooltip(el('span', planned ? String(p.stage_order + 1) : '\u2013'), {
          permanent: true, direction: 'center', className: 'stage-label', opacity: 1
        });
        labelled.push(unit);

        var box = el('div');
        box.appendChild(el('strong', p.name));
        if (planned) box.appendChild(el('div', stage));
        var link = null;
        if (p.dossier_id != null) {
          link = el('a', d.labelOpen || '');
          link.href = '/dossiers/' + encodeURIComponent(p.dossier_id);
          box.appendChild(el('div')).appendChild(link);
        }
        box.addEventListener('keydown', function (e) {
          if (e.key === 'Escape') map.closePopup();
        });
        unit.bindPopup(box);
        var byKey = false;

        // The path element exists only once the layer is on the map.
        unit.on('add', function () {
          var path = unit.getElement();
          if (!path) return;
          path.setAttribute('data-unit', p.code);
          path.setAttribute('data-stage', p.stage || '');
          path.setAttribute('tabindex', '0');
          // A unit with a dossier opens it; one without is a picture with a name (ARIA
          // allows aria-label only on an element with a role).
          path.setAttribute('role', p.dossier_id != null ? 'link' : 'img');
          var what = planned ? stage : (d.labelUnplanned || '');
          path.setAttribute('aria-label', what ? p.name + ': ' + what : p.name);
          // Keyboard: Enter opens the popup and moves focus to its link; closing it
          // gives focus back to the unit. preventScroll: Leaflet's container must not scroll.
          path.addEventListener('keydown', function (e) {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            byKey = true;
            unit.openPopup();
            if (link) link.focus({ preventScroll: true });
          });
          // A label hidden as crowded shows while its unit is pointed at or focused.
          var show = function () { toggleShown(unit, true); };
          var hide = function () { toggleShown(unit, false); };
          unit.on('mouseover', show);
          unit.on('mouseout', hide);
          path.addEventListener('focus', show);
          path.addEventListener('blur', hide);
          unit.on('popupclose', function () {
            if (byKey) path.focus({ preventScroll: true });
            byKey = false;
          });
        });
      }
    });

    // Set a view before adding: Leaflet defers adding layers until the map has one.
    var bounds = layer.getBounds();
    map.invalidateSize();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
    else map.setView([16, 106], 5); // no units: show Vietnam
    layer.addTo(map);
    var tidy = function () { declutter(labelled); };
    tidy();
    map.on('zoomend resize', tidy);
    if (bounds.isValid()) fitOnPaper(map, div, bounds, tidy);
    div.dataset.loaded = 'true';
  }

  function toggleShown(unit, on) {
    var t = unit.getTooltip();
    var e = t && t.getElement();
    if (e) e.classList.toggle('shown', on);
  }

  // Labels must not cover each other (a small commune's number on its neighbour's): the
  // larger units place theirs first, and a label overlapping one already placed is marked
  // crowded (hidden by app.css until its unit is pointed at or focused; its popup and its
  // aria-label still name the stage).
  function declutter(units) {
    function area(u) {
      var b = u.getBounds();
      return (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());
    }
    var placed = [];
    units.slice().sort(function (a, b) { return area(b) - area(a); }).forEach(function (u) {
      var t = u.getTooltip();
      var e = t && t.getElement();
      if (!e) return;
      e.classList.remove('crowded');
      var r = e.getBoundingClientRect();
      var clash = placed.some(function (p) {
        return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top;
      });
      if (clash) e.classList.add('crowded');
      else placed.push(r);
    });
  }

  // Printing lays the page out again at the paper's width, but Leaflet keeps the view it
  // computed for the screen, so the province would be cut off. Before printing, the map takes
  // its printed size (class print-size in app.css), measures it and fits the province in;
  // afterwards it does the same at its screen size. Synchronous: the browser prints right
  // after beforeprint returns.
  function fitOnPaper(map, div, bounds, tidy) {
    function refit(printing) {
      if (!document.contains(div)) { // the page was swapped away: stop listening
        window.removeEventListener('beforeprint', before);
        window.removeEventListener('afterprint', after);
        return;
      }
      div.classList.toggle('print-size', printing);
      map.invalidateSize({ animate: false, pan: false });
      map.fitBounds(bounds, { padding: [12, 12], animate: false });
      tidy();
    }
    function before() { refit(true); }
    function after() { refit(false); }
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
  }

  function scan() {
    if (typeof L === 'undefined') return;
    var divs = document.querySelectorAll('div#map[data-src]');
    for (var i = 0; i < divs.length; i++) {
      if (!seen.has(divs[i])) init(divs[i]);
    }
  }

  // First load, and every page htmx swaps in (hx-boost, history restore).
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  document.addEventListener('htmx:load', scan);
})();
