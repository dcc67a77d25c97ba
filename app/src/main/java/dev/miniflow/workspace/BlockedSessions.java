package dev.miniflow.workspace;

import org.springframework.context.event.EventListener;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * A blocked member's sessions end at once (every request already asks {@link WorkspaceAccess},
 * but a browser left open should not keep a page that looks usable). They log in again to work in
 * their other workspaces.
 */
@Component
class BlockedSessions {
  private final FindByIndexNameSessionRepository<? extends Session> sessions;

  BlockedSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
    this.sessions = sessions;
  }

  @EventListener
  public void on(MemberBlocked blocked) {
    sessions.findByPrincipalName(blocked.username()).keySet().forEach(sessions::deleteById);
  }
}
