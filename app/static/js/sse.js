// Server-sent events from a fetch() body. EventSource can only GET, and a chat turn is a POST,
// so the stream is parsed here: events are separated by a blank line; each has `event:` and one
// or more `data:` lines (joined with newlines). Comment lines (": ping") are skipped.

const STALL_MS = 20000;

export class StreamStalled extends Error {}

/** Yields {event, data, id} for each event; `data` is parsed as JSON when it is JSON. */
export async function* readEvents(response, stallMs = STALL_MS) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await readWithDeadline(reader, stallMs);
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = parseBlock(block);
        if (event) yield event;
      }
    }
    const last = parseBlock(buffer);
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block) {
  let event = "message";
  let id = null;
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
  }
  if (!data.length && event === "message") return null;
  const text = data.join("\n");
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { event, data: parsed, id };
}

function readWithDeadline(reader, ms) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      reader.cancel().catch(() => {});
      reject(new StreamStalled("no data"));
    }, ms);
  });
  return Promise.race([reader.read(), deadline]).finally(() => clearTimeout(timer));
}
