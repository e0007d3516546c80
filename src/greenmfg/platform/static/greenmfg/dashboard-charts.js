// Moved out of _scripts.html so the Content-Security-Policy allows no inline script.
(function () {
  // Numbers as the reader writes them: 万/亿 in Chinese, thousand/million in English,
  // thousand separators, never exponent notation.
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  function fmt(v) {
    if (v === null || v === undefined || v === "" || isNaN(v)) { return "—"; }
    v = Number(v);
    var a = Math.abs(v), steps = zh ? [[1e8, "亿"], [1e4, "万"]] : [[1e9, " billion"], [1e6, " million"]];
    for (var i = 0; i < steps.length; i++) {
      if (a >= steps[i][0]) { return Number((v / steps[i][0]).toPrecision(3)).toLocaleString(zh ? "zh-CN" : "en") + steps[i][1]; }
    }
    return v.toLocaleString(zh ? "zh-CN" : "en", {maximumFractionDigits: a < 1 ? 4 : 2});
  }
  function axes(list) {
    [].concat(list || []).forEach(function (axis) {
      if (axis && axis.type === "value") { axis.axisLabel = Object.assign({}, axis.axisLabel, {formatter: fmt}); }
    });
  }
  document.querySelectorAll(".gm-chart").forEach(function (el) {
    var option = JSON.parse(document.getElementById("option-" + el.dataset.chart).textContent);
    option.tooltip = Object.assign({}, option.tooltip, {valueFormatter: fmt});
    axes(option.xAxis); axes(option.yAxis);
    var chart = echarts.init(el, null, {renderer: "canvas", locale: zh ? "ZH" : "EN"});
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
