// Loaded first: any script error is shown on the page, where the browser test looks for it.
'use strict';
window.addEventListener('error', function (event) {
  var list = document.getElementById('script-errors');
  var text = 'script error: ' + (event.message || 'unknown') + ' at line ' + (event.lineno || '?');
  if (list) {
    var item = document.createElement('li');
    item.className = 'script-error';
    item.textContent = text;
    list.appendChild(item);
  } else {
    document.documentElement.setAttribute('data-script-error', text);
  }
});
