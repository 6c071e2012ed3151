// Injected by browser_test.sh into a copy of a 120-sample report: clicks as a
// reader would and records what the page then shows in data-probe.
(function () {
  'use strict';
  var table = document.querySelector('#summary table.sortable');
  var header = table.tHead.rows[0].cells[0];
  header.click();
  header.click();  // the second click sorts descending
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var visible = rows.filter(function (row) { return row.style.display !== 'none'; }).length;
  var pager = document.querySelector('#composition .pager');
  var buttons = pager.querySelectorAll('.pager-controls button');
  buttons[buttons.length - 1].click();  // next page
  var shown = Array.prototype.filter.call(pager.querySelectorAll('.page'), function (page) {
    return page.style.display !== 'none';
  }).map(function (page) { return page.getAttribute('data-page'); });
  document.body.setAttribute('data-probe', rows[0].cells[0].textContent + '|' + visible + '|' + shown.join(','));
})();
