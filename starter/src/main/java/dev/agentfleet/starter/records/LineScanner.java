package dev.agentfleet.starter.records;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text line by line while counting each line's size in UTF-8 bytes, and stops keeping the
 * text of a line once it passes a byte limit, so a multi-megabyte line costs its count, not its
 * memory. Lines end at {@code \n}; a {@code \r} before it is dropped.
 */
final class LineScanner implements LineSource {

  /**
   * One line: its 1-based number, its text (null when over the limit or not valid UTF-8), its UTF-8
   * size, and why its bytes do not decode (null when they do).
   */
  record Line(int number, String text, long bytes, String malformed) {

    boolean oversized() {
      return text == null && malformed == null;
    }
  }

  private final Reader in;
  private final long maxBytes;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private int lineNumber;
  private boolean ended;

  LineScanner(Reader in, long maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or null at the end of the input. */
  @Override
  public Line next() throws IOException {
    if (ended) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    long bytes = 0;
    boolean sawAny = false;
    while (true) {
      if (position == limit && !fill()) {
        ended = true;
        if (!sawAny) {
          return null;
        }
        break;
      }
      char c = buffer[position++];
      sawAny = true;
      if (c == '\n') {
        break;
      }
      bytes += utf8Length(c);
      if (text != null) {
        if (bytes > maxBytes) {
          text = null;
        } else {
          text.append(c);
        }
      }
    }
    lineNumber++;
    if (text != null && !text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
      text.setLength(text.length() - 1);
      bytes--;
    }
    return new Line(lineNumber, text == null ? null : text.toString(), bytes, null);
  }

  private boolean fill() throws IOException {
    int read;
    do {
      read = in.read(buffer, 0, buffer.length);
    } while (read == 0);
    if (read < 0) {
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  private static int utf8Length(char c) {
    if (c < 0x80) {
      return 1;
    }
    if (c < 0x800) {
      return 2;
    }
    // A surrogate is half of a 4-byte sequence.
    return Character.isSurrogate(c) ? 2 : 3;
  }
}
