// Draws every chart of the page: each <div data-spec="ID"> gets the Vega-Lite spec stored in
// <script type="application/json" id="ID">. /static/vega.js (a module loaded before this one)
// sets window.vegaEmbed; module scripts run in document order.
const embed = window.vegaEmbed;
for (const el of document.querySelectorAll("[data-spec]")) {
  const source = document.getElementById(el.dataset.spec);
  if (!source || !embed) continue;
  const spec = JSON.parse(source.textContent);
  embed(el, spec, {renderer: "svg", actions: false, loader: {target: "_self"}})
    .then(() => { el.dataset.rendered = "true"; })
    .catch((err) => {
      el.dataset.rendered = "error";
      el.textContent = "The chart could not be drawn: " + err;
    });
}
