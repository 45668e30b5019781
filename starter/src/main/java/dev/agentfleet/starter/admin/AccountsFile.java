package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.approvers.ApproversException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;

/**
 * The approvers file, read again when it changes, so adding an approver or changing a password
 * needs no restart and removing one ends their sessions at their next request. A change that does
 * not parse keeps the last good accounts and says why once, on the error stream.
 */
final class AccountsFile implements Supplier<AdminAccounts> {

  private final Path file;
  private final String shownAs;
  private final PrintStream err;
  private FileTime readAt;
  private AdminAccounts accounts;

  /** Reads the file now; fails when it is missing or invalid, as the server must not start so. */
  AccountsFile(Path file, String shownAs, PrintStream err) {
    this.file = file;
    this.shownAs = shownAs;
    this.err = err;
    this.readAt = modified();
    this.accounts = read();
  }

  @Override
  public synchronized AdminAccounts get() {
    FileTime now = modified();
    if (now != null && !now.equals(readAt)) {
      readAt = now;
      try {
        accounts = read();
      } catch (ApproversException e) {
        err.println("admin: kept the previous approvers: " + e.getMessage());
      }
    }
    return accounts;
  }

  private AdminAccounts read() {
    if (!Files.isRegularFile(file)) {
      throw new ApproversException("no approvers file at " + shownAs);
    }
    try {
      return AdminAccounts.parse(Files.readString(file, StandardCharsets.UTF_8), shownAs);
    } catch (IOException e) {
      throw new ApproversException("cannot read " + shownAs + ": " + e.getMessage());
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }
}
