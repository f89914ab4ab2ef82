/* coterm report: sortable tables, map tooltips, layer switches and the
 * national map's choice of measure. No network, no libraries. */
(function () {
  'use strict';
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  /* Tables: a click on a column's button sorts by it (data-v holds the value). */
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v === null) return cell.textContent.trim().toLowerCase();
    if (v === '') return -Infinity; /* no value: sorts below every number */
    var n = Number(v);
    return isFinite(n) ? n : v.toLowerCase();
  }
  each(document.querySelectorAll('table.sortable'), function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies.length) return;
    each(head.cells, function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var down = th.getAttribute('aria-sort') !== 'descending';
        each(head.cells, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var c = typeof x === 'number' && typeof y === 'number' ? (x === y ? 0 : x < y ? -1 : 1)
            : String(x).localeCompare(String(y));
          return down ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  /* Map tooltips from data-tip (lines separated by newlines). */
  var tip = document.getElementById('tip');
  if (tip) {
    each(document.querySelectorAll('svg.map [data-tip]'), function (el) {
      el.addEventListener('mousemove', function (e) {
        tip.textContent = el.getAttribute('data-tip');
        tip.style.display = 'block';
        var x = e.clientX + 14, y = e.clientY + 14;
        if (x + tip.offsetWidth > window.innerWidth) x = e.clientX - tip.offsetWidth - 10;
        if (y + tip.offsetHeight > window.innerHeight) y = e.clientY - tip.offsetHeight - 10;
        tip.style.left = x + 'px';
        tip.style.top = y + 'px';
      });
      el.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
      el.addEventListener('click', function () {
        var href = el.getAttribute('data-href');
        if (href) window.location.href = href;
      });
    });
  }

  /* Layer switches: each checkbox shows or hides the groups of its layer. */
  each(document.querySelectorAll('input[data-layer]'), function (box) {
    var apply = function () {
      each(document.querySelectorAll('[data-layer-of="' + box.getAttribute('data-layer') + '"]'),
        function (g) { g.style.display = box.checked ? '' : 'none'; });
    };
    box.addEventListener('change', apply);
    apply();
  });

  /* The national map's measure: fills from data-c<k>, legend <k>. */
  var measure = document.getElementById('measure');
  if (measure) {
    var show = function () {
      var k = measure.value;
      each(document.querySelectorAll('svg.map [data-c' + k + ']'), function (p) {
        p.setAttribute('fill', p.getAttribute('data-c' + k));
      });
      each(document.querySelectorAll('svg.map [data-legend]'), function (g) {
        g.style.display = g.getAttribute('data-legend') === k ? '' : 'none';
      });
    };
    measure.addEventListener('change', show);
    show();
  }
})();
