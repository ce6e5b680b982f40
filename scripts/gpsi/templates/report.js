// The report's interactions: language switch, the Vega-Lite map, histograms and country
// profile, all from the embedded JSON (no network). Values are set with textContent.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("gpsi-data").textContent);
  const opts = { actions: false, renderer: "svg" };
  let lang = "en";
  const t = (key) => (data.messages[lang] || {})[key] || data.messages.en[key] || key;
  const dimName = (d) => (data.messages[lang] || {})["dim_" + d.id] || d.name;
  const countryName = (iso3) => {
    const names = data.names[iso3] || {};
    return names[lang] || names.en || iso3;
  };

  // A Vega expression that shows a class id as its label in the current language.
  function classLabels() {
    return data.classes.map((c) => c.id).concat(["nodata"]).reduceRight(
      (rest, id) => "datum.label == " + JSON.stringify(id) + " ? " + JSON.stringify(t(id)) + " : " + rest,
      "datum.label");
  }

  function mapSpec() {
    const rows = data.map.map((r) => ({
      id: r.id, iso3: r.iso3, name: countryName(r.iso3), score: r.score, rank: r.rank,
      cls: r.cls, label: t(r.cls), desc: r.iso3 + " " + r.cls,
    }));
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      width: 900, height: 440, background: "white",
      data: { values: data.topology, format: { type: "topojson", feature: "countries" } },
      projection: { type: "equalEarth" },
      transform: [
        { lookup: "id", from: { data: { values: rows }, key: "id",
          fields: ["iso3", "name", "score", "rank", "cls", "label", "desc"] } },
        { calculate: "datum.cls || 'nodata'", as: "cls" },
        { calculate: "datum.desc || 'nodata'", as: "desc" },
      ],
      mark: { type: "geoshape", stroke: "white", strokeWidth: 0.3 },
      encoding: {
        color: { field: "cls", type: "nominal", title: t("risk_class"),
          scale: { domain: data.classes.map((c) => c.id).concat(["nodata"]),
                   range: data.classes.map((c) => c.colour).concat(["#d9d9d9"]) },
          legend: { labelExpr: classLabels(), orient: "bottom" } },
        description: { field: "desc" },
        tooltip: [
          { field: "name", title: t("country") }, { field: "score", title: t("gpsi"), format: ".1f" },
          { field: "rank", title: t("rank") }, { field: "label", title: t("risk_class") },
        ],
      },
    };
  }

  function histogramSpec() {
    const rows = [];
    data.dimensions.forEach((d) => data.ranking.forEach((r) => {
      const v = r.dims[d.index];
      if (v !== null) rows.push({ dimension: dimName(d), score: v });
    }));
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values: rows },
      facet: { field: "dimension", type: "nominal", title: null }, columns: 4,
      spec: {
        width: 180, height: 110,
        mark: "bar",
        encoding: {
          x: { field: "score", bin: { maxbins: 20, extent: [0, 100] }, title: t("score") },
          y: { aggregate: "count", title: null },
        },
      },
    };
  }

  function profileSpec(iso3) {
    const p = data.profiles[iso3];
    const rows = [];
    Object.entries(p.gpsi).forEach(([y, v]) => rows.push({ year: +y, series: t("gpsi"), score: v }));
    data.dimensions.forEach((d) => Object.entries(p.dims[d.id] || {}).forEach(([y, v]) =>
      rows.push({ year: +y, series: dimName(d), score: v })));
    const x = { field: "year", type: "quantitative", axis: { format: "d" }, title: t("year") };
    const y = { type: "quantitative", scale: { domain: [0, 100] }, title: t("score") };
    // The GPSI forecast (selected model): a dashed continuation from the last observed
    // value, with its 90% band from the backtest errors.
    const forecast = (p.forecast || []).map((f) => ({ ...f, series: t("forecast") }));
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      width: 700, height: 260,
      layer: [
        {
          data: { values: rows },
          mark: { type: "line", point: false },
          encoding: { x, y: { ...y, field: "score" }, color: { field: "series", type: "nominal", title: t("series") } },
        },
        {
          data: { values: forecast },
          mark: { type: "area", opacity: 0.2, color: "#444" },
          encoding: { x, y: { ...y, field: "lower" }, y2: { field: "upper" } },
        },
        {
          data: { values: forecast },
          mark: { type: "line", strokeDash: [6, 4], color: "#222" },
          encoding: {
            x, y: { ...y, field: "point" },
            tooltip: [{ field: "year", title: t("year") }, { field: "point", title: t("forecast"), format: ".1f" },
              { field: "lower", format: ".1f" }, { field: "upper", format: ".1f" }, { field: "model" }],
          },
        },
      ],
    };
  }

  function showProfile(iso3) {
    const p = data.profiles[iso3];
    document.getElementById("profile-name").textContent = countryName(iso3);
    const sentence = t("score_sentence")
      .replace("{score}", p.score === null ? "–" : p.score.toFixed(1))
      .replace("{year}", data.year).replace("{rank}", p.rank === null ? "–" : p.rank);
    document.getElementById("profile-score").textContent = sentence;
    vegaEmbed("#profile-chart", profileSpec(iso3), opts);
    const table = document.getElementById("profile-coverage");
    table.replaceChildren();
    const head = table.insertRow();
    ["dimension", "indicator", data.years[0] + "–" + data.years[data.years.length - 1], "source"]
      .forEach((h) => { const c = document.createElement("th"); c.textContent = h; head.appendChild(c); });
    data.indicators.forEach((ind) => {
      const cell = p.coverage[ind.id] || { s: "", src: [] };
      const row = table.insertRow();
      [ind.dimension, ind.name, cell.s, cell.src.join(", ")].forEach((v) => {
        row.insertCell().textContent = v;
      });
    });
  }

  function applyLanguage(code) {
    lang = code;
    document.documentElement.lang = code;
    document.documentElement.dir = code === "ar" ? "rtl" : "ltr";
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("a.country").forEach((el) => { el.textContent = countryName(el.dataset.iso3); });
    document.querySelectorAll("th[data-dimension]").forEach((el) => {
      el.textContent = dimName(data.dimensions.find((d) => d.id === el.dataset.dimension));
    });
    document.querySelectorAll("#country-select option").forEach((el) => { el.textContent = countryName(el.value); });
    vegaEmbed("#map-chart", mapSpec(), opts);
    vegaEmbed("#histograms", histogramSpec(), opts);
    showProfile(document.getElementById("country-select").value);
  }

  document.getElementById("language-select").addEventListener("change", (e) => applyLanguage(e.target.value));
  document.getElementById("country-select").addEventListener("change", (e) => showProfile(e.target.value));
  // Both views of the ranking: the world ranking, or by development-adjusted score (the
  // GPSI against the median of the country's income group).
  document.getElementById("view-select").addEventListener("change", (e) => {
    const key = e.target.value === "adjusted" ? "adjustedRank" : "worldRank";
    const body = document.querySelector("#ranking-table tbody");
    const rows = Array.from(body.rows).sort((a, b) => +a.dataset[key] - +b.dataset[key]);
    rows.forEach((row) => {
      row.querySelector("td.rank").textContent = row.dataset[key] === "9999" ? "–" : row.dataset[key];
      body.appendChild(row);
    });
  });
  document.querySelectorAll("a.country").forEach((a) => a.addEventListener("click", () => {
    document.getElementById("country-select").value = a.dataset.iso3;
    showProfile(a.dataset.iso3);
  }));
  document.getElementById("country-select").value = data.default;
  applyLanguage("en");
})();
