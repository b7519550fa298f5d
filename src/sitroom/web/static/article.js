// Article view: clicking a record (event or claim) outlines its spans in the text, and
// clicking a highlighted span outlines the records it belongs to. No data is written as
// HTML: only classes are toggled.
const text = document.getElementById("article-text");
const records = document.querySelectorAll(".record[data-ref]");

function clear() {
  document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
}

function activate(ref) {
  clear();
  document.querySelectorAll(".hl[data-refs]").forEach((el) => {
    if (el.dataset.refs.split(" ").includes(ref)) el.classList.add("active");
  });
  const rec = document.getElementById(ref);
  if (rec) rec.classList.add("active");
}

records.forEach((r) => r.addEventListener("click", () => activate(r.dataset.ref)));
if (text) {
  text.addEventListener("click", (ev) => {
    const span = ev.target.closest(".hl[data-refs]");
    if (!span || !span.dataset.refs) return;
    const ref = span.dataset.refs.split(" ")[0];
    activate(ref);
    const rec = document.getElementById(ref);
    if (rec) rec.scrollIntoView({ block: "nearest" });
  });
}
if (location.hash.length > 1) activate(decodeURIComponent(location.hash.slice(1)));
