// The review screen's page image (ui/components/image_pane.py): the page's display copy with its
// word boxes over it, at the zoom in use, panned by dragging and centred on the block or word in
// focus; and, out of sight, the next page's image, fetched and decoded while the corrector reads
// (once the page shown is painted).
// One element, drawn by this script in plain DOM. It sends nothing back (zoom is a Streamlit widget).
//
// Addresses come from the server's grants (ui/image_route.py), the boxes are an SVG of numbers
// only, and the caption (it may hold a printed page label read from the page) goes in as text.

function scanImage(src, d) {
  const img = el("img", "q-scan");
  img.decoding = "async";
  img.src = src;
  return img;
}

function sized(img, w, h, alt) {
  if (w && h) {
    img.setAttribute("width", String(w));
    img.setAttribute("height", String(h));
  } else {
    img.removeAttribute("width");
    img.removeAttribute("height");
  }
  img.alt = alt || "";
}

// The nearest ancestor of the pane that scrolls (the fixed-height Streamlit container).
function scroller(root) {
  let p = root.parentElement;
  while (p && p !== document.body) {
    const o = getComputedStyle(p);
    if (/(auto|scroll)/.test(o.overflowY + o.overflowX)) return p;
    p = p.parentElement;
  }
  return null;
}

function installPan(s, pane) {
  if (pane.__quirePan) return;  // installed once per scrolling element
  pane.__quirePan = true;
  let drag = null;
  pane.addEventListener("mousedown", (e) => {
    if (e.button !== 0 || !e.target.closest(".q-page")) return;
    drag = { x: e.clientX, y: e.clientY, l: pane.scrollLeft, t: pane.scrollTop };
    pane.style.cursor = "grabbing";
    e.preventDefault();
  });
  document.addEventListener("mousemove", (e) => {
    if (!drag) return;
    pane.scrollLeft = drag.l - (e.clientX - drag.x);
    pane.scrollTop = drag.t - (e.clientY - drag.y);
  });
  document.addEventListener("mouseup", () => {
    drag = null;
    pane.style.cursor = "";
  });
}

function centre(pane, img, target) {
  if (!pane || !img.complete) return;
  const pr = pane.getBoundingClientRect(), ir = img.getBoundingClientRect();
  const x = ir.left - pr.left + pane.scrollLeft + target[0] * ir.width;
  const y = ir.top - pr.top + pane.scrollTop + target[1] * ir.height;
  pane.scrollTo({ left: x - pane.clientWidth / 2, top: y - pane.clientHeight / 2, behavior: "instant" });
}

function num(v) {
  return typeof v === "number" && isFinite(v) ? v : null;
}

// `fn` once `img` is in (loaded or failed), painted, and the browser has nothing more pressing
// to do: fetching and decoding the next page's image while this one is drawn would slow it.
function afterPaint(img, fn) {
  const idle = () =>
    window.requestIdleCallback ? window.requestIdleCallback(fn, { timeout: 1000 }) : window.setTimeout(fn, 0);
  const painted = () => requestAnimationFrame(() => window.setTimeout(idle, 0));
  if (img.complete) painted();
  else {
    let done = false;
    const once = () => { if (!done) { done = true; painted(); } };
    img.addEventListener("load", once, { once: true });
    img.addEventListener("error", once, { once: true });
  }
}

// The next page's image (the newest the server asked for), fetched and decoded out of sight.
function fetchAhead(s) {
  const want = s.want;
  if (!want || (s.ahead && s.ahead.getAttribute("src") === want.src)) return;
  if (s.scan && s.scan.getAttribute("src") === want.src) return;  // shown already
  const a = scanImage(want.src);
  a.className = "q-ahead";
  sized(a, want.w, want.h, "");
  if (a.decode) a.decode().catch(() => {});
  if (s.ahead) s.hidden.replaceChild(a, s.ahead);
  else s.hidden.appendChild(a);
  s.ahead = a;
}

function draw(s, root, d) {
  // the zoom: the page is drawn at this many percent of the pane's width (a number, nothing else)
  const pct = Math.max(10, Math.min(1000, Math.round(num(d.zoom) || 100)));
  s.style.textContent = ".st-key-image_zoom { width: " + pct + "% !important; max-width: none !important; }";
  s.page.dataset.stem = String(d.stem || "");
  // the page image: the one fetched ahead when it is this address (decoded already), else a new one
  let img = s.scan;
  if (!img || img.getAttribute("src") !== d.src) {
    if (s.ahead && s.ahead.getAttribute("src") === d.src) {
      img = s.ahead;
      s.ahead = null;
      img.className = "q-scan";
    } else {
      img = scanImage(d.src, d);
    }
    if (s.scan) s.page.replaceChild(img, s.scan);
    else s.page.insertBefore(img, s.boxes);
    s.scan = img;
  }
  sized(img, num(d.w), num(d.h), d.alt);
  if (s.boxes.getAttribute("src") !== d.boxes) s.boxes.setAttribute("src", d.boxes);
  s.caption.textContent = d.alt || "";
  // the next page's image, out of sight: fetched and decoded once this page is painted, shown
  // from memory on Alt+N
  s.want = typeof d.ahead === "string" && d.ahead ? { src: d.ahead, w: num(d.ahead_w), h: num(d.ahead_h) } : null;
  if (s.want && !s.aheadQueued && (!s.ahead || s.ahead.getAttribute("src") !== s.want.src)) {
    s.aheadQueued = true;
    afterPaint(img, () => {
      s.aheadQueued = false;
      fetchAhead(s);
    });
  }
  const pane = scroller(root);
  if (pane) installPan(s, pane);
  const target = Array.isArray(d.target) && d.target.length === 2 ? d.target.map(num) : null;
  const where = d.src + "|" + JSON.stringify(target);
  if (target && target[0] !== null && target[1] !== null && s.centred !== where) {
    s.centred = where;
    if (!img.complete) img.addEventListener("load", () => centre(pane, img, target), { once: true });
    setTimeout(() => centre(pane, img, target), 60);
  }
}

export default function (component) {
  const { data, parentElement: root } = component;
  let s = root.__quireImage;
  if (!s) {
    s = root.__quireImage = {};
    s.style = root.appendChild(el("style"));
    s.page = root.appendChild(el("div", "q-page"));
    s.boxes = s.page.appendChild(el("img", "q-boxes"));
    s.boxes.alt = "";
    s.caption = root.appendChild(el("div", "q-caption"));
    s.hidden = root.appendChild(el("div", "q-ahead-box"));
    s.hidden.setAttribute("aria-hidden", "true");
  }
  if (!data || typeof data.src !== "string") return;
  draw(s, root, data);
}
