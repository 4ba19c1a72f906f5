package dev.loupe.client;

/** A task just started: its id, the server for its calls, and the files the project has left this month. */
public record StartedTask(String task, String server, int remainingFiles) {
}
