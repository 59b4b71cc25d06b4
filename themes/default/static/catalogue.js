// The catalogue's filter in place (kpss default theme). Without JavaScript the page offers
// links to static pages of each filter; with it, this script shows the form of four labelled
// selects instead, hides the services (and the headings left empty) that do not match, and
// says how many are shown in a live region. No request leaves the page.
(function () {
  'use strict';
  var form = document.getElementById('filtr-sluzeb');
  var status = document.getElementById('filtr-stav');
  if (!form || !status) return;
  var items = Array.prototype.slice.call(document.querySelectorAll('.catalogue li[data-kind]'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('.catalogue section')).reverse();
  var links = document.getElementById('filtr-odkazy');
  var has = function (list, value) { return !value || (' ' + list + ' ').indexOf(' ' + value + ' ') >= 0; };
  function apply() {
    var want = {
      kind: form.elements.kind.value,
      forms: form.elements.forms.value,
      targetGroups: form.elements.target_groups.value,
      territories: form.elements.territories.value
    };
    var shown = 0;
    items.forEach(function (li) {
      var d = li.dataset;
      var ok = (!want.kind || d.kind === want.kind) && has(d.forms, want.forms) &&
        has(d.targetGroups, want.targetGroups) && has(d.territories, want.territories);
      li.hidden = !ok;
      if (ok) shown++;
    });
    // Innermost sections first (the list is reversed), so a category sees its kinds' state.
    sections.forEach(function (s) { s.hidden = !s.querySelector('li[data-kind]:not([hidden])'); });
    status.textContent = form.getAttribute('data-count-label')
      .replace('{shown}', String(shown)).replace('{total}', String(items.length));
  }
  form.hidden = false;
  if (links) links.hidden = true;
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
})();
