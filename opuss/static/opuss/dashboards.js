// The dashboard's charts (Chart.js, vendored in static/vendor/chart.js): each canvas names the
// JSON data written next to it by the page (json_script), so no inline script is needed (CSP).
// The same figures are in the table beside each chart: the chart is for the eye only.
(function () {
  "use strict";

  var COLOURS = ["#c8102e", "#1d4e89", "#2e8540", "#f2a900", "#6b4c9a", "#5b616b"];

  function config(spec) {
    var stacked = Boolean(spec.stacked);
    return {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset, index) {
          return { label: dataset.label, data: dataset.data,
                   backgroundColor: COLOURS[index % COLOURS.length] };
        })
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
        plugins: { legend: { display: spec.datasets.length > 1 } }
      }
    };
  }

  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = document.getElementById(canvas.getAttribute("data-chart"));
      if (!data) { return; }
      new window.Chart(canvas, config(JSON.parse(data.textContent)));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
