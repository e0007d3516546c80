// Moved out of result.html so the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("radar");
  if (!window.echarts || !el) { return; }
  var data = JSON.parse(document.getElementById("radar-data").textContent);
  var chart = echarts.init(el);
  chart.setOption({
    radar: { indicator: data.indicators, radius: "65%" },
    series: [{ type: "radar", areaStyle: { opacity: 0.25 }, data: [{ value: data.values }] }],
    color: ["#198754"]
  });
});
