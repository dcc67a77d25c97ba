// The task list: live updates (server-sent events, polling while they are unavailable), the task
// pane beside the queue, bulk selection that survives refreshes, and keyboard shortcuts.
(function () {
  'use strict';
  var table = document.getElementById('queue-table');
  if (!table) {
    return;
  }
  var pane = document.getElementById('task-pane');
  var views = document.getElementById('task-views');
  var selected = new Set();
  var current = null; // id of the highlighted task

  function refresh() {
    htmx.trigger(table, 'tasks-changed');
    if (views) {
      htmx.trigger(views, 'tasks-changed');
    }
  }

  // live: the server says when tasks of my workspaces change; polling only while it cannot
  var live = false;
  if (window.EventSource && table.dataset.events) {
    var source = new EventSource(table.dataset.events);
    source.addEventListener('tasks', refresh);
    source.onopen = function () {
      live = true;
      document.body.dataset.live = 'true';
    };
    source.onerror = function () {
      live = false;
      delete document.body.dataset.live;
    };
  }
  setInterval(function () {
    if (!live) {
      refresh();
    }
  }, 5000);

  function rows() {
    return Array.prototype.slice.call(table.querySelectorAll('tr.task-row'));
  }

  function highlight(id) {
    current = id;
    rows().forEach(function (row) {
      var on = row.dataset.task === id;
      row.classList.toggle('table-active', on);
      row.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on) {
        row.scrollIntoView({block: 'nearest'});
      }
    });
  }

  function paneVisible() {
    return pane && pane.offsetParent !== null;
  }

  function open(id) {
    if (!id) {
      return;
    }
    highlight(id);
    if (!paneVisible()) {
      window.location.href = '/tasks/' + id;
      return;
    }
    htmx.ajax('GET', '/tasks/' + id, {target: '#task-pane', select: '#task-content', swap: 'innerHTML'});
  }

  // the pane's forms stay in the pane: htmx posts them and shows the task as it is afterwards
  document.body.addEventListener('htmx:afterSwap', function (event) {
    if (event.detail.target === pane) {
      pane.querySelectorAll('form[action]').forEach(function (form) {
        form.setAttribute('hx-post', form.getAttribute('action'));
        form.setAttribute('hx-target', '#task-pane');
        form.setAttribute('hx-select', '#task-content');
        form.setAttribute('hx-swap', 'innerHTML');
      });
      htmx.process(pane);
    }
    if (event.detail.target === table) {
      // the table was read again: keep what was selected and highlighted
      table.querySelectorAll('input[name=taskIds]').forEach(function (box) {
        box.checked = selected.has(box.value);
      });
      if (current) {
        highlight(current);
      }
    }
  });

  table.addEventListener('change', function (event) {
    var box = event.target;
    if (box.name === 'taskIds') {
      if (box.checked) {
        selected.add(box.value);
      } else {
        selected.delete(box.value);
      }
    }
  });

  table.addEventListener('click', function (event) {
    var row = event.target.closest('tr.task-row');
    if (!row || event.target.closest('a, input, button, label')) {
      return;
    }
    open(row.dataset.task);
  });

  function move(step) {
    var all = rows();
    if (all.length === 0) {
      return;
    }
    var index = all.findIndex(function (row) {
      return row.dataset.task === current;
    });
    index = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    highlight(all[index].dataset.task);
  }

  function decide(value) {
    var form = pane && pane.querySelector('#task-form');
    if (!form) {
      return;
    }
    var choice = form.querySelector('input[name=decision][value=' + value + ']');
    if (choice) {
      choice.checked = true;
    }
    var comment = form.querySelector('textarea, input[type=text]');
    if (comment) {
      comment.focus();
    }
  }

  var help = document.getElementById('shortcuts');
  var helpToggle = document.getElementById('shortcuts-toggle');
  function toggleHelp() {
    help.hidden = !help.hidden;
    helpToggle.setAttribute('aria-expanded', String(!help.hidden));
  }
  helpToggle.addEventListener('click', toggleHelp);

  document.addEventListener('keydown', function (event) {
    var typing = event.target.closest('input, textarea, select, [contenteditable]');
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && typing) {
      var form = event.target.closest('form');
      if (form && pane.contains(form)) {
        event.preventDefault();
        htmx.trigger(form, 'submit');
      }
      return;
    }
    if (event.key === 'Escape') {
      if (typing) {
        typing.blur();
      }
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    switch (event.key) {
      case 'j': case 'ArrowDown': move(1); break;
      case 'k': case 'ArrowUp': move(-1); break;
      case 'Enter': case 'o': open(current); break;
      case 'x': {
        var box = current && table.querySelector('tr[data-task="' + current + '"] input[name=taskIds]');
        if (box) {
          box.checked = !box.checked;
          box.dispatchEvent(new Event('change', {bubbles: true}));
        }
        break;
      }
      case 'c': {
        var claim = pane && pane.querySelector('#claim');
        if (claim) {
          claim.click();
        }
        break;
      }
      case 'a': decide('approve'); break;
      case 'r': decide('reject'); break;
      case '?': toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });
})();
