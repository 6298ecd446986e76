// The site's search, run over its own chunked index (hooks/portal/search_index.py describes the
// files). Loaded by portal.js the first time the search box is used; fetches only what a query
// needs: the entry (search/index.json), the chunks holding the query's words and the files of
// the pages shown. Every text is inserted as text (never as HTML).

const FORMAT = 2;
// Added to the score of a page whose own document number was typed: more than any text score.
const OWN_NUMBER = 1000;
const TERMINAL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef";
const CONTINUE = "ghijklmnopqrstuvwxyz0123456789-_";
const SHOWN = 10;            // results shown at once ("Xem thêm" adds as many)
const COMPLETIONS = 12;      // at most this many words complete the last, unfinished word
const COMPLETION_WEIGHT = 0.6;
const EXCERPT_WORDS = 32;
const DEBOUNCE_MS = 250;  // a pause this long while typing searches what is typed so far

const DIGITS = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i += 1) {
  DIGITS[TERMINAL.charCodeAt(i)] = i;
  DIGITS[CONTINUE.charCodeAt(i)] = 32 + i;
}

// Folding, exactly as search_index.fold: NFD, "đ"/"Đ" to "d", everything outside ASCII (the
// combining marks) dropped, lower case. "Đất ĐAI" -> "dat dai".
export function fold(text) {
  return text.normalize("NFD").replace(/[\u0111\u0110]/g, "d").replace(/[^\x00-\x7f]/g, "").toLowerCase();
}

const COMPOUND = /[a-z0-9]+(?:[/-][a-z0-9]+)+/g;

// The words of folded text, as search_index.words: runs of letters and digits, then compounds.
export function words(folded) {
  const found = folded.split(/[^a-z0-9]+/).filter(Boolean);
  return found.concat(folded.match(COMPOUND) || []);
}

function decode(value) {
  const gaps = value[0];
  const levels = value[1];
  const ids = new Int32Array(levels.length);
  let number = 0;
  let last = -1;
  let count = 0;
  for (let i = 0; i < gaps.length; i += 1) {
    const digit = DIGITS[gaps.charCodeAt(i)];
    if (digit >= 32) {
      number = number * 32 + digit - 32;
      continue;
    }
    last += number * 32 + digit + 1;
    ids[count] = last;
    count += 1;
    number = 0;
  }
  return { ids, levels };
}

// The index: the entry, then chunks of words and files of pages as they are needed (each once).
class Index {
  constructor(base) {
    this.base = base;
    this.entry = null;
    this.chunks = new Map();
    this.files = new Map();
    this.decoded = new Map();
    this.loading = null;
  }

  async fetchJSON(url, options) {
    const response = await fetch(url, options);
    if (!response.ok) {
      const error = new Error(`${response.status} ${url}`);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  async load() {
    if (!this.loading) {
      this.loading = this.fetchJSON(this.base + "index.json", { cache: "no-cache" }).then((entry) => {
        if (entry.format !== FORMAT) {
          throw new Error("search index format " + entry.format);
        }
        this.entry = entry;
        this.folder = this.base + entry.id + "/";
        return entry;
      });
    }
    return this.loading;
  }

  chunkOf(word) {
    const firsts = this.entry.chunks;
    let low = 0;
    let high = firsts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (firsts[middle] <= word) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  chunk(number) {
    if (!this.chunks.has(number)) {
      this.chunks.set(number, this.fetchJSON(`${this.folder}w${number}.json`));
    }
    return this.chunks.get(number);
  }

  async postings(word) {
    const chunk = await this.chunk(this.chunkOf(word));
    if (!Object.prototype.hasOwnProperty.call(chunk, word)) {
      return null;
    }
    if (!this.decoded.has(word)) {
      this.decoded.set(word, decode(chunk[word]));
    }
    return this.decoded.get(word);
  }

  // Words of the index that start with `prefix` (not the prefix itself), most frequent first:
  // from the chunk where the prefix would be, and the next one if it starts with the prefix.
  async completions(prefix) {
    const first = this.chunkOf(prefix);
    const numbers = [first];
    const next = this.entry.chunks[first + 1];
    if (next !== undefined && next.startsWith(prefix)) {
      numbers.push(first + 1);
    }
    const found = [];
    for (const chunk of await Promise.all(numbers.map((n) => this.chunk(n)))) {
      for (const word of Object.keys(chunk)) {
        if (word !== prefix && word.startsWith(prefix)) {
          found.push([word, chunk[word][1].length]);
        }
      }
    }
    found.sort((a, b) => b[1] - a[1]);
    return found.slice(0, COMPLETIONS).map((pair) => pair[0]);
  }

  page(id) {
    const number = Math.floor(id / this.entry.per_file);
    if (!this.files.has(number)) {
      this.files.set(number, this.fetchJSON(`${this.folder}p${number}.json`));
    }
    return this.files.get(number).then((records) => {
      const record = records[id - number * this.entry.per_file];
      return {
        url: record[0], title: record[1], kind: record[2], date: record[3],
        topics: record[4], number: record[5], text: record[6],
      };
    });
  }
}

// What the visitor typed, as words to find. The last word, while still being typed (no space
// after it), also matches the words it begins ("truo" -> "truong").
export function parseQuery(text) {
  const folded = fold(text);
  const plain = folded.split(/[^a-z0-9]+/).filter(Boolean);
  const required = [...new Set(plain)];
  const compounds = [...new Set(folded.match(COMPOUND) || [])];
  const last = plain[plain.length - 1];
  const open = last !== undefined && /[a-z0-9]$/.test(folded) && last.length >= 2;
  return { required, compounds, prefix: open ? last : null };
}

function level(levels, i) {
  return DIGITS[levels.charCodeAt(i)];
}

function idf(total, count) {
  return Math.log(1 + (total - count + 0.5) / (count + 0.5));
}

// Score every page matching all the query's words (and the filters); best first, then newest.
export async function search(index, query, filters) {
  const entry = await index.load();
  const total = entry.pages;
  const groups = [];
  for (const word of query.required) {
    const scores = new Map();
    const exact = await index.postings(word);
    if (exact) {
      const weight = idf(total, exact.ids.length);
      exact.ids.forEach((id, i) => scores.set(id, weight * level(exact.levels, i)));
    }
    if (word === query.prefix) {
      for (const longer of await index.completions(word)) {
        const found = await index.postings(longer);
        const weight = COMPLETION_WEIGHT * idf(total, found.ids.length);
        found.ids.forEach((id, i) => {
          const value = weight * level(found.levels, i);
          if (!(scores.get(id) >= value)) {
            scores.set(id, value);
          }
        });
      }
    }
    groups.push(scores);
  }
  for (const [name, value] of Object.entries(filters)) {
    if (value) {
      const found = await index.postings(`~${name}:${value}`);
      const scores = new Map();
      if (found) {
        found.ids.forEach((id) => scores.set(id, 0));
      }
      groups.push(scores);
    }
  }
  if (!groups.length) {
    return [];
  }
  groups.sort((a, b) => a.size - b.size);
  const results = [];
  for (const [id, first] of groups[0]) {
    let sum = first;
    let all = true;
    for (let g = 1; g < groups.length && all; g += 1) {
      const value = groups[g].get(id);
      if (value === undefined) {
        all = false;
      } else {
        sum += value;
      }
    }
    if (all) {
      results.push([id, sum]);
    }
  }
  const bonus = new Map();
  for (const word of query.compounds) {
    const found = await index.postings(word);
    if (found) {
      const weight = 2 * idf(total, found.ids.length);
      found.ids.forEach((id, i) => bonus.set(id, (bonus.get(id) || 0) + weight * level(found.levels, i)));
    }
  }
  // A page whose own number is what was typed (whole, or its digits alone) comes first: the
  // document "1596/QĐ-UBND" before the plans that cite it.
  const numbers = query.compounds.concat(query.required.filter((word) => /^[0-9]+$/.test(word)));
  for (const word of numbers) {
    const found = await index.postings(`~so:${word}`);
    if (found) {
      found.ids.forEach((id) => bonus.set(id, (bonus.get(id) || 0) + OWN_NUMBER));
    }
  }
  for (const result of results) {
    result[1] += bonus.get(result[0]) || 0;
  }
  results.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return results.map((result) => result[0]);
}

// -- showing results --------------------------------------------------------------------------------

function matcher(query) {
  const exact = new Set(query.required.concat(query.compounds));
  return (folded) => words(folded).some((word) => exact.has(word) || (query.prefix && word.startsWith(query.prefix)));
}

const EDGES = /^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u;

// Append `text` to `parent`, the words that match in <mark>.
function appendMarked(parent, text, matches) {
  let plain = "";
  for (const token of text.split(/(\s+)/)) {
    const parts = EDGES.exec(token);
    if (parts && parts[2] && matches(fold(parts[2]))) {
      plain += parts[1];
      parent.append(plain);
      const mark = document.createElement("mark");
      mark.textContent = parts[2];
      parent.append(mark);
      plain = parts[3];
    } else {
      plain += token;
    }
  }
  if (plain) {
    parent.append(plain);
  }
}

function excerpt(text, matches) {
  const tokens = text.split(/\s+/).filter(Boolean);
  let first = tokens.findIndex((token) => matches(fold(token)));
  if (first < 0) {
    first = 0;
  }
  const start = Math.max(0, first - 8);
  const end = Math.min(tokens.length, start + EXCERPT_WORDS);
  return (start > 0 ? "… " : "") + tokens.slice(start, end).join(" ") + (end < tokens.length ? " …" : "");
}

function formatDate(iso) {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

function element(name, className, text) {
  const node = document.createElement(name);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// -- the dialog -------------------------------------------------------------------------------------

export function mount(dialog, toggle) {
  const input = dialog.querySelector(".md-search__input");
  const form = input.form;
  const meta = dialog.querySelector(".md-search-result__meta");
  const list = dialog.querySelector(".md-search-result__list");
  const filters = dialog.querySelector(".portal-search__filters");
  const browse = dialog.querySelector(".portal-search__browse");
  const selects = Array.from(filters.querySelectorAll("select"));
  const labels = new Map(Array.from(filters.querySelectorAll("select[name=loai] option")).map((o) => [o.value, o.textContent]));
  const base = new URL(dialog.getAttribute("data-portal-search"), document.baseURI);
  const root = new URL("../", base);
  const index = new Index(base.href);
  let current = 0;
  let timer = null;
  let more = null;
  let shownFor = null;  // the text the results on screen were found for

  function say(text, showBrowse) {
    meta.textContent = text;
    browse.hidden = !showBrowse;
  }

  // Marks the dialog with the query whose search has finished (whatever it found).
  function done(text) {
    dialog.setAttribute("data-portal-searched", text);
  }

  if (dialog.hasAttribute("data-portal-search-off")) {
    say("Bản xem trước (mkdocs serve) không lập chỉ mục tìm kiếm; trang đã xuất bản có tìm kiếm. Xem theo lĩnh vực hoặc lưu trữ:", true);
    return;
  }
  say("Nhập từ khoá để tìm (không cần gõ dấu).", false);

  index.load().then((entry) => {
    filters.hidden = false;
    for (const option of filters.querySelectorAll("select[name=loai] option")) {
      option.hidden = option.value !== "" && !entry.kinds[option.value];
    }
    for (const option of filters.querySelectorAll("select[name=linh-vuc] option")) {
      option.hidden = option.value !== "" && !entry.topics[option.value];
    }
  }, () => {
    say("Không tải được chỉ mục tìm kiếm. Xem theo lĩnh vực hoặc lưu trữ:", true);
  });

  function links() {
    return Array.from(list.querySelectorAll("a.md-search-result__link"));
  }

  async function show(ids, query, from) {
    const matches = matcher(query);
    const pages = await Promise.all(ids.slice(from, from + SHOWN).map((id) => index.page(id)));
    return pages.map((page) => {
      const item = element("li", "md-search-result__item");
      const link = element("a", "md-search-result__link");
      link.href = new URL(page.url, root).href;
      const article = element("article", "md-search-result__article md-typeset portal-search__hit");
      const title = element("h2", "portal-search__title");
      appendMarked(title, page.title, matches);
      const info = element("p", "portal-search__info");
      info.append(element("span", "portal-search__kind", labels.get(page.kind) || page.kind), " · ");
      const time = element("time", "", formatDate(page.date));
      time.dateTime = page.date;
      info.append(time);
      if (page.number) {
        info.append(" · Số ");
        appendMarked(info, page.number, matches);
      }
      const text = element("p", "portal-search__excerpt");
      appendMarked(text, excerpt(page.text, matches), matches);
      article.append(title, info, text);
      link.append(article);
      item.append(link);
      return item;
    });
  }

  async function run() {
    const number = ++current;
    const text = input.value;
    const query = parseQuery(text);
    const chosen = Object.fromEntries(selects.map((select) => [select.name, select.value]));
    list.replaceChildren();
    shownFor = null;
    if (more) {
      more.remove();
      more = null;
    }
    if (!query.required.length && !chosen.loai && !chosen["linh-vuc"]) {
      say("Nhập từ khoá để tìm (không cần gõ dấu).", false);
      done(text);
      return;
    }
    say("Đang tìm…", false);
    let ids;
    try {
      ids = await search(index, query, chosen);
    } catch (error) {
      if (number !== current) {
        return;
      }
      if (error.status === 404 && !run.retried) {
        run.retried = true;  // the site was published again since the entry was read
        Object.assign(index, new Index(index.base));
        return run();
      }
      say("Không tải được chỉ mục tìm kiếm. Xem theo lĩnh vực hoặc lưu trữ:", true);
      done(text);
      return;
    }
    if (number !== current) {
      return;
    }
    if (!ids.length) {
      say(`Không tìm thấy kết quả nào cho «${text.trim()}». Thử ít từ hơn, bỏ bộ lọc, hoặc xem theo lĩnh vực:`, true);
      done(text);
      return;
    }
    const items = await show(ids, query, 0);
    if (number !== current) {
      return;
    }
    list.replaceChildren(...items);
    shownFor = text;
    say(ids.length === 1 ? "Tìm thấy 1 kết quả" : `Tìm thấy ${ids.length} kết quả`, false);
    done(text);
    let shown = items.length;
    if (shown < ids.length) {
      more = element("button", "md-button portal-search__more", "Xem thêm kết quả");
      more.type = "button";
      more.addEventListener("click", async () => {
        const next = await show(ids, query, shown);
        if (number !== current) {
          return;
        }
        const focus = links().length;
        list.append(...next);
        shown += next.length;
        links()[focus]?.focus();
        if (shown >= ids.length) {
          more.remove();
          more = null;
        }
      });
      list.after(more);
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  function close() {
    if (toggle.checked) {
      toggle.click();
    }
    input.blur();
  }

  input.addEventListener("input", schedule);
  selects.forEach((select) => select.addEventListener("change", run));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      run();
      input.focus();
    });
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      const first = links()[0];
      if (first && shownFor === input.value) {
        first.click();
      } else {
        run().then(() => {
          const best = links()[0];
          if (best) {
            best.click();
          }
        });
      }
    } else if (event.key === "ArrowDown") {
      const first = links()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
    }
  });
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  dialog.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !dialog.contains(event.relatedTarget)) {
      close();
    }
  });
  toggle.addEventListener("change", () => {
    if (!toggle.checked && dialog.contains(document.activeElement)) {
      document.activeElement.blur();
    }
  });
  if (input.value) {
    run();
  }
}
