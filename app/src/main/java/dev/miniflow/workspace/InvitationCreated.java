package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
/** Published when someone is invited, so the invitation can be mailed (the invitee has no account yet). */
@NamedInterface("api")
public record InvitationCreated(String email, String workspaceName, String invitedBy, String link) {}
