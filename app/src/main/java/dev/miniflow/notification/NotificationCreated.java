package dev.miniflow.notification;

/** A new inbox message; also mailed once the transaction that created it has committed. */
public record NotificationCreated(String recipient, String subject, String body, String link) {}
