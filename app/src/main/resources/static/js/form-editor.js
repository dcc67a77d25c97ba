// The form editor: JSON on the left, a live form-js preview on the right, server-side validation and deployment.
(function () {
  var root = document.getElementById('form-editor');
  if (!root) { return; }
  var schema = document.getElementById('schema');
  var status = document.getElementById('status');
  var problemsList = document.getElementById('problems');
  var preview = document.getElementById('preview');
  var form = null;

  function say(text, kind) { MiniflowConsole.say(status, text, kind); }
  function showProblems(problems) { MiniflowConsole.showProblems(problemsList, problems); }
  async function renderPreview() {
    try {
      var parsed = JSON.parse(schema.value);
      if (form) { form.destroy(); }
      preview.innerHTML = '';
      form = await FormViewer.createForm({ container: preview, schema: parsed });
    } catch (e) {
      preview.textContent = 'No preview: ' + e.message;
    }
  }
  function post(url) { return MiniflowConsole.post(url, 'application/json', schema.value); }
  var timer;
  schema.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(renderPreview, 400); });
  document.getElementById('validate-form').addEventListener('click', async function () {
    var result = await post(root.dataset.validateUrl);
    if (!result.ok) { say(result.body.detail || ('HTTP ' + result.status), 'danger'); return; }
    showProblems(result.body.problems);
    say(result.body.valid ? 'Valid: ready to deploy.' : result.body.problems.length + ' problem(s).',
      result.body.valid ? 'success' : 'danger');
  });
  document.getElementById('deploy-form').addEventListener('click', async function () {
    var result = await post(root.dataset.deployUrl);
    if (!result.ok) { showProblems(result.body.problems || []); say(result.body.detail || ('HTTP ' + result.status), 'danger'); return; }
    showProblems([]);
    document.getElementById('form-version').textContent = 'version ' + result.body.version;
    say('Deployed version ' + result.body.version + '. Tasks created from now on use it.', 'success');
  });
  renderPreview();
})();
