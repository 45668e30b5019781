package dev.agentfleet.blobstore;

import dev.agentfleet.blobstore.BlobStoreException.Reason;
import dev.agentfleet.workflows.blob.BlobRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A blob store in a local or shared folder. Each blob is one file named by its SHA-256, under a
 * two-hex-digit fan-out folder ({@code sha256/ab/abcdef…}). A blob is written to a temporary file
 * in the same folder tree, forced to disk, made read-only and then renamed into place atomically,
 * so a reader sees either no blob or the whole blob; an existing blob is never written again. Reads
 * check the bytes against their name.
 */
public final class FolderBlobStore implements BlobStore {

  private static final HexFormat HEX = HexFormat.of();

  private final Path root;

  /** A store in {@code root}; the folder is created on the first write. */
  public FolderBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The file a blob lives in, whether or not it exists. */
  public Path pathOf(BlobRef ref) {
    String hex = ref.sha256();
    return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
  }

  @Override
  public BlobRef put(InputStream content, String mediaType) {
    Path incoming = root.resolve("incoming");
    Path temp = null;
    try {
      Files.createDirectories(incoming);
      temp = Files.createTempFile(incoming, "blob-", ".part");
      MessageDigest sha256 = sha256();
      long size;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
        size = content.transferTo(out);
        out.flush();
        channel.force(true);
      }
      BlobRef ref = BlobRef.ofSha256(HEX.formatHex(sha256.digest()), size, mediaType);
      Path target = pathOf(ref);
      if (Files.exists(target)) {
        return ref;
      }
      Files.createDirectories(target.getParent());
      temp.toFile().setWritable(false, false);
      move(temp, target);
      temp = null;
      return ref;
    } catch (IOException e) {
      throw new BlobStoreException(
          Reason.UNAVAILABLE, "cannot write a blob under " + root + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A leftover .part file is never read; the next cleanup of incoming/ removes it.
        }
      }
    }
  }

  /**
   * Renames the finished file into place. Two writers of the same bytes may race here; both files
   * hold identical bytes, so whichever rename lands last changes nothing a reader can see.
   */
  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system does not rename atomically; put FLEET_BLOB_DIR on a local or POSIX file"
              + " system",
          e);
    }
  }

  @Override
  public byte[] read(BlobRef ref) {
    Path file = pathOf(ref);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BlobStoreException(
          Reason.MISSING,
          "blob "
              + ref.uri()
              + " is not in "
              + root
              + "; the CLI and every worker must share one blob folder (FLEET_BLOB_DIR)",
          e);
    } catch (IOException e) {
      throw new BlobStoreException(
          Reason.UNAVAILABLE, "cannot read blob " + ref.uri() + " from " + root + ": " + e, e);
    }
    String actual = HEX.formatHex(sha256().digest(bytes));
    if (!actual.equals(ref.sha256())) {
      throw new BlobStoreException(
          Reason.CORRUPT,
          "blob "
              + ref.uri()
              + " in "
              + file
              + " was changed or damaged after it was written: its bytes hash to "
              + actual,
          null);
    }
    return bytes;
  }

  @Override
  public boolean contains(BlobRef ref) {
    return Files.isRegularFile(pathOf(ref));
  }

  @Override
  public String location() {
    return root.toString();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
