// What the review screen's plain-DOM components share (image_pane.js, review_bar.js,
// text_pane.js): prepended to each one's script by `ui.components.script`, so each component
// stays one module that Streamlit loads on its own.
// Text only ever goes into the document as textContent, never as HTML.

const SVG = "http://www.w3.org/2000/svg";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

// A function drawing the named icon of `paths` (name → an SVG path on a 24 × 24 grid).
function iconSet(paths) {
  return function icon(name) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", paths[name]);
    svg.appendChild(path);
    return svg;
  };
}

// A component's actions: numbered, and each sent with every action the server has not yet
// acknowledged (`data.ack`), so that two actions whose requests the server merged into one run
// are both applied, and none twice. `client` tells this browser tab's actions from another's.
function actions(extra) {
  const rnd = new Uint32Array(2);
  crypto.getRandomValues(rnd);
  return Object.assign({ client: rnd[0].toString(36) + rnd[1].toString(36), seq: 0, pending: [] }, extra);
}

function send(s, act) {
  s.seq += 1;
  s.pending.push(Object.assign({ n: s.seq }, act));
  s.trigger("act", { client: s.client, acts: s.pending });
}

// Forget the actions the server says it has applied.
function acknowledged(s, data) {
  const acked = data.ack ? data.ack[s.client] : undefined;
  if (typeof acked === "number") s.pending = s.pending.filter((a) => a.n > acked);
}
