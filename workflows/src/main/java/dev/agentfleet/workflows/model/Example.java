package dev.agentfleet.workflows.model;

/** A labelled example a classifier compares new text against. */
public record Example(String label, String text) {}
