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
  // Data labels that show a value ({c}; {d} a percentage) write it with fmt as well:
  // "{b}: {c}" on a bar of 23500 reads "东部: 2.35万", never "23500" or "2.35e+4".
  function labels(series) {
    [].concat(series || []).forEach(function (s) {
      var label = s && s.label;
      if (!label || !label.show) { return; }
      var template = label.formatter;
      if (template === undefined && (s.type === "bar" || s.type === "line")) { template = "{c}"; }
      if (typeof template !== "string" || template.indexOf("{c}") < 0) { return; }
      label.formatter = function (p) {
        var v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
        return template.replace("{b}", p.name).replace("{c}", fmt(v))
          .replace("{d}", p.percent === undefined ? "" : fmt(p.percent));
      };
    });
  }
  window.gmFormatNumber = fmt;
  document.querySelectorAll(".gm-chart").forEach(function (el) {
    var option = JSON.parse(document.getElementById("option-" + el.dataset.chart).textContent);
    option.tooltip = Object.assign({}, option.tooltip, {valueFormatter: fmt});
    axes(option.xAxis); axes(option.yAxis); labels(option.series);
    var chart = echarts.init(el, null, {renderer: "canvas", locale: zh ? "ZH" : "EN"});
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
