// The explorer's wiring: the year slider, the measure, the language, a country's
// profile (opened from the map, the ranking or the list), the comparison of up to five
// countries, the methodology panel and the sources; every change is written to the URL.
(function (G) {
  "use strict";
  const data = G.data;
  const $ = (id) => document.getElementById(id);
  const cell = (row, text, numeric) => {
    const c = row.insertCell();
    c.textContent = text;
    if (numeric) { c.className = "num"; c.dir = "ltr"; }
    return c;
  };
  const headerRow = (table, labels) => {
    const thead = table.createTHead();
    thead.replaceChildren();
    const row = thead.insertRow();
    labels.forEach((label) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = label;
      row.appendChild(th);
    });
    return table.tBodies[0] || table.createTBody();
  };

  function fillCountrySelect(select, keep) {
    const iso3s = Object.keys(data.series).sort((a, b) => G.name(a).localeCompare(G.name(b), G.state.lang));
    select.replaceChildren(...iso3s.map((iso3) => new Option(G.name(iso3), iso3)));
    if (keep) select.value = keep;
  }

  function renderYear() {
    const s = G.state;
    $("year-slider").value = s.year;
    $("year-output").textContent = s.year;
    $("year-badge").hidden = !G.isProvisional(s.year);
    $("ranking-year").textContent = s.year;
    G.renderRanking();
    return Promise.all([G.renderMap(), G.renderHistograms()]);
  }

  function renderProfile() {
    const iso3 = G.state.country;
    if (!iso3) return Promise.resolve();
    $("country-select").value = iso3;
    $("profile-name").textContent = G.name(iso3);
    const un = data.countries[iso3].un;
    $("profile-un").textContent = un && un !== G.name(iso3) ? G.t("un_name", { name: un }) : "";
    const row = G.rowFor(G.state.year, iso3);
    $("profile-score").textContent = row
      ? G.t("score_sentence", { score: row.s.toFixed(1), year: G.state.year, rank: row.r === null ? "–" : row.r })
        + (G.isProvisional(G.state.year) ? " · " + G.t("provisional") : "")
      : G.t("no_gpsi_year", { year: G.state.year });
    renderCoverage(iso3);
    return Promise.all([G.renderProfileChart(iso3), G.renderProfileDimensions(iso3)]);
  }

  function renderCoverage(iso3) {
    const table = $("profile-coverage");
    const years = data.years[0] + "–" + data.years[data.years.length - 1];
    const body = headerRow(table, [G.t("dimension"), G.t("indicator"), years,
      G.t("data_year_of", { year: data.reported_year }), G.t("source")]);
    body.replaceChildren();
    const coverage = data.coverage[iso3] || {};
    data.indicators.forEach((ind) => {
      const c = coverage[ind.id] || { s: "", src: [], dy: null };
      const row = body.insertRow();
      cell(row, G.dimName(ind.dimension));
      cell(row, G.t("ind_" + ind.id));
      cell(row, c.s).className = "statuses";
      cell(row, c.dy === null ? "–" : c.dy, true);
      cell(row, c.src.join(", "));
    });
  }

  function renderCompare() {
    const s = G.state;
    const list = $("compare-chips");
    list.replaceChildren();
    s.compare.forEach((iso3) => {
      const item = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = G.name(iso3);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.setAttribute("aria-label", G.t("compare_remove", { name: G.name(iso3) }));
      remove.addEventListener("click", () => {
        s.compare = s.compare.filter((c) => c !== iso3);
        update(renderCompare);
      });
      item.append(label, remove);
      list.appendChild(item);
    });
    $("compare-status").textContent = s.compare.length >= G.MAX_COMPARE ? G.t("compare_full") : "";
    return G.renderCompare();
  }

  function addToCompare(iso3) {
    const s = G.state;
    if (!iso3 || s.compare.includes(iso3)) return;
    if (s.compare.length >= G.MAX_COMPARE) { $("compare-status").textContent = G.t("compare_full"); return; }
    s.compare = s.compare.concat([iso3]);
    update(renderCompare);
  }

  function renderMethodology() {
    const m = data.method;
    const values = {
      dims: data.dimensions.length, min_dims: m.min_dimensions, floor: m.dimension_score_floor,
      coverage: Math.round(m.latest_year_min_coverage_share * 100), imputed: Math.round(m.latest_year_max_imputed_share * 100),
      year: data.reported_year, draws: data.draws, version: m.method_version, first: m.first_year,
      ratio: m.max_effective_weight_ratio,
    };
    const text = $("method-text");
    text.replaceChildren();
    ["method_measured", "method_aggregation", "method_imputation", "method_breaks", "method_uncertainty",
      "method_reported_year"].forEach((key) => {
      const p = document.createElement("p");
      p.textContent = G.t(key, values);
      text.appendChild(p);
    });
    const body = headerRow($("method-table"), [G.t("dimension"), G.t("weight"), G.t("indicator"),
      G.t("weight"), G.t("direction"), G.t("carry"), G.t("gap")]);
    body.replaceChildren();
    data.indicators.forEach((ind) => {
      const dim = data.dimensions.find((d) => d.id === ind.dimension);
      const row = body.insertRow();
      cell(row, G.dimName(ind.dimension));
      cell(row, G.fmt(dim.weight, 2), true);
      cell(row, G.t("ind_" + ind.id));
      cell(row, G.fmt(ind.weight, 2), true);
      cell(row, G.t(ind.direction < 0 ? "lower_is_better" : "higher_is_better"));
      cell(row, ind.carry === null ? "–" : ind.carry, true);
      cell(row, ind.gap === null ? "–" : ind.gap, true);
    });
  }

  function renderSources() {
    const body = headerRow($("sources-table"), ["id", G.t("source"), G.t("publisher"), G.t("dimension"),
      G.t("licence"), G.t("publisher_page"), G.t("freshness")]);
    body.replaceChildren();
    data.sources.forEach((src) => {
      const row = body.insertRow();
      [src.id, src.name, src.publisher, src.dimension ? G.dimName(src.dimension) + " (" + src.dimension + ")" : "–",
        src.licence, src.url, src.freshness].forEach((v) => cell(row, v === null ? "–" : v));
    });
  }

  // What changed since the previous edition, in the reported year (fct_gpsi_revisions).
  function renderChanges() {
    const e = data.edition;
    const reasons = e.reasons.map(([reason, n]) => G.t("reason_" + reason) + ": " + n).join(" · ");
    $("changes-summary").textContent = e.previous === null
      ? G.t("changes_first", { edition: e.id, method: e.method_version })
      : G.t("changes_summary", { edition: e.id, method: e.method_version, previous: e.previous,
        year: data.reported_year }) + " " + reasons;
    const body = headerRow($("changes-table"), [G.t("country"), G.t("previous_edition"), G.t("this_edition"),
      G.t("rank_change"), G.t("reason"), G.t("sources_revised")]);
    body.replaceChildren();
    e.moves.forEach(([iso3, before, after, rankBefore, rankAfter, reason, sources]) => {
      const row = body.insertRow();
      cell(row, G.name(iso3));
      cell(row, G.fmt(before, 1) + " (" + (rankBefore === null ? "–" : rankBefore) + ")", true);
      cell(row, G.fmt(after, 1) + " (" + (rankAfter === null ? "–" : rankAfter) + ")", true);
      cell(row, rankBefore === null || rankAfter === null ? "–" : G.signed(rankBefore - rankAfter, 0), true);
      cell(row, G.t("reason_" + reason));
      cell(row, sources || "–");
    });
  }

  // The risk watch: the highest probabilities of a sharp fall of social stability next
  // year (fct_early_warning) and the model's out-of-sample skill (rpt_early_warning_skill).
  function renderRiskWatch() {
    const w = data.risk_watch;
    const k = w.skill;
    $("risk-watch-summary").textContent = G.t("risk_watch_summary", {
      year: w.origin + 1, origin: w.origin, first: k.first, last: k.last, events: k.events, cases: k.cases,
      ratio: G.fmt(k.ratio, 1), low: G.fmt(k.low, 1), high: G.fmt(k.high, 1), bss: G.fmt(k.bss, 3),
      recall: G.fmt(100 * (k.recall || 0), 0),
    });
    const body = headerRow($("risk-watch-table"), [G.t("country"), G.t("risk_probability"), G.t("risk_times_base"),
      G.t("risk_gpsi"), G.t("risk_signals")]);
    body.replaceChildren();
    w.rows.forEach(([iso3, probability, relative, alert, gpsi, signals]) => {
      const row = body.insertRow();
      const name = cell(row, G.name(iso3) + (alert ? " · " + G.t("risk_alert") : ""));
      name.dataset.iso3 = iso3;
      cell(row, G.fmt(100 * probability, 1) + "%", true);
      cell(row, G.fmt(relative, 1) + "×", true);
      cell(row, gpsi === null ? "–" : G.fmt(100 * gpsi, 1) + "%", true);
      // the signals' labels are the method seed's, in English
      cell(row, signals.join("; ")).lang = "en";
    });
  }

  function applyLanguage() {
    const lang = G.state.lang;
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    $("language-select").value = lang;
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = G.t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-label]").forEach((el) => { el.setAttribute("aria-label", G.t(el.dataset.i18nLabel)); });
    $("search").placeholder = G.t("search_placeholder");
    const measure = $("measure-select");
    measure.replaceChildren(...G.measures().map((id) => new Option(G.measureName(id), id)));
    measure.value = G.state.measure;
    fillCountrySelect($("country-select"), G.state.country);
    fillCountrySelect($("compare-select"));
    renderMethodology();
    renderChanges();
    renderRiskWatch();
    renderSources();
  }

  // Write the state to the URL, then re-render what a change touches; body's
  // data-ready counts the renders done (the browser tests wait on it).
  function update(...renders) {
    G.writeState();
    return Promise.all(renders.map((render) => render())).then(() => {
      document.body.dataset.ready = String(Number(document.body.dataset.ready || 0) + 1);
    });
  }
  G.update = update;
  const renderAll = () => { applyLanguage(); return Promise.all([renderYear(), renderProfile(), renderCompare()]); };

  G.openCountry = function (iso3) {
    G.state.country = iso3;
    update(renderProfile).then(() => $("profile").scrollIntoView({ block: "start" }));
    $("profile-name").focus({ preventScroll: true });
  };

  const slider = $("year-slider");
  slider.min = data.years[0];
  slider.max = data.years[data.years.length - 1];
  slider.addEventListener("input", () => { G.state.year = Number(slider.value); update(renderYear, renderProfile); });
  $("measure-select").addEventListener("change", (e) => { G.state.measure = e.target.value; update(G.renderMap, renderCompare); });
  $("language-select").addEventListener("change", (e) => { G.state.lang = e.target.value; update(renderAll); });
  $("country-select").addEventListener("change", (e) => { G.state.country = e.target.value; update(renderProfile); });
  $("view-select").addEventListener("change", (e) => {
    G.state.view = e.target.value;
    G.state.sort = "r"; // the rank column holds the view's rank
    G.state.dir = "asc";
    update(G.renderRanking);
  });
  let typing = null;
  $("search").addEventListener("input", (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => { G.state.q = e.target.value; update(G.renderRanking); }, 150);
  });
  $("download-csv").addEventListener("click", G.downloadCsv);
  $("compare-add").addEventListener("click", () => addToCompare($("compare-select").value));
  $("compare-add-profile").addEventListener("click", () => addToCompare(G.state.country));
  let resizing = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => update(G.renderMap, G.renderHistograms, renderProfile, renderCompare), 200);
  });

  G.readState();
  if (!G.state.compare.length) G.state.compare = [G.state.country];
  $("view-select").value = G.state.view;
  $("search").value = G.state.q;
  update(renderAll);
})(window.GPSI = window.GPSI || {});
