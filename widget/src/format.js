// Safe message formatting: text is split into tokens, and tokens become DOM nodes through
// createElement and text nodes only. No message content ever reaches innerHTML.

const SAFE_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];
const PATTERN = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"]+)/g;
// Phone numbers (only in emergency messages): 3+ digits, optionally grouped by spaces or dashes.
const PHONE = /\+?\d[\d -]*\d/g;

/** The href if it parses as an absolute http(s), mailto or tel URL, else null. */
export function safeHref(href) {
  try {
    const url = new URL(href);
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function trimUrl(url) {
  let end = url.length;
  while (end > 0 && ".,;:!?".includes(url[end - 1])) end -= 1;
  if (url[end - 1] === ")" && !url.slice(0, end).includes("(")) end -= 1;
  return url.slice(0, end);
}

function phoneTokens(text) {
  const tokens = [];
  let last = 0;
  for (const match of text.matchAll(PHONE)) {
    if (match[0].replace(/\D/g, "").length < 3) continue;
    if (match.index > last) tokens.push({ type: "text", text: text.slice(last, match.index) });
    tokens.push({ type: "link", text: match[0], href: `tel:${match[0].replace(/[ -]/g, "")}` });
    last = match.index + match[0].length;
  }
  if (last < text.length) tokens.push({ type: "text", text: text.slice(last) });
  return tokens;
}

/**
 * One line of text as tokens: {type: "text"|"bold"|"link", text, href?, children?}.
 * With `phones`, digit runs become tel: links (emergency messages).
 */
export function tokenize(line, { phones = false } = {}) {
  const plain = (text) => (phones ? phoneTokens(text) : [{ type: "text", text }]);
  const tokens = [];
  let last = 0;
  for (const match of line.matchAll(PATTERN)) {
    const [whole, bold, label, target, bare] = match;
    let token;
    let consumed = whole.length;
    if (bold !== undefined) {
      token = { type: "bold", children: tokenize(bold, { phones }) };
    } else if (label !== undefined) {
      const href = safeHref(target);
      token = href ? { type: "link", text: label, href } : null;
    } else {
      const url = trimUrl(bare);
      const href = safeHref(url);
      consumed = url.length;
      token = href ? { type: "link", text: url, href } : null;
    }
    if (!token) continue; // an unsafe link stays plain text
    if (match.index > last) tokens.push(...plain(line.slice(last, match.index)));
    tokens.push(token);
    last = match.index + consumed;
  }
  if (last < line.length) tokens.push(...plain(line.slice(last)));
  return tokens;
}

function appendTokens(parent, tokens) {
  for (const token of tokens) {
    if (token.type === "text") {
      parent.appendChild(document.createTextNode(token.text));
    } else if (token.type === "bold") {
      const strong = document.createElement("strong");
      appendTokens(strong, token.children);
      parent.appendChild(strong);
    } else {
      const link = document.createElement("a");
      link.href = token.href;
      link.textContent = token.text;
      if (!token.href.startsWith("tel:") && !token.href.startsWith("mailto:")) {
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      }
      parent.appendChild(link);
    }
  }
}

/** Append `text` to `parent`: bold, links and line breaks; phone links when `phones`. */
export function renderText(parent, text, options) {
  String(text).split("\n").forEach((line, index) => {
    if (index > 0) parent.appendChild(document.createElement("br"));
    appendTokens(parent, tokenize(line, options));
  });
}
