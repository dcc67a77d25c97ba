package dev.miniflow.tasklist;

public enum TaskState {
  OPEN, CLAIMED, COMPLETED, CANCELED
}
