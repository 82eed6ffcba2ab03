// Draws every Plotly figure a page carries as a JSON data block: {{ figure|json_script:"X-figure" }}
// is drawn into the element with id "X". A data block is never executed, so pages with charts
// need no inline script and the Content-Security-Policy can stay at script-src 'self'.
(function () {
  "use strict";
  var SUFFIX = "-figure";
  function draw() {
    var blocks = document.querySelectorAll('script[type="application/json"][id$="' + SUFFIX + '"]');
    blocks.forEach(function (block) {
      var figure = JSON.parse(block.textContent);
      var target = document.getElementById(block.id.slice(0, -SUFFIX.length));
      window.Plotly.newPlot(target, figure.data, figure.layout, figure.config || {});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
