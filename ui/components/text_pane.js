// The review screen's text pane (part "blocks") and its cleanup decisions (part "decisions"),
// each drawn by this one script in plain DOM: one Streamlit element per pane instead of several
// per block and per decision. Page text is only ever put in the document as textContent or a
// field's value, never as HTML; what the server sends comes as JSON data, never as script.
//
// Every action (an edit, a kind, a merge, an undo...) carries the stem of the drawing its field
// was drawn for (`ui.state.Work.stem`); the server refuses one whose stem is not the page's now.
// Actions are numbered and sent with every action not yet acknowledged (`data.ack`), so that two
// actions whose requests the server merged into one run are both applied, and none twice.

const ICONS = {
  zoom: "M15.5 14h-.79l-.28-.27A6.47 6.47 0 0 0 16 9.5 6.5 6.5 0 1 0 9.5 16c1.61 0 3.09-.59 " +
    "4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 " +
    "7.01 14 9.5 11.99 14 9.5 14zm.5-7H9v2H7v1h2v2h1v-2h2V9h-2z",
  merge: "M16 13h-3V3h-2v10H8l4 4 4-4zM4 19v2h16v-2H4z",
};

const icon = iconSet(ICONS);

function iconButton(name, label, op) {
  const b = el("button", "q-ibtn");
  b.type = "button";
  b.title = label;
  b.setAttribute("aria-label", label);
  b.dataset.op = op;
  b.appendChild(icon(name));
  return b;
}

function stemOf(node) {
  const box = node.closest("[data-stem]");
  return box ? box.dataset.stem : "";
}

function pendingFor(s, op, block) {
  return s.pending.some((a) => a.op === op && a.block === block);
}

// --- blocks ----------------------------------------------------------------------------------

function options(select, items, value) {
  items.forEach((it) => {
    const o = el("option", null, it[1]);
    o.value = String(it[0]);
    select.appendChild(o);
  });
  select.value = String(value);
}

function controls(s, row, b, i, n) {
  while (row.firstChild) row.removeChild(row.firstChild);
  const kind = el("select", "q-sel q-kindsel");
  kind.setAttribute("aria-label", "Kind of block " + b.id);
  kind.dataset.op = "kind";
  options(kind, s.kinds, b.kind);
  row.appendChild(kind);
  if (b.level !== null) {
    const level = el("select", "q-sel q-levelsel");
    level.setAttribute("aria-label", "Heading level of block " + b.id);
    level.dataset.op = "level";
    options(level, [1, 2, 3, 4, 5, 6].map((k) => [k, "level " + k]), b.level);
    row.appendChild(level);
  }
  const cap = el("span", "q-cap q-id");  // the block's id, beside the level select of a heading too
  cap.appendChild(el("code", null, b.id));
  if (b.marker) cap.appendChild(document.createTextNode(" · note " + b.marker));
  row.appendChild(cap);
  row.appendChild(iconButton("zoom", "Zoom the page to this block", "zoom"));
  const merge = iconButton("merge", "Merge with the next block", "merge");
  merge.disabled = i === n - 1;
  row.appendChild(merge);
}

function blockBox(s, b, i, n, stem) {
  const box = el("div", "q-blk");
  box.dataset.stem = stem;
  box.dataset.block = b.id;
  box.dataset.slot = String(i);
  const row = el("div", "q-row");
  controls(s, row, b, i, n);
  box.appendChild(row);
  const ta = el("textarea", "q-text");
  ta.setAttribute("aria-label", b.label);
  ta.dataset.op = "text";
  ta.value = b.text;
  ta.dataset.server = b.text;
  ta.style.height = b.height + "px";
  ta.spellcheck = false;
  box.appendChild(ta);
  box.appendChild(el("div", "q-cap q-notes", b.notes || ""));
  return box;
}

function updateBox(s, box, b, i, n) {
  // The same drawing of the page: the server's values go where the reader is not working.
  box.dataset.block = b.id;
  const row = box.querySelector(".q-row");
  if (!row.contains(document.activeElement) && !pendingFor(s, "kind", b.id) && !pendingFor(s, "level", b.id)) {
    controls(s, row, b, i, n);
  }
  const ta = box.querySelector("textarea");
  ta.setAttribute("aria-label", b.label);
  if (ta.dataset.server !== b.text && document.activeElement !== ta && !pendingFor(s, "text", b.id)) {
    ta.value = b.text;
    ta.style.height = b.height + "px";
  }
  ta.dataset.server = b.text;
  box.querySelector(".q-notes").textContent = b.notes || "";
}

function drawBlocks(s, root, d) {
  s.kinds = d.kinds;
  const head = root.querySelector(".q-head") || root.appendChild(el("div", "q-head"));
  while (head.firstChild) head.removeChild(head.firstChild);
  if (d.doubt) {
    const p = el("div", "q-doubt");
    p.appendChild(document.createTextNode("Doubtful word " + d.doubt.n + " of " + d.doubt.of + ": "));
    p.appendChild(el("strong", null, d.doubt.text));
    p.appendChild(document.createTextNode(" (" + d.doubt.conf + ") in block "));
    p.appendChild(el("code", null, d.doubt.block));
    head.appendChild(p);
  }
  head.appendChild(el("div", "q-cap", d.help));
  let list = root.querySelector(".q-blocks");
  const fresh = !list || list.dataset.stem !== d.stem || list.children.length !== d.blocks.length;
  if (fresh) {
    const next = el("div", "q-blocks");
    next.dataset.stem = d.stem;
    d.blocks.forEach((b, i) => next.appendChild(blockBox(s, b, i, d.blocks.length, d.stem)));
    if (list) root.replaceChild(next, list);
    else root.appendChild(next);
    list = next;
  } else {
    d.blocks.forEach((b, i) => updateBox(s, list.children[i], b, i, d.blocks.length));
  }
  const where = d.stem + "|" + d.focus + "|" + d.nonce;
  if (d.focus !== null && s.scrolled !== where) {
    s.scrolled = where;
    const box = list.children[d.focus];
    if (box) setTimeout(() => box.scrollIntoView({ block: "center", behavior: "smooth" }), 50);
  }
}

// --- decisions -------------------------------------------------------------------------------

function drawDecisions(s, root, d) {
  const key = JSON.stringify([d.stem, d.can_undo, d.groups]);
  if (s.drawn === key) return;  // the same decisions, drawn for the same page
  s.drawn = key;
  const box = el("div", "q-decisions");
  box.dataset.stem = d.stem;
  const title = el("div", "q-dtitle");
  title.appendChild(el("strong", null, "Cleanup decisions"));
  title.appendChild(document.createTextNode(" (" + d.count + ") "));
  title.appendChild(el("span", "q-gray", "· undo makes a new revision on every page the decision spans"));
  box.appendChild(title);
  if (!d.count) box.appendChild(el("div", "q-cap", d.none));
  d.groups.forEach((g) => {
    const h = el("div", "q-group");
    h.appendChild(el("strong", null, g.title));
    h.appendChild(document.createTextNode(" (" + g.rows.length + ")"));
    box.appendChild(h);
    g.rows.forEach((r) => {
      const row = el("div", "q-drow");
      const text = el("div", "q-decision");
      if (r.kind) {
        text.appendChild(el("span", "q-dkind", r.kind + ":"));
        text.appendChild(document.createTextNode(" "));
      }
      text.appendChild(document.createTextNode(r.detail));
      if (r.pages) {
        text.appendChild(document.createTextNode(" "));
        text.appendChild(el("span", "q-dpages", r.pages));
      }
      row.appendChild(text);
      if (r.key !== null) {
        const b = el("button", "q-btn", "Undo");
        b.type = "button";
        b.title = "Undo this decision (a new revision on every page it spans)";
        b.dataset.op = "undo";
        b.dataset.key = r.key;
        b.disabled = !d.can_undo;
        row.appendChild(b);
      }
      box.appendChild(row);
    });
  });
  const old = root.querySelector(".q-decisions");
  if (old) root.replaceChild(box, old);
  else root.appendChild(box);
}

// --- events ----------------------------------------------------------------------------------

function listen(s, root) {
  root.addEventListener("change", (e) => {
    const t = e.target, op = t.dataset ? t.dataset.op : null;
    const box = t.closest(".q-blk");
    if (!box || !op) return;
    const block = box.dataset.block, stem = stemOf(t);
    if (op === "text") send(s, { op, stem, block, text: t.value });
    else if (op === "kind") send(s, { op, stem, block, kind: t.value });
    else if (op === "level") send(s, { op, stem, block, level: Number(t.value) });
  });
  root.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-op]");
    if (!b || b.disabled) return;
    const op = b.dataset.op, stem = stemOf(b);
    if (op === "undo") send(s, { op, stem, key: b.dataset.key });
    else {
      const box = b.closest(".q-blk");
      if (box) send(s, { op, stem, block: box.dataset.block });
    }
  });
}

export default function (component) {
  const { data, parentElement: root, setTriggerValue } = component;
  let s = root.__quirePane;
  if (!s) {
    s = root.__quirePane = actions();
    listen(s, root);
  }
  s.trigger = setTriggerValue;
  if (!data) return;
  acknowledged(s, data);
  if (data.part === "blocks") drawBlocks(s, root, data);
  else drawDecisions(s, root, data);
}
