// Quire's page script (islands mode). `BUNDLE` ({js, wasm}) and `QUIRE` (the event, attribute and
// id names it shares with Rust: src/components/page_contract.rs) are defined just before this text.
//
// 1. Once the page is idle, it loads the WASM bundle and hydrates every leptos-island element by calling
//    the island's own export, then marks the body as hydrated (QUIRE.hydrated="true").
// 2. It follows same-site links without a page load: it first offers the address to the live
//    islands (a cancelable QUIRE.navigate event; the home page's list takes its own addresses),
//    else it fetches the page, swaps in its head tags and body, and hydrates the new islands.
//    Back and forward do the same. Anything unusual falls back to an ordinary page load.
// 3. It gives every code block of a post a copy button, and swaps an embedded video's poster for
//    its player when clicked (src/content/components/youtube.rs): no WASM for either.
let bundle = null;

const hydrateIslands = () => {
  if (!bundle) return;
  for (const island of document.querySelectorAll("leptos-island")) {
    const hydrate = bundle[island.dataset.component];
    if (!island.$$quire && hydrate) {
      island.$$quire = true;
      hydrate(island);
    }
  }
  document.body.setAttribute(QUIRE.hydrated, "true");
};

const load = () =>
  import(BUNDLE.js).then((module) =>
    module.default({ module_or_path: BUNDLE.wasm }).then(() => {
      module.hydrate();
      bundle = module;
      hydrateIslands();
    }),
  );
"requestIdleCallback" in window ? requestIdleCallback(load, { timeout: 2000 }) : setTimeout(load, 1);

// The address (path and query) of the page on screen.
let shown = location.pathname + location.search;
let latest = 0;

// Page-specific head tags: everything but scripts, stylesheets, preloads and the document's own
// settings, which are the same on every page of one build.
const pageHeadTag = (el) =>
  !el.matches(
    "script:not([type='application/ld+json']), link[rel=stylesheet], link[rel=modulepreload], " +
      "link[rel=preload], meta[charset], meta[name=viewport]",
  );

const rememberScroll = () =>
  history.replaceState({ ...(history.state || {}), quireScroll: scrollY }, "");

const settle = (url, { scroll, restore, focus }) => {
  shown = url.pathname + url.search;
  const target = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
  if (target) target.scrollIntoView();
  else if (restore != null) scrollTo(0, restore);
  else if (scroll) scrollTo(0, 0);
  if (focus && !target) document.getElementById(QUIRE.main)?.focus({ preventScroll: true });
};

async function navigate(url, { push, scroll = true, restore = null }) {
  // The newest navigation wins: a page still loading for an older one is dropped.
  const current = ++latest;
  const offer = new CustomEvent(QUIRE.navigate, {
    cancelable: true,
    detail: url.pathname + url.search,
  });
  if (!dispatchEvent(offer)) {
    if (push) {
      rememberScroll();
      history.pushState({}, "", url.href);
    }
    settle(url, { scroll, restore, focus: false });
    return;
  }
  let html;
  let address = url;
  try {
    const response = await fetch(url.href, { headers: { Accept: "text/html" } });
    if (!(response.headers.get("content-type") || "").startsWith("text/html")) throw response;
    html = await response.text();
    if (response.redirected) address = new URL(url.hash, response.url);
  } catch {
    location.assign(url.href);
    return;
  }
  if (current !== latest) return;
  const next = new DOMParser().parseFromString(html, "text/html");
  const script = (doc) => doc.querySelector("script[type=module]")?.textContent;
  // Another build of the site (new bundle names), or a page whose Content-Security-Policy allows
  // a player or a video from another site, which this page's policy does not: load it for real.
  if (script(next) !== script(document) || next.querySelector(`[${QUIRE.embedSrc}], [${QUIRE.mediaOrigin}]`)) {
    location.assign(address.href);
    return;
  }
  if (push) {
    rememberScroll();
    history.pushState({}, "", address.href);
  }
  // The islands of the page on screen free their state before it goes.
  dispatchEvent(new Event(QUIRE.unload));
  for (const el of [...document.head.children]) if (pageHeadTag(el)) el.remove();
  for (const el of [...next.head.children]) if (pageHeadTag(el)) document.head.append(el);
  document.body.replaceChildren(...next.body.childNodes);
  for (const name of document.body.getAttributeNames()) document.body.removeAttribute(name);
  for (const { name, value } of next.body.attributes) document.body.setAttribute(name, value);
  addCopyButtons();
  hydrateIslands();
  settle(address, { scroll, restore, focus: true });
}

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element && event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) return;
  if ((link.getAttribute("rel") || "").split(/\s+/).includes("external")) return;
  const url = new URL(link.getAttribute("href"), document.baseURI);
  if (url.origin !== location.origin) return;
  // Files (feeds, images, the sitemap) are not pages.
  if (/\.[a-z0-9]+$/i.test(url.pathname) && !/\.html?$/i.test(url.pathname)) return;
  // A link within the page: the browser scrolls to it.
  if (url.hash && url.pathname + url.search === shown) return;
  event.preventDefault();
  navigate(url, { push: true, scroll: !link.hasAttribute(QUIRE.noScroll) });
});

addEventListener("popstate", (event) => {
  const url = new URL(location.href);
  // Only the fragment changed: the browser has already scrolled.
  if (url.pathname + url.search === shown) return;
  navigate(url, { push: false, restore: event.state?.quireScroll ?? 0 });
});

// A copy button beside each code block of a post, once per block.
const addCopyButtons = () => {
  if (!navigator.clipboard) return;
  for (const pre of document.querySelectorAll(".post-body pre")) {
    if (pre.parentElement.classList.contains("code-frame")) continue;
    const frame = document.createElement("div");
    frame.className = "code-frame";
    pre.replaceWith(frame);
    frame.append(pre);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = "Copy";
    frame.append(button);
  }
};
addCopyButtons();

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element && event.target.closest(".copy-code");
  if (!button) return;
  const code = button.parentElement.querySelector("pre")?.textContent ?? "";
  const done = (text) => {
    button.textContent = text;
    setTimeout(() => (button.textContent = "Copy"), 2000);
  };
  navigator.clipboard.writeText(code.replace(/\n$/, "")).then(
    () => done("Copied"),
    () => done("Select and copy"),
  );
});

// An embedded player loads only when its poster is clicked; until then nothing comes from its site.
document.addEventListener("click", (event) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const poster = event.target instanceof Element && event.target.closest(`[${QUIRE.embedSrc}] .embed-poster`);
  if (!poster) return;
  event.preventDefault();
  const embed = poster.closest(`[${QUIRE.embedSrc}]`);
  const frame = document.createElement("iframe");
  frame.src = embed.getAttribute(QUIRE.embedSrc);
  frame.title = embed.getAttribute(QUIRE.embedTitle) || "Video";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.className = "embed-frame";
  poster.replaceWith(frame);
  frame.focus();
});
