package dev.miniflow.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The problem types Miniflow answers with, each explained on a public page at /problems/{name}:
 * the {@code type} of every problem it sends is {@code /problems/<name>} (a reference relative to
 * the server that answered), so a caller can look up what it means and what to do.
 */
@Controller
class ProblemTypes {
  /** One kind of problem: its page's name, HTTP status, title and what it means for the caller. */
  record Type(String name, int status, String title, String summary) {
    String uri() {
      return "/problems/" + name;
    }
  }

  private static final Map<String, Type> TYPES = new LinkedHashMap<>();

  private static Type type(String name, int status, String title, String summary) {
    Type type = new Type(name, status, title, summary);
    TYPES.put(name, type);
    return type;
  }

  static final Type INVALID_REQUEST = type("invalid-request", 400, "Invalid request",
      "A parameter or the body is missing, malformed or out of range; the detail names it. Fix the request and send it again.");
  static final Type UNAUTHORIZED = type("unauthorized", 401, "Unauthorized",
      "The call has no usable credentials: send HTTP Basic credentials or a valid access token (Authorization: Bearer).");
  static final Type INVALID_SIGNATURE = type("invalid-signature", 401, "Invalid signature",
      "A partner callback whose X-Partner-Signature does not match its body under the target app's secret.");
  static final Type FORBIDDEN = type("forbidden", 403, "Not allowed",
      "The caller is known but may not do this: a workspace role, a scope on the mini program or the access token's scope is missing.");
  static final Type NOT_FOUND = type("not-found", 404, "Not found",
      "Nothing with this id exists for the caller. Outside the caller's workspaces everything is \"not found\", so no ids leak.");
  static final Type CONFLICT = type("conflict", 409, "Conflict",
      "The request does not fit what the subject is now (already decided, withdrawn, archived, claimed by someone else); read it again before retrying.");
  static final Type WORKSPACE_ARCHIVED = type("workspace-archived", 410, "Workspace archived",
      "The workspace this invitation is for was archived; a platform admin can restore it.");
  static final Type INVITATION_WITHDRAWN = type("invitation-withdrawn", 410, "Invitation withdrawn",
      "A workspace admin withdrew this invitation; ask them for a new one.");
  static final Type INVITATION_USED = type("invitation-used", 410, "Invitation used",
      "An invitation works once, and this one was accepted already: log in instead.");
  static final Type INVITATION_EXPIRED = type("invitation-expired", 410, "Invitation expired",
      "An invitation is valid for three days; ask the workspace admin to send it again.");
  static final Type PREVIEW_INVALID = type("preview-invalid", 400, "Not a valid preview code",
      "The scanned preview code is malformed or its signature does not match.");
  static final Type PREVIEW_NOT_TESTER = type("preview-not-tester", 403, "Not a tester of this version",
      "Preview codes name their testers; this user is not one of them.");
  static final Type PREVIEW_EXPIRED = type("preview-expired", 410, "Preview code expired",
      "Preview codes are valid for a limited time; ask for a new one.");
  static final Type PAYLOAD_TOO_LARGE = type("payload-too-large", 413, "Request too large",
      "The body is larger than this call accepts (partner callbacks 16 KB, task decisions 64 KB, process models 2 MB, other JSON 256 KB).");
  static final Type PACKAGE_TOO_LARGE = type("package-too-large", 413, "Package too large",
      "The uploaded package is larger than the allowed package size (30 MB by default).");
  static final Type PACKAGE_REJECTED = type("package-rejected", 422, "Package rejected",
      "The package breaks a rule of the package inspection (a package-… type names which: not a zip, path traversal, zip bomb, app.json missing…); fix the package and upload it again.");
  static final Type INVALID_VERSION = type("invalid-version", 422, "Invalid version number",
      "Version numbers are semantic versions such as 1.4.0.");
  static final Type VERSION_NOT_INCREASING = type("version-not-increasing", 422, "Version number not increasing",
      "A new version must be greater than every version uploaded before.");
  static final Type INVALID_MODEL = type("invalid-model", 422, "Invalid process or form",
      "The BPMN process or form was refused; the member problems lists each problem and the element it is at.");
  static final Type TOO_MANY_REQUESTS = type("too-many-requests", 429, "Too many failed logins",
      "Too many wrong passwords for this account or from this address: wait for the time Retry-After gives.");
  static final Type TOO_MANY_ATTEMPTS = type("too-many-attempts", 429, "Too many attempts",
      "Too many attempts at this invitation in a short time: wait a while before trying again.");
  static final Type INTERNAL_ERROR = type("internal-error", 500, "Unexpected error",
      "Something went wrong on Miniflow's side and nothing was changed; try again, and tell its operators if it persists.");
  static final Type PACKAGE_DAMAGED = type("package-damaged", 500, "Stored package damaged",
      "A stored package no longer matches its SHA-256 checksum; the operators need to restore it.");
  static final Type UNAVAILABLE = type("unavailable", 503, "Temporarily unavailable",
      "The database or the workflow engine cannot be reached right now; nothing was changed. Try again later (Retry-After).");

  /** The page's type for a name; every package-… rejection shares one page. */
  static Optional<Type> named(String name) {
    return Optional.ofNullable(TYPES.get(name))
        .or(() -> name.startsWith("package-") ? Optional.of(PACKAGE_REJECTED) : Optional.empty());
  }

  /** The general type of a status, for answers that know only their status. */
  static Optional<Type> forStatus(int status) {
    return Optional.ofNullable(switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 429 -> TOO_MANY_REQUESTS;
      case 500 -> INTERNAL_ERROR;
      case 503 -> UNAVAILABLE;
      default -> null;
    });
  }

  static java.util.Collection<Type> all() {
    return TYPES.values();
  }

  @GetMapping("/problems/{name}")
  String page(@PathVariable String name, Model model) {
    model.addAttribute("type", named(name).orElseThrow(() -> Problems.notFound("Problem type '" + name + "'")));
    model.addAttribute("name", name);
    model.addAttribute("types", all());
    return "problems/type";
  }
}
