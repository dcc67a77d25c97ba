package dev.miniflow.requests;

import java.util.List;
import org.springframework.modulith.NamedInterface;

/** Implemented by each feature whose processes people start: what the user asked for there. */
@NamedInterface("api")
public interface RequestSource {
  /** The user's requests in these workspaces, newest first, at most {@code limit}. */
  List<Request> requestedBy(String username, List<Long> workspaceIds, int limit);
}
