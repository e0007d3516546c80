// Moved out of expert_score.html so the Content-Security-Policy allows no inline script.
(function () {
  const inputs = document.querySelectorAll(".gm-score");
  const out = document.getElementById("running-total");
  function update() {
    let total = 0;
    inputs.forEach(function (i) { const v = parseFloat(i.value); if (!isNaN(v)) { total += v; } i.classList.toggle("is-invalid", !isNaN(v) && (v < 0 || v > parseFloat(i.dataset.max))); });
    out.textContent = total.toFixed(2);
  }
  inputs.forEach(function (i) { i.addEventListener("input", update); });
  update();
})();
