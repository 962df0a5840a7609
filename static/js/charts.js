/* Draws the plotly figures of a page. Each figure's JSON sits in
   <script type="application/json" data-plotly-figure="ID">, drawn into the element with that id;
   the plot options in <script type="application/json" id="plot-config">. No script is inline. */
(function () {
  "use strict";

  function readJson(element) {
    return element ? JSON.parse(element.textContent) : {};
  }

  function draw() {
    if (!window.Plotly) {
      return;
    }
    var config = readJson(document.getElementById("plot-config"));
    document.querySelectorAll('script[type="application/json"][data-plotly-figure]').forEach(function (source) {
      var target = document.getElementById(source.getAttribute("data-plotly-figure"));
      if (!target) {
        return;
      }
      var figure = readJson(source);
      target.textContent = "";  // the message shown without JavaScript
      if (figure.layout && figure.layout.height) {
        // A responsive plot takes its container's height when the window is resized: keep the figure's.
        target.style.height = figure.layout.height + "px";
      }
      window.Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
        target.classList.add("is-drawn");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
