// Moved out of detail.html so the Content-Security-Policy allows no inline script.
(function () {
  var el = document.getElementById("gm-chart-data");
  if (!el || typeof echarts === "undefined") return;
  var d = JSON.parse(el.textContent);
  var c1 = document.getElementById("chart-carriers");
  if (c1) echarts.init(c1).setOption({tooltip: {trigger: "item"}, series: [{type: "pie", radius: ["35%", "70%"], data: d.carriers}]});
  var c2 = document.getElementById("chart-sources");
  if (c2) echarts.init(c2).setOption({tooltip: {}, xAxis: {type: "category", data: d.sources.labels}, yAxis: {type: "value", name: "tCO2e"}, series: [{type: "bar", data: d.sources.values}]});
  var c3 = document.getElementById("chart-years");
  if (c3) echarts.init(c3).setOption({tooltip: {trigger: "axis"}, legend: {}, xAxis: {type: "category", data: d.years.labels}, yAxis: [{type: "value", name: "tce"}, {type: "value", name: "tCO2e"}],
    series: [{name: "tce", type: "bar", data: d.years.tce}, {name: "tCO2e", type: "line", yAxisIndex: 1, data: d.years.co2}]});
})();
