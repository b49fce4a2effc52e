/* The book's charts (book_engine.site.charts): each page shows a chart as a static SVG, with no
   script. This adds the button that draws it with Vega, with tooltips; Vega and the chart's
   spec load only when a reader presses it, and Vega once a page. */
(function () {
  "use strict";
  var root = document.documentElement.dataset.content_root || "";
  var VEGA = ["vega.min.js", "vega-embed.min.js"];  /* in order: vega-embed needs Vega */
  /* No "Open in Vega Editor" action: it would send the reader's chart to another host. */
  var OPTIONS = {mode: "vega", renderer: "svg",
                 actions: {export: true, source: true, compiled: false, editor: false}};
  var loaded = {};

  function load(path) {
    loaded[path] = loaded[path] || new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root + path;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + path)); };
      document.head.appendChild(script);
    });
    return loaded[path];
  }

  function vega() {
    return VEGA.reduce(function (ready, file) {
      return ready.then(function () { return load("_static/vega/" + file); });
    }, Promise.resolve());
  }

  /* in the theme the reader chose, again when switched: the dark spec (book_engine.site.charts
     gives its colours and theme) takes the light one's data */
  function draw(chart, themes, view) {
    var dark = document.documentElement.dataset.theme === "dark";
    if (dark === chart.drawnDark) { return Promise.resolve(); }
    chart.drawnDark = dark;
    var spec = dark ? Object.assign({}, themes.dark, {data: themes.light.data}) : themes.light;
    var options = Object.assign({}, OPTIONS, dark ? {tooltip: {theme: "dark"}} : {});
    return vegaEmbed(view, spec, options).then(function (result) {
      chart.vegaView = result.view;
      var menu = view.querySelector("details summary");  /* an icon alone names nothing */
      if (menu) { menu.setAttribute("aria-label", "Chart menu: save it, view its source"); }
    });
  }

  function interactive(button) {
    var chart = button.closest(".altair-chart");
    var name = button.dataset.chart;
    button.disabled = true;
    button.textContent = "Loading the interactive chart\u2026";
    Promise.all([vega(), load("_static/charts/" + name + ".js")]).then(function () {
      var themes = window.bookCharts[name];
      var view = document.createElement("div");
      chart.appendChild(view);
      return draw(chart, themes, view).then(function () {
        chart.classList.add("chart-live");
        button.remove();
        new MutationObserver(function () { draw(chart, themes, view); })
          .observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
      });
    }).catch(function (error) {
      button.disabled = false;
      button.textContent = "Chart error: " + error.message + ". Try again";
    });
  }

  document.querySelectorAll("button.chart-interactive").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { interactive(button); });
  });
})();
