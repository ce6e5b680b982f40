// The explorer's Vega-Lite charts: the map of the GPSI, its risk class or a dimension;
// a country's time series (provisional years shaded, source breaks marked, the forecast
// band from the reported year); its dimensions as small multiples; the comparison; the
// distributions. Each chart exports itself as PNG or SVG (vega-embed's own menu).
(function (G) {
  "use strict";
  const data = G.data;
  const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"; // an identifier, never fetched
  const FONT = "GPSI Sans, sans-serif";
  const views = {};

  function options(name) {
    return {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: "gpsi-" + name + "-" + G.state.year,
      i18n: { PNG_ACTION: G.t("save_png"), SVG_ACTION: G.t("save_svg") },
      config: {
        font: FONT,
        axis: { labelFont: FONT, titleFont: FONT }, legend: { labelFont: FONT, titleFont: FONT },
        header: { labelFont: FONT, titleFont: FONT }, title: { font: FONT },
      },
    };
  }

  // vega-embed into #id; the previous view is finalized first (no leaked listeners).
  function embed(id, spec, name) {
    if (views[id]) views[id].finalize();
    const el = document.getElementById(id);
    return vegaEmbed(el, spec, options(name)).then((result) => {
      views[id] = result.view;
      el.setAttribute("aria-label", G.t("chart_of", { what: spec.description || name }));
      const menu = el.querySelector("details summary"); // vega-embed's export menu: an icon
      if (menu) menu.setAttribute("aria-label", G.t("chart_actions"));
      return result.view;
    });
  }

  const widthOf = (id, fallback) => Math.max(260, (document.getElementById(id).clientWidth || fallback) - 40);
  const yearAxis = (title) => ({
    field: "year", type: "quantitative", axis: { format: "d", tickMinStep: 1 }, title,
    scale: { domain: [data.years[0] - 0.5, data.years[data.years.length - 1] + 0.5], nice: false, zero: false },
  });
  const scoreAxis = (field) => ({ field, type: "quantitative", scale: { domain: [0, 100] }, title: G.t("score") });

  function provisionalBand() {
    if (!data.provisional.length) return [];
    return [{
      data: { values: [{ from: Math.min(...data.provisional) - 0.5, to: Math.max(...data.provisional) + 0.5,
        label: G.t("provisional") }] },
      mark: { type: "rect", color: "#eee" },
      encoding: { x: { ...yearAxis(null), field: "from" }, x2: { field: "to" },
        tooltip: [{ field: "label", title: G.t("provisional") }] },
    }];
  }

  G.renderMap = function () {
    const s = G.state;
    const measure = s.measure;
    const byClass = measure === "risk_class";
    const rows = [];
    G.rowsOf(s.year).forEach((r) => {
      const c = data.countries[r.i];
      const value = G.value(r, measure);
      if (!c || !c.num || value === null) return;
      rows.push({ id: c.num, iso3: r.i, name: G.name(r.i), value, rank: r.r, cls: r.c, label: G.t(r.c),
        desc: r.i + " " + (byClass ? r.c : value.toFixed(1)) });
    });
    const width = widthOf("map-chart", 900);
    const color = byClass
      ? { field: "cls", type: "nominal", title: G.t("risk_class"),
          scale: { domain: data.classes.map((c) => c.id), range: data.classes.map((c) => c.colour) },
          legend: { orient: "bottom", labelExpr: data.classes.reduceRight(
            (rest, c) => "datum.label == " + JSON.stringify(c.id) + " ? " + JSON.stringify(G.t(c.id)) + " : " + rest,
            "datum.label") } }
      : { field: "value", type: "quantitative", title: G.measureName(measure),
          scale: { domain: [0, 100], scheme: "redyellowblue" }, legend: { orient: "bottom", gradientLength: 200 } };
    const spec = {
      $schema: SCHEMA, description: G.measureName(measure) + " " + s.year,
      width, height: Math.round(width * 0.5), background: "white",
      projection: { type: "equalEarth" },
      layer: [
        { data: { values: data.topology, format: { type: "topojson", feature: "countries" } },
          mark: { type: "geoshape", fill: "#d9d9d9", stroke: "white", strokeWidth: 0.3, aria: false } },
        { data: { values: data.topology, format: { type: "topojson", feature: "countries" } },
          transform: [
            { lookup: "id", from: { data: { values: rows }, key: "id",
              fields: ["iso3", "name", "value", "rank", "cls", "label", "desc"] } },
            { filter: "datum.iso3 != null" },
          ],
          mark: { type: "geoshape", stroke: "white", strokeWidth: 0.3, cursor: "pointer" },
          encoding: {
            color, description: { field: "desc" },
            tooltip: [{ field: "name", title: G.t("country") },
              { field: "value", title: G.measureName(measure), format: ".1f" },
              { field: "rank", title: G.t("rank") }, { field: "label", title: G.t("risk_class") }],
          } },
      ],
    };
    return embed("map-chart", spec, "map").then((view) => {
      view.addEventListener("click", (event, item) => {
        if (item && item.datum && item.datum.iso3) G.openCountry(item.datum.iso3);
      });
    });
  };

  G.renderProfileChart = function (iso3) {
    const series = (data.series[iso3] || { gpsi: [] }).gpsi.map(([year, score, prov, comparable, source]) => ({
      year, score, status: prov ? G.t("provisional") : G.t("published"), prov,
      source: source === null ? "–" : G.signed(source, 1),
      comparable,
    }));
    const breaks = series.filter((r) => !r.comparable && r.year > series[0].year)
      .map((r) => ({ year: r.year - 0.5, label: G.t("source_break"), source: r.source }));
    // a point whose model did not beat persistence in the backtest is a trend projection
    const forecast = (data.forecast[iso3] || []).map(([year, point, lower, upper, model, kind]) =>
      ({ year, point, lower, upper, model, label: G.t(kind === "forecast" ? "forecast" : "projection") }));
    const x = yearAxis(G.t("year"));
    const spec = {
      $schema: SCHEMA, description: G.t("gpsi") + " " + G.name(iso3),
      width: widthOf("profile-chart", 760), height: 240,
      layer: provisionalBand().concat([
        { data: { values: breaks }, mark: { type: "rule", strokeDash: [2, 2], color: "#7b3294" },
          encoding: { x: yearAxis(null),
            tooltip: [{ field: "label", title: G.t("source_break") },
              { field: "source", title: G.t("change_from_sources") }] } },
        { data: { values: forecast }, mark: { type: "area", opacity: 0.25, color: "#888" },
          encoding: { x, y: scoreAxis("lower"), y2: { field: "upper" } } },
        { data: { values: forecast }, mark: { type: "line", strokeDash: [6, 4], color: "#222" },
          encoding: { x, y: scoreAxis("point"),
            tooltip: [{ field: "year", title: G.t("year") }, { field: "point", title: forecast.length ? forecast[0].label : G.t("forecast"), format: ".1f" },
              { field: "lower", format: ".1f" }, { field: "upper", format: ".1f" }, { field: "model" }] } },
        { data: { values: series }, mark: { type: "line", color: "#08519c" }, encoding: { x, y: scoreAxis("score") } },
        { data: { values: series },
          mark: { type: "point", filled: true, size: 30, stroke: "#08519c" },
          encoding: { x, y: scoreAxis("score"),
            fill: { condition: { test: "datum.prov", value: "white" }, value: "#08519c" },
            tooltip: [{ field: "year", title: G.t("year") }, { field: "score", title: G.t("gpsi"), format: ".1f" },
              { field: "status", title: G.t("status") }] } },
      ]),
    };
    return embed("profile-chart", spec, "profile-" + iso3);
  };

  G.renderProfileDimensions = function (iso3) {
    const rows = [];
    const dims = (data.series[iso3] || { dims: {} }).dims;
    data.dimensions.forEach((d) => (dims[d.id] || []).forEach(([year, score]) =>
      rows.push({ year, score, dimension: G.dimName(d.id), prov: G.isProvisional(year) })));
    const width = widthOf("profile-dims", 760);
    const columns = Math.max(1, Math.floor(width / 230));
    const spec = {
      $schema: SCHEMA, description: G.t("dimensions") + " " + G.name(iso3),
      data: { values: rows }, columns,
      facet: { field: "dimension", type: "nominal", title: null, sort: data.dimensions.map((d) => G.dimName(d.id)) },
      spec: {
        width: Math.floor(width / columns) - 50, height: 90,
        layer: [
          { mark: { type: "line", color: "#4a4a4a" },
            encoding: { x: yearAxis(null), y: { ...scoreAxis("score"), title: null } } },
          { mark: { type: "point", filled: true, size: 12 },
            encoding: { x: yearAxis(null), y: { ...scoreAxis("score"), title: null },
              fill: { condition: { test: "datum.prov", value: "white" }, value: "#4a4a4a" },
              tooltip: [{ field: "year" }, { field: "score", format: ".1f" }] } },
        ],
      },
    };
    return embed("profile-dims", spec, "dimensions-" + iso3);
  };

  G.renderCompare = function () {
    const s = G.state;
    const measure = s.measure === "risk_class" ? "gpsi" : s.measure;
    const rows = [];
    s.compare.forEach((iso3) => {
      const entry = data.series[iso3] || { gpsi: [], dims: {} };
      const points = measure === "gpsi" ? entry.gpsi.map(([y, v]) => [y, v]) : entry.dims[measure] || [];
      points.forEach(([year, value]) => rows.push({ year, value, country: G.name(iso3), iso3, prov: G.isProvisional(year) }));
    });
    const x = yearAxis(G.t("year"));
    const spec = {
      $schema: SCHEMA, description: G.t("compare") + ": " + G.measureName(measure),
      width: widthOf("compare-chart", 760), height: 260,
      layer: provisionalBand().concat([
        { data: { values: rows }, mark: { type: "line" },
          encoding: { x, y: { ...scoreAxis("value"), title: G.measureName(measure) },
            color: { field: "country", type: "nominal", title: G.t("country"), sort: s.compare.map(G.name) } } },
        { data: { values: rows }, mark: { type: "point", filled: true, size: 25 },
          encoding: { x, y: scoreAxis("value"),
            color: { field: "country", type: "nominal", sort: s.compare.map(G.name), legend: null },
            tooltip: [{ field: "country", title: G.t("country") }, { field: "year", title: G.t("year") },
              { field: "value", title: G.measureName(measure), format: ".1f" }] } },
      ]),
    };
    return embed("compare-chart", spec, "compare");
  };

  G.renderHistograms = function () {
    const rows = [];
    G.rowsOf(G.state.year).forEach((r) => data.dimensions.forEach((d, i) => {
      if (r.d[i] !== null) rows.push({ dimension: G.dimName(d.id), score: r.d[i] });
    }));
    const width = widthOf("histograms", 900);
    const columns = Math.max(1, Math.floor(width / 230));
    const spec = {
      $schema: SCHEMA, description: G.t("dimensions") + " " + G.state.year,
      data: { values: rows }, columns,
      facet: { field: "dimension", type: "nominal", title: null },
      spec: {
        width: Math.floor(width / columns) - 50, height: 100, mark: "bar",
        encoding: {
          x: { field: "score", bin: { maxbins: 20, extent: [0, 100] }, title: G.t("score") },
          y: { aggregate: "count", title: null },
        },
      },
    };
    return embed("histograms", spec, "distributions");
  };
})(window.GPSI = window.GPSI || {});
