// Verdict's only script of its own: draws the charts pages describe in data-chart attributes, and
// copies text for [data-copy] buttons. Pages work without it; htmx refreshes running runs.
(function () {
  "use strict";

  function color(name) {
    return getComputedStyle(document.documentElement).getPropertyValue("--" + name).trim() || "#888";
  }

  function draw(el) {
    if (el.dataset.drawn || typeof uPlot === "undefined") return;
    el.dataset.drawn = "1";
    var spec = JSON.parse(el.dataset.chart);
    var bars = spec.kind === "bars";
    var raw = spec.series.map(function (s) { return s.values; });
    var data = [spec.x];
    var series = [{}];
    if (bars) {
      // Stacked: each series is drawn as the sum of itself and those before it, the tallest first,
      // so the smaller sums paint over it; the legend shows each series' own value.
      var sums = [];
      raw.forEach(function (values, i) {
        sums.push(values.map(function (v, j) { return (v || 0) + (i > 0 ? sums[i - 1][j] : 0); }));
      });
      for (var i = raw.length - 1; i >= 0; i--) {
        data.push(sums[i]);
        (function (index) {
          series.push({
            label: spec.series[index].label,
            fill: color(spec.series[index].color),
            stroke: color(spec.series[index].color),
            paths: uPlot.paths.bars({ size: [0.7, 40] }),
            points: { show: false },
            value: function (u, v, si, idx) { return idx == null ? "" : raw[index][idx]; }
          });
        })(i);
      }
    } else {
      raw.forEach(function (values, i) {
        var s = spec.series[i];
        var c = color(s.color);
        var present = values.filter(function (v) { return v != null; }).length;
        var one = { label: s.label, stroke: c, width: 2, spanGaps: s.style === "spanning_line",
          value: function (u, v) { return v == null ? "—" : (Math.round(v * 100) / 100) + " " + spec.unit; } };
        if (s.style === "points") {
          // A scatter: one dot per execution, no line between them.
          one.paths = function () { return null; };
          one.points = { show: true, size: 5, fill: c, stroke: c };
        } else if (present <= 2) {
          // A line of one or two values draws no visible stroke: show its points.
          one.points = { show: true, size: 6, fill: c, stroke: c };
        }
        data.push(values);
        series.push(one);
      });
    }
    // One time alone is a scale of no width, which uPlot draws as nothing: widen it around that
    // time (by the bucket the chart is cut in, else an hour) so a new suite's first day shows.
    var pad = spec.x.length > 1 ? 0 : (spec.step || 3600);
    var axis = { stroke: color("muted"), grid: { stroke: color("line"), width: 1 }, ticks: { stroke: color("line") } };
    charts.push({ el: el, plot: new uPlot({
      width: width(el),
      height: 220,
      series: series,
      axes: [axis, Object.assign({}, axis, { label: spec.unit })],
      scales: { x: { time: true, range: function (u, min, max) {
        return min === max ? [min - pad, max + pad] : [min, max];
      } } }
    }, data, el) });
  }

  // A chart is as wide as its place on the page; when the window changes (a phone turned, a
  // window resized) each is drawn again at its new width rather than overflowing it.
  var charts = [];

  function width(el) {
    return Math.max(240, el.clientWidth);
  }

  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.plot.setSize({ width: width(c.el), height: 220 }); });
    }, 100);
  });

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
    document.body.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
    document.body.addEventListener("click", function (e) {
      var button = e.target.closest("[data-copy]");
      if (!button || !navigator.clipboard) return;
      var text = document.getElementById(button.dataset.copy).textContent;
      navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; });
    });
  });
})();
