// Sortable tables, paged tables and paged charts; without script the whole page still reads.
'use strict';
(function () {
  function controls(className, label, count, show) {
    var bar = document.createElement('div');
    bar.className = className;
    var previous = document.createElement('button');
    var next = document.createElement('button');
    var status = document.createElement('span');
    previous.type = next.type = 'button';
    previous.textContent = '\u25C0 previous';
    next.textContent = 'next \u25B6';
    var current = 0;
    function go(page) {
      current = Math.max(0, Math.min(count() - 1, page));
      show(current);
      status.textContent = label + ' page ' + (current + 1) + ' of ' + count();
      previous.disabled = current === 0;
      next.disabled = current >= count() - 1;
    }
    previous.addEventListener('click', function () { go(current - 1); });
    next.addEventListener('click', function () { go(current + 1); });
    bar.appendChild(previous);
    bar.appendChild(status);
    bar.appendChild(next);
    return { element: bar, go: go };
  }

  function pageTable(table) {
    var size = parseInt(table.getAttribute('data-page-size'), 10);
    if (!(size > 0)) return null;
    var body = table.tBodies[0];
    var pager = controls('table-controls', 'rows', function () {
      return Math.max(1, Math.ceil(body.rows.length / size));
    }, function (page) {
      for (var i = 0; i < body.rows.length; i++) {
        body.rows[i].style.display = (i >= page * size && i < (page + 1) * size) ? '' : 'none';
      }
    });
    table.parentNode.insertBefore(pager.element, table.nextSibling);
    pager.go(0);
    return pager;
  }

  function sortKey(row, column) {
    var cell = row.cells[column];
    if (!cell) return '';
    var value = cell.getAttribute('data-value');
    return value !== null && value !== '' && !isNaN(Number(value)) ? Number(value) : cell.textContent.trim().toLowerCase();
  }

  function makeSortable(table, pager) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, column) {
      header.addEventListener('click', function () {
        var ascending = header.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a, column), y = sortKey(b, column);
          var order = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        if (pager) pager.go(0);
      });
    });
  }

  function pageCharts(container) {
    var pages = Array.prototype.filter.call(container.children, function (child) { return child.classList.contains('page'); });
    var pager = controls('pager-controls', container.getAttribute('data-what') || '', function () { return pages.length; },
      function (page) { pages.forEach(function (element, i) { element.style.display = i === page ? '' : 'none'; }); });
    container.insertBefore(pager.element, container.firstChild);
    pager.go(0);
  }

  document.querySelectorAll('table.sortable').forEach(function (table) { makeSortable(table, pageTable(table)); });
  document.querySelectorAll('div.pager').forEach(pageCharts);
  document.documentElement.setAttribute('data-report-ready', 'yes');
})();
