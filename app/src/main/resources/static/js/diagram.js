// Shows a deployed process with the vendored bpmn-js viewer. The container names the XML to load
// (data-xml) and how the instance stands (data-state: {active:[], completed:[], incidents:[]}).
(function () {
  function csrfHeaders() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    var headers = {};
    if (token && header) { headers[header.content] = token.content; }
    return headers;
  }
  window.MiniflowCsrf = csrfHeaders;

  // What the modeler and the form editor share: a status line, a list of problems, posting a document.
  window.MiniflowConsole = {
    say: function (status, text, kind) {
      status.textContent = text;
      status.className = 'alert py-2 mb-2 alert-' + kind;
    },
    /** Lists problems; decorate(item, problem) may link an item to the element it is about. */
    showProblems: function (list, problems, decorate) {
      list.innerHTML = '';
      problems.forEach(function (p) {
        var item = document.createElement('li');
        item.className = 'list-group-item list-group-item-danger';
        item.textContent = (p.elementId ? p.elementId + ': ' : '') + p.message;
        if (decorate) { decorate(item, p); }
        list.appendChild(item);
      });
    },
    post: async function (url, contentType, body) {
      var headers = csrfHeaders();
      headers['Content-Type'] = contentType;
      headers['Accept'] = 'application/json, application/problem+json';
      var response = await fetch(url, { method: 'POST', headers: headers, body: body });
      var json = {};
      try { json = await response.json(); } catch (e) { /* empty body */ }
      return { ok: response.ok, status: response.status, body: json };
    }
  };

  async function show(container) {
    var viewer = new BpmnNavigatedViewer({ container: container });
    try {
      var response = await fetch(container.dataset.xml, { headers: { Accept: 'application/xml' } });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      await viewer.importXML(await response.text());
      viewer.get('canvas').zoom('fit-viewport');
      var state = JSON.parse(container.dataset.state || '{}');
      var canvas = viewer.get('canvas');
      var registry = viewer.get('elementRegistry');
      var overlays = viewer.get('overlays');
      var mark = function (ids, marker, label) {
        (ids || []).forEach(function (id) {
          if (!registry.get(id)) { return; }
          canvas.addMarker(id, marker);
          if (label) {
            overlays.add(id, { position: { top: -12, right: 12 },
              html: '<span class="badge ' + label[0] + '" title="' + label[1] + '">' + label[1] + '</span>' });
          }
        });
      };
      mark(state.completed, 'mf-completed');
      mark(state.active, 'mf-active', ['text-bg-primary', 'active']);
      mark(state.incidents, 'mf-incident', ['text-bg-danger', 'incident']);
      container.dataset.rendered = 'true';
    } catch (e) {
      container.textContent = 'The diagram could not be shown: ' + e.message;
      container.classList.add('text-danger');
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-diagram]').forEach(show);
  });
})();
