// Draws every chart of the page: each <div data-spec="ID"> gets the Vega-Lite spec stored in
// <script type="application/json" id="ID">. /static/vega.js (a module loaded before this one)
// sets window.vegaEmbed; module scripts run in document order. Under each drawn chart, PNG and
// SVG buttons save the chart as drawn (its title and source line are part of the image).
const embed = window.vegaEmbed;

function fileName(el, ext) {
  const base = (el.getAttribute("aria-label") || "chart").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "chart";
  return `${base}.${ext}`;
}

function addDownloads(el, view) {
  const bar = document.createElement("p");
  bar.className = "chart-downloads";
  bar.append("Download chart ");
  for (const [label, type, scale] of [["PNG", "png", 2], ["SVG", "svg", 1]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.dataset.format = type;
    button.addEventListener("click", async () => {
      const url = await view.toImageURL(type, scale);
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName(el, type);
      document.body.append(a);
      a.click();
      a.remove();
    });
    bar.append(button, " ");
  }
  el.after(bar);
}

for (const el of document.querySelectorAll("[data-spec]")) {
  const source = document.getElementById(el.dataset.spec);
  if (!source || !embed) continue;
  const spec = JSON.parse(source.textContent);
  embed(el, spec, {renderer: "svg", actions: false, loader: {target: "_self"}})
    .then((result) => {
      el.dataset.rendered = "true";
      addDownloads(el, result.view);
    })
    .catch((err) => {
      el.dataset.rendered = "error";
      el.textContent = "The chart could not be drawn: " + err;
    });
}
