// Moved out of result.html so the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("radar");
  if (!window.echarts || !el) { return; }
  var data = JSON.parse(document.getElementById("radar-data").textContent);
  var chart = echarts.init(el);
  chart.setOption({
    // dark names (#212529 on white: contrast 15.4:1, WCAG AA needs 4.5:1)
    radar: { indicator: data.indicators, radius: "65%", axisName: { color: "#212529", fontSize: 12 } },
    series: [{ type: "radar", areaStyle: { opacity: 0.25 }, data: [{ value: data.values }] }],
    color: ["#0072B2"]
  });
});
