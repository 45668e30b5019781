package dev.agentfleet.ledger;

/**
 * The ledger's store could not be read or written (locked past the busy timeout, disk full,
 * connection lost). Unchecked and not an {@code ApplicationFailure}, so Temporal retries the
 * activity; the ledger's idempotency makes that retry safe. The CLI prints its message as one line.
 * A message never carries the database's password.
 */
public class LedgerException extends RuntimeException {

  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
