(function () {
  'use strict';
  var errors = document.getElementById('js-errors');
  function reportError(msg) {
    if (!errors) return;
    errors.hidden = false;
    errors.textContent += msg + '\n';
    document.body.setAttribute('data-js-errors', '1');
  }
  window.addEventListener('error', function (e) { reportError('error: ' + (e.message || e)); });

  function nice(min, max, n) {
    var out = [];
    if (!(max > min)) return [min];
    var raw = (max - min) / n, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    var step = r < 1.5 ? mag : r < 3.5 ? 2 * mag : r < 7.5 ? 5 * mag : 10 * mag;
    for (var t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(t);
    out.step = step;
    return out;
  }

  var TYPES = ['ok', 'fail', 'info'];

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function duration(ms) {
    return ms < 1 ? (ms * 1000).toFixed(0) + ' \u00b5s' : ms < 1000 ? ms.toFixed(1) + ' ms' : (ms / 1000).toFixed(2) + ' s';
  }

  /** The first position in a sorted array holding a value >= v. */
  function lowerBound(arr, v) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (arr[mid] < v) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** The compact op columns of a large history (see OpData.java), as absolute times in ms. */
  function decode(el) {
    if (!el) return null;
    var j = JSON.parse(el.textContent), n = j.n, a = new Float64Array(n), d = new Float64Array(n), idx = new Float64Array(n);
    var acc = 0, ii = 0;
    for (var q = 0; q < n; q++) {
      acc += j.a[q]; a[q] = acc / 1000; d[q] = j.d[q] / 1000; ii += j.i[q]; idx[q] = ii;
    }
    return { n: n, a: a, d: d, idx: idx, l: j.l, y: j.y, f: j.f, k: j.k, p: j.p, fs: j.fs, keys: j.keys, lanes: j.lanes, maxD: j.maxD / 1000 };
  }

  function timeline(svg) {
    var L = +svg.getAttribute('data-left'), W = +svg.getAttribute('data-width');
    var span = +svg.getAttribute('data-span');
    var ops = decode(document.getElementById('tl-ops'));
    var dyn = document.getElementById('tl-dyn'), note = document.getElementById('tl-note');
    if (ops) {
      // The script draws a large history itself: the server's bins are only for a page without script.
      var fixed = document.getElementById('tl-static');
      if (fixed) fixed.parentNode.removeChild(fixed);
    }
    var spans = svg.querySelectorAll('[data-a]'), marks = svg.querySelectorAll('[data-m]');
    var axis = document.getElementById('tl-axis'), ns = svg.namespaceURI;
    var from = document.getElementById('tl-from'), to = document.getElementById('tl-to');
    var t0 = 0, t1 = span, pending = false;
    var minWidth = Math.max(span * 1e-6, 1e-3);

    function drawAxis() {
      while (axis.childNodes.length > 1) axis.removeChild(axis.lastChild);
      var ticks = nice(t0 / 1000, t1 / 1000, 10);
      var decimals = Math.max(0, -Math.floor(Math.log10(ticks.step || 1)));
      ticks.forEach(function (t) {
        var x = L + (t * 1000 - t0) / (t1 - t0) * W;
        var line = document.createElementNS(ns, 'line');
        line.setAttribute('x1', x); line.setAttribute('x2', x); line.setAttribute('y1', 0); line.setAttribute('y2', 4);
        line.setAttribute('stroke', '#888');
        var text = document.createElementNS(ns, 'text');
        text.setAttribute('x', x); text.setAttribute('y', 16); text.setAttribute('text-anchor', 'middle');
        text.textContent = t.toFixed(Math.min(decimals, 6)) + 's';
        axis.appendChild(line); axis.appendChild(text);
      });
    }

    function layout() {
      pending = false;
      var began = window.performance.now();
      var k = W / (t1 - t0), i, el;
      for (i = 0; i < spans.length; i++) {
        el = spans[i];
        var a = +el.getAttribute('data-a'), b = +el.getAttribute('data-b');
        el.setAttribute('x', (L + (a - t0) * k).toFixed(2));
        el.setAttribute('width', Math.max(0.8, (b - a) * k).toFixed(2));
      }
      for (i = 0; i < marks.length; i++) {
        el = marks[i];
        var m = +el.getAttribute('data-m'), dx = 0;
        if (el.classList.contains('band-label')) {
          // A fault that began before the window keeps its label at the window's left edge.
          dx = 3;
          if (m < t0 && +el.getAttribute('data-e') > t0) m = t0;
        }
        el.setAttribute('transform', 'translate(' + (L + dx + (m - t0) * k).toFixed(2) + ',' + el.getAttribute('data-y') + ')');
      }
      if (ops) drawOps(k);
      drawAxis();
      syncPlots();
      from.value = (t0 / 1000).toFixed(3);
      to.value = (t1 / 1000).toFixed(3);
      // How long a redraw took, for the browser test's figures.
      svg.setAttribute('data-layout-ms', (window.performance.now() - began).toFixed(1));
    }

    function drawOps(k) {
      var laneH = +svg.getAttribute('data-lane-h'), top = +svg.getAttribute('data-top');
      var maxBars = +svg.getAttribute('data-max-bars'), maxBins = +svg.getAttribute('data-max-bins');
      var lo = lowerBound(ops.a, t0 - ops.maxD), hi = lowerBound(ops.a, t1), q, count = 0, out = [];
      for (q = lo; q < hi; q++) if (ops.a[q] + ops.d[q] >= t0) count++;
      if (count <= maxBars) {
        var h = Math.max(2, laneH * 0.5);
        for (q = lo; q < hi; q++) {
          var a = ops.a[q], b = a + ops.d[q];
          if (b < t0) continue;
          var type = TYPES[ops.y.charCodeAt(q) - 48], lane = ops.l[q], y = top + lane * laneH;
          var x = L + (a - t0) * k, xe = L + (b - t0) * k, my = y + laneH / 2;
          var title = 'p' + ops.p[q] + ' ' + ops.fs[ops.f[q]] + (ops.keys[ops.k[q]] ? ' ' + ops.keys[ops.k[q]] : '') + ' \u2192 ' + type
            + ', ' + duration(ops.d[q]) + ' [index ' + ops.idx[q] + ']';
          out.push('<rect class="op ' + type + '" data-index="' + ops.idx[q] + '" x="' + x.toFixed(2) + '" y="' + (y + (laneH - h) / 2).toFixed(2)
            + '" width="' + Math.max(0.8, xe - x).toFixed(2) + '" height="' + h.toFixed(2) + '"><title>' + esc(title) + '</title></rect>'
            + '<use href="#m-' + type + '" transform="translate(' + xe.toFixed(2) + ',' + my.toFixed(2) + ')"></use>');
        }
        svg.setAttribute('data-drawn', 'ops:' + count);
        if (note) note.textContent = count + ' of ' + ops.n + ' ops in this window, each drawn one by one; zoom out past '
          + maxBars + ' ops and they are binned per pixel column.';
      } else {
        // Too many for one by one: count ops per lane and column of the window by invoke time.
        var lanes = ops.lanes.length, cols = Math.max(50, Math.min(W, Math.floor(maxBins / Math.max(1, lanes))));
        var colMs = (t1 - t0) / cols, cells = new Int32Array(lanes * cols * 3), max = 1, c, t;
        for (q = lowerBound(ops.a, t0); q < hi; q++) {
          c = Math.min(cols - 1, Math.floor((ops.a[q] - t0) / colMs));
          t = (ops.l[q] * cols + c) * 3;
          cells[t + ops.y.charCodeAt(q) - 48]++;
          max = Math.max(max, cells[t] + cells[t + 1] + cells[t + 2]);
        }
        var bins = 0, w = Math.max(0.8, colMs * k);
        for (var l = 0; l < lanes; l++) {
          var yl = top + l * laneH;
          for (c = 0; c < cols; c++) {
            t = (l * cols + c) * 3;
            var total = cells[t] + cells[t + 1] + cells[t + 2];
            if (total === 0) continue;
            bins++;
            var xb = (L + c * colMs * k).toFixed(2);
            out.push('<rect class="bin ok" x="' + xb + '" y="' + (yl + 1).toFixed(2) + '" width="' + w.toFixed(2) + '" height="'
              + Math.max(1, laneH - 2).toFixed(2) + '" fill-opacity="' + (0.2 + 0.6 * total / max).toFixed(2) + '"><title>' + esc(ops.lanes[l])
              + ': ' + total + ' ops, ' + cells[t + 1] + ' fail, ' + cells[t + 2] + ' info</title></rect>');
            if (cells[t + 1] + cells[t + 2] > 0) {
              var hf = Math.max(1.5, (laneH - 2) * 0.35);
              out.push('<rect class="bin ' + (cells[t + 1] > 0 ? 'fail' : 'info') + '" x="' + xb + '" y="' + (yl + laneH - 1 - hf).toFixed(2)
                + '" width="' + w.toFixed(2) + '" height="' + hf.toFixed(2) + '"></rect>');
            }
          }
        }
        svg.setAttribute('data-drawn', 'bins:' + bins + ':' + count);
        if (note) note.textContent = count + ' of ' + ops.n + ' ops in this window: too many to draw one by one, so each lane shows them'
          + ' binned per pixel column by invoke time (darker = more ops; a red or amber foot: some failed or had an unknown outcome;'
          + ' hover for counts). Zoom in to at most ' + maxBars + ' ops to see each one.';
      }
      dyn.innerHTML = out.join('');
    }

    // The plots over run time follow the timeline's window.
    var plots = Array.prototype.map.call(document.querySelectorAll('svg.zoomable'), function (p) {
      return { svg: p, L: +p.getAttribute('data-left'), W: +p.getAttribute('data-width'), span: +p.getAttribute('data-span'),
        zx: p.querySelectorAll('g.zx'), pins: p.querySelectorAll('[data-x0]'), axis: p.querySelector('g.x-axis') };
    });
    var latency = document.getElementById('latency-plot'), latLines = document.getElementById('lat-lines');
    var latDots = document.getElementById('lat-dots');

    function syncPlots() {
      var ticks = nice(t0 / 1000, t1 / 1000, 10);
      var decimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(ticks.step || 1))));
      plots.forEach(function (p) {
        // Whole-run x to window x is affine: x' = s x + c.
        var s = p.span / (t1 - t0), c = p.L - p.L * s - t0 * p.W / (t1 - t0), i;
        for (i = 0; i < p.zx.length; i++) p.zx[i].setAttribute('transform', 'matrix(' + s + ' 0 0 1 ' + c + ' 0)');
        for (i = 0; i < p.pins.length; i++) {
          var el = p.pins[i];
          el.setAttribute(el.tagName === 'circle' ? 'cx' : 'x', (s * +el.getAttribute('data-x0') + c).toFixed(2));
        }
        if (p.axis) {
          var y = +p.axis.getAttribute('data-y'), out = [];
          ticks.forEach(function (t) {
            var x = p.L + (t * 1000 - t0) / (t1 - t0) * p.W;
            out.push('<text x="' + x.toFixed(2) + '" y="' + (y + 16) + '" text-anchor="middle">' + t.toFixed(decimals) + 's</text>');
          });
          while (p.axis.childNodes.length > 1) p.axis.removeChild(p.axis.lastChild);
          p.axis.insertAdjacentHTML('beforeend', out.join(''));
        }
      });
      if (ops && latency && latDots) drawLatency();
    }

    /** A large history's latency dots, when the window holds few enough ops; else the server's lines. */
    function drawLatency() {
      var lo = lowerBound(ops.a, t0), hi = lowerBound(ops.a, t1), maxBars = +svg.getAttribute('data-max-bars');
      if (hi - lo > maxBars) {
        latLines.removeAttribute('display');
        latDots.innerHTML = '';
        latency.setAttribute('data-drawn', 'lines');
        return;
      }
      var L2 = +latency.getAttribute('data-left'), W2 = +latency.getAttribute('data-width'), top = +latency.getAttribute('data-top');
      var H = +latency.getAttribute('data-height'), ylo = +latency.getAttribute('data-ylo'), yhi = +latency.getAttribute('data-yhi');
      var colours = {}, out = [], n = 0;
      latency.getAttribute('data-colours').split(',').forEach(function (pair) {
        var at = pair.lastIndexOf(':');
        colours[pair.substring(0, at)] = pair.substring(at + 1);
      });
      for (var q = lo; q < hi; q++) {
        var type = TYPES[ops.y.charCodeAt(q) - 48];
        if (type === 'info') continue;
        var l = Math.max(ylo, Math.min(yhi, Math.log10(Math.max(1e-3, ops.d[q]))));
        out.push('<circle class="pt ' + type + '" cx="' + (L2 + (ops.a[q] - t0) / (t1 - t0) * W2).toFixed(2) + '" cy="'
          + (top + H - (l - ylo) / (yhi - ylo) * H).toFixed(2) + '" r="2" fill="' + (colours[ops.fs[ops.f[q]]] || '#7f7f7f') + '"></circle>');
        n++;
      }
      latLines.setAttribute('display', 'none');
      latDots.innerHTML = out.join('');
      latency.setAttribute('data-drawn', 'dots:' + n);
    }

    function schedule() {
      if (!pending) { pending = true; window.requestAnimationFrame(layout); }
    }

    function setWindow(a, b) {
      var w = Math.min(span, Math.max(minWidth, b - a));
      a = Math.max(0, Math.min(span - w, a));
      t0 = a; t1 = a + w;
      schedule();
    }

    function zoom(factor, centre) {
      var c = centre === undefined ? (t0 + t1) / 2 : centre;
      setWindow(c - (c - t0) * factor, c + (t1 - c) * factor);
    }

    function timeAt(clientX) {
      var r = svg.getBoundingClientRect();
      var vbWidth = svg.viewBox.baseVal.width;
      var x = (clientX - r.left) / r.width * vbWidth;
      return t0 + (x - L) / W * (t1 - t0);
    }

    document.getElementById('tl-in').addEventListener('click', function () { zoom(0.5); });
    document.getElementById('tl-out').addEventListener('click', function () { zoom(2); });
    document.getElementById('tl-reset').addEventListener('click', function () { setWindow(0, span); });
    document.getElementById('tl-apply').addEventListener('click', function () {
      var a = parseFloat(from.value) * 1000, b = parseFloat(to.value) * 1000;
      if (isFinite(a) && isFinite(b) && b > a) setWindow(a, b);
    });
    var cx = document.getElementById('tl-cx');
    if (cx) cx.addEventListener('click', function () {
      var a = +cx.getAttribute('data-from'), b = +cx.getAttribute('data-to'), pad = Math.max((b - a) * 0.2, 1);
      setWindow(a - pad, b + pad);
    });
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      zoom(e.deltaY < 0 ? 0.8 : 1.25, timeAt(e.clientX));
    }, { passive: false });
    var dragX = null;
    svg.addEventListener('mousedown', function (e) { dragX = e.clientX; svg.classList.add('dragging'); });
    window.addEventListener('mouseup', function () { dragX = null; svg.classList.remove('dragging'); });
    window.addEventListener('mousemove', function (e) {
      if (dragX === null) return;
      var dt = timeAt(dragX) - timeAt(e.clientX);
      dragX = e.clientX;
      setWindow(t0 + dt, t1 + dt);
    });
    layout();
    // #t=FROM,TO (seconds) opens the timeline on that window: links into a report, and tests.
    var m = /^#t=([0-9.]+),([0-9.]+)$/.exec(window.location.hash);
    if (m) {
      setWindow(parseFloat(m[1]) * 1000, parseFloat(m[2]) * 1000);
      layout();
      document.body.setAttribute('data-window', t0.toFixed(3) + ',' + t1.toFixed(3));
    }
  }

  try {
    var svg = document.getElementById('timeline');
    if (svg) timeline(svg);
    document.body.setAttribute('data-ready', '1');
  } catch (e) {
    reportError('error: ' + e);
  }
})();
