package dev.miniflow.workspace;

/** Published when someone is invited, so the invitation can be mailed (the invitee has no account yet). */
public record InvitationCreated(String email, String workspaceName, String invitedBy, String link) {}
