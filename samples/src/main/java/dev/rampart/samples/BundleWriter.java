package dev.rampart.samples;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a bundle's files into a directory that root will run scripts from, without trusting
 * anything already on disk: the files go into a fresh sibling directory (mode 0700 while written,
 * each file created new, links never followed), which is then renamed into place. The target, if it
 * exists, must be a directory (not a link) owned by the current user and writable by nobody else,
 * in a parent directory nobody else can rename things in; it must be empty unless {@code force},
 * which keeps the files the last bundle did not write (listed in {@value #MANIFEST}) and drops the
 * ones it wrote. Every file and directory is flushed to disk before the rename, so a crash leaves
 * the old bundle or the new one, never a file cut short (which {@code apply.sh} would refuse
 * anyway: it checks the bundle's {@code MANIFEST} first).
 */
final class BundleWriter {
  /** The list of the files a bundle wrote, one relative path a line, at the top of the target. */
  static final String MANIFEST = ".rampart-bundle";

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int GROUP_OR_OTHER_WRITE = 0022;
  private static final int STICKY = 01000;

  private BundleWriter() {}

  /** A target refused before anything was written: the message is the whole story. */
  static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedException(String problem, Path path) {
      super("bundle: " + problem + ": " + path);
    }
  }

  /**
   * Writes {@code files} (relative path to content; {@code *.sh} become executable) as the
   * directory {@code target}.
   *
   * @throws RefusedException when the target or its parent is not safe to write, or not empty
   * @throws IOException when the file system fails
   */
  static void write(Path target, ImmutableSortedMap<String, String> files, boolean force)
      throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Path name = absolute.getFileName();
    Path given = absolute.getParent();
    if (name == null || given == null) {
      throw new RefusedException("not a directory name", target);
    }
    if (!Files.isDirectory(given)) {
      throw new RefusedException("no such directory", given);
    }
    Path parent = given.toRealPath();
    Path staging = Files.createTempDirectory(parent, "." + name + ".rampart-");
    try {
      int uid = (Integer) Files.getAttribute(staging, "unix:uid", NOFOLLOW);
      checkParent(parent, uid);
      Path dir = parent.resolve(name);
      boolean exists = Files.exists(dir, NOFOLLOW);
      if (exists) {
        checkTarget(dir, uid, force);
      }
      ImmutableSet<String> ours = exists ? ownedFiles(dir) : ImmutableSet.of();
      for (var f : files.entrySet()) {
        create(staging, f.getKey(), f.getValue());
      }
      create(staging, MANIFEST, String.join("\n", files.keySet()) + "\n");
      if (exists) {
        keepOthers(dir, staging, ours, files.keySet());
      }
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      syncDirectories(staging);
      swap(parent, dir, staging, exists && !isEmpty(dir));
      syncDirectory(parent);
    } finally {
      if (Files.exists(staging, NOFOLLOW)) {
        delete(staging);
      }
    }
  }

  /** Another user could swap files in a parent they own or may write (unless it is sticky). */
  private static void checkParent(Path parent, int uid) throws IOException {
    int owner = (Integer) Files.getAttribute(parent, "unix:uid", NOFOLLOW);
    int mode = (Integer) Files.getAttribute(parent, "unix:mode", NOFOLLOW);
    if (owner != uid && owner != 0) {
      throw new RefusedException("parent owned by another user (uid " + owner + ")", parent);
    }
    if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
      throw new RefusedException("parent writable by group or others", parent);
    }
  }

  private static void checkTarget(Path dir, int uid, boolean force) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new RefusedException("a symbolic link", dir);
    }
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      throw new RefusedException("not a directory", dir);
    }
    int owner = (Integer) Files.getAttribute(dir, "unix:uid", NOFOLLOW);
    if (owner != uid) {
      throw new RefusedException("owned by another user (uid " + owner + ")", dir);
    }
    int mode = (Integer) Files.getAttribute(dir, "unix:mode", NOFOLLOW);
    if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
      throw new RefusedException("writable by group or others", dir);
    }
    if (!force && !isEmpty(dir)) {
      throw new RefusedException(
          "directory not empty (--force replaces the files a bundle wrote)", dir);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** The paths the last bundle wrote into {@code dir}, from its manifest (none without one). */
  private static ImmutableSet<String> ownedFiles(Path dir) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest, NOFOLLOW)) {
      return ImmutableSet.of();
    }
    ImmutableSet.Builder<String> out = ImmutableSet.builder();
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      if (!line.isEmpty()) {
        out.add(line);
      }
    }
    return out.build();
  }

  /** Creates {@code relative} under {@code root}: new directories, a new file, no links. */
  private static void create(Path root, String relative, String content) throws IOException {
    Path file = inside(root, relative);
    Path parent = file.getParent();
    List<Path> missing = new ArrayList<>();
    for (Path p = parent; p != null && !p.equals(root); p = p.getParent()) {
      if (!Files.exists(p, NOFOLLOW)) {
        missing.add(0, p);
      }
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW)) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true); // on disk before the rename makes it visible: a crash leaves no cut file
    }
    Files.setPosixFilePermissions(
        file,
        PosixFilePermissions.fromString(relative.endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
  }

  private static Path inside(Path root, String relative) throws IOException {
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new RefusedException("a path outside the bundle", Path.of(relative));
    }
    return file;
  }

  /**
   * Copies into {@code staging} every entry of the old {@code dir} that is not the manifest, not
   * written by the last bundle and not about to be written by this one: the operator's files (links
   * are copied as links, never followed).
   */
  private static void keepOthers(
      Path dir, Path staging, ImmutableSet<String> ours, ImmutableSet<String> fresh)
      throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            if (!d.equals(dir)) {
              Path copy = staging.resolve(dir.relativize(d).toString());
              if (!Files.exists(copy, NOFOLLOW)) {
                Files.copy(d, copy, NOFOLLOW, StandardCopyOption.COPY_ATTRIBUTES);
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            String relative = dir.relativize(f).toString();
            if (!relative.equals(MANIFEST)
                && !ours.contains(relative)
                && !fresh.contains(relative)) {
              Files.copy(
                  f, staging.resolve(relative), NOFOLLOW, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Flushes every directory under {@code root} (new entries) to disk; links are not followed. */
  private static void syncDirectories(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(p -> Files.isDirectory(p, NOFOLLOW)).toList()) {
        syncDirectory(p);
      }
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** One line for an I/O failure: what failed and where, without the exception's class name. */
  static String describe(IOException e) {
    if (e instanceof RefusedException) {
      return String.valueOf(e.getMessage());
    }
    if (e instanceof FileSystemException f) {
      String problem =
          e instanceof NoSuchFileException
              ? "no such file or directory"
              : e instanceof AccessDeniedException
                  ? "permission denied"
                  : e instanceof FileAlreadyExistsException
                      ? "already exists"
                      : Optional.ofNullable(f.getReason()).orElse("i/o error");
      return "bundle: " + problem + ": " + f.getFile();
    }
    return "bundle: i/o error: " + e.getMessage();
  }

  /** Renames {@code staging} to {@code dir}; an old non-empty {@code dir} is moved aside first. */
  private static void swap(Path parent, Path dir, Path staging, boolean replace)
      throws IOException {
    if (!replace) {
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Path aside = Files.createTempDirectory(parent, "." + dir.getFileName() + ".old-");
    try {
      Files.move(dir, aside.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      delete(aside);
    }
  }

  /** Deletes {@code root} and everything under it; links are deleted, never followed. */
  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
