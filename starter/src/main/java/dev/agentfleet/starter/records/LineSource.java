package dev.agentfleet.starter.records;

import java.io.IOException;

/** Hands out an input's lines in order, each with its number; null at the end. */
interface LineSource {

  LineScanner.Line next() throws IOException;
}
