// The review screen's bar: the navigation row (volume, previous / next page, jump, worst first,
// line by line, next doubtful word) and the page bar (where the page stands, Save, Validate,
// Problem, discard), drawn by this one script in plain DOM as ONE Streamlit element instead of
// some thirty widgets and layout blocks, and the keyboard shortcuts, which click its buttons.
// Volume names, page labels and user names are only ever put in the document as textContent
// (or an option's text), never as HTML; what the server sends comes as JSON data, never as script.
//
// Every action is numbered and sent with every action not yet acknowledged (`data.ack`), as the
// text pane's are; the page's actions (save, validate, problem, discard) carry the stem of the
// drawing they were made on, and the server refuses one made on another page.

const ICONS = {  // Material icons (Apache 2.0), as Streamlit's own buttons show them
  prev: "M20 11H7.83l5.59-5.59L12 4l-8 8 8 8 1.41-1.41L7.83 13H20v-2z",
  next: "M12 4l-1.41 1.41L16.17 11H4v2h12.17l-5.58 5.59L12 20l8-8z",
  low: "M19.3 16.9c.4-.7.7-1.5.7-2.4 0-2.5-2-4.5-4.5-4.5S11 12 11 14.5s2 4.5 4.5 4.5c.9 0 1.7-.3 " +
    "2.4-.7l3.2 3.2 1.4-1.4-3.2-3.2zm-3.8.1c-1.4 0-2.5-1.1-2.5-2.5s1.1-2.5 2.5-2.5 2.5 1.1 2.5 " +
    "2.5-1.1 2.5-2.5 2.5zM12 20v2C6.48 22 2 17.52 2 12S6.48 2 12 2c4.84 0 8.87 3.44 9.8 " +
    "8h-2.07c-.64-2.46-2.4-4.47-4.73-5.41V5c0 1.1-.9 2-2 2h-2v2c0 .55-.45 1-1 1H8v2h2v3H9l-4.79" +
    "-4.79C4.08 10.79 4 11.38 4 12c0 4.41 3.59 8 8 8z",
  save: "M17 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14c1.1 0 2-.9 2-2V7l-4-4zm-5 16c-1.66 0-3-1.34-3-3s" +
    "1.34-3 3-3 3 1.34 3 3-1.34 3-3 3zm3-10H5V5h10v4z",
  verified: "M23 12l-2.44-2.79.34-3.69-3.61-.82-1.89-3.2L12 2.96 8.6 1.5 6.71 4.69 3.1 5.5l.34 3.7" +
    "L1 12l2.44 2.79-.34 3.7 3.61.82L8.6 22.5l3.4-1.47 3.4 1.46 1.89-3.19 3.61-.82-.34-3.69L23 " +
    "12zm-12.91 4.72l-3.8-3.81 1.48-1.48 2.32 2.33 5.85-5.87 1.48 1.48-7.33 7.35z",
  report: "M15.73 3H8.27L3 8.27v7.46L8.27 21h7.46L21 15.73V8.27L15.73 3zM12 17.3c-.72 0-1.3-.58" +
    "-1.3-1.3 0-.72.58-1.3 1.3-1.3.72 0 1.3.58 1.3 1.3 0 .72-.58 1.3-1.3 1.3zm1-4.3h-2V7h2v6z",
  undo: "M12.5 8c-2.65 0-5.05.99-6.9 2.6L2 7v9h9l-3.62-3.62c1.39-1.16 3.16-1.88 5.12-1.88 3.54 0 " +
    "6.55 2.31 7.6 5.5l2.37-.78C21.08 11.03 17.15 8 12.5 8z",
};

const icon = iconSet(ICONS);

// A button named by `key` (the old widget keys: kb_next, kb_save...), which the shortcuts click.
function button(key, op, label, iconName, cls, tip) {
  const b = el("button", "q-bbtn " + (cls || ""));
  b.type = "button";
  b.dataset.key = key;
  b.dataset.op = op;
  if (iconName) b.appendChild(icon(iconName));
  if (label) b.appendChild(el("span", null, label));
  else b.setAttribute("aria-label", tip);
  b.title = tip;
  return b;
}

function field(label, control, tip) {
  const f = el("label", "q-field");
  const cap = el("span", "q-flabel", label);
  if (tip) cap.title = tip;
  f.appendChild(cap);
  f.appendChild(control);
  return f;
}

function toggle(op, label, tip) {
  const f = el("label", "q-toggle");
  f.title = tip;
  const box = el("input");
  box.type = "checkbox";
  box.setAttribute("role", "switch");
  box.dataset.op = op;
  f.appendChild(box);
  f.appendChild(el("span", "q-track"));
  f.appendChild(el("span", null, label));
  return f;
}

// --- drawing ---------------------------------------------------------------------------------

function skeleton(s, root) {
  const box = el("div", "q-rbar");
  const nav = el("div", "q-nav");
  const vol = el("select", "q-sel q-vol");
  vol.dataset.op = "volume";
  nav.appendChild(field("Volume", vol));
  nav.appendChild(button("kb_prev", "prev", null, "prev", "q-arrow", "Previous page (Alt+P)"));
  nav.appendChild(button("kb_next", "next", null, "next", "q-arrow", "Next page (Alt+N)"));
  const jump = el("input", "q-input q-jump");
  jump.type = "text";
  jump.placeholder = "xii, 37 or #12";
  jump.maxLength = 50;
  jump.autocomplete = "off";
  jump.dataset.op = "jump";
  nav.appendChild(field("Go to page", jump, "A printed page label, or # and the scan number (Alt+J)"));
  nav.appendChild(toggle("queue", "Worst first", "Queue mode: pages still to review, lowest OCR confidence first"));
  nav.appendChild(toggle("lines", "Line by line",
    "Each line's image right above its text; Enter / Alt+Down next line, Alt+Up back"));
  nav.appendChild(button("kb_low", "low", "Next doubtful word", "low", "q-wide", "Next low-confidence word (Alt+L)"));
  box.appendChild(nav);

  const bar = el("div", "q-pbar");
  bar.appendChild(el("div", "q-where"));
  bar.appendChild(button("kb_save", "save", "Save", "save", "q-primary",
    "Save a new revision: the page becomes proofread by you (Ctrl+S)"));
  bar.appendChild(button("kb_approve", "validate", "Validate", "verified", "", ""));
  const pop = el("div", "q-pop");
  const open = button("problem_pop", "problem_open", "Problem", "report", "", "Mark this page as a problem");
  open.setAttribute("aria-expanded", "false");
  open.setAttribute("aria-haspopup", "dialog");
  pop.appendChild(open);
  const panel = el("div", "q-popbody");
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Mark as a problem");
  panel.hidden = true;
  const note = el("textarea", "q-note");
  note.dataset.op = "note";
  panel.appendChild(field("What is wrong with this page?", note));
  panel.appendChild(button("problem_mark", "problem", "Mark as a problem", null, "q-primary", "Mark as a problem"));
  pop.appendChild(panel);
  bar.appendChild(pop);
  bar.appendChild(button("discard", "discard", null, "undo", "q-arrow", "Discard unsaved edits"));
  box.appendChild(bar);
  root.appendChild(box);
  return box;
}

function badge(cls, text) {
  return el("span", "q-badge " + cls, text);
}

function where(d) {
  const p = el("div", "q-where");
  const w = d.where;
  p.appendChild(el("strong", null, "Page " + w.index));
  p.appendChild(document.createTextNode(" (" + w.pos + ")"));
  if (w.label) {
    p.appendChild(document.createTextNode(" · printed page "));
    p.appendChild(el("strong", null, w.label));
  }
  p.appendChild(document.createTextNode(" · "));
  p.appendChild(badge("q-blue", w.status + (w.who ? " by " + w.who : "")));
  p.appendChild(document.createTextNode(" "));
  p.appendChild(w.edited ? badge("q-orange", "unsaved edits") : badge("q-green", "saved"));
  p.appendChild(document.createTextNode(
    " · mean confidence " + w.conf + " · " + w.low + " low-confidence words"));
  return p;
}

function draw(s, box, d) {
  box.dataset.stem = d.stem;
  const vol = box.querySelector(".q-vol");
  if (document.activeElement !== vol) {
    const names = JSON.stringify(d.volumes);
    if (vol.dataset.names !== names) {
      vol.dataset.names = names;
      while (vol.firstChild) vol.removeChild(vol.firstChild);
      d.volumes.forEach((n) => {
        const o = el("option", null, n);
        o.value = n;
        vol.appendChild(o);
      });
    }
    vol.value = d.volume;
  }
  const q = (key) => box.querySelector('[data-key="' + key + '"]');
  q("kb_prev").disabled = !d.prev;
  q("kb_next").disabled = !d.next;
  box.querySelector('[data-op="queue"]').checked = d.queue;
  box.querySelector('[data-op="lines"]').checked = d.lines;
  const old = box.querySelector(".q-where");
  old.parentNode.replaceChild(where(d), old);
  q("kb_save").disabled = !d.has_text;
  const val = q("kb_approve");
  val.disabled = !d.has_text || d.why_not !== null;
  val.title = "Validate the page: a second person's check of someone else's proofreading (Alt+A)" +
    (d.why_not ? ". Not now: " + d.why_not : "");
  q("problem_pop").disabled = !d.has_text;
  if (!d.has_text) openProblem(box, false);
  box.querySelector(".q-note").maxLength = d.note_max;
  q("discard").disabled = !d.edited;
}

function openProblem(box, on) {
  box.querySelector(".q-popbody").hidden = !on;
  box.querySelector('[data-key="problem_pop"]').setAttribute("aria-expanded", on ? "true" : "false");
  if (on) box.querySelector(".q-note").focus();
}

// --- actions and keys ------------------------------------------------------------------------

function act(s, box, op) {
  const stem = box.dataset.stem;
  if (op === "problem_open") {
    openProblem(box, box.querySelector(".q-popbody").hidden);
  } else if (op === "problem") {
    const note = box.querySelector(".q-note");
    send(s, { op, stem, note: note.value });
    note.value = "";
    openProblem(box, false);
  } else if (op === "save" || op === "validate" || op === "discard") {
    send(s, { op, stem });
  } else {
    send(s, { op });
  }
}

function listen(s, root) {
  root.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-op]");
    if (b && !b.disabled) act(s, s.box, b.dataset.op);
  });
  document.addEventListener("click", (e) => {  // a click outside the problem box closes it
    if (s.box && root.isConnected && !e.target.closest(".q-pop")) openProblem(s.box, false);
  });
  root.addEventListener("change", (e) => {
    const t = e.target, op = t.dataset ? t.dataset.op : null;
    if (op === "volume") send(s, { op, name: t.value });
    else if (op === "queue" || op === "lines") send(s, { op, on: t.checked });
  });
  root.addEventListener("keydown", (e) => {
    const t = e.target;
    if (t.dataset && t.dataset.op === "jump" && e.key === "Enter") {
      e.preventDefault();
      const query = t.value.trim();
      t.value = "";
      t.blur();
      if (query) send(s, { op: "jump", query });
    } else if (e.key === "Escape" && t.closest(".q-pop")) {
      openProblem(s.box, false);
    }
  });
}

function combo(e) {
  if ((e.ctrlKey || e.metaKey) && !e.altKey) return "mod+" + e.code;
  if (e.altKey && !e.ctrlKey && !e.metaKey) return "alt+" + e.code;
  return "";
}

// The button `key` once the bar is idle: no action of its own waiting for the server, and not
// being redrawn (an edit in a text field starts a run: the page's state is what it leaves).
function clickWhenIdle(s, key, waited) {
  const stale = s.root.closest("[data-stale=true]");
  waited = waited || 0;
  if ((s.pending.length || stale) && waited < 15000) {
    setTimeout(() => clickWhenIdle(s, key, waited + 50), 50);
    return;
  }
  const b = s.box.querySelector('[data-key="' + key + '"]');
  if (b && !b.disabled) b.click();
}

function installKeys(s) {
  const onKey = (e) => {
    if (!s.root.isConnected) return;
    const c = combo(e);
    if (s.focus[c]) {
      const input = s.box.querySelector('[data-op="' + s.focus[c] + '"]');
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    const key = s.clicks[c];
    if (!key) return;
    e.preventDefault();
    e.stopPropagation();
    const active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT") && !s.root.contains(active)) {
      active.blur();  // a field commits its value on blur (the text pane's, Streamlit's own)
      setTimeout(() => clickWhenIdle(s, key), 250);
    } else {
      clickWhenIdle(s, key);
    }
  };
  if (window.__quireKeys) document.removeEventListener("keydown", window.__quireKeys, true);
  window.__quireKeys = onKey;
  document.addEventListener("keydown", onKey, true);
}

export default function (component) {
  const { data, parentElement: root, setTriggerValue } = component;
  let s = root.__quireBar;
  if (!s) {
    s = root.__quireBar = actions({ root });
    s.box = skeleton(s, root);
    listen(s, root);
  }
  s.trigger = setTriggerValue;
  if (!data) return;
  s.clicks = data.keys.clicks;
  s.focus = data.keys.focus;
  if (window.__quireKeys === undefined || s.keysFor !== window.__quireKeys) {
    installKeys(s);
    s.keysFor = window.__quireKeys;
  }
  acknowledged(s, data);
  draw(s, s.box, data);
}
