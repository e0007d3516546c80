// Moved out of _scripts.html so the Content-Security-Policy allows no inline script.
document.querySelectorAll(".gm-chart").forEach(function (el) {
  var option = JSON.parse(document.getElementById("option-" + el.dataset.chart).textContent);
  var chart = echarts.init(el, null, {renderer: "canvas"});
  chart.setOption(option);
  window.addEventListener("resize", function () { chart.resize(); });
});
