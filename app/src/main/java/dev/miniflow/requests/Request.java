package dev.miniflow.requests;

import java.time.Instant;
import org.springframework.modulith.NamedInterface;

/**
 * Something a person asked for, as its feature describes it.
 *
 * @param process the BPMN process it runs in (workspace variants included), to find its open task
 * @param page where people see it
 * @param withdrawPath the API call that withdraws it, while the requester still may; else null
 */
@NamedInterface("api")
public record Request(Kind kind, long id, long workspaceId, String title, String status, Instant requestedAt,
    String process, String page, String withdrawPath) {

  @NamedInterface("api")
  public enum Kind {
    RELEASE, ACCESS, REMOVAL, CAPABILITY, LISTING_CHANGE
  }
}
