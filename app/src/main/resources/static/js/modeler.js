// The process owner's modeler: bpmn-js with the Zeebe properties panel, validation with problems
// marked on the diagram, deployment of a new version and download of the XML.
(function () {
  var root = document.getElementById('modeler');
  if (!root) { return; }
  var modeler = new BpmnModeler({
    container: '#canvas',
    propertiesPanel: { parent: '#properties' },
    keyboard: { bindTo: document }
  });
  window.miniflowModeler = modeler;
  var problemsList = document.getElementById('problems');
  var status = document.getElementById('status');
  var marked = [];

  function say(text, kind) { MiniflowConsole.say(status, text, kind); }

  // problems about an element are marked on the diagram; their list item selects it
  function showProblems(problems) {
    var canvas = modeler.get('canvas');
    var registry = modeler.get('elementRegistry');
    marked.forEach(function (id) { if (registry.get(id)) { canvas.removeMarker(id, 'mf-incident'); } });
    marked = [];
    MiniflowConsole.showProblems(problemsList, problems, function (item, p) {
      if (p.elementId && registry.get(p.elementId)) {
        canvas.addMarker(p.elementId, 'mf-incident');
        marked.push(p.elementId);
        item.tabIndex = 0;
        item.role = 'button';
        var select = function () { modeler.get('selection').select(registry.get(p.elementId)); };
        item.addEventListener('click', select);
        item.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { select(); } });
      }
    });
  }

  function post(url, xml) { return MiniflowConsole.post(url, 'application/xml', xml); }

  async function currentXml() {
    return (await modeler.saveXML({ format: true })).xml;
  }

  document.getElementById('validate').addEventListener('click', async function () {
    var result = await post(root.dataset.validateUrl, await currentXml());
    if (!result.ok) { say(result.body.detail || 'Validation failed (HTTP ' + result.status + ').', 'danger'); return; }
    showProblems(result.body.problems);
    if (result.body.valid) { say('Valid: ready to deploy.', 'success'); }
    else { say(result.body.problems.length + ' problem(s): see the list and the marked elements.', 'danger'); }
  });

  document.getElementById('deploy').addEventListener('click', async function () {
    if (!window.confirm('Deploy a new version? New instances will use it; running instances keep theirs.')) { return; }
    var result = await post(root.dataset.deployUrl, await currentXml());
    if (!result.ok) {
      showProblems(result.body.problems || []);
      say(result.body.detail || ('Not deployed (HTTP ' + result.status + ').'), 'danger');
      return;
    }
    showProblems([]);
    say((result.body.changed ? 'Deployed version ' : 'Nothing changed: still version ') + result.body.version
      + '. ' + result.body.summary, 'success');
    document.getElementById('version-link').href = root.dataset.processesUrl + '/'
      + encodeURIComponent(result.body.bpmnProcessId);
    document.getElementById('version-link').hidden = false;
  });

  // the draft against the running version: added and changed elements marked on the canvas, the
  // removed ones listed, the XML as a unified diff
  var diffMarked = [];
  document.getElementById('compare').addEventListener('click', async function () {
    var result = await post(root.dataset.diffUrl, await currentXml());
    if (!result.ok) { say(result.body.detail || 'Not compared (HTTP ' + result.status + ').', 'danger'); return; }
    var canvas = modeler.get('canvas');
    var registry = modeler.get('elementRegistry');
    diffMarked.forEach(function (m) { if (registry.get(m[0])) { canvas.removeMarker(m[0], m[1]); } });
    diffMarked = [];
    function mark(ids, marker) {
      ids.forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, marker); diffMarked.push([id, marker]); } });
    }
    mark(result.body.added, 'mf-diff-added');
    mark(result.body.changed, 'mf-diff-changed');
    function fill(listId, ids) {
      var list = document.getElementById(listId);
      list.textContent = '';
      ids.forEach(function (id) { var li = document.createElement('li'); li.textContent = id; list.appendChild(li); });
      if (ids.length === 0) { var none = document.createElement('li'); none.textContent = 'none'; none.className = 'text-muted'; list.appendChild(none); }
    }
    fill('diff-added', result.body.added);
    fill('diff-removed', result.body.removed);
    fill('diff-changed', result.body.changed);
    document.getElementById('xml-diff').textContent = result.body.xmlDiff || 'No differences in the XML.';
    document.getElementById('diff-against').textContent = result.body.againstVersion == null
      ? 'Nothing of this process runs yet: everything is new.'
      : 'Against version ' + result.body.againstVersion + ' (running now).';
    document.getElementById('diff').hidden = false;
    await showRunning(result.body.againstKey, result.body.removed, result.body.changed);
    say(result.body.added.length + ' added, ' + result.body.removed.length + ' removed, ' + result.body.changed.length
      + ' changed against the running version.', 'info');
  });

  // the running version's own diagram beside the list: removed elements marked red, changed amber
  var runningViewer = null;
  async function showRunning(key, removed, changed) {
    var section = document.getElementById('diff-running');
    if (key == null) { section.hidden = true; return; }
    section.hidden = false;
    var canvasElement = document.getElementById('diff-running-canvas');
    if (!runningViewer) { runningViewer = new BpmnModeler({ container: canvasElement }); }
    var response = await fetch(root.dataset.definitionXmlUrl.replace('{key}', encodeURIComponent(key)),
      { headers: { Accept: 'application/xml' } });
    if (!response.ok) { canvasElement.textContent = 'The running version could not be shown (HTTP ' + response.status + ').'; return; }
    await runningViewer.importXML(await response.text());
    var canvas = runningViewer.get('canvas');
    var registry = runningViewer.get('elementRegistry');
    canvas.zoom('fit-viewport');
    removed.forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, 'mf-diff-removed'); } });
    changed.forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, 'mf-diff-changed'); } });
    section.dataset.rendered = 'true';
  }

  document.getElementById('download').addEventListener('click', async function () {
    var blob = new Blob([await currentXml()], { type: 'application/xml' });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = root.dataset.fileName;
    link.click();
    URL.revokeObjectURL(link.href);
  });

  fetch(root.dataset.xmlUrl, { headers: { Accept: 'application/xml' } })
    .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.text(); })
    .then(function (xml) { return modeler.importXML(xml); })
    .then(function () { modeler.get('canvas').zoom('fit-viewport'); root.dataset.ready = 'true'; })
    .catch(function (e) { say('The process could not be opened: ' + e.message, 'danger'); });
})();
