// Unit tests of the message tokenizer: what becomes a link, what stays plain text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { safeHref, tokenize } from "../src/format.js";

test("bold, markdown links and bare URLs become tokens", () => {
  assert.deepEqual(tokenize("A **NET** [info](https://example.org/a) see https://x.org/p."), [
    { type: "text", text: "A " },
    { type: "bold", children: [{ type: "text", text: "NET" }] },
    { type: "text", text: " " },
    { type: "link", text: "info", href: "https://example.org/a" },
    { type: "text", text: " see " },
    { type: "link", text: "https://x.org/p", href: "https://x.org/p" },
    { type: "text", text: "." },
  ]);
});

test("a source line keeps the review date out of the link", () => {
  const tokens = tokenize("Source: NCI, https://www.cancer.gov/net (2024-06-26)");
  assert.deepEqual(tokens[1], { type: "link", text: "https://www.cancer.gov/net", href: "https://www.cancer.gov/net" });
  assert.equal(tokens[2].text, " (2024-06-26)");
});

test("the short source line under an answer is one link per organisation", () => {
  const tokens = tokenize("Sources: [Mayo Clinic, 2024](https://www.mayoclinic.org/a) · [NCI](https://www.cancer.gov/b)");
  assert.deepEqual(tokens.filter((token) => token.type === "link"), [
    { type: "link", text: "Mayo Clinic, 2024", href: "https://www.mayoclinic.org/a" },
    { type: "link", text: "NCI", href: "https://www.cancer.gov/b" },
  ]);
});

test("unsafe link targets stay plain text", () => {
  for (const line of ["[x](javascript:alert(1))", "[x](data:text/html,hi)", "[x](/relative)",
    '<img src=x onerror="alert(1)">']) {
    const tokens = tokenize(line);
    assert.ok(tokens.every((token) => token.type === "text"), line);
    assert.equal(tokens.map((token) => token.text).join(""), line);
  }
});

test("only http(s), mailto and tel are allowed", () => {
  assert.equal(safeHref("mailto:care@example.org"), "mailto:care@example.org");
  assert.equal(safeHref("tel:911"), "tel:911");
  assert.equal(safeHref("JavaScript:alert(1)"), null);
  assert.equal(safeHref("vbscript:x"), null);
});

test("phone numbers become tel: links only when asked", () => {
  const line = "Call 911 now, or 116 123 (UK). Ki-67 is 2%.";
  assert.ok(tokenize(line).every((token) => token.type === "text"));
  const links = tokenize(line, { phones: true }).filter((token) => token.type === "link");
  assert.deepEqual(links.map((token) => token.href), ["tel:911", "tel:116123"]);
});
