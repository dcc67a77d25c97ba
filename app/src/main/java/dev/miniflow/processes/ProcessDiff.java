package dev.miniflow.processes;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a draft changes against the running version of its process, before it is deployed: the
 * elements added, removed and changed (its own attributes and Zeebe properties, not those of the
 * elements inside a subprocess), and the XML as a unified diff.
 */
final class ProcessDiff {
  /** A diff longer than this is cut (it is for reading, not for patching). */
  static final int MAX_DIFF_CHARS = 200_000;
  /** The children of a subprocess that belong to it; the rest are elements of their own. */
  private static final Set<String> OWN_CHILDREN = Set.of("extensionElements", "multiInstanceLoopCharacteristics",
      "documentation", "incoming", "outgoing");

  private ProcessDiff() {}

  /**
   * @param againstVersion the running version compared with (null: nothing runs yet, all is added)
   */
  record Diff(String processId, Integer againstVersion, Long againstKey, List<String> added, List<String> removed,
      List<String> changed, String xmlDiff) {}

  static Diff between(String processId, ProcessDefinitions.ProcessDefinition running, String draftXml,
      BpmnModelInstance draft) {
    Map<String, String> after = elements(draft);
    if (running == null) {
      return new Diff(processId, null, null, List.copyOf(after.keySet()), List.of(), List.of(), "");
    }
    Map<String, String> before = elements(Bpmn.readModelFromStream(
        new ByteArrayInputStream(running.xml().getBytes(StandardCharsets.UTF_8))));
    List<String> added = after.keySet().stream().filter(id -> !before.containsKey(id)).toList();
    List<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
    List<String> changed = after.keySet().stream().filter(before::containsKey)
        .filter(id -> !Objects.equals(before.get(id), after.get(id))).toList();
    List<String> runningLines = running.xml().lines().toList();
    List<String> draftLines = draftXml.lines().toList();
    String unified = String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("running version " + running.version(),
        "draft", runningLines, DiffUtils.diff(runningLines, draftLines), 3));
    if (unified.length() > MAX_DIFF_CHARS) {
      unified = unified.substring(0, MAX_DIFF_CHARS) + "\n… (cut)";
    }
    return new Diff(processId, running.version(), running.key(), added, removed, changed, unified);
  }

  /** Each flow element by id, as its own canonical XML (a subprocess without its inner elements). */
  private static Map<String, String> elements(BpmnModelInstance model) {
    org.w3c.dom.Document document = (org.w3c.dom.Document) model.getDocument().getDomSource().getNode();
    Map<String, Element> domById = new java.util.HashMap<>();
    org.w3c.dom.NodeList all = document.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element candidate = (Element) all.item(i);
      if (candidate.hasAttribute("id")) {
        domById.putIfAbsent(candidate.getAttribute("id"), candidate);
      }
    }
    Map<String, String> byId = new LinkedHashMap<>();
    for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
      Element found = domById.get(element.getId());
      if (found == null) {
        continue;
      }
      Element dom = (Element) found.cloneNode(true);
      if (element instanceof SubProcess) {
        List<Node> inner = new ArrayList<>();
        for (Node child = dom.getFirstChild(); child != null; child = child.getNextSibling()) {
          if (child.getNodeType() == Node.ELEMENT_NODE && !OWN_CHILDREN.contains(child.getLocalName())) {
            inner.add(child);
          }
        }
        inner.forEach(dom::removeChild);
      }
      byId.put(element.getId(), canonical(dom));
    }
    return byId;
  }

  private static String canonical(Element element) {
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(element), new StreamResult(out));
      return out.toString().replaceAll(">\\s+<", "><").strip();
    } catch (javax.xml.transform.TransformerException e) {
      throw new IllegalStateException("Could not compare element " + element.getAttribute("id"), e);
    }
  }
}
