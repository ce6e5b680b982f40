// The explorer's state (year, country, measure, comparison, language, sort, search) and
// its reflection in the URL (#year=2023&country=NGA...), so that a view can be shared
// and reloaded; the language is also remembered in the browser. Labels and names in
// the current language. Loaded first; the other scripts use window.GPSI.
(function (G) {
  "use strict";
  const data = window.GPSI_DATA;
  G.data = data;
  G.MAX_COMPARE = 5;
  G.state = {
    year: data.reported_year, country: data.default_country, measure: "gpsi",
    compare: [], lang: "en", sort: "r", dir: "asc", q: "", view: "world",
  };

  G.measures = () => ["gpsi", "risk_class"].concat(data.dimensions.map((d) => d.id));

  G.readState = function () {
    const s = G.state;
    const p = new URLSearchParams(location.hash.replace(/^#/, ""));
    let stored = null;
    try { stored = localStorage.getItem("gpsi-lang"); } catch (e) { stored = null; }
    const year = Number(p.get("year"));
    if (data.years.includes(year)) s.year = year;
    if (data.countries[p.get("country")]) s.country = p.get("country");
    if (G.measures().includes(p.get("measure"))) s.measure = p.get("measure");
    s.compare = (p.get("compare") || "").split(",")
      .filter((c, i, all) => data.countries[c] && all.indexOf(c) === i).slice(0, G.MAX_COMPARE);
    const lang = p.get("lang") || stored;
    if (data.languages.includes(lang)) s.lang = lang;
    const [sort, dir] = (p.get("sort") || "").split(":");
    if (sort) { s.sort = sort; s.dir = dir === "desc" ? "desc" : "asc"; }
    s.q = p.get("q") || "";
    s.view = p.get("view") === "adjusted" ? "adjusted" : "world";
  };

  G.writeState = function () {
    const s = G.state;
    const p = new URLSearchParams();
    p.set("year", s.year);
    if (s.country) p.set("country", s.country);
    p.set("measure", s.measure);
    if (s.compare.length) p.set("compare", s.compare.join(","));
    p.set("lang", s.lang);
    if (s.sort !== "r" || s.dir !== "asc") p.set("sort", s.sort + ":" + s.dir);
    if (s.q) p.set("q", s.q);
    if (s.view !== "world") p.set("view", s.view);
    history.replaceState(null, "", "#" + p.toString());
    try { localStorage.setItem("gpsi-lang", s.lang); } catch (e) { /* private mode: URL only */ }
  };

  G.t = function (key, values) {
    const text = (data.messages[G.state.lang] || {})[key] || data.messages.en[key] || key;
    return text.replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? String(values[k]) : m));
  };
  G.name = (iso3) => {
    const c = data.countries[iso3];
    return c ? c.names[G.state.lang] || c.names.en : iso3;
  };
  G.dimName = (id) => G.t("dim_" + id);
  G.measureName = (id) => (id === "gpsi" ? G.t("gpsi") : id === "risk_class" ? G.t("risk_class") : G.dimName(id));
  G.incomeName = (group) => (group ? G.t("income_" + group.toLowerCase().replace(/ /g, "_")) : "–");
  G.fmt = (v, digits) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));
  G.signed = (v, digits) => (v === null || v === undefined ? "–" : (v > 0 ? "+" : "") + Number(v).toFixed(digits));
  G.isProvisional = (year) => data.provisional.includes(year);
  G.rowsOf = (year) => data.rows[year] || [];
  G.rowFor = (year, iso3) => G.rowsOf(year).find((r) => r.i === iso3) || null;
  // A row's value of a measure: the GPSI, or a dimension's score.
  G.value = (row, measure) => {
    if (!row) return null;
    if (measure === "gpsi" || measure === "risk_class") return row.s;
    const index = data.dimensions.findIndex((d) => d.id === measure);
    return index < 0 ? null : row.d[index];
  };
})(window.GPSI = window.GPSI || {});
