// Loaded right before Material's bundle (overrides/main.html, block `scripts`).
// 1. Replaces the theme's inline <script>s, which a strict Content-Security-Policy
//    (script-src 'self', deploy/nginx.conf) would block: the helpers Material's bundle expects
//    (partials/javascripts/base.html) and the tab-anchor fix (partials/javascripts/content.html).
// 2. Stops Material's sitemap requests. Material reads sitemap.xml for instant navigation,
//    link previews and version switching (none enabled here), and treats every
//    <link rel="alternate"> as another language version of the site, requesting
//    "<feed URL>/../sitemap.xml": 404s in the console on every topic page, and the whole
//    sitemap downloaded on every page view. The blocked request fails the way a network error
//    does, which Material handles (no links are rewritten).
// 3. Gives each link in the content its public address for print (portal.css, @media print).
(function () {
  "use strict";
  var script = document.currentScript;
  // This file lives at <site>/assets/js/: the site root is two levels up.
  window.__md_scope = new URL("../../", script ? script.src : location.href);
  window.__md_hash = function (value) {
    return Array.prototype.reduce.call(value, function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    storage = storage || localStorage;
    scope = scope || __md_scope;
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    storage = storage || localStorage;
    scope = scope || __md_scope;
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
    } catch (error) { /* storage full or disabled: preferences are not kept */ }
  };

  // Printed pages show where each link goes (portal.css, @media print), as the public address:
  // relative links are resolved against the page's canonical URL, not the address it was read at.
  var canonical = document.querySelector("link[rel=canonical]");
  var base = canonical ? canonical.href : location.href;
  document.querySelectorAll(".md-content a[href]").forEach(function (link) {
    var href = link.getAttribute("href");
    if (href.charAt(0) === "#" || /^(mailto|tel|javascript):/i.test(href) ||
        link.matches(".headerlink, .portal-tag, .md-content__button")) {
      return;
    }
    try {
      link.setAttribute("data-print-href", new URL(href, base).href);
    } catch (error) { /* not a URL: nothing to print */ }
  });

  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) {
    target.checked = target.name.indexOf("__tabbed_") === 0;
  }

  // Material's sitemap requests fail at once, as a network error does (see 2. above).
  var SITEMAP = /\/sitemap\.xml$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__portalSkip = SITEMAP.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    if (request.__portalSkip) {
      setTimeout(function () {
        request.dispatchEvent(new ProgressEvent("error"));
      }, 0);
      return undefined;
    }
    return send.apply(request, arguments);
  };
})();
