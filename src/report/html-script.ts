/**
 * The HTML report's script: progressive enhancement only. Without it every result is listed and readable; with it,
 * status filters (kept in the address as `#status=failed`, so a link opens the report filtered), a text search and
 * expand/collapse all.
 * Plain ES2017 with no dependency; it never writes markup (only `hidden`, attributes and `textContent`).
 */
export const HTML_REPORT_SCRIPT = `
(function () {
  'use strict';
  var doc = document;
  var toolbar = doc.getElementById('toolbar');
  if (!toolbar) return;
  doc.documentElement.classList.add('js');
  toolbar.hidden = false;
  var all = function (selector) { return Array.prototype.slice.call(doc.querySelectorAll(selector)); };
  var results = all('.result');
  var versions = all('.version');
  var suites = all('.suite');
  var controls = all('[data-filter]');
  var search = doc.getElementById('search');
  var shown = doc.getElementById('shown');
  var empty = doc.getElementById('empty');
  var toggle = doc.getElementById('toggle-all');
  var statuses = ['all', 'passed', 'failed', 'warned', 'skipped', 'errored'];
  var state = { status: 'all', query: '' };
  var texts = new WeakMap();
  function textOf(el) {
    var text = texts.get(el);
    if (text === undefined) { text = (el.textContent || '').toLowerCase(); texts.set(el, text); }
    return text;
  }
  function apply() {
    var terms = state.query.toLowerCase().split(/\\s+/).filter(Boolean);
    var visible = 0;
    results.forEach(function (el) {
      var match = (state.status === 'all' || el.getAttribute('data-status') === state.status) &&
        terms.every(function (term) { return textOf(el).indexOf(term) !== -1; });
      el.hidden = !match;
      if (match) visible += 1;
    });
    versions.forEach(function (el) { el.hidden = !el.querySelector('.result:not([hidden])'); });
    suites.forEach(function (el) { el.hidden = !el.querySelector('.result:not([hidden])'); });
    controls.forEach(function (el) {
      if (el.tagName === 'BUTTON') el.setAttribute('aria-pressed', String(el.getAttribute('data-filter') === state.status));
    });
    shown.textContent = visible + ' of ' + results.length + ' results';
    empty.hidden = visible !== 0;
  }
  function setStatus(status, remember) {
    state.status = statuses.indexOf(status) === -1 ? 'all' : status;
    apply();
    if (!remember) return;
    try {
      history.replaceState(null, '', state.status === 'all' ? location.pathname + location.search : '#status=' + state.status);
    } catch (error) {
      // A browser that refuses to change the address of a file: the filter still applies, it is just not in the URL.
    }
  }
  controls.forEach(function (el) {
    el.addEventListener('click', function (event) {
      event.preventDefault();
      setStatus(el.getAttribute('data-filter'), true);
      if (el.tagName === 'A') toolbar.scrollIntoView({ block: 'start' });
    });
  });
  search.addEventListener('input', function () { state.query = search.value; apply(); });
  doc.addEventListener('keydown', function (event) {
    var target = event.target;
    var typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');
    if (event.key === '/' && !typing) { event.preventDefault(); search.focus(); }
    if (event.key === 'Escape' && target === search) { search.value = ''; state.query = ''; apply(); }
  });
  toggle.addEventListener('click', function () {
    var open = toggle.getAttribute('data-open') !== 'true';
    results.forEach(function (el) { if (!el.hidden) el.open = open; });
    toggle.setAttribute('data-open', String(open));
    toggle.textContent = open ? 'Collapse all' : 'Expand all';
  });
  var fromHash = /^#status=([a-z]+)$/.exec(location.hash);
  setStatus(fromHash ? fromHash[1] : 'all', false);
})();
`;
