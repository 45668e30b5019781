package dev.agentfleet.starter.records;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Reads bytes line by line and decodes each line as strict UTF-8: a line holding bytes that are not
 * UTF-8 comes back as {@link LineScanner.Line#malformed() malformed}, with the byte offset of the
 * first bad sequence, and is never "repaired" with replacement characters (two ids that differ only
 * in invalid bytes would otherwise become one id, and one of the two records would be lost). Like
 * {@link LineScanner}, it stops keeping a line's bytes once the line passes the limit. Lines end at
 * {@code \n}; a {@code \r} before it is dropped.
 */
final class Utf8LineScanner implements LineSource {

  private final InputStream in;
  private final long maxBytes;
  private final byte[] buffer = new byte[8192];
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int position;
  private int limit;
  private int lineNumber;
  private boolean ended;

  Utf8LineScanner(InputStream in, long maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  @Override
  public LineScanner.Line next() throws IOException {
    if (ended) {
      return null;
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long bytes = 0;
    boolean sawAny = false;
    boolean kept = true;
    while (true) {
      if (position == limit && !fill()) {
        ended = true;
        if (!sawAny) {
          return null;
        }
        break;
      }
      byte b = buffer[position++];
      sawAny = true;
      if (b == '\n') {
        break;
      }
      bytes++;
      if (kept) {
        if (bytes > maxBytes) {
          kept = false;
          line = null;
        } else {
          line.write(b);
        }
      }
    }
    lineNumber++;
    if (!kept) {
      return new LineScanner.Line(lineNumber, null, bytes, null);
    }
    byte[] raw = line.toByteArray();
    int length = raw.length;
    if (length > 0 && raw[length - 1] == '\r') {
      length--;
      bytes--;
    }
    try {
      String text = decoder.reset().decode(ByteBuffer.wrap(raw, 0, length)).toString();
      return new LineScanner.Line(lineNumber, text, bytes, null);
    } catch (MalformedInputException e) {
      return new LineScanner.Line(lineNumber, null, bytes, invalid(raw, length));
    } catch (CharacterCodingException e) {
      return new LineScanner.Line(lineNumber, null, bytes, "it is not valid UTF-8 text");
    }
  }

  /** Says where the first invalid sequence is; the bytes themselves are shown as hex only. */
  private String invalid(byte[] raw, int length) {
    ByteBuffer in = ByteBuffer.wrap(raw, 0, length);
    decoder.reset();
    CharBuffer out = CharBuffer.allocate(length + 1);
    decoder.decode(in, out, true);
    int offset = in.position();
    StringBuilder hex = new StringBuilder();
    for (int i = offset; i < Math.min(length, offset + 4); i++) {
      hex.append(String.format("%02x", raw[i] & 0xff));
    }
    return "invalid UTF-8 at byte "
        + (offset + 1)
        + " of the line (bytes "
        + hex
        + "); the line is rejected as it is, never repaired: save the file as UTF-8";
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
}
