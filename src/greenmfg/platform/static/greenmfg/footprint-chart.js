// Moved out of _chart.html so the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("stage-chart");
  if (!window.echarts || !el) { return; }
  var data = JSON.parse(document.getElementById("stage-data").textContent);
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 20, top: 20, bottom: 40 },
    xAxis: { type: "category", data: data.names },
    yAxis: { type: "value", name: "kgCO2e" },
    series: [{ type: "bar", data: data.values, label: { show: true, position: "top", formatter: function (p) { return p.value.toFixed(3); } } }],
    color: ["#198754"]
  });
});
